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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.jspecify.annotations.Nullable;

import dev.wsauth.sample.fuzz.StompStreamModel.Outgoing;
import dev.wsauth.sample.fuzz.StompStreamModel.Outgoing.Kind;
import dev.wsauth.sample.fuzz.StompStreamModel.Plan;

/**
 * Generates what a fuzzed connection sends: STOMP frames from a grammar (valid,
 * lower-case, unknown, empty and NUL-only commands; headers with escapes, invalid
 * escapes, no colon, bare CR, repeats and huge values; destinations from the sample's own
 * rules and their mutations; bodies and {@code content-length} headers that agree or not)
 * cut into WebSocket messages in every way a client can (several frames in one message,
 * one frame over several, a missing NUL, fragments, binary, invalid UTF-8, messages and
 * frames above 64 KB). Every frame carries a unique marker ({@value #MARKER}{@code <n>})
 * that must never show up in the server's log.
 */
final class FrameGrammar {

	static final String MARKER = "FUZZ-MARK-";

	private static final String[] BASE_DESTINATIONS = { "/topic/boards.b1", "/topic/boards.b1", "/topic/boards.b2",
			"/topic/boards.b2", "/topic/boards.b2", "/topic/boards.b3", "/topic/boards.B1", "/topic/admin",
			"/topic/admin", "/topic/admin", "/topic/announcements", "/topic/announcements", "/user/queue/notifications",
			"/user/queue/notifications", "/user/bob/queue/notifications", "/queue/notifications-user0",
			"/app/boards.b1.typing", "/app/boards.b1.typing", "/app/boards.b2.typing", "/app/boards.b2.typing",
			"/app/boards.b1.join", "/app/boards.b2.join", "/app/boards.b3.join", "/topic/unknown", "/wsauth/token",
			"/topic/boards", "/app/boards.b2.typing.x", "/topic/boards.b1.b2" };

	private static final String[] LOOK_ALIKES = { "\u043e", "\u0430", "\uff0f", "\u2024", "\u200b", "\u00a0", "\u0131",
			"\uff54" };

	private static final String[] RESERVED = { "/exchange/amq.topic", "/amq/queue", "/temp-queue", "/reply-queue",
			"/EXCHANGE/amq.topic", "/Amq/Queue" };

	private static final String[] UNKNOWN_COMMANDS = { "SUBSCRIBEX", "SEN", "SEND ", " SEND", "SUBSCRIBE\t",
			"\uff33\uff25\uff2e\uff24", "SUB SCRIBE", "CONNECTX", "SENDD", "DELETE", "GET / HTTP/1.1" };

