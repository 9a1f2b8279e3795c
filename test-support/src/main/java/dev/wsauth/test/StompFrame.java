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

package dev.wsauth.test;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A STOMP frame as received by {@link StompTestClient}.
 *
 * @param command the command
 * @param headers the headers (first occurrence wins, as STOMP 1.2 says)
 * @param body the body
 */
public record StompFrame(String command, Map<String, String> headers, String body) {

	public String header(String name) {
		return this.headers.get(name);
	}

	static StompFrame parse(String raw) {
		int headerEnd = raw.indexOf("\n\n");
		String head = (headerEnd >= 0) ? raw.substring(0, headerEnd) : raw;
		String body = (headerEnd >= 0) ? raw.substring(headerEnd + 2) : "";
		String[] lines = head.split("\n");
		String command = lines[0].replace("\r", "");
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			String line = lines[i].replace("\r", "");
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers.putIfAbsent(unescape(line.substring(0, colon)), unescape(line.substring(colon + 1)));
			}
		}
		return new StompFrame(command, headers, body);
	}

	static String escape(String value) {
		return value.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace(":", "\\c");
	}

	private static String unescape(String value) {
		StringBuilder result = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\' && i + 1 < value.length()) {
				char next = value.charAt(++i);
				switch (next) {
					case 'n' -> result.append('\n');
					case 'r' -> result.append('\r');
					case 'c' -> result.append(':');
					default -> result.append(next);
				}
			}
			else {
				result.append(c);
			}
		}
		return result.toString();
	}

}
