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

package dev.wsauth.sample.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What the sample application must answer to a SUBSCRIBE or SEND, written down from the
 * README ("Topic rules" and "The sample app") rather than read from the code under test:
 * the oracle the fuzzers compare every denial notice and receipt with.
 */
final class DestinationRules {

	/** How a frame is decided. */
	enum Verdict {

		ALLOWED, FORBIDDEN, INVALID_DESTINATION

	}

	private static final Map<String, Set<String>> BOARDS = Map.of("alice", Set.of("b1"), "bob", Set.of("b1", "b2"));

	private static final List<String> RESERVED_PREFIXES = List.of("/exchange/", "/amq/queue/", "/temp-queue/",
			"/reply-queue/");

	private static final String PATTERN_AND_UNSAFE_CHARACTERS = "*?{}#>%\\\";";

	private static final int MAX_LENGTH = 1024;

	private static final Pattern BOARD_TOPIC = Pattern.compile("/topic/boards\\.([^/]+)");

	private static final Pattern TYPING = Pattern.compile("/app/boards\\.([^/]+)\\.typing");

	private static final Pattern JOIN = Pattern.compile("/app/boards\\.([^/]+)\\.join");

	private DestinationRules() {
	}

	/**
	 * Decide a SUBSCRIBE or SEND of a user of the sample (alice or bob, neither an
	 * admin).
	 * @param user the user name
	 * @param subscribe {@code true} for SUBSCRIBE, {@code false} for SEND
	 * @param destination the destination header, unescaped, or {@code null} if absent
	 * @return the verdict
	 */
	static Verdict verdict(String user, boolean subscribe, @Nullable String destination) {
		if (destination == null || !isCanonical(destination)) {
			return Verdict.INVALID_DESTINATION;
		}
		if (subscribe && destination.startsWith("/user/")) {
			return Verdict.ALLOWED;
		}
		if (destination.indexOf("-user", destination.lastIndexOf('/')) >= 0) {
			return Verdict.FORBIDDEN;
		}
		if (subscribe) {
			Matcher board = BOARD_TOPIC.matcher(destination);
			if (board.matches()) {
				return isMember(user, board.group(1)) ? Verdict.ALLOWED : Verdict.FORBIDDEN;
			}
			return destination.equals("/topic/announcements") ? Verdict.ALLOWED : Verdict.FORBIDDEN;
		}
		Matcher typing = TYPING.matcher(destination);
		if (typing.matches()) {
			return isMember(user, typing.group(1)) ? Verdict.ALLOWED : Verdict.FORBIDDEN;
		}
		Matcher join = JOIN.matcher(destination);
		if (join.matches()) {
			return isMember(user, join.group(1)) ? Verdict.ALLOWED : Verdict.FORBIDDEN;
		}
		return Verdict.FORBIDDEN;
	}

	/**
	 * Whether a user may receive MESSAGE frames (other than denial notices) for a
	 * destination.
	 */
	static boolean mayRead(String user, @Nullable String destination) {
		if (destination == null) {
			return false;
		}
		if (destination.startsWith("/user/") || destination.equals("/topic/announcements")) {
			return true;
		}
		Matcher board = BOARD_TOPIC.matcher(destination);
		return board.matches() && isMember(user, board.group(1));
	}

	/** The README's canonical literal: no pattern, no encoding, no empty segment. */
	static boolean isCanonical(String destination) {
		int length = destination.length();
		if (length < 2 || length > MAX_LENGTH || destination.charAt(0) != '/') {
			return false;
		}
		char previous = '/';
		for (int i = 1; i < length; i++) {
			char c = destination.charAt(i);
			if (c <= 0x20 || c >= 0x7f || PATTERN_AND_UNSAFE_CHARACTERS.indexOf(c) >= 0) {
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
		String lower = destination.toLowerCase(Locale.ROOT);
		return RESERVED_PREFIXES.stream().noneMatch(lower::startsWith);
	}

	private static boolean isSeparator(char c) {
		return c == '/' || c == '.';
	}

	private static boolean isMember(String user, String board) {
		return BOARDS.getOrDefault(user, Set.of()).contains(board);
	}

}
