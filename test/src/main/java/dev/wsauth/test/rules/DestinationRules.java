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

import org.assertj.core.api.AssertProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.util.Assert;

import dev.wsauth.topic.DestinationAuthorizationDecision;
import dev.wsauth.topic.DestinationAuthorizationManager;
import dev.wsauth.topic.DestinationCommand;
import dev.wsauth.topic.DestinationRuleDefinition;

/**
 * The application's destination rules, asked without a server. Every decision is made by
 * the application's own {@link DestinationAuthorizationManager} bean (the one the
 * interceptor asks about live frames) about a frame built as a live one arrives, so
 * destination validation, the most specific rule, {@code @bean} references and role
 * hierarchies answer exactly as they would on a socket. Users named by a string are
 * loaded through the application's {@link UserDetailsService}.
 *
 * <p>
 * Use it with AssertJ:
 * {@code assertThat(rules).allows("alice").toSubscribe("/topic/boards.b1")}.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class DestinationRules implements AssertProvider<DestinationRulesAssert> {

	/** A safe literal, as a real WebSocket session id is: user destinations embed it. */

	private final DestinationAuthorizationManager manager;

	private final @Nullable UserDetailsService users;

	/**
	 * Create rules backed by a manager.
	 * @param manager the application's destination authorization manager
	 * @param users loads users named by a string, or {@code null} to accept only
	 * {@link Authentication}s
	 */
	public DestinationRules(DestinationAuthorizationManager manager, @Nullable UserDetailsService users) {
		Assert.notNull(manager, "'manager' must not be null");
		this.manager = manager;
		this.users = users;
	}

	/**
	 * Return the rules of an application context: its
	 * {@link DestinationAuthorizationManager} and its only {@link UserDetailsService}, if
	 * it has exactly one.
	 * @param context the application context
	 * @return the rules
	 */
	public static DestinationRules of(ApplicationContext context) {
		Assert.notNull(context, "'context' must not be null");
		ObjectProvider<DestinationAuthorizationManager> managers = context
			.getBeanProvider(DestinationAuthorizationManager.class);
		DestinationAuthorizationManager manager = managers.getIfUnique();
		Assert.state(manager != null, "The application context has no (single) DestinationAuthorizationManager: "
				+ "is wsauth auto-configured (an @EnableWebSocketMessageBroker application)?");
		return new DestinationRules(manager, context.getBeanProvider(UserDetailsService.class).getIfUnique());
	}

	/**
	 * Load a user through the application's {@link UserDetailsService}, authenticated as
	 * form login leaves it in the session (credentials erased).
	 * @param username the user name
	 * @return the authentication
	 */
	public Authentication user(String username) {
		Assert.hasText(username, "'username' must not be empty");
		UserDetailsService users = this.users;
		Assert.state(users != null,
				() -> "Cannot load user '" + username + "': the application has no single "
						+ "UserDetailsService; pass an Authentication instead, such as TestUsers.user(\"" + username
						+ "\", \"ROLE_USER\")");
		UserDetails details = users.loadUserByUsername(username);
		return UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities());
	}

	/**
	 * Decide whether a user loaded by name may send a frame.
	 * @param username the user name
	 * @param command the command
	 * @param destination the destination
	 * @return the decision
	 */
	public RuleDecision decide(String username, DestinationCommand command, String destination) {
		return decide(user(username), command, destination);
	}

	/**
	 * Decide whether a user may send a frame, as the interceptor would for a frame of a
	 * socket opened with that authentication.
	 * @param user the authentication
	 * @param command the command
	 * @param destination the destination
	 * @return the decision
	 */
	public RuleDecision decide(Authentication user, DestinationCommand command, String destination) {
		Assert.notNull(user, "'user' must not be null");
		Assert.notNull(command, "'command' must not be null");
		Assert.notNull(destination, "'destination' must not be null");
		DestinationAuthorizationDecision decision = this.manager.authorize(user, command, destination);
		return new RuleDecision(user, command, destination, decision.isGranted(), decision.getReason(),
				decision.getRule(), declaredRule(decision.getRule()));
	}

	@Override
	public DestinationRulesAssert assertThat() {
		return new DestinationRulesAssert(this);
	}

	private @Nullable DestinationRuleDefinition declaredRule(@Nullable String description) {
		if (description == null) {
			return null;
		}
		for (DestinationRuleDefinition rule : this.manager.getRules()) {
			if (description.equals(rule.command() + " " + rule.pattern())) {
				return rule;
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return "DestinationRules" + this.manager.getRuleDescriptions();
	}

}
