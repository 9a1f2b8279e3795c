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

package dev.wsauth.topic;

/**
 * Accepts only literal destinations in canonical form, so that what is authorized is
 * exactly what the broker routes. Refused: the wildcard and pattern characters of the
 * simple broker and RabbitMQ ({@code * ? { } # >}), percent-encoding, backslashes,
 * quotes, semicolons (which path matching would strip as matrix parameters), whitespace,
 * control and non-ASCII characters, and empty, {@code .} or {@code ..} segments
 * (separated by {@code /} or {@code .}), including a trailing separator.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class CanonicalDestinationValidator implements DestinationValidator {

	/**
	 * The longest destination accepted.
	 */
	public static final int MAX_LENGTH = 1024;

	private static final String FORBIDDEN_CHARACTERS = "*?{}#>%\\\";";

	@Override
	public boolean isValid(String destination) {
		int length = destination.length();
		if (length < 2 || length > MAX_LENGTH || destination.charAt(0) != '/') {
			return false;
		}
		char previous = '/';
		for (int i = 1; i < length; i++) {
			char c = destination.charAt(i);
			if (c <= 0x20 || c >= 0x7f || FORBIDDEN_CHARACTERS.indexOf(c) >= 0) {
				return false;
			}
			if (isSeparator(c) && isSeparator(previous)) {
				return false;
			}
			previous = c;
		}
		return !isSeparator(previous);
	}

	private static boolean isSeparator(char c) {
		return c == '/' || c == '.';
	}

}
