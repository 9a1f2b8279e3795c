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

package dev.wsauth.actuate;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;

import dev.wsauth.actuate.WsAuthEndpoint.ExplanationDescriptor;
import dev.wsauth.actuate.WsAuthEndpoint.RuleDescriptor;
import dev.wsauth.topic.DenialReason;
import dev.wsauth.topic.DestinationAuthorizationDecision;
import dev.wsauth.topic.DestinationAuthorizationManager;
import dev.wsauth.topic.DestinationCommand;
import dev.wsauth.topic.DestinationRuleDefinition;

/**
 * Explains a decision by asking the {@link DestinationAuthorizationManager} about a frame
 * built as a live one would arrive, so that validation, the rule index and the expression
 * (with its {@code @bean} references) answer exactly as they would for that user.
 *
 * @author wsauth
 */
final class DestinationExplainer {

	private static final String RESOLVED_USER_DESTINATION_MARKER = "-user";

	private final DestinationAuthorizationManager manager;

	DestinationExplainer(DestinationAuthorizationManager manager) {
		this.manager = manager;
	}

	ExplanationDescriptor explain(Authentication user, DestinationCommand command, String destination) {
		DestinationAuthorizationDecision decision = this.manager.authorize(user, command, destination);
		RuleDescriptor rule = rule(decision.getRule());
		if (decision.isGranted()) {
			return new ExplanationDescriptor("granted", rule, (rule != null && rule.source() != null)
					? "rule expression granted" : "user destinations resolve to the subscriber's own session");
		}
		return new ExplanationDescriptor("denied", rule, reason(decision.getReason(), rule, destination));
	}

	/**
	 * The declared rule a decision names ({@code SUBSCRIBE /topic/boards.{boardId}}), or
	 * the built-in grant of user destinations, which has no expression and no source.
	 */
	private @Nullable RuleDescriptor rule(@Nullable String description) {
		if (description == null) {
			return null;
		}
		List<DestinationRuleDefinition> rules = this.manager.getRules();
		for (DestinationRuleDefinition rule : rules) {
			if (description.equals(rule.command() + " " + rule.pattern())) {
				return RuleDescriptor.of(rule);
			}
		}
		int space = description.indexOf(' ');
		return new RuleDescriptor(description.substring(0, space), description.substring(space + 1), null, null);
	}

	private static String reason(@Nullable DenialReason reason, @Nullable RuleDescriptor rule, String destination) {
		if (reason == DenialReason.INVALID_DESTINATION) {
			return "destination is not canonical";
		}
		if (reason == DenialReason.UNAUTHENTICATED) {
			return "user is not authenticated";
		}
		if (rule != null) {
			return "rule expression denied";
		}
		if (destination.indexOf(RESOLVED_USER_DESTINATION_MARKER, destination.lastIndexOf('/')) >= 0) {
			return "destination names a resolved user queue; subscribe under the user destination prefix";
		}
		return "no rule matches; unknown destinations are denied";
	}

}
