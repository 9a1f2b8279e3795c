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
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * A WebSocket client (RFC 6455) written on a plain socket, so that a fuzzer controls
 * every byte: the upgrade request's header lines, text messages that are not valid UTF-8,
 * binary messages, messages of any size. Received text is split into STOMP frames at each
 * NUL octet; the close code is the one in the server's close frame (1005 for none, 1006
 * when the connection ends without one).
 */
final class RawWebSocket implements AutoCloseable {

	/** Returned by {@link #closeCode(Duration)} while the socket is open. */
	static final int OPEN = -1;

	static final int TEXT = 0x1;

	static final int BINARY = 0x2;

	private static final int CLOSE = 0x8;

	private static final int PING = 0x9;

	private static final int PONG = 0xA;

	private static final int MAX_RECEIVED_FRAME = 1 << 24;

	private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(5);

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final BlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	private final Object writeLock = new Object();

	private volatile @Nullable Exception failure;

	private RawWebSocket(Socket socket, InputStream in) throws IOException {
		this.socket = socket;
		this.in = in;
		this.out = socket.getOutputStream();
		Thread reader = new Thread(this::read, "fuzz-ws-reader");
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Send an upgrade request to {@code target} with the standard WebSocket headers and
	 * the given extra header lines, and read the response head.
	 * @param port the server port
	 * @param target the request target, exactly as written on the request line
	 * @param headerLines extra header lines, such as {@code Cookie: SESSION=...}
	 * @return the response, with the open socket when the server answered 101
	 */
	static Exchange upgrade(int port, String target, List<String> headerLines) throws IOException {
		StringBuilder head = new StringBuilder();
		head.append("GET ").append(target).append(" HTTP/1.1\r\n");
		head.append("Host: localhost:").append(port).append("\r\n");
		head.append("Upgrade: websocket\r\n");
		head.append("Connection: Upgrade\r\n");
		byte[] key = new byte[16];
		ThreadLocalRandom.current().nextBytes(key);
		head.append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(key)).append("\r\n");
		head.append("Sec-WebSocket-Version: 13\r\n");
		for (String line : headerLines) {
			head.append(line).append("\r\n");
		}
		head.append("\r\n");
		// Header values are octets: a look-alike origin goes out as its UTF-8 bytes.
		return exchange(port, head.toString().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Write a request head exactly as given and read the response head.
	 * @param port the server port
	 * @param requestHead the request head, ending with an empty line
	 * @return the response, with the open socket when the server answered 101
	 */
	static Exchange exchange(int port, byte[] requestHead) throws IOException {
		Socket socket = new Socket("localhost", port);
		try {
			socket.setSoTimeout((int) HEAD_TIMEOUT.toMillis());
			socket.setTcpNoDelay(true);
			OutputStream out = socket.getOutputStream();
			out.write(requestHead);
			out.flush();
			InputStream in = socket.getInputStream();
			Response response = readHead(in);
			if (response.status() != 101) {
				socket.close();
				return new Exchange(response, null);
			}
			socket.setSoTimeout(0);
			return new Exchange(response, new RawWebSocket(socket, in));
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	private static Response readHead(InputStream in) throws IOException {
		String statusLine = readLine(in);
		if (statusLine == null) {
			return new Response(0, List.of());
		}
		List<String> headers = new ArrayList<>();
		String line;
		while ((line = readLine(in)) != null && !line.isEmpty()) {
			headers.add(line);
		}
		String[] parts = statusLine.split(" ");
		int status = (parts.length > 1 && parts[1].matches("\\d{3}")) ? Integer.parseInt(parts[1]) : 0;
		return new Response(status, headers);
	}

	private static @Nullable String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != -1 && c != '\n') {
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return (c == -1 && line.isEmpty()) ? null : line.toString();
	}

	/** Send one text message. */
	void sendText(String text) throws IOException {
		sendMessage(TEXT, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Send one message in one WebSocket frame; for {@link #TEXT} the payload need not be
	 * valid UTF-8.
	 */
	void sendMessage(int opcode, byte[] payload) throws IOException {
		sendFrame(opcode, payload, true);
	}

	/**
	 * Send one text message as several WebSocket frames (a first frame and
	 * continuations), cut at the given offsets of the UTF-8 payload.
	 */
	void sendFragmented(byte[] payload, int[] cuts) throws IOException {
		synchronized (this.writeLock) {
			int start = 0;
			int opcode = TEXT;
			for (int cut : cuts) {
				writeFrame(opcode, payload, start, cut - start, false);
				opcode = 0;
				start = cut;
			}
			writeFrame(opcode, payload, start, payload.length - start, true);
			this.out.flush();
		}
	}

	private void sendFrame(int opcode, byte[] payload, boolean fin) throws IOException {
		synchronized (this.writeLock) {
			writeFrame(opcode, payload, 0, payload.length, fin);
			this.out.flush();
		}
	}

	private void writeFrame(int opcode, byte[] payload, int offset, int length, boolean fin) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(length + 14);
		frame.write((fin ? 0x80 : 0) | opcode);
		if (length < 126) {
			frame.write(0x80 | length);
		}
		else if (length < 65536) {
			frame.write(0x80 | 126);
			frame.write(length >>> 8);
			frame.write(length & 0xFF);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) (((long) length >>> shift) & 0xFF));
			}
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.write(mask, 0, 4);
		for (int i = 0; i < length; i++) {
			frame.write(payload[offset + i] ^ mask[i & 3]);
		}
		this.out.write(frame.toByteArray());
	}

	/** The next STOMP frame, or {@code null} if none arrives in time. */
	@Nullable ServerFrame poll(Duration timeout) {
		try {
			return this.frames.poll(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The close code, waiting at most {@code timeout}; {@link #OPEN} if still open. */
	int closeCode(Duration timeout) {
		try {
			return this.closeCode.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return OPEN;
		}
		catch (ExecutionException ex) {
			return 1006;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Why the connection ended without a close frame, or {@code null}. */
	@Nullable Exception failure() {
		return this.failure;
	}

	boolean isClosed() {
		return this.closeCode.isDone();
	}

	@Override
	public void close() {
		if (!this.closeCode.isDone()) {
			try {
				sendFrame(CLOSE, new byte[] { 0x03, (byte) 0xE8 }, true);
			}
			catch (IOException ex) {
				// already gone
			}
		}
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// nothing to release
		}
	}

	private void read() {
		ByteArrayOutputStream message = new ByteArrayOutputStream();
		StringBuilder stomp = new StringBuilder();
		try {
			while (true) {
				int first = this.in.read();
				if (first < 0) {
					break;
				}
				int second = readByte();
				boolean fin = (first & 0x80) != 0;
				int opcode = first & 0x0F;
				long length = second & 0x7F;
				if (length == 126) {
					length = (readByte() << 8) | readByte();
				}
				else if (length == 127) {
					length = 0;
					for (int i = 0; i < 8; i++) {
						length = (length << 8) | readByte();
					}
				}
				if (length > MAX_RECEIVED_FRAME) {
					break;
				}
				byte[] mask = ((second & 0x80) != 0) ? this.in.readNBytes(4) : null;
				byte[] payload = this.in.readNBytes((int) length);
				if (payload.length < length) {
					break;
				}
				if (mask != null) {
					for (int i = 0; i < payload.length; i++) {
						payload[i] ^= mask[i & 3];
					}
				}
				if (opcode == CLOSE) {
					int code = (payload.length >= 2) ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
					try {
						sendFrame(CLOSE, (payload.length >= 2) ? new byte[] { payload[0], payload[1] } : new byte[0],
								true);
					}
					catch (IOException ex) {
						// the server may have closed the connection already
					}
					this.closeCode.complete(code);
					return;
				}
				if (opcode == PING) {
					sendFrame(PONG, payload, true);
				}
				else if (opcode != PONG) {
					message.write(payload, 0, payload.length);
					if (fin) {
						stomp.append(new String(message.toByteArray(), StandardCharsets.UTF_8));
						message.reset();
						deliver(stomp);
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// reset or closed by close(): no close frame
			this.failure = ex;
		}
		finally {
			this.closeCode.complete(1006);
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// nothing to release
			}
		}
	}

	private int readByte() throws IOException {
		int b = this.in.read();
		if (b < 0) {
			throw new EOFException();
		}
		return b;
	}

	private void deliver(StringBuilder stomp) {
		int end;
		while ((end = stomp.indexOf("\0")) >= 0) {
			String raw = stomp.substring(0, end);
			stomp.delete(0, end + 1);
			String trimmed = raw.replaceFirst("^[\r\n]+", "");
			if (!trimmed.isEmpty()) {
				this.frames.add(ServerFrame.parse(trimmed));
			}
		}
	}

	/**
	 * The head of an HTTP response.
	 *
	 * @param status the status code, 0 if the server sent none
	 * @param headerLines the header lines as received
	 */
	record Response(int status, List<String> headerLines) {

		List<String> headers(String name) {
			String prefix = name.toLowerCase(Locale.ROOT) + ":";
			return this.headerLines.stream()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
				.map((line) -> line.substring(prefix.length()).trim())
				.toList();
		}

	}

	/**
	 * An HTTP exchange.
	 *
	 * @param response the response head
	 * @param socket the WebSocket when the server answered 101
	 */
	record Exchange(Response response, @Nullable RawWebSocket socket) {

	}

	/**
	 * A STOMP frame the server sent.
	 *
	 * @param command the command
	 * @param headers the headers, unescaped (first occurrence wins, as STOMP 1.2 says)
	 * @param body the body
	 * @param raw the frame as received, for searching its text
	 */
	record ServerFrame(String command, Map<String, String> headers, String body, String raw) {

		@Nullable String header(String name) {
			return this.headers.get(name);
		}

		static ServerFrame parse(String raw) {
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
			return new ServerFrame(command, headers, body, raw);
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

		/** A description without the body, safe for a failure message. */
		String describe() {
			return this.command + this.headers;
		}

	}

}
