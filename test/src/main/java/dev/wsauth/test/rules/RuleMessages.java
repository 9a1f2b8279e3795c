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

package dev.wsauth.test.rules;

import org.jspecify.annotations.Nullable;

import dev.wsauth.topic.DenialReason;

/**
 * The failure messages of rule checks: what was expected, what happened, the rule that
 * decided and the user's authorities.
 *
 * @author wsauth
 */
final class RuleMessages {

	private RuleMessages() {
	}

	static String unexpected(RuleDecision decision, boolean expectedGranted, @Nullable DenialReason expectedReason) {
		String user = decision.getUser().getName();
		String frame = decision.getCommand() + " to " + decision.getDestination();
		String expected = expectedGranted ? "to be allowed to " + frame
				: "to be denied " + frame + ((expectedReason != null) ? " with reason " + expectedReason : "");
		return "Expected " + user + " " + expected + "\n" + "but was " + decision.outcome() + "\n" + "deciding rule: "
				+ decision.explanation() + "\n" + "user: " + user + " " + decision.authorities();
	}

}
