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

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.wsauth.sample.fuzz.DestinationRules.Verdict;

/**
 * A reference STOMP 1.2 decoder for what one connection sends, written from the README
 * and the STOMP specification, that says what the server must answer. It sees the
 * connection's WebSocket messages as the server does: one byte stream, frames cut at NUL
 * octets (or after {@code content-length} bytes), several frames in one message or one
 * frame over several messages. A frame the README calls malformed, or one too large, ends
 * the connection; everything after it must go unanswered.
 *
 * <p>
 * Where neither the README nor STOMP decides (a backslash in a CONNECT header, an
 * unparsable {@code content-length}, a server command sent by the client, a binary
 * message), the step is <em>lenient</em>: the server may refuse the connection there, or
 * carry on as the model does.
 */
final class StompStreamModel {

	/** Largest STOMP frame, and largest WebSocket message, the server takes (64 KB). */
	static final int FRAME_LIMIT = 65536;

	/**
	 * Largest single WebSocket message ({@code wsauth.limits.message-size}): characters
	 * of text, bytes of binary. The container closes a larger one with 1009.
	 */
	static final int MESSAGE_LIMIT = 16_640;

	private static final Set<String> CLIENT_COMMANDS = Set.of("CONNECT", "STOMP", "SEND", "SUBSCRIBE", "UNSUBSCRIBE",
			"ACK", "NACK", "BEGIN", "COMMIT", "ABORT", "DISCONNECT");

	private static final Set<String> SERVER_COMMANDS = Set.of("CONNECTED", "MESSAGE", "RECEIPT", "ERROR");

