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

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.test.system.CapturedOutput;

/**
 * Reads the application's log as captured by Spring Boot's {@code OutputCaptureExtension}
 * and reports what a fuzzed client must never cause there: a stack trace or an ERROR from
 * Spring's messaging and WebSocket code or from wsauth, more WARN lines than connections
 * the server refused, or any text the client chose (the fuzzers' markers) or held
 * (session cookies and ids, tokens, tickets, passwords). Problems are described without
 * quoting the secret they found.
 */
final class LogCheck {

	private static final Pattern RECORD = Pattern.compile(
			"^\\S+\\s+(ERROR|WARN|INFO|DEBUG|TRACE)\\s+\\d+\\s+---\\s+\\[[^\\]]*\\]\\s+\\[[^\\]]*\\]\\s+(.+?)\\s+:\\s?(.*)$");

	private final CapturedOutput output;

	private int offset;

	LogCheck(CapturedOutput output) {
		this.output = output;
		this.offset = output.getAll().length();
	}

	/**
	 * Check what was logged since the last call.
	 * @param secrets text that must not appear
	 * @param markerPrefix the prefix of the fuzzers' markers, which must not appear
	 * @param refusedConnections how many connections the server refused meanwhile
	 * @return the problems found, empty if none
	 */
	List<String> check(Collection<String> secrets, String markerPrefix, int refusedConnections) {
		String all = this.output.getAll();
		String log = all.substring(Math.min(this.offset, all.length()));
		this.offset = all.length();
		List<String> problems = new ArrayList<>();
		int warnings = 0;
		String level = null;
		String logger = null;
		int stackTraces = 0;
		for (String line : log.split("\r?\n")) {
			Matcher record = RECORD.matcher(line);
			if (record.matches()) {
				level = record.group(1);
				logger = record.group(2);
				if (level.equals("ERROR")) {
					problems.add("ERROR logged by " + logger + ": " + redact(record.group(3), secrets));
				}
				if (level.equals("WARN") && isGuarded(logger)) {
					warnings++;
				}
			}
			else if (logger != null && isGuarded(logger) && (line.startsWith("\tat ") || line.contains("Exception:")
					|| line.matches("^[\\w.$]+(Exception|Error)$"))) {
				if (stackTraces++ == 0) {
					problems
						.add("stack trace logged by " + logger + " (" + level + "): " + redact(line.strip(), secrets));
				}
			}
		}
		if (stackTraces > 1) {
			problems.add(stackTraces + " stack trace lines in all");
		}
		if (warnings > refusedConnections) {
			problems.add(warnings + " WARN lines from Spring or wsauth for " + refusedConnections
					+ " refused connections (at most one each)");
		}
		int markers = count(log, markerPrefix);
		if (markers > 0) {
			problems.add("client text (" + markers + " fuzz markers) in the log, first: "
					+ redact(lineAround(log, log.indexOf(markerPrefix)), secrets));
		}
		int index = 0;
		for (String secret : secrets) {
			index++;
			if (secret.length() >= 8 && log.contains(secret)) {
				problems.add("secret #" + index + " (a session id, cookie, token, ticket or password) in the log: "
						+ redact(lineAround(log, log.indexOf(secret)), secrets));
			}
		}
		return problems;
	}

	/** Loggers whose output a client must not be able to fill with errors. */
	private static boolean isGuarded(String logger) {
		return logger.startsWith("o.s.") || logger.startsWith("org.springframework.") || logger.startsWith("d.w")
				|| logger.startsWith("dev.wsauth");
	}

	private static int count(String text, String part) {
		int count = 0;
		int at = 0;
		while ((at = text.indexOf(part, at)) >= 0) {
			count++;
			at += part.length();
		}
		return count;
	}

	private static String lineAround(String log, int at) {
		int start = log.lastIndexOf('\n', at) + 1;
		int end = log.indexOf('\n', at);
		String line = log.substring(start, (end < 0) ? log.length() : end);
		return (line.length() > 300) ? line.substring(0, 300) + "..." : line;
	}

	private static String redact(String text, Collection<String> secrets) {
		String result = text;
		for (String secret : secrets) {
			if (secret.length() >= 8) {
				result = result.replace(secret, "<secret>");
			}
		}
		return (result.length() > 300) ? result.substring(0, 300) + "..." : result;
	}

}
