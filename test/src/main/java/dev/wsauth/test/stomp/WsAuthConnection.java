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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.assertj.core.api.AssertProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

import dev.wsauth.test.rules.DestinationRules;
import dev.wsauth.test.rules.RuleDecision;
import dev.wsauth.topic.DestinationCommand;

/**
 * A STOMP connection of one user, over a real socket to the running application. Every
 * SUBSCRIBE, SEND and UNSUBSCRIBE carries a {@code receipt} header, so what the server
 * decided is known without waiting a fixed time: a RECEIPT means allowed, a
 * {@code wsauth-denied} notice with the receipt id means denied.
 *
 * <p>
 * Use it with AssertJ: {@code assertThat(connection).isClosedWith(4002)}. Close it
 * (try-with-resources) when done.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class WsAuthConnection implements AutoCloseable, AssertProvider<ConnectionAssert> {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final Authentication user;

	private final String endpoint;

	private final @Nullable String sessionId;

	private final AppSessions sessions;

	private final @Nullable DestinationRules rules;

	private final Duration timeout;

	private final Object lock = new Object();

	private final Object sendLock = new Object();

	private final AtomicInteger ids = new AtomicInteger();

	private final Map<String, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();

	private final Map<String, StompSubscription> subscriptions = new ConcurrentHashMap<>();

	private final List<Frame> errors = new ArrayList<>();

	private final CompletableFuture<Frame> connected = new CompletableFuture<>();

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	private volatile @Nullable WebSocket webSocket;

	WsAuthConnection(Authentication user, String endpoint, @Nullable String sessionId, AppSessions sessions,
			@Nullable DestinationRules rules, Duration timeout) {
		this.user = user;
		this.endpoint = endpoint;
		this.sessionId = sessionId;
		this.sessions = sessions;
		this.rules = rules;
		this.timeout = timeout;
	}

	/**
	 * Upgrade and send CONNECT; fails unless the server answers CONNECTED in time.
	 * @param uri the upgrade URI (it may carry a ticket: never put it in a message)
	 * @param headers the upgrade's headers
	 */
	void open(URI uri, Map<String, String> headers) {
		WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(this.timeout).subprotocols("v12.stomp");
		headers.forEach(builder::header);
		try {
			this.webSocket = builder.buildAsync(uri, new Listener())
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException refused) {
				throw new IllegalStateException("The upgrade of " + user() + " to " + this.endpoint
						+ " was refused with HTTP " + refused.getResponse().statusCode());
			}
			throw new IllegalStateException("The upgrade of " + user() + " to " + this.endpoint + " failed",
					ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException(
					"The upgrade of " + user() + " to " + this.endpoint + " got no answer within " + this.timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		Map<String, String> connect = new LinkedHashMap<>();
		connect.put("accept-version", "1.2");
		connect.put("host", uri.getHost());
		connect.put("heart-beat", "0,0");
		write(new Frame("CONNECT", connect, ""));
		Frame answer = await(this.connected, this.timeout);
		if (answer == null || !"CONNECTED".equals(answer.command())) {
			close();
			throw new IllegalStateException("The STOMP CONNECT of " + user() + " to " + this.endpoint + " got "
					+ ((answer != null) ? answer : "no CONNECTED within " + this.timeout));
		}
	}

	/**
	 * Return the name of the user the connection belongs to.
	 * @return the user name
	 */
	public String user() {
		return this.user.getName();
	}

	/**
	 * Return the authentication the connection was opened with.
	 * @return the authentication
	 */
	public Authentication authentication() {
		return this.user;
	}

	/**
	 * Subscribe to a destination, with a receipt. Returns at once: assert the outcome
	 * ({@code assertThat(subscription).isAllowed()}) or wait for messages.
	 * @param destination the destination, such as {@code /topic/boards.b1}
	 * @return the subscription
	 */
	public StompSubscription subscribe(String destination) {
		Assert.notNull(destination, "'destination' must not be null");
		String id = "sub-" + this.ids.incrementAndGet();
		StompSubscription subscription = new StompSubscription(this, id, destination);
		this.subscriptions.put(id, subscription);
		CompletableFuture<Outcome> outcome = expect(id);
		subscription.setOutcome(outcome);
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("id", id);
		headers.put("destination", destination);
		headers.put("receipt", id);
		write(new Frame("SUBSCRIBE", headers, ""));
		return subscription;
	}

	/**
	 * Send a JSON body to a destination, with a receipt. Returns at once: assert the
	 * outcome with {@code assertThat(send).isAllowed()}.
	 * @param destination the destination, such as {@code /app/boards.b1.typing}
	 * @param json the body, sent as {@code application/json}
	 * @return the send
	 */
	public StompSend send(String destination, String json) {
		return send(destination, json, "application/json");
	}

	/**
	 * Send a body of a given content type to a destination, with a receipt.
	 * @param destination the destination
	 * @param body the body
	 * @param contentType the {@code content-type} header
	 * @return the send
	 */
	public StompSend send(String destination, String body, String contentType) {
		Assert.notNull(destination, "'destination' must not be null");
		String receipt = "send-" + this.ids.incrementAndGet();
		CompletableFuture<Outcome> outcome = expect(receipt);
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("destination", destination);
		headers.put("content-type", contentType);
		headers.put("receipt", receipt);
		write(new Frame("SEND", headers, body));
		return new StompSend(this, destination, outcome);
	}

	/**
	 * Send DISCONNECT and wait for its RECEIPT, then close the socket normally.
	 */
	public void disconnect() {
		String receipt = "disconnect-" + this.ids.incrementAndGet();
		CompletableFuture<Outcome> outcome = expect(receipt);
		write(new Frame("DISCONNECT", Map.of("receipt", receipt), ""));
		Outcome answer = awaitOutcome(outcome, this.timeout);
		close();
		if (answer.kind() != Outcome.Kind.RECEIPT) {
			throw new AssertionError("Expected a RECEIPT for the DISCONNECT of " + user() + " on " + this.endpoint
					+ " but " + describe(answer));
		}
	}

	/**
	 * End the user's HTTP session in the application's session repository, as a logout in
	 * another tab would. The application then closes the connection with 4002: assert it
	 * with {@code assertThat(connection).isClosedWith(4002)}.
	 */
	public void endSession() {
		String sessionId = this.sessionId;
		Assert.state(sessionId != null, "The connection of " + user() + " is bound to no session");
		this.sessions.end(sessionId);
	}

	/**
	 * Return whether the socket is still open.
	 * @return {@code true} until the server or the client closed it
	 */
	public boolean isOpen() {
		return !this.closeCode.isDone();
	}

	@Override
	public ConnectionAssert assertThat() {
		return new ConnectionAssert(this);
	}

	/**
	 * Close the socket without a DISCONNECT frame, as a closed browser tab would.
	 */
	@Override
	public void close() {
		WebSocket webSocket = this.webSocket;
		if (webSocket != null) {
			if (!webSocket.isOutputClosed()) {
				webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> null);
			}
			webSocket.abort();
		}
		this.closeCode.complete(WebSocket.NORMAL_CLOSURE);
		releaseWaiters();
	}

	@Override
	public String toString() {
		return "WsAuthConnection[" + user() + " on " + this.endpoint + "]";
	}

	String endpoint() {
		return this.endpoint;
	}

	Duration timeout() {
		return this.timeout;
	}

	Object lock() {
		return this.lock;
	}

	boolean isClosed() {
		return this.closeCode.isDone();
	}

	void unsubscribe(StompSubscription subscription) {
		String receipt = "unsubscribe-" + this.ids.incrementAndGet();
		CompletableFuture<Outcome> outcome = expect(receipt);
		write(new Frame("UNSUBSCRIBE", Map.of("id", subscription.id(), "receipt", receipt), ""));
		Outcome answer = awaitOutcome(outcome, this.timeout);
		if (answer.kind() != Outcome.Kind.RECEIPT) {
			throw new AssertionError("Expected a RECEIPT for the UNSUBSCRIBE of " + user() + " from "
					+ subscription.destination() + " on " + this.endpoint + " but " + describe(answer));
		}
	}

	/**
	 * Wait for the close code, or {@code null} if the socket is still open after the
	 * timeout.
	 */
	@Nullable Integer awaitCloseCode(Duration timeout) {
		return await(this.closeCode, timeout);
	}

	/** The ERROR frames received so far, for failure messages. */
	List<String> errorMessages() {
		synchronized (this.lock) {
			return this.errors.stream().map((error) -> String.valueOf(error.header("message"))).toList();
		}
	}

	/**
	 * What the rules decide now about a frame of this user, or {@code null} if unknown.
	 */
	@Nullable RuleDecision decide(DestinationCommand command, String destination) {
		DestinationRules rules = this.rules;
		if (rules == null) {
			return null;
		}
		try {
			return rules.decide(this.user, command, destination);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	Outcome awaitOutcome(CompletableFuture<Outcome> outcome, Duration timeout) {
		Outcome answer = await(outcome, timeout);
		return (answer != null) ? answer : Outcome.TIMED_OUT;
	}

	String describe(Outcome outcome) {
		return switch (outcome.kind()) {
			case RECEIPT -> "was allowed (RECEIPT)";
			case DENIED -> "was denied: " + outcome.denialReason();
			case ERROR -> "got an ERROR frame: " + outcome.denialReason() + closeSuffix();
			case CLOSED -> "the connection was closed" + closeSuffix() + " before an answer";
			case TIMED_OUT -> "no RECEIPT or denial arrived within " + this.timeout;
		};
	}

	private String closeSuffix() {
		Integer code = this.closeCode.getNow(null);
		return (code != null) ? " with " + CloseCodes.describe(code) : "";
	}

	private CompletableFuture<Outcome> expect(String receipt) {
		CompletableFuture<Outcome> outcome = new CompletableFuture<>();
		this.pending.put(receipt, outcome);
		if (isClosed()) {
			outcome.complete(Outcome.CLOSED);
		}
		return outcome;
	}

	private void write(Frame frame) {
		WebSocket webSocket = this.webSocket;
		Assert.state(webSocket != null && !isClosed(), () -> "The connection of " + user() + " to " + this.endpoint
				+ " is closed" + closeSuffix() + "; cannot send " + frame.command());
		// The JDK client refuses a send while another is in progress: one at a time.
		synchronized (this.sendLock) {
			webSocket.sendText(frame.encode(), true).join();
		}
	}

	private void receive(Frame frame) {
		String receipt = frame.header("receipt-id");
		switch (frame.command()) {
			case "CONNECTED" -> this.connected.complete(frame);
			case "RECEIPT" -> complete(receipt, new Outcome(Outcome.Kind.RECEIPT, frame));
			case "ERROR" -> {
				synchronized (this.lock) {
					this.errors.add(frame);
				}
				this.connected.complete(frame);
				complete(receipt, new Outcome(Outcome.Kind.ERROR, frame));
			}
			case "MESSAGE" -> {
				if (frame.header("wsauth-denied") != null && receipt != null) {
					complete(receipt, new Outcome(Outcome.Kind.DENIED, frame));
					return;
				}
				String id = frame.header("subscription");
				StompSubscription subscription = (id != null) ? this.subscriptions.get(id) : null;
				if (subscription != null) {
					synchronized (this.lock) {
						subscription.add(new StompMessage(frame));
						this.lock.notifyAll();
					}
				}
			}
			default -> {
			}
		}
	}

	private void complete(@Nullable String receipt, Outcome outcome) {
		CompletableFuture<Outcome> future = (receipt != null) ? this.pending.remove(receipt) : null;
		if (future != null) {
			future.complete(outcome);
		}
	}

	private void closed(int code) {
		this.closeCode.complete(code);
		releaseWaiters();
	}

	private void releaseWaiters() {
		this.connected.complete(new Frame("CLOSED", Map.of(), ""));
		this.pending.values().forEach((future) -> future.complete(Outcome.CLOSED));
		synchronized (this.lock) {
			this.lock.notifyAll();
		}
	}

	private static <T> @Nullable T await(CompletableFuture<T> future, Duration timeout) {
		try {
			return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return null;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder buffer = new StringBuilder();

		@Override
		public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.buffer.append(data);
			int end;
			while ((end = this.buffer.indexOf("\0")) >= 0) {
				String text = this.buffer.substring(0, end).replaceFirst("^[\r\n]+", "");
				this.buffer.delete(0, end + 1);
				if (!text.isEmpty()) {
					receive(Frame.parse(text));
				}
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			closed(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			closed(1006);
		}

	}

}
