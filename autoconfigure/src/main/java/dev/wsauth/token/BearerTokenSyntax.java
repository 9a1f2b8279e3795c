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

package dev.wsauth.token;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The syntax of a bearer token (RFC 6750 {@code b64token}), checked before a token is
 * decoded so that garbage is refused cheaply. Free of resource-server types, so that it
 * can run where Spring Security's OAuth 2.0 support is not on the classpath.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class BearerTokenSyntax {

	/**
	 * The longest token accepted; longer ones are refused without being decoded.
	 */
	public static final int MAX_TOKEN_LENGTH = 8192;

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

	private static final String BEARER_SCHEME = "Bearer";

	private BearerTokenSyntax() {
	}

	/**
	 * Return the token of an {@code Authorization} header value that uses the
	 * {@code Bearer} scheme (case-insensitive), without checking its syntax.
	 * @param header the header value
	 * @return the token, possibly empty, or {@code null} if the header uses another
	 * scheme
	 */
	public static @Nullable String fromAuthorization(String header) {
		String value = header.strip();
		int end = 0;
		while (end < value.length() && !Character.isWhitespace(value.charAt(end))) {
			end++;
		}
		return BEARER_SCHEME.equalsIgnoreCase(value.substring(0, end)) ? value.substring(end).strip() : null;
	}

	/**
	 * Return whether a string has the syntax of a bearer token and an acceptable length.
	 * @param token the candidate
	 * @return {@code true} if well formed
	 */
	public static boolean isWellFormed(@Nullable String token) {
		return token != null && !token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH
				&& TOKEN.matcher(token).matches();
	}

}
