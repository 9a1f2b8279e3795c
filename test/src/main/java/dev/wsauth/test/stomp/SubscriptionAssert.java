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
import java.util.List;
import java.util.function.Predicate;

import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.wsauth.topic.DenialReason;
import dev.wsauth.topic.DestinationCommand;

/**
 * AssertJ assertions on a {@link StompSubscription}. Each waits for the answer (the
 * connection's timeout unless {@link #within(Duration)} says otherwise), never a fixed
 * time.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SubscriptionAssert extends AbstractAssert<SubscriptionAssert, StompSubscription> {

	private Duration timeout;

	SubscriptionAssert(StompSubscription subscription) {
		super(subscription, SubscriptionAssert.class);
		this.timeout = subscription.connection().timeout();
	}

	/**
	 * Wait up to the given time in the assertions that follow.
	 * @param timeout how long to wait
	 * @return this assertion
	 */
	public SubscriptionAssert within(Duration timeout) {
		Assert.isTrue(timeout != null && !timeout.isNegative(), "'timeout' must not be negative");
		this.timeout = timeout;
		return this;
	}

	/**
	 * Verify that the SUBSCRIBE was allowed: its RECEIPT arrived, so a message published
	 * from now on is delivered to it.
	 * @return this assertion
	 */
	public SubscriptionAssert isAllowed() {
		return outcome(true, null);
	}

	/**
	 * Verify that the SUBSCRIBE was denied with a {@code wsauth-denied} notice carrying
	 * its receipt id, whatever the reason. The connection stays open.
	 * @return this assertion
	 */
	public SubscriptionAssert isDenied() {
		return outcome(false, null);
	}

	/**
	 * Verify that the SUBSCRIBE was denied with the given reason.
	 * @param reason the reason, such as {@link DenialReason#FORBIDDEN}
	 * @return this assertion
	 */
	public SubscriptionAssert isDeniedWith(DenialReason reason) {
		Assert.notNull(reason, "'reason' must not be null");
		return outcome(false, reason);
	}

	/**
	 * Verify that a message matching the predicate arrives on the subscription. Each
	 * matching message satisfies one assertion, so asserting twice needs two messages.
	 * @param predicate what the message must satisfy
	 * @return this assertion
	 */
	public SubscriptionAssert receives(Predicate<StompMessage> predicate) {
		return receives(predicate, "a message matching the predicate");
	}

	/**
	 * Verify that a message matching the predicate arrives on the subscription.
	 * @param predicate what the message must satisfy
	 * @param description what the predicate checks, for the failure message
	 * @return this assertion
	 */
	public SubscriptionAssert receives(Predicate<StompMessage> predicate, String description) {
		isNotNull();
		if (this.actual.poll(predicate, this.timeout) == null) {
			failWithMessage("%s", noMessage(this.actual, description, this.timeout));
		}
		return this;
	}

	/**
	 * Verify that a message whose body contains the text arrives on the subscription.
	 * @param text the text, such as {@code "type":"user_typing"}
	 * @return this assertion
	 */
	public SubscriptionAssert receivesBodyContaining(String text) {
		return receives((message) -> message.body().contains(text), "a message whose body contains " + text);
	}

	/**
	 * Verify that the live subscription was revoked: a {@code wsauth-denied: REVOKED}
	 * notice arrived on it after a re-evaluation found it no longer allowed.
	 * @return this assertion
	 */
	public SubscriptionAssert isRevoked() {
		return receives((message) -> "REVOKED".equals(message.header("wsauth-denied")),
				"a wsauth-denied: REVOKED notice");
	}

	private SubscriptionAssert outcome(boolean allowed, @Nullable DenialReason reason) {
		isNotNull();
		Outcome outcome = this.actual.awaitOutcome(this.timeout);
		String failure = FrameExpectations.check(this.actual.connection(), DestinationCommand.SUBSCRIBE,
				this.actual.destination(), outcome, allowed, reason);
		if (failure != null) {
			failWithMessage("%s", failure);
		}
		return this;
	}

	static String noMessage(StompSubscription subscription, String description, Duration timeout) {
		WsAuthConnection connection = subscription.connection();
		StringBuilder message = new StringBuilder("Expected the subscription of ").append(connection.user())
			.append(" to ")
			.append(subscription.destination())
			.append(" (")
			.append(subscription.id())
			.append(") on ")
			.append(connection.endpoint())
			.append(" to receive ")
			.append(description)
			.append(" within ")
			.append(timeout);
		Outcome outcome = subscription.awaitOutcome(Duration.ZERO);
		if (outcome.kind() != Outcome.Kind.RECEIPT && outcome.kind() != Outcome.Kind.TIMED_OUT) {
			message.append("\nbut the SUBSCRIBE ").append(connection.describe(outcome));
			String explanation = FrameExpectations.check(connection, DestinationCommand.SUBSCRIBE,
					subscription.destination(), outcome, true, null);
			int rule = (explanation != null) ? explanation.indexOf("\ndeciding rule: ") : -1;
			if (rule >= 0) {
				message.append(explanation.substring(rule));
			}
			return message.toString();
		}
		List<StompMessage> received = subscription.messages();
		if (received.isEmpty()) {
			message.append("\nbut it received no message");
		}
		else {
			int consumed = subscription.consumedCount();
			message.append("\nbut none of the ").append(received.size()).append(" messages it received matched");
			if (consumed > 0) {
				message.append(" (").append(consumed).append(" of them satisfied earlier assertions)");
			}
			message.append(':');
			received.forEach((each) -> message.append("\n  ").append(each));
		}
		if (!connection.isOpen()) {
			Integer code = connection.awaitCloseCode(Duration.ZERO);
			message.append("\nand the connection was closed")
				.append((code != null) ? " with " + CloseCodes.describe(code) : "");
		}
		return message.toString();
	}

}
