/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wsauth.handshake;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Reads a parameter from a raw query string without touching the request's parameter map,
 * which would read a form body, and strictly: undecodable percent-encoding is an error,
 * never silently skipped as the servlet container does.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class QueryParameters {

	private QueryParameters() {
	}

	/**
	 * Return every value of a parameter, decoded, in order.
	 * @param query the raw query string
	 * @param name the parameter name
	 * @return the values, empty if the parameter is absent, or {@code null} if a
	 * parameter name or one of the values cannot be decoded
	 */
	public static @Nullable List<String> values(@Nullable String query, String name) {
		List<String> values = new ArrayList<>(1);
		if (query == null || query.isEmpty()) {
			return values;
		}
		for (String pair : query.split("&", -1)) {
			int eq = pair.indexOf('=');
			String decodedName = decode((eq >= 0) ? pair.substring(0, eq) : pair);
			if (decodedName == null) {
				return null;
			}
			if (name.equals(decodedName)) {
				String value = decode((eq >= 0) ? pair.substring(eq + 1) : "");
				if (value == null) {
					return null;
				}
				values.add(value);
			}
		}
		return values;
	}

	/**
	 * Return whether every parameter name and value of a query string can be decoded:
	 * well-formed percent escapes of UTF-8. The container fails on a query string that is
	 * not, logging the parameter's value with a stack trace, and answers 500.
	 * @param query the raw query string
	 * @return whether the query string is decodable
	 */
	public static boolean isDecodable(@Nullable String query) {
		if (query == null || query.isEmpty()) {
			return true;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(query.length());
		for (int i = 0; i < query.length(); i++) {
			char c = query.charAt(i);
			if (c == '&' || c == '=') {
				if (!isUtf8(bytes.toByteArray())) {
					return false;
				}
				bytes.reset();
			}
			else if (c == '%') {
				if (i + 2 >= query.length() || Character.digit(query.charAt(i + 1), 16) < 0
						|| Character.digit(query.charAt(i + 2), 16) < 0) {
					return false;
				}
				bytes.write(Character.digit(query.charAt(i + 1), 16) * 16 + Character.digit(query.charAt(i + 2), 16));
				i += 2;
			}
			else {
				bytes.write(c & 0xff);
			}
		}
		return isUtf8(bytes.toByteArray());
	}

	private static boolean isUtf8(byte[] bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	private static @Nullable String decode(String raw) {
		try {
			return URLDecoder.decode(raw, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
