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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A minimal STOMP 1.2 client over the JDK's WebSocket client, for tests that need to see
 * exactly what goes over the wire: handshake status, every frame, and the close code.
 */
public final class StompTestClient implements AutoCloseable {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private final WebSocket webSocket;

	private final BlockingQueue<StompFrame> frames;

	private final CompletableFuture<Integer> closeCode;

	private StompTestClient(WebSocket webSocket, BlockingQueue<StompFrame> frames,
			CompletableFuture<Integer> closeCode) {
		this.webSocket = webSocket;
		this.frames = frames;
		this.closeCode = closeCode;
	}

	/**
	 * Open a WebSocket. Throws {@link HandshakeRejectedException} with the HTTP status if
	 * the server refuses the upgrade.
	 */
	public static StompTestClient open(URI uri, Map<String, String> headers) {
		return open(uri, headers, List.of("v12.stomp"));
	}

	/**
	 * Open a WebSocket offering the given subprotocols, most preferred first. Throws
	 * {@link HandshakeRejectedException} with the HTTP status if the server refuses the
	 * upgrade.
	 */
	public static StompTestClient open(URI uri, Map<String, String> headers, List<String> subprotocols) {
		BlockingQueue<StompFrame> frames = new LinkedBlockingQueue<>();
		CompletableFuture<Integer> closeCode = new CompletableFuture<>();
		WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(DEFAULT_TIMEOUT);
		if (!subprotocols.isEmpty()) {
			builder.subprotocols(subprotocols.get(0),
					subprotocols.subList(1, subprotocols.size()).toArray(new String[0]));
		}
		headers.forEach(builder::header);
		try {
			WebSocket webSocket = builder.buildAsync(uri, new Listener(frames, closeCode))
				.get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return new StompTestClient(webSocket, frames, closeCode);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException handshake) {
				throw new HandshakeRejectedException(handshake.getResponse().statusCode(),
						handshake.getResponse().headers().map());
			}
			throw new IllegalStateException("WebSocket connection failed", ex.getCause());
		}
		catch (InterruptedException | TimeoutException ex) {
			throw new IllegalStateException("WebSocket connection failed", ex);
		}
	}

	/**
	 * Return the HTTP status of an upgrade attempt: 101 when accepted, otherwise the
	 * status the server refused it with.
	 */
	public static int upgradeStatus(URI uri, Map<String, String> headers) {
		try (StompTestClient client = open(uri, headers)) {
			return 101;
		}
		catch (HandshakeRejectedException ex) {
			return ex.status();
		}
	}

	/** Open a socket and complete the STOMP CONNECT. */
	public static StompTestClient connect(URI uri, Map<String, String> headers) {
		return open(uri, headers).stompConnect(Map.of());
	}

	/**
	 * Send a STOMP CONNECT with extra headers (credentials, say) and expect CONNECTED;
	 * closes the socket and throws otherwise.
	 */
	public StompTestClient stompConnect(Map<String, String> extraHeaders) {
		StompTestClient client = this;
		Map<String, String> connectHeaders = new LinkedHashMap<>(
				Map.of("accept-version", "1.2", "host", "localhost", "heart-beat", "0,0"));
		connectHeaders.putAll(extraHeaders);
		client.send("CONNECT", connectHeaders, "");
		StompFrame connected = client.nextFrame();
		if (!"CONNECTED".equals(connected.command())) {
			client.close();
			throw new IllegalStateException("Expected CONNECTED but got " + connected);
		}
		return client;
	}

	public void send(String command, Map<String, String> headers, String body) {
		StringBuilder frame = new StringBuilder(command).append('\n');
		headers.forEach((name, value) -> frame.append(StompFrame.escape(name))
			.append(':')
			.append(StompFrame.escape(value))
			.append('\n'));
		frame.append('\n').append(body).append('\0');
		sendRaw(frame.toString());
	}

	/** The subprotocol the server selected, empty if none. */
	public String subprotocol() {
		return this.webSocket.getSubprotocol();
	}

	/**
	 * Send text exactly as given, as one WebSocket message, for malformed-input tests.
	 */
	public void sendRaw(String text) {
		this.webSocket.sendText(text, true).join();
	}

	/**
	 * Send text exactly as given, as one WebSocket message, unless the server has closed
	 * the connection first: for a later message that races the server's close after it
	 * refused an earlier one.
	 * @param text the message
	 * @return whether the message went out
	 */
	public boolean sendRawUnlessClosed(String text) {
		try {
			sendRaw(text);
			return true;
		}
		catch (CompletionException ex) {
			// A write can fail on the closing TCP connection before the client has read
			// the server's close frame: wait for it rather than guess.
			if (ex.getCause() instanceof IOException) {
				try {
					this.closeCode.get(5, TimeUnit.SECONDS);
					return false;
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					ex.addSuppressed(interrupted);
				}
				catch (ExecutionException | TimeoutException notClosed) {
					ex.addSuppressed(notClosed);
				}
			}
			throw ex;
		}
	}

	/** Send bytes exactly as given, as one binary WebSocket message. */
	public void sendBinary(byte[] bytes) {
		this.webSocket.sendBinary(ByteBuffer.wrap(bytes), true).join();
	}

	public void subscribe(String id, String destination) {
		send("SUBSCRIBE", Map.of("id", id, "destination", destination), "");
	}

	public void subscribe(String id, String destination, String receipt) {
		send("SUBSCRIBE", Map.of("id", id, "destination", destination, "receipt", receipt), "");
	}

	public void sendTo(String destination, String json) {
		send("SEND", Map.of("destination", destination, "content-type", "application/json"), json);
	}

	/** Wait for the next frame; fails if none arrives in time. */
	public StompFrame nextFrame() {
		return nextFrame(DEFAULT_TIMEOUT);
	}

	public StompFrame nextFrame(Duration timeout) {
		StompFrame frame = pollFrame(timeout);
		if (frame == null) {
			throw new AssertionError("No STOMP frame within " + timeout);
		}
		return frame;
	}

	/** Return the next frame, or {@code null} if none arrives in time. */
	public StompFrame pollFrame(Duration timeout) {
		try {
			return this.frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Wait for a frame matching the predicate, skipping others. */
	public StompFrame awaitFrame(Predicate<StompFrame> predicate) {
		long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
		List<StompFrame> skipped = new ArrayList<>();
		while (System.nanoTime() < deadline) {
			StompFrame frame = pollFrame(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
			if (frame == null) {
				break;
			}
			if (predicate.test(frame)) {
				return frame;
			}
			skipped.add(frame);
		}
		throw new AssertionError("No matching STOMP frame within " + DEFAULT_TIMEOUT + "; skipped " + skipped);
	}

	/** Wait for the server to close the socket and return the close code. */
	public int awaitCloseCode() {
		return awaitCloseCode(DEFAULT_TIMEOUT);
	}

	public int awaitCloseCode(Duration timeout) {
		try {
			return this.closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException | ExecutionException | TimeoutException ex) {
			throw new AssertionError("Socket was not closed within " + timeout, ex);
		}
	}

	public boolean isClosed() {
		return this.closeCode.isDone();
	}

	@Override
	public void close() {
		if (!this.webSocket.isOutputClosed()) {
			this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> null);
		}
		this.webSocket.abort();
	}

	/** Build handshake headers from name-value pairs. */
	public static Map<String, String> headers(String... namesAndValues) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			headers.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return headers;
	}

	/** The server refused the upgrade. */
	public static final class HandshakeRejectedException extends RuntimeException {

		private final int status;

		private final Map<String, List<String>> headers;

		HandshakeRejectedException(int status) {
			this(status, Map.of());
		}

		HandshakeRejectedException(int status, Map<String, List<String>> headers) {
			super("Upgrade refused with HTTP " + status);
			this.status = status;
			this.headers = Map.copyOf(headers);
		}

		public int status() {
			return this.status;
		}

		/**
		 * Return the values of a header of the refusal response, such as
		 * {@code Set-Cookie}.
		 * @param name the header name, in any case
		 * @return the values, empty if absent
		 */
		public List<String> headerValues(String name) {
			for (Map.Entry<String, List<String>> header : this.headers.entrySet()) {
				if (header.getKey().equalsIgnoreCase(name)) {
					return header.getValue();
				}
			}
			return List.of();
		}

	}

	private static final class Listener implements WebSocket.Listener {

		private final BlockingQueue<StompFrame> frames;

		private final CompletableFuture<Integer> closeCode;

		private final StringBuilder buffer = new StringBuilder();

		Listener(BlockingQueue<StompFrame> frames, CompletableFuture<Integer> closeCode) {
			this.frames = frames;
			this.closeCode = closeCode;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.buffer.append(data);
			int end;
			while ((end = this.buffer.indexOf("\0")) >= 0) {
				String raw = this.buffer.substring(0, end);
				this.buffer.delete(0, end + 1);
				String trimmed = raw.replaceFirst("^[\r\n]+", "");
				if (!trimmed.isEmpty()) {
					this.frames.add(StompFrame.parse(trimmed));
				}
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closeCode.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closeCode.complete(1006);
		}

	}

}