	private static final byte[][] INVALID_UTF8 = { { (byte) 0xFF }, { (byte) 0xC3, 0x28 }, { (byte) 0x80 },
			{ (byte) 0xC0, (byte) 0xAF }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
			{ (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 } };

	private final Random random;

	private final Map<String, String> tokens;

	private final Map<String, String> passwords;

	private long markers;

	/**
	 * Create a grammar.
	 * @param random the source of every choice
	 * @param tokens each user's bearer token, for CONNECT frames that name another user
	 * @param passwords each user's password, likewise
	 */
	FrameGrammar(Random random, Map<String, String> tokens, Map<String, String> passwords) {
		this.random = random;
		this.tokens = tokens;
		this.passwords = passwords;
	}

	/**
	 * What one connection sends.
	 *
	 * @param user the connection's user
	 * @param messages the messages, ending with a probe SUBSCRIBE unless the connection
	 * sends DISCONNECT
	 * @param plan what the server must answer
	 * @param frames how many fuzzed frames the messages hold
	 * @param probe the receipt of the final SUBSCRIBE, {@code null} after a DISCONNECT
	 */
	record Script(String user, List<Outgoing> messages, Plan plan, int frames, @Nullable String probe) {

	}

	/** Generate a connection of {@code user} with about {@code frames} fuzzed frames. */
	Script script(String user, int frames) {
		List<Outgoing> messages = new ArrayList<>();
		boolean connected = chance(93);
		if (connected) {
			messages.add(Outgoing.text(connectFrame(user, true)));
		}
		List<String> subscriptions = new ArrayList<>();
		boolean disconnect = false;
		int i = 0;
		while (i < frames) {
			int remaining = frames - i;
			int special = this.random.nextInt(1000);
			if (special < 4) {
				messages.add(Outgoing.text(bigSend(66_000 + this.random.nextInt(24_000))));
				i++;
				continue;
			}
			if (special < 8) {
				split(messages, bigSend(70_000 + this.random.nextInt(30_000)), 7_000);
				i++;
				continue;
			}
			if (special < 12) {
				split(messages, bigSend(16_000 + this.random.nextInt(32_000)), 7_000);
				i++;
				continue;
			}
			if (special < 14) {
				// One message above or below the message size limit, never near it.
				int size = chance(50) ? 9_000 + this.random.nextInt(7_000) : 17_000 + this.random.nextInt(40_000);
				messages.add(Outgoing.text(bigSend(size)));
				i++;
				continue;
			}
			if (special < 24) {
				messages.add(Outgoing.text("\0"));
				i++;
				continue;
			}
			if (remaining == 1 && special < 34) {
				messages.add(Outgoing.text(disconnectFrame()));
				disconnect = true;
				i++;
				break;
			}
			int r = this.random.nextInt(1000);
			if (r < 120 && remaining >= 2) {
				int count = Math.min(remaining, 2 + this.random.nextInt(4));
				StringBuilder joined = new StringBuilder();
				for (int k = 0; k < count; k++) {
					joined.append(frame(user, subscriptions));
				}
				limit(messages, joined.toString());
				i += count;
				continue;
			}
			String frame = frame(user, subscriptions);
			i++;
			if (r < 220) {
				int pieces = 2 + this.random.nextInt(3);
				split(messages, frame, Math.max(1, (frame.length() + pieces - 1) / pieces));
			}
			else if (r < 250) {
				// The NUL is missing: whatever comes next is this frame's body.
				limit(messages, frame.substring(0, frame.lastIndexOf('\0')));
			}
			else if (r < 265 && connected) {
				messages.add(Outgoing.text(chance(50) ? "\n" : "\r\n"));
				limit(messages, frame);
			}
			else if (r < 275) {
				messages.add(fragmented(frame));
			}
			else if (r < 282) {
				messages.add(Outgoing.of(Kind.BINARY, frame.getBytes(StandardCharsets.UTF_8)));
			}
			else if (r < 287) {
				messages.add(Outgoing.of(Kind.INVALID_UTF8, invalidUtf8(frame)));
			}
			else {
				limit(messages, frame);
			}
		}
		String probe = null;
		Plan plan = StompStreamModel.plan(user, messages);
		if (disconnect && (plan.pending() != null || !endsWithDisconnect(plan))) {
			// A frame without its NUL swallowed the DISCONNECT.
			disconnect = false;
		}
		if (!disconnect) {
			if (plan.pending() != null) {
				messages.add(Outgoing.text(plan.pending().completion()));
			}
			String marker = marker();
			probe = "probe-" + marker;
			messages.add(Outgoing
				.text("SUBSCRIBE\nid:" + probe + "\ndestination:/topic/announcements\nreceipt:" + probe + "\n\n\0"));
		}
		return new Script(user, List.copyOf(messages), StompStreamModel.plan(user, messages), i, probe);
	}

	private static boolean endsWithDisconnect(Plan plan) {
		List<StompStreamModel.Step> steps = plan.steps();
		return !steps.isEmpty() && steps.get(steps.size() - 1) instanceof StompStreamModel.FrameStep frame
				&& frame.frame().command().equals("DISCONNECT");
	}

	/**
	 * A CONNECT frame, often with credentials of the other user that must change nothing.
	 */
	String connectFrame(String user, boolean first) {
		Wire wire = new Wire(chance(6) ? "STOMP" : "CONNECT", false);
		wire.header("accept-version", pick("1.2", "1.2", "1.2", "1.1,1.2", "1.0,1.1,1.2", "1.2,1.1"));
		wire.header("host", chance(85) ? "localhost" : marker() + ".example");
		if (chance(70)) {
			wire.header("heart-beat", "0,0");
		}
		String other = user.equals("alice") ? "bob" : "alice";
		if (chance(first ? 45 : 70)) {
			if (chance(60)) {
				wire.header("login", other);
				wire.header("passcode", this.passwords.get(other));
			}
			if (chance(50)) {
				wire.header("Authorization", "Bearer " + this.tokens.get(other));
			}
			if (chance(30)) {
				wire.header("user-name", other);
			}
			if (chance(20)) {
				wire.header("simpUser", other);
			}
		}
		wire.header("x-fuzz", marker());
		if (chance(3)) {
			wire.header("x-fuzz-escape", "a\\tb");
		}
		return wire.build(this.random);
	}

	private String disconnectFrame() {
		Wire wire = new Wire("DISCONNECT", true);
		if (chance(60)) {
			wire.header("receipt", "r-" + marker());
		}
		wire.header("x-fuzz", marker());
		return wire.build(this.random);
	}

	private String bigSend(int bodySize) {
		String marker = marker();
		Wire wire = new Wire("SEND", true);
		wire.header("destination", pick("/app/boards.b1.typing", "/app/boards.b2.typing", "/topic/boards.b1"));
		wire.header("receipt", "r-" + marker);
		wire.header("content-type", "text/plain");
		StringBuilder body = new StringBuilder(bodySize).append(marker);
		while (body.length() < bodySize) {
			body.append('a');
		}
		wire.body = body.toString();
		if (chance(50)) {
			wire.header("content-length", Integer.toString(bodySize));
		}
		return wire.build(this.random);
	}

	private String frame(String user, List<String> subscriptions) {
		int r = this.random.nextInt(1000);
		String marker = marker();
		Wire wire;
		if (r < 330) {
			wire = subscribe(marker, subscriptions);
		}
		else if (r < 610) {
			wire = send(user, marker);
		}
		else if (r < 690) {
			wire = new Wire("UNSUBSCRIBE", true);
			if (chance(94)) {
				wire.header("id", (!subscriptions.isEmpty() && chance(70))
						? subscriptions.get(this.random.nextInt(subscriptions.size())) : "s-" + marker);
			}
			receipt(wire, marker, 60);
			wire.header("x-fuzz", marker);
		}
		else if (r < 725) {
			wire = new Wire(chance(50) ? "ACK" : "NACK", true);
			if (chance(85)) {
				wire.header("id", "ack-" + marker);
			}
			receipt(wire, marker, 30);
		}
		else if (r < 745) {
			wire = new Wire(pick("BEGIN", "COMMIT", "ABORT"), true);
			if (chance(85)) {
				wire.header("transaction", "tx-" + marker);
			}
			receipt(wire, marker, 30);
		}
		else if (r < 760) {
			return connectFrame(user, false);
		}
		else if (r < 800) {
			Wire valid = chance(50) ? subscribe(marker, new ArrayList<>()) : send(user, marker);
			wire = valid.renamed(valid.command.toLowerCase(Locale.ROOT));
		}
		else if (r < 830) {
			wire = send(user, marker).renamed(chance(25) ? marker : pick(UNKNOWN_COMMANDS));
		}
		else if (r < 840) {
			wire = subscribe(marker, new ArrayList<>()).renamed(pick("MESSAGE", "RECEIPT", "ERROR", "CONNECTED"));
		}
		else if (r < 850) {
			// An empty command line: the first header line becomes the command.
			wire = subscribe(marker, new ArrayList<>()).renamed("");
		}
		else {
			wire = subscribe(marker, subscriptions);
		}
		mutateHeaders(wire, marker);
		mutateBody(wire, marker);
		return wire.build(this.random);
	}

	private Wire subscribe(String marker, List<String> subscriptions) {
		Wire wire = new Wire("SUBSCRIBE", true);
		String id = (!subscriptions.isEmpty() && chance(4))
				? subscriptions.get(this.random.nextInt(subscriptions.size())) : "s-" + marker;
		if (chance(2)) {
			id = "";
		}
		else if (chance(3)) {
			id = id + pick(":", "\\", "\n", "\r", " ", "\u00e9");
		}
		if (chance(95)) {
			wire.header("id", id);
			subscriptions.add(id);
		}
		if (chance(95)) {
			wire.header("destination", destination());
		}
		receipt(wire, marker, 65);
		if (chance(15)) {
			wire.header("ack", pick("auto", "client", "client-individual", marker));
		}
		if (chance(5)) {
			wire.header(pick("selector", "x-queue-name", "durable", "auto-delete", "exclusive", "prefetch-count"),
					pick("headers['x'] == 'y'", "true", "q-" + marker, "10"));
		}
		wire.header("x-fuzz", marker);
		return wire;
	}

	private Wire send(String user, String marker) {
		Wire wire = new Wire("SEND", true);
		if (chance(96)) {
			String destination = destination();
			wire.header("destination", destination);
			if (destination.equals("/wsauth/token") || chance(2)) {
				wire.header("Authorization", "Bearer " + this.tokens.get(user.equals("alice") ? "bob" : "alice"));
			}
		}
		receipt(wire, marker, 55);
		if (chance(50)) {
			wire.header("content-type", pick("application/json", "text/plain", "application/octet-stream", marker));
		}
		if (chance(10)) {
			String other = user.equals("alice") ? "bob" : "alice";
			wire.header(pick("user-name", "simpUser", "simpSessionId", "login", "wsauth-denied", "receipt-id"),
					pick(other, "FORBIDDEN", "r-" + marker));
		}
		wire.header("x-fuzz", marker);
		int body = this.random.nextInt(100);
		if (body < 55) {
			wire.body = "{\"fuzz\":\"" + marker + "\"}";
		}
		else if (body < 70) {
			wire.body = "";
		}
		else if (body < 85) {
			wire.body = marker + " \u00e9\u4e2d\ud83d\ude00 " + pick("", "\r\n", "\t", "x".repeat(300));
		}
		else if (body < 92) {
			wire.body = marker + "\0after-nul";
			wire.header("content-length", Integer.toString(utf8Length(wire.body)));
		}
		else {
			wire.body = "\r\n" + marker + "\r\n";
		}
		return wire;
	}

	private void receipt(Wire wire, String marker, int percent) {
		if (chance(percent)) {
			wire.header("receipt", "r-" + marker);
		}
	}

	/** A destination from the sample's rules, often mutated. */
	String destination() {
		String destination = pick(BASE_DESTINATIONS);
		if (chance(2)) {
			return "";
		}
		int mutations = chance(45) ? 1 + (chance(20) ? 1 : 0) : 0;
		for (int m = 0; m < mutations; m++) {
			destination = mutate(destination);
		}
		return destination;
	}

	private String mutate(String destination) {
		int at = 1 + this.random.nextInt(Math.max(1, destination.length() - 1));
		at = Math.min(at, destination.length());
		String head = destination.substring(0, at);
		String tail = destination.substring(at);
		return switch (this.random.nextInt(22)) {
			case 0 -> destination + "/";
			case 1 -> destination + ".";
			case 2 -> destination.replaceFirst("/", "//");
			case 3 -> head + "/./" + tail;
			case 4 -> destination.replaceFirst("\\.", "..");
			case 5 -> destination + "/../admin";
			case 6 -> head + pick("*", "?", "{", "}", "#", ">") + tail;
			case 7 -> destination + pick(".*", "/**", "/#", "/>", ".{boardId}", "/*");
			case 8 -> pick(RESERVED) + destination;
			case 9 -> destination.toUpperCase(Locale.ROOT);
			case 10 -> flipCase(destination);
			case 11 -> head + pick("%2F", "%2e", "%62", "%00", "%") + tail;
			case 12 -> destination.replaceFirst(pick("o", "a", "/", "\\.", "b", "t"), pick(LOOK_ALIKES));
			case 13 -> pick(" ", "\t", "") + destination + pick(" ", "\t", "\u00a0", "");
			case 14 -> head + " " + tail;
			case 15 -> destination + ".a" + "a".repeat(1000 + this.random.nextInt(400));
			case 16 -> destination + pick("-user0", "-userabc", "-user");
			case 17 -> head + pick("\\", "\"", ";") + tail;
			case 18 -> head + pick("\u0001", "\n", "\r", "\u007f") + tail;
			case 19 -> head + ":" + tail;
			case 20 -> destination + pick(".b2", "/x", ".b1");
			default -> destination.replace("b1", "b2");
		};
	}

	private String flipCase(String destination) {
		char[] chars = destination.toCharArray();
		int i = this.random.nextInt(chars.length);
		chars[i] = Character.isUpperCase(chars[i]) ? Character.toLowerCase(chars[i]) : Character.toUpperCase(chars[i]);
		return new String(chars);
	}

	private void mutateHeaders(Wire wire, String marker) {
		if (!chance(14) || wire.lines.isEmpty()) {
			return;
		}
		int line = this.random.nextInt(wire.lines.size());
		String original = wire.lines.get(line);
		switch (this.random.nextInt(10)) {
			case 0 -> wire.lines.set(line, original + pick("\\t", "\\x", "\\", "\\ ", "\\C"));
			case 1 -> wire.lines.add(line, marker + "-no-colon");
			case 2 -> wire.lines.set(line, insert(original, "\r"));
			case 3 -> wire.lines.add(line, ":" + marker);
			case 4 -> wire.lines.set(line, original.replaceFirst(":", " : "));
			case 5 -> wire.lines.set(line, original.substring(0, original.indexOf(':') + 1).toUpperCase(Locale.ROOT)
					+ original.substring(original.indexOf(':') + 1));
			case 6 -> wire.lines.add(line + 1, original.substring(0, original.indexOf(':') + 1) + "dup-" + marker);
			case 7 -> wire.lines.add(0, "x-dup:" + marker);
			case 8 -> wire.lines.add("x-huge:" + marker + "h".repeat(1000 + this.random.nextInt(4000)));
			default -> wire.lines.add("x-escaped:" + StompStreamModel.escape(marker + ":\n\r\\" + marker));
		}
	}

	private void mutateBody(Wire wire, String marker) {
		int r = this.random.nextInt(100);
		boolean send = wire.command.equals("SEND");
		if (!send && r < 4) {
			wire.body = pick("x", "{}", marker, "\n");
			return;
		}
		if (!send && r < 7) {
			wire.header("content-length", "0");
			return;
		}
		if (!send && r < 8) {
			wire.header("content-length", "0");
			wire.body = "x";
			return;
		}
		if (!send || wire.lines.stream().anyMatch((line) -> line.startsWith("content-length:"))) {
			return;
		}
		int length = utf8Length(wire.body);
		if (r < 30) {
			wire.header("content-length", Integer.toString(length));
		}
		else if (r < 34 && length > 0) {
			wire.header("content-length", Integer.toString(this.random.nextInt(length)));
		}
		else if (r < 37) {
			wire.header("content-length", Integer.toString(length + 1 + this.random.nextInt(20)));
		}
		else if (r < 40) {
			wire.header("content-length", pick("abc", "-1", "", "1.5", " 3", "3 ", "0x10", "99999999999", marker));
		}
		else if (r < 42) {
			wire.header("content-length", Integer.toString(65_537 + this.random.nextInt(10_000_000)));
		}
	}

	private String insert(String text, String insertion) {
		int at = 1 + this.random.nextInt(Math.max(1, text.length() - 1));
		return text.substring(0, Math.min(at, text.length())) + insertion + text.substring(Math.min(at, text.length()));
	}

	private Outgoing fragmented(String frame) {
		byte[] payload = frame.getBytes(StandardCharsets.UTF_8);
		List<Integer> cuts = new ArrayList<>();
		int pieces = 1 + this.random.nextInt(3);
		int last = 0;
		for (int k = 0; k < pieces && last < payload.length - 1; k++) {
			int cut = last + 1 + this.random.nextInt(payload.length - last - 1);
			// Cut between characters, as a client encoding text piece by piece would.
			while (cut < payload.length && (payload[cut] & 0xC0) == 0x80) {
				cut++;
			}
			if (cut >= payload.length) {
				break;
			}
			cuts.add(cut);
			last = cut;
		}
		return new Outgoing(Kind.FRAGMENTED, payload, cuts.stream().mapToInt(Integer::intValue).toArray());
	}

	private byte[] invalidUtf8(String frame) {
		byte[] payload = frame.getBytes(StandardCharsets.UTF_8);
		byte[] invalid = pick(INVALID_UTF8);
		int at = 1 + this.random.nextInt(Math.max(1, payload.length - 2));
		while (at < payload.length && (payload[at] & 0xC0) == 0x80) {
			at++;
		}
		byte[] result = new byte[payload.length + invalid.length];
		System.arraycopy(payload, 0, result, 0, at);
		System.arraycopy(invalid, 0, result, at, invalid.length);
		System.arraycopy(payload, at, result, at + invalid.length, payload.length - at);
		return result;
	}

	/** Add text as one message, or cut into several when above the container's buffer. */
	private void limit(List<Outgoing> messages, String text) {
		if (utf8Length(text) <= 7_500) {
			messages.add(Outgoing.text(text));
		}
		else {
			split(messages, text, 6_000);
		}
	}

	/** Cut text into messages of at most {@code size} characters, never inside a CRLF. */
	private void split(List<Outgoing> messages, String text, int size) {
		int start = 0;
		while (start < text.length()) {
			int end = Math.min(text.length(), start + Math.max(1, size));
			while (end < text.length() && end > start + 1 && (text.charAt(end - 1) == '\r'
					|| Character.isLowSurrogate(text.charAt(end)) || utf8Length(text.substring(start, end)) > 7_900)) {
				end--;
			}
			messages.add(Outgoing.text(text.substring(start, end)));
			start = end;
		}
	}

	static int utf8Length(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

	private String marker() {
		return MARKER + (++this.markers);
	}

	private boolean chance(int percent) {
		return this.random.nextInt(100) < percent;
	}

	@SafeVarargs
	private <T> T pick(T... choices) {
		return choices[this.random.nextInt(choices.length)];
	}

	/** A frame being built, as wire text line by line. */
	private static final class Wire {

		private final String command;

		private final boolean escaped;

		private final List<String> lines = new ArrayList<>();

		private String body = "";

		Wire(String command, boolean escaped) {
			this.command = command;
			this.escaped = escaped;
		}

		void header(String name, String value) {
			this.lines.add(this.escaped ? StompStreamModel.escape(name) + ":" + StompStreamModel.escape(value)
					: name + ":" + value);
		}

		Wire renamed(String command) {
			Wire copy = new Wire(command, this.escaped);
			copy.lines.addAll(this.lines);
			copy.body = this.body;
			return copy;
		}

		String build(Random random) {
			String eol = (random.nextInt(100) < 12) ? "\r\n" : "\n";
			StringBuilder frame = new StringBuilder(this.command).append(eol);
			for (String line : this.lines) {
				frame.append(line).append(eol);
			}
			frame.append(eol).append(this.body).append('\0');
			if (random.nextInt(100) < 10) {
				frame.append(eol.repeat(1 + random.nextInt(2)));
			}
			return frame.toString();
		}

	}

}
