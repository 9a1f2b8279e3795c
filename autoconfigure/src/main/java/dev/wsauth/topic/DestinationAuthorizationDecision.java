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

package dev.wsauth.topic;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authorization.AuthorizationDecision;

/**
 * An {@link AuthorizationDecision} about a destination, with the reason given to the
 * client on denial.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class DestinationAuthorizationDecision extends AuthorizationDecision {

	private final @Nullable DenialReason reason;

	private final @Nullable String rule;

	DestinationAuthorizationDecision(boolean granted, @Nullable DenialReason reason, @Nullable String rule) {
		super(granted);
		this.reason = reason;
		this.rule = rule;
	}

	static DestinationAuthorizationDecision granted(@Nullable String rule) {
		return new DestinationAuthorizationDecision(true, null, rule);
	}

	static DestinationAuthorizationDecision denied(DenialReason reason, @Nullable String rule) {
		return new DestinationAuthorizationDecision(false, reason, rule);
	}

	/**
	 * Return why the frame was denied.
	 * @return the reason, or {@code null} when granted
	 */
	public @Nullable DenialReason getReason() {
		return this.reason;
	}

	/**
	 * Return a description of the rule that decided, such as
	 * {@code SUBSCRIBE /topic/admin}.
	 * @return the rule, or {@code null} when no rule matched
	 */
	public @Nullable String getRule() {
		return this.rule;
	}

	@Override
	public String toString() {
		return "DestinationAuthorizationDecision[granted=" + isGranted() + ", reason=" + this.reason + ", rule="
				+ this.rule + "]";
	}

}
