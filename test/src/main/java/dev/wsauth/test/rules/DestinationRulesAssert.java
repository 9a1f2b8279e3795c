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

import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;

import dev.wsauth.topic.DenialReason;
import dev.wsauth.topic.DestinationCommand;

/**
 * AssertJ assertions on {@link DestinationRules}:
 * {@code assertThat(rules).allows("alice").toSubscribe("/topic/boards.b1")}. A failure
 * names the user, the destination, what happened and the rule that decided.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class DestinationRulesAssert extends AbstractAssert<DestinationRulesAssert, DestinationRules> {

	DestinationRulesAssert(DestinationRules rules) {
		super(rules, DestinationRulesAssert.class);
	}

	/**
	 * Expect a user, loaded through the application's {@code UserDetailsService}, to be
	 * allowed what follows.
	 * @param username the user name
	 * @return the expectation, to be completed with a destination
	 */
	public Expectation allows(String username) {
		return new Expectation(this, this.actual.user(username), true, null);
	}

	/**
	 * Expect a user with exactly the given authentication to be allowed what follows.
	 * @param user the authentication, such as {@link TestUsers#user(String, String...)}
	 * @return the expectation, to be completed with a destination
	 */
	public Expectation allows(Authentication user) {
		return new Expectation(this, user, true, null);
	}

	/**
	 * Expect a user, loaded through the application's {@code UserDetailsService}, to be
	 * denied what follows, for any reason.
	 * @param username the user name
	 * @return the expectation, to be completed with a destination
	 */
	public Expectation denies(String username) {
		return new Expectation(this, this.actual.user(username), false, null);
	}

	/**
	 * Expect a user with exactly the given authentication to be denied what follows, for
	 * any reason.
	 * @param user the authentication
	 * @return the expectation, to be completed with a destination
	 */
	public Expectation denies(Authentication user) {
		return new Expectation(this, user, false, null);
	}

	/**
	 * Expect a user, loaded through the application's {@code UserDetailsService}, to be
	 * denied what follows with the given reason.
	 * @param username the user name
	 * @param reason the reason the client would be told, such as
	 * {@link DenialReason#INVALID_DESTINATION}
	 * @return the expectation, to be completed with a destination
	 */
	public Expectation denies(String username, DenialReason reason) {
		return new Expectation(this, this.actual.user(username), false, reason);
	}

	/**
	 * Expect a user with exactly the given authentication to be denied what follows with
	 * the given reason.
	 * @param user the authentication
	 * @param reason the reason the client would be told
	 * @return the expectation, to be completed with a destination
	 */
	public Expectation denies(Authentication user, DenialReason reason) {
		return new Expectation(this, user, false, reason);
	}

	private void check(Authentication user, DestinationCommand command, String destination, boolean granted,
			@Nullable DenialReason reason) {
		isNotNull();
		RuleDecision decision = this.actual.decide(user, command, destination);
		boolean met = granted ? decision.isGranted()
				: !decision.isGranted() && (reason == null || reason == decision.getReason());
		if (!met) {
			failWithMessage("%s", RuleMessages.unexpected(decision, granted, reason));
		}
	}

	/**
	 * An expectation about one user, completed with a command and a destination. Each
	 * check returns the expectation, so one user's checks chain.
	 */
	public static final class Expectation {

		private final DestinationRulesAssert rules;

		private final Authentication user;

		private final boolean granted;

		private final @Nullable DenialReason reason;

		Expectation(DestinationRulesAssert rules, Authentication user, boolean granted, @Nullable DenialReason reason) {
			this.rules = rules;
			this.user = user;
			this.granted = granted;
			this.reason = reason;
		}

		/**
		 * Check a SUBSCRIBE to a destination.
		 * @param destination the destination, such as {@code /topic/boards.b1}
		 * @return this expectation, for another destination
		 */
		public Expectation toSubscribe(String destination) {
			this.rules.check(this.user, DestinationCommand.SUBSCRIBE, destination, this.granted, this.reason);
			return this;
		}

		/**
		 * Check a SEND to a destination.
		 * @param destination the destination, such as {@code /app/boards.b1.typing}
		 * @return this expectation, for another destination
		 */
		public Expectation toSend(String destination) {
			this.rules.check(this.user, DestinationCommand.SEND, destination, this.granted, this.reason);
			return this;
		}

	}

}