	private static final Pattern MIME_TYPE = Pattern
		.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;\\s*[A-Za-z0-9!#$&^_.+-]+=[^;]*)*");

	private static final Set<String> NO_BODY_COMMANDS = Set.of("SUBSCRIBE", "UNSUBSCRIBE", "ACK", "NACK");

	private final String user;

	private final List<Step> steps = new ArrayList<>();

	private byte[] buffer = new byte[0];

	private boolean connected;

	private boolean terminated;

	private boolean unmodeled;

	private @Nullable Pending pending;

	private StompStreamModel(String user) {
		this.user = user;
	}

	/**
	 * Decode what a connection of {@code user} sends.
	 * @param user the connection's user
	 * @param messages the WebSocket messages, in order
	 * @return the plan
	 */
	static Plan plan(String user, List<Outgoing> messages) {
		StompStreamModel model = new StompStreamModel(user);
		for (int i = 0; i < messages.size(); i++) {
			model.accept(messages.get(i), i);
		}
		return new Plan(List.copyOf(model.steps), model.terminated, model.unmodeled,
				(model.terminated || model.unmodeled) ? null : model.pending);
	}

	private void accept(Outgoing message, int index) {
		if (this.terminated || this.unmodeled) {
			return;
		}
		int size = message.payload().length;
		if (message.kind() == Outgoing.Kind.INVALID_UTF8) {
			terminate(Terminal.INVALID_UTF8, index, "text message that is not UTF-8");
			return;
		}
		int length = (message.kind() == Outgoing.Kind.BINARY) ? size
				: new String(message.payload(), StandardCharsets.UTF_8).length();
		if (length > MESSAGE_LIMIT) {
			terminate(Terminal.MESSAGE_TOO_BIG, index, "one WebSocket message of " + length
					+ ((message.kind() == Outgoing.Kind.BINARY) ? " bytes" : " characters"));
			return;
		}
		if ((long) this.buffer.length + size > FRAME_LIMIT) {
			terminate(Terminal.FRAME_TOO_LARGE, index,
					"frame assembled from several messages above " + FRAME_LIMIT + " bytes");
			return;
		}
		if (message.kind() == Outgoing.Kind.BINARY) {
			this.steps.add(new TerminalStep(Terminal.BINARY, false, index, "binary message"));
		}
		byte[] joined = Arrays.copyOf(this.buffer, this.buffer.length + size);
		System.arraycopy(message.payload(), 0, joined, this.buffer.length, size);
		this.buffer = joined;
		decode(index);
	}

	private void terminate(Terminal terminal, int message, String why) {
		this.steps.add(new TerminalStep(terminal, true, message, why));
		this.terminated = true;
	}

	private void decode(int message) {
		while (!this.terminated && !this.unmodeled) {
			int start = skipEndOfLines(message);
			if (start < 0) {
				return;
			}
			this.buffer = Arrays.copyOfRange(this.buffer, start, this.buffer.length);
			if (this.buffer.length == 0) {
				this.pending = null;
				return;
			}
			Result result = decodeFrame(message);
			if (result == Result.PENDING) {
				if (this.buffer.length > FRAME_LIMIT) {
					terminate(Terminal.FRAME_TOO_LARGE, message,
							"frame assembled from several messages above " + FRAME_LIMIT + " bytes");
				}
				return;
			}
		}
	}

	/** Skip end-of-lines (heart-beats) before a frame; -1 after a bare CR. */
	private int skipEndOfLines(int message) {
		int p = 0;
		while (p < this.buffer.length) {
			int eol = endOfLine(p);
			if (eol == BARE_CR) {
				terminate(Terminal.MALFORMED, message, "bare CR between frames");
				return -1;
			}
			if (eol <= 0) {
				break;
			}
			p += eol;
		}
		return p;
	}

	private static final int BARE_CR = -1;

	private static final int INCOMPLETE = -2;

	/**
	 * 1 for LF, 2 for CRLF, 0 for no end of line, {@link #BARE_CR}, {@link #INCOMPLETE}.
	 */
	private int endOfLine(int p) {
		byte b = this.buffer[p];
		if (b == '\n') {
			return 1;
		}
		if (b != '\r') {
			return 0;
		}
		if (p + 1 == this.buffer.length) {
			return INCOMPLETE;
		}
		return (this.buffer[p + 1] == '\n') ? 2 : BARE_CR;
	}

	private enum Result {

		DONE, PENDING

	}

	private Result decodeFrame(int message) {
		byte[] buf = this.buffer;
		int p = 0;
		int commandEnd = -1;
		while (commandEnd < 0) {
			if (p == buf.length) {
				this.pending = Pending.LINE;
				return Result.PENDING;
			}
			if (buf[p] == 0) {
				terminate(Terminal.MALFORMED, message, "NUL before the end of the command line");
				return Result.DONE;
			}
			int eol = endOfLine(p);
			if (eol == INCOMPLETE) {
				this.pending = Pending.LINE;
				return Result.PENDING;
			}
			if (eol == BARE_CR) {
				terminate(Terminal.MALFORMED, message, "bare CR in the command line");
				return Result.DONE;
			}
			if (eol > 0) {
				commandEnd = p;
			}
			p += Math.max(eol, 1);
		}
		String command = new String(buf, 0, commandEnd, StandardCharsets.UTF_8);
		boolean connectFrame = command.equals("CONNECT") || command.equals("STOMP");
		List<String[]> headers = new ArrayList<>();
		String lenient = null;
		while (true) {
			int lineStart = p;
			int lineEnd = -1;
			while (lineEnd < 0) {
				if (p == buf.length) {
					this.pending = Pending.LINE;
					return Result.PENDING;
				}
				if (buf[p] == 0) {
					// Neither STOMP nor the README says whether this ends the frame.
					this.unmodeled = true;
					return Result.DONE;
				}
				int eol = endOfLine(p);
				if (eol == INCOMPLETE) {
					this.pending = Pending.LINE;
					return Result.PENDING;
				}
				if (eol == BARE_CR) {
					terminate(Terminal.MALFORMED, message, "bare CR in a header line");
					return Result.DONE;
				}
				if (eol > 0) {
					lineEnd = p;
				}
				p += Math.max(eol, 1);
			}
			if (lineEnd == lineStart) {
				break;
			}
			String line = new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
			int colon = line.indexOf(':');
			if (colon < 0) {
				terminate(Terminal.MALFORMED, message, "header line without a colon");
				return Result.DONE;
			}
			if (colon == 0) {
				terminate(Terminal.MALFORMED, message, "header without a name");
				return Result.DONE;
			}
			String name = line.substring(0, colon);
			String value = line.substring(colon + 1);
			if (connectFrame) {
				// STOMP 1.2: CONNECT frames are not escaped.
				if (line.indexOf('\\') >= 0) {
					lenient = "backslash in a CONNECT header";
				}
			}
			else {
				name = unescape(name);
				value = unescape(value);
				if (name == null || value == null) {
					terminate(Terminal.MALFORMED, message, "invalid header escape");
					return Result.DONE;
				}
			}
			headers.add(new String[] { name, value });
		}
		String contentLength = first(headers, "content-length");
		int bodyEnd;
		int frameEnd;
		if (contentLength != null) {
			if (!contentLength.matches("[0-9]{1,18}") || Long.parseLong(contentLength) > Integer.MAX_VALUE) {
				terminate(Terminal.MALFORMED, message, "unreadable content-length");
				return Result.DONE;
			}
			int length = Integer.parseInt(contentLength);
			if (length > FRAME_LIMIT) {
				terminate(Terminal.FRAME_TOO_LARGE, message, "content-length above " + FRAME_LIMIT);
				return Result.DONE;
			}
			if ((long) p + length + 1 > buf.length) {
				this.pending = Pending.body(p + length + 1 - buf.length);
				return Result.PENDING;
			}
			if (buf[p + length] != 0) {
				terminate(Terminal.MALFORMED, message, "frame not terminated by NUL after its content-length");
				return Result.DONE;
			}
			bodyEnd = p + length;
			frameEnd = bodyEnd + 1;
		}
		else {
			int nul = p;
			while (nul < buf.length && buf[nul] != 0) {
				nul++;
			}
			if (nul == buf.length) {
				this.pending = Pending.NUL;
				return Result.PENDING;
			}
			bodyEnd = nul;
			frameEnd = nul + 1;
		}
		byte[] body = Arrays.copyOfRange(buf, p, bodyEnd);
		this.buffer = Arrays.copyOfRange(buf, frameEnd, buf.length);
		this.pending = null;
		frame(new Decoded(command, List.copyOf(headers), body, message), lenient);
		return Result.DONE;
	}

	private void frame(Decoded frame, @Nullable String lenientWhy) {
		String command = frame.command();
		int message = frame.message();
		Terminal lenient = (lenientWhy != null) ? Terminal.MALFORMED : null;
		String why = lenientWhy;
		if (SERVER_COMMANDS.contains(command)) {
			terminate(Terminal.MALFORMED, message, "server command " + command);
			return;
		}
		if (!CLIENT_COMMANDS.contains(command)) {
			terminate(Terminal.MALFORMED, message, "unknown command");
			return;
		}
		boolean connect = command.equals("CONNECT") || command.equals("STOMP");
		if (!this.connected && !connect) {
			terminate(Terminal.MALFORMED, message, command + " before CONNECT");
			return;
		}
		if (connect && this.connected) {
			terminate(Terminal.MALFORMED, message, "second CONNECT");
			return;
		}
		if (NO_BODY_COMMANDS.contains(command) && frame.body().length > 0) {
			terminate(Terminal.MALFORMED, message, "body on " + command);
			return;
		}
		if (!command.equals("SEND") && frame.body().length > 0) {
			// STOMP 1.2: only SEND, MESSAGE and ERROR frames may have a body.
			lenient = Terminal.MALFORMED;
			why = "body on " + command;
		}
		String contentType = frame.header("content-type");
		if (contentType != null && !MIME_TYPE.matcher(contentType).matches()) {
			lenient = Terminal.MALFORMED;
			why = "content-type that is not a media type";
		}
		String receipt = frame.header("receipt");
		Expect expect;
		switch (command) {
			case "CONNECT", "STOMP" -> {
				this.connected = true;
				expect = Expect.CONNECTED;
			}
			case "SUBSCRIBE" -> {
				String id = frame.header("id");
				String destination = frame.header("destination");
				if (id == null || destination == null) {
					terminate(Terminal.MALFORMED, message,
							"SUBSCRIBE without " + ((id == null) ? "an id" : "a destination"));
					return;
				}
				if (id.isEmpty() || destination.isEmpty()) {
					lenient = Terminal.MALFORMED;
					why = "SUBSCRIBE with an empty id or destination";
				}
				Verdict verdict = DestinationRules.verdict(this.user, true, destination);
				expect = (verdict == Verdict.ALLOWED) ? Expect.receipt(receipt)
						: Expect.denial(new Denial("SUBSCRIBE", id, destination, verdict.name(), receipt));
			}
			case "SEND" -> {
				String destination = frame.header("destination");
				if (destination == null) {
					terminate(Terminal.MALFORMED, message, "SEND without a destination");
					return;
				}
				Verdict verdict = DestinationRules.verdict(this.user, false, destination);
				expect = (verdict == Verdict.ALLOWED) ? Expect.receipt(receipt) : Expect.denial(new Denial("SEND",
						"wsauth-denials", (destination != null) ? destination : "", verdict.name(), receipt));
			}
			case "UNSUBSCRIBE" -> {
				String id = frame.header("id");
				if (id == null) {
					terminate(Terminal.MALFORMED, message, "UNSUBSCRIBE without an id");
					return;
				}
				if (id.isEmpty()) {
					lenient = Terminal.MALFORMED;
					why = "UNSUBSCRIBE with an empty id";
				}
				expect = Expect.receipt(receipt);
			}
			case "DISCONNECT" -> {
				expect = Expect.optionalReceipt(receipt);
				lenient = Terminal.DISCONNECTED;
				why = "DISCONNECT";
			}
			default -> {
				// ACK, NACK, BEGIN, COMMIT, ABORT: the simple broker ignores them.
				expect = Expect.optionalReceipt(receipt);
				String required = (command.equals("ACK") || command.equals("NACK")) ? "id" : "transaction";
				if (lenient == null && frame.header(required) == null) {
					lenient = Terminal.MALFORMED;
					why = command + " without " + required;
				}
			}
		}
		this.steps.add(new FrameStep(frame, expect, lenient, why));
	}

	private static @Nullable String first(List<String[]> headers, String name) {
		for (String[] header : headers) {
			if (header[0].equals(name)) {
				return header[1];
			}
		}
		return null;
	}

	/** STOMP 1.2 unescaping; {@code null} for an escape STOMP does not define. */
	static @Nullable String unescape(String value) {
		if (value.indexOf('\\') < 0) {
			return value;
		}
		StringBuilder result = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c != '\\') {
				result.append(c);
				continue;
			}
			if (i + 1 == value.length()) {
				return null;
			}
			char next = value.charAt(++i);
			switch (next) {
				case 'n' -> result.append('\n');
				case 'r' -> result.append('\r');
				case 'c' -> result.append(':');
				case '\\' -> result.append('\\');
				default -> {
					return null;
				}
			}
		}
		return result.toString();
	}

	/** STOMP 1.2 escaping of a header name or value. */
	static String escape(String value) {
		return value.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace(":", "\\c");
	}

	/**
	 * A WebSocket message a connection sends.
	 *
	 * @param kind how it goes on the wire
	 * @param payload its bytes
	 * @param cuts for {@link Kind#FRAGMENTED}, where its WebSocket frames end
	 */
	record Outgoing(Kind kind, byte[] payload, int[] cuts) {

		enum Kind {

			TEXT, FRAGMENTED, BINARY, INVALID_UTF8

		}

		static Outgoing text(String text) {
			return new Outgoing(Kind.TEXT, text.getBytes(StandardCharsets.UTF_8), new int[0]);
		}

		static Outgoing of(Kind kind, byte[] payload) {
			return new Outgoing(kind, payload, new int[0]);
		}

		String describe() {
			String text = new String(this.payload, 0, Math.min(this.payload.length, 160), StandardCharsets.UTF_8);
			return this.kind + "(" + this.payload.length + " bytes) " + printable(text)
					+ ((this.payload.length > 160) ? "..." : "");
		}

		static String printable(String text) {
			StringBuilder out = new StringBuilder();
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				switch (c) {
					case '\n' -> out.append("\\n");
					case '\r' -> out.append("\\r");
					case '\0' -> out.append("^@");
					default -> out.append((c < 0x20 || c == 0x7f) ? String.format("\\x%02x", (int) c) : c);
				}
			}
			return out.toString();
		}

	}

	/** Where a stream that ended mid-frame stopped. */
	record Pending(String kind, int missing) {

		static final Pending LINE = new Pending("line", 0);

		static final Pending NUL = new Pending("nul", 0);

		static Pending body(int missing) {
			return new Pending("body", missing);
		}

		/** What completes the frame, so that the connection can be checked after it. */
		String completion() {
			return switch (this.kind) {
				case "line" -> "\n\n\0";
				case "nul" -> "\0";
				default -> "x".repeat(this.missing - 1) + "\0";
			};
		}

	}

	/**
	 * How a connection may end before the client closes it, and what the client sees.
	 */
	enum Terminal {

		/** ERROR {@code message:malformed frame}, then close 1002. */
		MALFORMED,

		/** ERROR {@code message:frame too large}, then close 1009. */
		FRAME_TOO_LARGE,

		/**
		 * Close 1009 by the container, without an ERROR frame (or, as for
		 * {@link #INVALID_UTF8}, a dropped connection: 1006).
		 */
		MESSAGE_TOO_BIG,

		/**
		 * Close 1007 by the container (which, a few times in a hundred, drops the
		 * connection without a close frame: 1006).
		 */
		INVALID_UTF8,

		/** A binary message the server may refuse: 1002, 1003 or 1007. */
		BINARY,

		/** DISCONNECT: the server may close normally. */
		DISCONNECTED;

		/**
		 * Whether a close with this code, after these ERROR frames, is this way of
		 * ending.
		 */
		boolean accepts(int code, List<String> errorMessages) {
			return switch (this) {
				// The ERROR frame is the answer; its close frame can be lost (1006) when
				// the container closes for a message already sent after the refused one.
				case MALFORMED -> (code == 1002 || code == 1006) && errorMessages.equals(List.of("malformed frame"));
				case FRAME_TOO_LARGE ->
					(code == 1009 || code == 1006) && errorMessages.equals(List.of("frame too large"));
				case MESSAGE_TOO_BIG -> (code == 1009 || code == 1006) && errorMessages.isEmpty();
				// Tomcat now and then drops the connection without its close frame.
				case INVALID_UTF8 -> (code == 1007 || code == 1006) && errorMessages.isEmpty();
				case BINARY -> (code == 1002 && errorMessages.equals(List.of("malformed frame")))
						|| ((code == 1003 || code == 1007) && errorMessages.size() <= 1);
				case DISCONNECTED -> (code == 1000 || code == 1005) && errorMessages.isEmpty();
			};
		}

	}

	/** A frame as the server must decode it. */
	record Decoded(String command, List<String[]> headers, byte[] body, int message) {

		@Nullable String header(String name) {
			return first(this.headers, name);
		}

		String describe() {
			StringBuilder out = new StringBuilder(Outgoing.printable(this.command)).append('{');
			for (String[] header : this.headers) {
				String value = header[1];
				if (header[0].equalsIgnoreCase("authorization") || header[0].equals("passcode")) {
					value = "<credential>";
				}
				else if (value.length() > 80) {
					value = value.substring(0, 80) + "...(" + value.length() + ")";
				}
				out.append(Outgoing.printable(header[0])).append('=').append(Outgoing.printable(value)).append(", ");
			}
			return out.append("} body ")
				.append(this.body.length)
				.append(" bytes, message ")
				.append(this.message)
				.toString();
		}

	}

	/** A denial notice the server must send. */
	record Denial(String command, String subscription, String destination, String reason, @Nullable String receipt) {

	}

	/**
	 * What a decoded frame must be answered with.
	 *
	 * @param connected whether it must be answered with CONNECTED
	 * @param connectedAllowed whether CONNECTED may answer it
	 * @param receipt the receipt id it must be answered with
	 * @param optionalReceipt a receipt id it may be answered with
	 * @param denial the denial notice it must be answered with
	 */
	record Expect(boolean connected, boolean connectedAllowed, @Nullable String receipt,
			@Nullable String optionalReceipt, @Nullable Denial denial) {

		static final Expect NOTHING = new Expect(false, false, null, null, null);

		static final Expect CONNECTED = new Expect(true, true, null, null, null);

		static Expect receipt(@Nullable String receipt) {
			return new Expect(false, false, receipt, null, null);
		}

		static Expect optionalReceipt(@Nullable String receipt) {
			return new Expect(false, false, null, receipt, null);
		}

		static Expect denial(Denial denial) {
			return new Expect(false, false, null, null, denial);
		}

	}

	/** One thing the server must do while reading the stream. */
	sealed interface Step permits FrameStep, TerminalStep {

	}

	/**
	 * A decoded frame.
	 *
	 * @param frame the frame
	 * @param expect what must answer it
	 * @param lenient a way the server may end the connection here instead, or
	 * {@code null}
	 * @param why why it may
	 */
	record FrameStep(Decoded frame, Expect expect, @Nullable Terminal lenient, @Nullable String why) implements Step {

	}

	/**
	 * The end of the connection, or (not strict) a place where the server may end it.
	 *
	 * @param terminal how
	 * @param strict whether it must
	 * @param message the index of the message, -1 if unknown
	 * @param why what the client did
	 */
	record TerminalStep(Terminal terminal, boolean strict, int message, String why) implements Step {

	}

	/**
	 * What a connection's messages must get.
	 *
	 * @param steps the decoded frames and terminals, in order
	 * @param terminated whether the last step is a strict terminal
	 * @param unmodeled whether the stream went where neither STOMP nor the README
	 * decides, so that nothing after it is checked exactly
	 * @param pending where the stream stopped mid-frame, or {@code null}
	 */
	record Plan(List<Step> steps, boolean terminated, boolean unmodeled, @Nullable Pending pending) {

		@Nullable TerminalStep strictTerminal() {
			return (this.terminated) ? (TerminalStep) this.steps.get(this.steps.size() - 1) : null;
		}

	}

	/** Join texts as one stream, for tests that build messages by hand. */
	static byte[] bytes(String... texts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (String text : texts) {
			out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
		}
		return out.toByteArray();
	}

}
