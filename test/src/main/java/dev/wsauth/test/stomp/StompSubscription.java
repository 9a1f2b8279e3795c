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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.assertj.core.api.AssertProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A SUBSCRIBE sent with a receipt, and the messages it received. Use it with AssertJ:
 * {@code assertThat(subscription).isAllowed()},
 * {@code assertThat(subscription).receives((message) -> message.body().contains("hi"))}.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class StompSubscription implements AssertProvider<SubscriptionAssert> {

	private final WsAuthConnection connection;

	private final String id;

	private final String destination;

	/** Guarded by the connection's lock. */
	private final List<StompMessage> messages = new ArrayList<>();

	/** Guarded by the connection's lock: which messages satisfied an assertion. */
	private final List<Boolean> consumed = new ArrayList<>();

	private CompletableFuture<Outcome> outcome = new CompletableFuture<>();

	StompSubscription(WsAuthConnection connection, String id, String destination) {
		this.connection = connection;
		this.id = id;
		this.destination = destination;
	}

	/**
	 * Return the subscription id the client chose.
	 * @return the id, such as {@code sub-1}
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Return the destination subscribed to.
	 * @return the destination
	 */
	public String destination() {
		return this.destination;
	}

	/**
	 * Return the connection the subscription belongs to.
	 * @return the connection
	 */
	public WsAuthConnection connection() {
		return this.connection;
	}

	/**
	 * Return the messages received so far, oldest first.
	 * @return a snapshot of the messages
	 */
	public List<StompMessage> messages() {
		synchronized (this.connection.lock()) {
			return List.copyOf(this.messages);
		}
	}

	/**
	 * Wait for a message matching a predicate that no earlier wait returned, within the
	 * connection's timeout.
	 * @param predicate what the message must satisfy
	 * @return the message
	 * @throws AssertionError if none arrives in time
	 */
	public StompMessage awaitMessage(Predicate<StompMessage> predicate) {
		return awaitMessage(predicate, this.connection.timeout());
	}

	/**
	 * Wait for a message matching a predicate that no earlier wait returned.
	 * @param predicate what the message must satisfy
	 * @param timeout how long to wait
	 * @return the message
	 * @throws AssertionError if none arrives in time
	 */
	public StompMessage awaitMessage(Predicate<StompMessage> predicate, Duration timeout) {
		StompMessage message = poll(predicate, timeout);
		if (message == null) {
			throw new AssertionError(SubscriptionAssert.noMessage(this, "a matching message", timeout));
		}
		return message;
	}

	/**
	 * Send UNSUBSCRIBE with a receipt and wait for the RECEIPT: no message published
	 * after this returns is delivered to the subscription.
	 */
	public void unsubscribe() {
		this.connection.unsubscribe(this);
	}

	@Override
	public SubscriptionAssert assertThat() {
		return new SubscriptionAssert(this);
	}

	@Override
	public String toString() {
		return "StompSubscription[" + this.id + " " + this.destination + " of " + this.connection.user() + "]";
	}

	void setOutcome(CompletableFuture<Outcome> outcome) {
		this.outcome = outcome;
	}

	Outcome awaitOutcome(Duration timeout) {
		return this.connection.awaitOutcome(this.outcome, timeout);
	}

	int consumedCount() {
		synchronized (this.connection.lock()) {
			return (int) this.consumed.stream().filter(Boolean::booleanValue).count();
		}
	}

	void add(StompMessage message) {
		this.messages.add(message);
		this.consumed.add(false);
	}

	/** The first unconsumed message matching, consumed; {@code null} if none in time. */
	@Nullable StompMessage poll(Predicate<StompMessage> predicate, Duration timeout) {
		Assert.notNull(predicate, "'predicate' must not be null");
		long deadline = System.nanoTime() + timeout.toNanos();
		Object lock = this.connection.lock();
		synchronized (lock) {
			int scanned = 0;
			while (true) {
				for (int i = scanned; i < this.messages.size(); i++) {
					if (!this.consumed.get(i) && predicate.test(this.messages.get(i))) {
						this.consumed.set(i, true);
						return this.messages.get(i);
					}
				}
				scanned = this.messages.size();
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0 || this.connection.isClosed()) {
					return null;
				}
				try {
					lock.wait(Math.max(1, remaining / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return null;
				}
			}
		}
	}

}
