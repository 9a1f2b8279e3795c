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

import java.net.URLDecoder;
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

	private static @Nullable String decode(String raw) {
		try {
			return URLDecoder.decode(raw, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
