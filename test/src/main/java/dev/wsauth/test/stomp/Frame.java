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

package dev.wsauth.test.stomp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One STOMP frame as it went over the wire, and its text codec (STOMP 1.2 header
 * escapes).
 *
 * @author wsauth
 */
record Frame(String command, Map<String, String> headers, String body) {

	@Nullable String header(String name) {
		return this.headers.get(name);
	}

	String encode() {
		StringBuilder text = new StringBuilder(this.command).append('\n');
		this.headers.forEach((name, value) -> text.append(escape(name)).append(':').append(escape(value)).append('\n'));
		return text.append('\n').append(this.body).append('\0').toString();
	}

	static Frame parse(String text) {
		int headerEnd = text.indexOf("\n\n");
		String head = (headerEnd >= 0) ? text.substring(0, headerEnd) : text;
		String body = (headerEnd >= 0) ? text.substring(headerEnd + 2) : "";
		String[] lines = head.split("\r?\n");
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				// STOMP 1.2: the first occurrence of a repeated header wins.
				headers.putIfAbsent(unescape(lines[i].substring(0, colon)), unescape(lines[i].substring(colon + 1)));
			}
		}
		return new Frame(lines[0].trim(), Collections.unmodifiableMap(headers), body);
	}

	private static String escape(String value) {
		return value.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace(":", "\\c");
	}

	private static String unescape(String value) {
		StringBuilder result = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\' && i + 1 < value.length()) {
				char next = value.charAt(++i);
				result.append(switch (next) {
					case 'n' -> '\n';
					case 'r' -> '\r';
					case 'c' -> ':';
					default -> next;
				});
			}
			else {
				result.append(c);
			}
		}
		return result.toString();
	}

	@Override
	public String toString() {
		return this.command + this.headers + (this.body.isEmpty() ? "" : " " + this.body);
	}

}
