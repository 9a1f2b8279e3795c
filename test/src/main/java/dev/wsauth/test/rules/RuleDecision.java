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

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import dev.wsauth.topic.DenialReason;
import dev.wsauth.topic.DestinationCommand;
import dev.wsauth.topic.DestinationRuleDefinition;

/**
 * What the application's rules decided about one user, command and destination, and which
 * rule decided.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class RuleDecision {

	private static final String RESOLVED_USER_DESTINATION_MARKER = "-user";

	private final Authentication user;

	private final DestinationCommand command;

	private final String destination;

	private final boolean granted;

	private final @Nullable DenialReason reason;

	private final @Nullable String ruleDescription;

	private final @Nullable DestinationRuleDefinition rule;

	RuleDecision(Authentication user, DestinationCommand command, String destination, boolean granted,
			@Nullable DenialReason reason, @Nullable String ruleDescription, @Nullable DestinationRuleDefinition rule) {
		this.user = user;
		this.command = command;
		this.destination = destination;
		this.granted = granted;
		this.reason = reason;
		this.ruleDescription = ruleDescription;
		this.rule = rule;
	}

	/**
	 * Return the user the decision is about.
	 * @return the authentication
	 */
	public Authentication getUser() {
		return this.user;
	}

	/**
	 * Return the command decided.
	 * @return the command
	 */
	public DestinationCommand getCommand() {
		return this.command;
	}

	/**
	 * Return the destination decided.
	 * @return the destination
	 */
	public String getDestination() {
		return this.destination;
	}

	/**
	 * Return whether the frame is allowed.
	 * @return {@code true} if granted
	 */
	public boolean isGranted() {
		return this.granted;
	}

	/**
	 * Return why the frame is denied, as the client would be told.
	 * @return the reason, or {@code null} when granted
	 */
	public @Nullable DenialReason getReason() {
		return this.reason;
	}

	/**
	 * Return the declared rule that decided.
	 * @return the rule, or {@code null} when no declared rule decided (no rule matched,
	 * an invalid destination, the built-in grant of user destinations)
	 */
	public @Nullable DestinationRuleDefinition getRule() {
		return this.rule;
	}

	/**
	 * Return the outcome as a failure message says it: {@code allowed} or
	 * {@code denied: FORBIDDEN}.
	 * @return the outcome
	 */
	public String outcome() {
		return this.granted ? "allowed" : "denied: " + this.reason;
	}

	/**
	 * Return which rule decided and how, in one line, such as
	 * {@code SUBSCRIBE /topic/admin with access "hasRole('ADMIN')" declared at wsauth.authorization.rules[0]}.
	 * @return the explanation
	 */
	public String explanation() {
		DestinationRuleDefinition rule = this.rule;
		if (rule != null) {
			return rule.command() + " " + rule.pattern() + " with access \"" + rule.expression() + "\" declared at "
					+ rule.source();
		}
		if (this.granted && this.ruleDescription != null) {
			return this.ruleDescription + " (built in: user destinations resolve to the subscriber's own session)";
		}
		if (this.reason == DenialReason.INVALID_DESTINATION) {
			return "none; the destination is not canonical (a pattern, a non-canonical path or a broker-object "
					+ "prefix) and is denied before any rule";
		}
		if (this.reason == DenialReason.UNAUTHENTICATED) {
			return "none; the user is not authenticated";
		}
		if (this.destination.indexOf(RESOLVED_USER_DESTINATION_MARKER, this.destination.lastIndexOf('/')) >= 0) {
			return "none; the destination names a resolved user queue (subscribe under the user destination "
					+ "prefix instead)";
		}
		return "none; no rule matches " + this.command + " " + this.destination
				+ ", and unknown destinations are denied";
	}

	/**
	 * Return the user's authorities as a failure message lists them.
	 * @return the authorities, such as {@code [ROLE_USER]}
	 */
	public String authorities() {
		List<String> names = this.user.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter(Objects::nonNull)
			.sorted()
			.toList();
		return names.toString();
	}

	@Override
	public String toString() {
		return this.user.getName() + " " + this.command + " " + this.destination + ": " + outcome() + " by "
				+ explanation();
	}

}
