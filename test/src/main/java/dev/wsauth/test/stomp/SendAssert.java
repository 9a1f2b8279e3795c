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

import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.wsauth.topic.DenialReason;
import dev.wsauth.topic.DestinationCommand;

/**
 * AssertJ assertions on a {@link StompSend}. Each waits for the answer (the connection's
 * timeout unless {@link #within(Duration)} says otherwise), never a fixed time.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SendAssert extends AbstractAssert<SendAssert, StompSend> {

	private Duration timeout;

	SendAssert(StompSend send) {
		super(send, SendAssert.class);
		this.timeout = send.connection().timeout();
	}

	/**
	 * Wait up to the given time in the assertions that follow.
	 * @param timeout how long to wait
	 * @return this assertion
	 */
	public SendAssert within(Duration timeout) {
		Assert.isTrue(timeout != null && !timeout.isNegative(), "'timeout' must not be negative");
		this.timeout = timeout;
		return this;
	}

	/**
	 * Verify that the SEND was allowed: its RECEIPT arrived after the handler serving the
	 * destination returned.
	 * @return this assertion
	 */
	public SendAssert isAllowed() {
		return outcome(true, null);
	}

	/**
	 * Verify that the SEND was denied with a {@code wsauth-denied} notice carrying its
	 * receipt id, whatever the reason.
	 * @return this assertion
	 */
	public SendAssert isDenied() {
		return outcome(false, null);
	}

	/**
	 * Verify that the SEND was denied with the given reason.
	 * @param reason the reason, such as {@link DenialReason#FORBIDDEN}
	 * @return this assertion
	 */
	public SendAssert isDeniedWith(DenialReason reason) {
		Assert.notNull(reason, "'reason' must not be null");
		return outcome(false, reason);
	}

	private SendAssert outcome(boolean allowed, @Nullable DenialReason reason) {
		isNotNull();
		Outcome outcome = this.actual.awaitOutcome(this.timeout);
		String failure = FrameExpectations.check(this.actual.connection(), DestinationCommand.SEND,
				this.actual.destination(), outcome, allowed, reason);
		if (failure != null) {
			failWithMessage("%s", failure);
		}
		return this;
	}

}
