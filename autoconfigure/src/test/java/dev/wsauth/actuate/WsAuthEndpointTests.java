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
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import dev.wsauth.actuate.WsAuthEndpoint.ClosedDescriptor;
import dev.wsauth.actuate.WsAuthEndpoint.ErrorDescriptor;
import dev.wsauth.actuate.WsAuthEndpoint.ExplanationDescriptor;
import dev.wsauth.revocation.WebSocketRevocations;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.topic.CanonicalDestinationValidator;
import dev.wsauth.topic.DestinationAuthorizationManager;
import dev.wsauth.topic.DestinationCommand;
import dev.wsauth.topic.DestinationRuleDefinition;
import dev.wsauth.topic.DestinationRuleExpressionHandler;
import dev.wsauth.topic.DestinationRulesInitializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsAuthEndpoint} without a server: the answers no integration test
 * reaches.
 *
 * @author wsauth
 */
class WsAuthEndpointTests {

	private final DestinationAuthorizationManager manager = manager(
			new DestinationRuleDefinition(DestinationCommand.SUBSCRIBE, "/topic/open", "isAuthenticated()", "open"),
			new DestinationRuleDefinition(DestinationCommand.SUBSCRIBE, "/topic/broken", "@missing.check()", "broken"));

	private final ConnectionRegistry registry = new ConnectionRegistry(() -> null);

	private final WsAuthEndpoint endpoint = new WsAuthEndpoint(this.manager, this.registry,
			new WebSocketRevocations(this.registry));

	@Test
	void userStoreThatFailsIsA503ThatHidesTheCause() {
		UserDetailsService failing = (name) -> {
			throw new IllegalStateException("connection refused to ldap://secret-host");
		};
		this.endpoint.setUserDetailsService(failing);
		WebEndpointResponse<Object> response = this.endpoint.explain("explain", "alice", "subscribe", "/topic/open",
				null);
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getBody()).isEqualTo(new ErrorDescriptor("user store unavailable"));
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("unusableAccounts")
	void anAccountALoginWouldRefuseIsDeniedWithWhyAndTheRuleItsDecisionWouldFollow(UserDetails details, String reason) {
		this.endpoint.setUserDetailsService(new InMemoryUserDetailsManager(details));
		ExplanationDescriptor explanation = explanation(
				this.endpoint.explain("explain", "alice", "subscribe", "/topic/open", null));
		assertThat(explanation.decision()).isEqualTo("denied");
		assertThat(explanation.reason())
			.isEqualTo(reason + "; a login would be refused (otherwise granted: rule expression granted)");
		assertThat(explanation.rule()).isNotNull();
		assertThat(explanation.rule().source()).isEqualTo("open");
	}

	static Stream<Arguments> unusableAccounts() {
		return Stream.of(Arguments.of(alice().accountLocked(true).disabled(true).build(), "account is locked"),
				Arguments.of(alice().disabled(true).accountExpired(true).build(), "account is disabled"),
				Arguments.of(alice().accountExpired(true).credentialsExpired(true).build(), "account has expired"),
				Arguments.of(alice().credentialsExpired(true).build(), "credentials have expired"));
	}

	@Test
	void anAccountALoginWouldRefuseOnADestinationNoRuleCoversKeepsTheReasonNoRuleDecided() {
		this.endpoint.setUserDetailsService(new InMemoryUserDetailsManager(alice().accountLocked(true).build()));
		ExplanationDescriptor explanation = explanation(
				this.endpoint.explain("explain", "alice", "subscribe", "/topic/unknown", null));
		assertThat(explanation.decision()).isEqualTo("denied");
		assertThat(explanation.rule()).isNull();
		assertThat(explanation.reason()).isEqualTo("account is locked; a login would be refused "
				+ "(otherwise denied: no rule matches; unknown destinations are denied)");
	}

	@Test
	void aUsableAccountIsDecidedByTheRuleAlone() {
		this.endpoint.setUserDetailsService(new InMemoryUserDetailsManager(alice().build()));
		ExplanationDescriptor explanation = explanation(
				this.endpoint.explain("explain", "alice", "subscribe", "/topic/open", null));
		assertThat(explanation.decision()).isEqualTo("granted");
		assertThat(explanation.reason()).isEqualTo("rule expression granted");
	}

	private static User.UserBuilder alice() {
		return User.withUsername("alice").password("{noop}pw").roles("USER");
	}

	@Test
	void ruleWhoseExpressionFailsDeniesAndIsNamed() {
		ExplanationDescriptor explanation = explanation(
				this.endpoint.explain("explain", "alice", "subscribe", "/topic/broken", "ROLE_USER"));
		assertThat(explanation.decision()).isEqualTo("denied");
		assertThat(explanation.reason()).isEqualTo("rule expression denied");
		assertThat(explanation.rule()).isNotNull();
		assertThat(explanation.rule().source()).isEqualTo("broken");
	}

	@Test
	void commandIsCaseInsensitive() {
		assertThat(explanation(this.endpoint.explain("explain", "alice", "SUBSCRIBE", "/topic/open", "")).decision())
			.isEqualTo("granted");
	}

	@Test
	void blankDestinationIsABadRequest() {
		assertThat(this.endpoint.explain("explain", "alice", "subscribe", " ", "").getStatus()).isEqualTo(400);
	}

	@Test
	void closeWithoutCodeUses4003AndCountsTheSocketsOfThisNode() {
		WebEndpointResponse<Object> response = this.endpoint.close("users", "alice", null);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getBody()).isEqualTo(new ClosedDescriptor(4003, 0));
	}

	@Test
	void closeOfAnotherCollectionIsNotFoundAndClosesNothing() {
		assertThat(this.endpoint.close("sessions", "alice", null).getStatus()).isEqualTo(404);
	}

	@Test
	void countsOfAnEmptyNodeAreZero() {
		WsAuthEndpoint.WsAuthDescriptor description = this.endpoint.describe();
		assertThat(description.counts()).isEqualTo(new WsAuthEndpoint.CountsDescriptor(0, 0, 0));
		assertThat(description.rules()).extracting(WsAuthEndpoint.RuleDescriptor::source)
			.containsExactlyInAnyOrder("open", "broken");
	}

	private static ExplanationDescriptor explanation(WebEndpointResponse<Object> response) {
		assertThat(response.getStatus()).isEqualTo(200);
		return (ExplanationDescriptor) response.getBody();
	}

	private static DestinationAuthorizationManager manager(DestinationRuleDefinition... rules) {
		DestinationAuthorizationManager manager = new DestinationAuthorizationManager(
				new DestinationRuleExpressionHandler(), new CanonicalDestinationValidator());
		new DestinationRulesInitializer(manager, List.of(rules)).afterSingletonsInstantiated();
		return manager;
	}

}
