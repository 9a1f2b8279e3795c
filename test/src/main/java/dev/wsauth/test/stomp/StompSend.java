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
import java.util.concurrent.CompletableFuture;

import org.assertj.core.api.AssertProvider;

/**
 * A SEND sent with a receipt. Use it with AssertJ: {@code assertThat(send).isAllowed()}
 * (the RECEIPT came: the handler serving the destination returned) or
 * {@code assertThat(send).isDeniedWith(DenialReason.FORBIDDEN)}.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class StompSend implements AssertProvider<SendAssert> {

	private final WsAuthConnection connection;

	private final String destination;

	private final CompletableFuture<Outcome> outcome;

	StompSend(WsAuthConnection connection, String destination, CompletableFuture<Outcome> outcome) {
		this.connection = connection;
		this.destination = destination;
		this.outcome = outcome;
	}

	/**
	 * Return the destination sent to.
	 * @return the destination
	 */
	public String destination() {
		return this.destination;
	}

	/**
	 * Return the connection the frame was sent on.
	 * @return the connection
	 */
	public WsAuthConnection connection() {
		return this.connection;
	}

	@Override
	public SendAssert assertThat() {
		return new SendAssert(this);
	}

	@Override
	public String toString() {
		return "StompSend[" + this.destination + " of " + this.connection.user() + "]";
	}

	Outcome awaitOutcome(Duration timeout) {
		return this.connection.awaitOutcome(this.outcome, timeout);
	}

}
