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

import org.jspecify.annotations.Nullable;

import dev.wsauth.test.rules.RuleDecision;
import dev.wsauth.topic.DenialReason;
import dev.wsauth.topic.DestinationCommand;

/**
 * Checks the answer to a SUBSCRIBE or SEND and words the failure: what was expected, what
 * happened, the user, the destination and the rule that decided.
 *
 * @author wsauth
 */
final class FrameExpectations {

	private FrameExpectations() {
	}

	/** The failure message, or {@code null} if the outcome is the expected one. */
	static @Nullable String check(WsAuthConnection connection, DestinationCommand command, String destination,
			Outcome outcome, boolean allowed, @Nullable DenialReason reason) {
		boolean met = allowed ? outcome.kind() == Outcome.Kind.RECEIPT : outcome.kind() == Outcome.Kind.DENIED
				&& (reason == null || reason.name().equals(outcome.denialReason()));
		if (met) {
			return null;
		}
		String frame = command + " to " + destination;
		String expected = allowed ? "to be allowed to " + frame
				: "to be denied " + frame + ((reason != null) ? " with reason " + reason : "");
		StringBuilder message = new StringBuilder("Expected ").append(connection.user())
			.append(' ')
			.append(expected)
			.append(" on ")
			.append(connection.endpoint())
			.append("\nbut ")
			.append(connection.describe(outcome));
		RuleDecision decision = connection.decide(command, destination);
		if (decision != null) {
			// A strict-mode denial is an ERROR frame whose message is the reason.
			boolean denied = outcome.kind() == Outcome.Kind.DENIED || outcome.kind() == Outcome.Kind.ERROR;
			boolean agrees = (outcome.kind() == Outcome.Kind.RECEIPT) ? decision.isGranted()
					: denied && !decision.isGranted() && decision.getReason() != null
							&& decision.getReason().name().equals(outcome.denialReason());
			if (agrees) {
				message.append("\ndeciding rule: ").append(decision.explanation());
			}
			else {
				message.append("\nthe rules now decide: ")
					.append(decision.outcome())
					.append(" by ")
					.append(decision.explanation());
			}
			message.append("\nuser: ").append(connection.user()).append(' ').append(decision.authorities());
		}
		return message.toString();
	}

}
