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

package dev.wsauth.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client socket: a JDK {@link WebSocket} speaking just enough STOMP (CONNECT,
 * SUBSCRIBE) and recording when and how the server ends it.
 *
 * @author wsauth
 */
final class BenchSocket implements WebSocket.Listener {

	private static final String TOPIC = "/topic/bench";

	final int index;

	final String cookie;

	final CompletableFuture<Void> connected = new CompletableFuture<>();

	private final AtomicBoolean ended = new AtomicBoolean();

	private final StringBuilder pending = new StringBuilder();

	private volatile WebSocket webSocket;

	/** The CONNECT frame's send: a JDK WebSocket takes one send at a time. */
	private final CompletableFuture<WebSocket> connectSent = new CompletableFuture<>();

	/** When the first end signal (ERROR frame, close or failure) arrived. */
	volatile long endNanos;

	/** The same instant, as epoch milliseconds. */
	volatile long endEpochMillis;

	/** Which end signal came first: {@code ERROR}, {@code close} or {@code failure}. */
	volatile String endKind;

	volatile int closeCode = -1;

	volatile String errorMessage;

	BenchSocket(int index, String cookie) {
		this.index = index;
		this.cookie = cookie;
	}

	/**
	 * Open the socket and send CONNECT; {@link #connected} completes on CONNECTED.
	 * @param client the shared client
	 * @param origin the node's origin, sent as {@code Origin}
	 * @return {@link #connected}
	 */
	CompletableFuture<Void> open(HttpClient client, String origin) {
		URI uri = URI.create(origin.replace("http://", "ws://") + "/ws");
		client.newWebSocketBuilder()
			.header("Cookie", "SESSION=" + this.cookie)
			.header("Origin", origin)
			.connectTimeout(Duration.ofSeconds(30))
			.buildAsync(uri, this)
			.whenComplete((socket, failure) -> {
				if (failure != null) {
					this.connected.completeExceptionally(failure);
					return;
				}
				this.webSocket = socket;
				socket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0", true)
					.whenComplete((sent, sendFailure) -> {
						if (sendFailure != null) {
							this.connected.completeExceptionally(sendFailure);
							this.connectSent.completeExceptionally(sendFailure);
						}
						else {
							this.connectSent.complete(sent);
						}
					});
			});
		return this.connected;
	}

	boolean isEnded() {
		return this.ended.get();
	}

	void abort() {
		WebSocket socket = this.webSocket;
		if (socket != null) {
			socket.abort();
		}
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(1);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.pending.append(data);
		if (last) {
			String frame = this.pending.toString();
			this.pending.setLength(0);
			onFrame(webSocket, frame);
		}
		webSocket.request(1);
		return null;
	}

	private void onFrame(WebSocket webSocket, String frame) {
		if (frame.startsWith("CONNECTED")) {
			this.connectSent
				.thenCompose((sent) -> sent.sendText("SUBSCRIBE\nid:sub-0\ndestination:" + TOPIC + "\n\n\0", true))
				.whenComplete((ignored, failure) -> {
					if (failure != null) {
						this.connected.completeExceptionally(failure);
					}
					else {
						this.connected.complete(null);
					}
				});
		}
		else if (frame.startsWith("ERROR")) {
			int start = frame.indexOf("message:");
			if (start >= 0) {
				int end = frame.indexOf('\n', start);
				this.errorMessage = frame.substring(start + "message:".length(), (end > 0) ? end : frame.length());
			}
			end("ERROR");
			this.connected.completeExceptionally(new IllegalStateException("STOMP ERROR " + this.errorMessage));
		}
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closeCode = statusCode;
		end("close");
		this.connected.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		end("failure");
		this.connected.completeExceptionally(error);
	}

	private void end(String kind) {
		long nanos = System.nanoTime();
		long millis = System.currentTimeMillis();
		if (this.ended.compareAndSet(false, true)) {
			this.endNanos = nanos;
			this.endEpochMillis = millis;
			this.endKind = kind;
		}
	}

}
