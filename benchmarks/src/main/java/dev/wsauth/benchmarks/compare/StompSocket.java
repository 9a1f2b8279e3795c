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
package dev.wsauth.benchmarks.compare;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A client socket speaking just enough STOMP for the comparison: CONNECT, then frames the
 * caller sends, with a callback for RECEIPT frames.
 *
 * @author wsauth
 */
final class StompSocket implements WebSocket.Listener {

	private static final String CONNECT = "CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0";

	/** When the upgrade request was started. */
	final long startNanos = System.nanoTime();

	/** Completes on CONNECTED; fails on an ERROR frame, a close or a failure first. */
	final CompletableFuture<StompSocket> connected = new CompletableFuture<>();

	/** Completes when the socket is closed or failed. */
	final CompletableFuture<Void> closed = new CompletableFuture<>();

	/** When CONNECTED arrived. */
	volatile long connectedNanos;

	/** Called with each RECEIPT frame, on the socket's reader thread. */
	volatile ReceiptListener receiptListener;

	private volatile WebSocket webSocket;

	private StringBuilder pending;

	/** The last send queued; the next waits for it. */
	private CompletableFuture<?> tail;

	private StompSocket() {
	}

	static StompSocket open(HttpClient client, String origin, String cookie) {
		StompSocket socket = new StompSocket();
		WebSocket.Builder builder = client.newWebSocketBuilder()
			.header("Origin", origin)
			.connectTimeout(Duration.ofSeconds(20));
		if (cookie != null) {
			builder.header("Cookie", "SESSION=" + cookie);
		}
		builder.buildAsync(URI.create(origin.replace("http://", "ws://") + "/ws"), socket)
			.whenComplete((webSocket, failure) -> {
				if (failure != null) {
					socket.connected.completeExceptionally(failure);
					socket.closed.complete(null);
				}
			});
		return socket;
	}

	/**
	 * Send a frame after those sent before it (a JDK WebSocket takes one send at a time,
	 * and a reply can arrive before the send that caused it has completed).
	 * @param frame the frame
	 * @return completes when it was sent
	 */
	CompletableFuture<WebSocket> send(String frame) {
		CompletableFuture<WebSocket> sent = new CompletableFuture<>();
		CompletableFuture<?> previous;
		synchronized (this) {
			previous = (this.tail != null) ? this.tail : CompletableFuture.completedFuture(null);
			this.tail = sent;
		}
		previous.whenComplete(
				(ignored, previousFailure) -> this.webSocket.sendText(frame, true).whenComplete((socket, failure) -> {
					if (failure != null) {
						sent.completeExceptionally(failure);
					}
					else {
						sent.complete(socket);
					}
				}));
		return sent;
	}

	/**
	 * Send frames one after the other, after those sent before, without waiting for any
	 * reply, until the source gives {@code null}.
	 * @param frames the frames
	 * @return completes when the last frame was sent
	 */
	CompletableFuture<Void> sendAll(Supplier<String> frames) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		CompletableFuture<?> previous;
		synchronized (this) {
			previous = (this.tail != null) ? this.tail : CompletableFuture.completedFuture(null);
			this.tail = done;
		}
		previous.whenComplete((ignored, failure) -> pump(frames, done));
		return done;
	}

	private void pump(Supplier<String> frames, CompletableFuture<Void> done) {
		while (true) {
			String frame = frames.get();
			if (frame == null) {
				done.complete(null);
				return;
			}
			CompletableFuture<WebSocket> sent = this.webSocket.sendText(frame, true);
			if (!sent.isDone()) {
				sent.whenComplete((ignored, failure) -> {
					if (failure != null) {
						done.completeExceptionally(failure);
					}
					else {
						pump(frames, done);
					}
				});
				return;
			}
			if (sent.isCompletedExceptionally()) {
				sent.whenComplete((ignored, failure) -> done.completeExceptionally(failure));
				return;
			}
		}
	}

	/**
	 * Start a normal close, and drop the connection if the server has not answered within
	 * a few seconds.
	 */
	void close() {
		WebSocket socket = this.webSocket;
		if (socket == null) {
			return;
		}
		socket.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((ignored, failure) -> {
			if (failure != null) {
				socket.abort();
			}
		});
		this.closed.completeOnTimeout(null, 5, TimeUnit.SECONDS).whenComplete((ignored, failure) -> socket.abort());
	}

	void abort() {
		WebSocket socket = this.webSocket;
		if (socket != null) {
			socket.abort();
		}
		this.closed.complete(null);
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		this.webSocket = webSocket;
		webSocket.request(1);
		send(CONNECT).whenComplete((ignored, failure) -> {
			if (failure != null) {
				this.connected.completeExceptionally(failure);
			}
		});
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		if (!last || this.pending != null) {
			if (this.pending == null) {
				this.pending = new StringBuilder();
			}
			this.pending.append(data);
			if (last) {
				CharSequence frame = this.pending;
				this.pending = null;
				onFrame(frame);
			}
		}
		else {
			onFrame(data);
		}
		webSocket.request(1);
		return null;
	}

	private void onFrame(CharSequence frame) {
		if (startsWith(frame, "RECEIPT")) {
			ReceiptListener listener = this.receiptListener;
			if (listener != null) {
				listener.onReceipt(this, frame);
			}
		}
		else if (startsWith(frame, "MESSAGE")) {
			ReceiptListener listener = this.receiptListener;
			if (listener != null) {
				listener.onMessage(this, frame);
			}
		}
		else if (startsWith(frame, "CONNECTED")) {
			this.connectedNanos = System.nanoTime();
			this.connected.complete(this);
		}
		else if (startsWith(frame, "ERROR")) {
			this.connected.completeExceptionally(new IllegalStateException("STOMP " + frame.toString().trim()));
			ReceiptListener listener = this.receiptListener;
			if (listener != null) {
				listener.onError(this, frame);
			}
		}
	}

	private static boolean startsWith(CharSequence text, String prefix) {
		if (text.length() < prefix.length()) {
			return false;
		}
		for (int i = 0; i < prefix.length(); i++) {
			if (text.charAt(i) != prefix.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.connected.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
		this.closed.complete(null);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.connected.completeExceptionally(error);
		this.closed.complete(null);
	}

	/**
	 * Told of RECEIPT, MESSAGE and ERROR frames.
	 */
	interface ReceiptListener {

		void onReceipt(StompSocket socket, CharSequence frame);

		default void onMessage(StompSocket socket, CharSequence frame) {
		}

		void onError(StompSocket socket, CharSequence frame);

	}

}
