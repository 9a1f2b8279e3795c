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

import java.util.List;

import org.springframework.util.Assert;

/**
 * Accepts only literal destinations in canonical form, so that what is authorized is
 * exactly what the broker routes. Refused: the wildcard and pattern characters of the
 * simple broker and RabbitMQ ({@code * ? { } # >}), percent-encoding, backslashes,
 * quotes, semicolons (which path matching would strip as matrix parameters), whitespace,
 * control and non-ASCII characters, and empty, {@code .} or {@code ..} segments
 * (separated by {@code /} or {@code .}), including a trailing separator.
 *
 * <p>
 * Also refused by default: destinations under the prefixes that address a RabbitMQ
 * broker's own objects rather than a routed topic or queue ({@code /exchange/},
 * {@code /amq/queue/}, {@code /temp-queue/}, {@code /reply-queue/}), since a client could
 * use them to bind to any exchange (such as {@code /exchange/amq.topic/#}), read another
 * application's queue or create broker objects. {@link #setReservedPrefixes(List)}
 * changes the list.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class CanonicalDestinationValidator implements DestinationValidator {

	/**
	 * The longest destination accepted.
	 */
	public static final int MAX_LENGTH = 1024;

	/**
	 * The prefixes refused by default: RabbitMQ's STOMP destinations for exchanges, named
	 * and temporary queues.
	 */
	public static final List<String> DEFAULT_RESERVED_PREFIXES = List.of("/exchange/", "/amq/queue/", "/temp-queue/",
			"/reply-queue/");

	private static final String FORBIDDEN_CHARACTERS = "*?{}#>%\\\";";

	private List<String> reservedPrefixes = DEFAULT_RESERVED_PREFIXES;

	/**
	 * Set the destination prefixes to refuse, each starting and ending with {@code /}.
	 * Defaults to {@link #DEFAULT_RESERVED_PREFIXES}; an empty list refuses none.
	 * @param reservedPrefixes the prefixes
	 */
	public void setReservedPrefixes(List<String> reservedPrefixes) {
		Assert.notNull(reservedPrefixes, "'reservedPrefixes' must not be null");
		for (String prefix : reservedPrefixes) {
			Assert.isTrue(prefix != null && prefix.length() > 1 && prefix.startsWith("/") && prefix.endsWith("/"),
					"Each reserved prefix must start and end with '/'");
		}
		this.reservedPrefixes = List.copyOf(reservedPrefixes);
	}

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
		if (isSeparator(previous)) {
			return false;
		}
		for (String prefix : this.reservedPrefixes) {
			if (destination.regionMatches(true, 0, prefix, 0, prefix.length())) {
				return false;
			}
		}
		return true;
	}

	private static boolean isSeparator(char c) {
		return c == '/' || c == '.';
	}

}
