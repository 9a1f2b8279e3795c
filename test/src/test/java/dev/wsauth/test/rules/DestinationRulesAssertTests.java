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

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import dev.wsauth.test.app.KitApplication;
import dev.wsauth.test.autoconfigure.WsAuthRulesTest;
import dev.wsauth.topic.DenialReason;
import dev.wsauth.topic.DestinationAuthorizationManager;
import dev.wsauth.topic.DestinationCommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Rule checks without a server, decided by the application's own
 * {@code DestinationAuthorizationManager}: every assertion passing and failing.
 */
@WsAuthRulesTest(classes = KitApplication.class)
class DestinationRulesAssertTests {

	@Autowired
	DestinationRules rules;

	@Autowired
	ApplicationContext context;

	@Test
	void membersMayReadAndPostInTheirRooms() {
		assertThat(this.rules).allows("alice").toSubscribe("/topic/rooms.r1").toSend("/app/rooms.r1.post");
		assertThat(this.rules).allows("bob").toSubscribe("/topic/rooms.r2").toSend("/app/rooms.r2.post");
	}

	@Test
	void nonMembersAreDeniedAndAdminsMayReadButNotPost() {
		assertThat(this.rules).denies("alice").toSubscribe("/topic/rooms.r2").toSend("/app/rooms.r2.post");
		assertThat(this.rules).allows("admin").toSubscribe("/topic/rooms.r2").toSubscribe("/topic/admin");
		assertThat(this.rules).denies("admin", DenialReason.FORBIDDEN).toSend("/app/rooms.r2.post");
	}

	@Test
	void usersGivenByAuthoritiesAreDecidedByThoseAuthorities() {
		assertThat(this.rules).allows(TestUsers.user("carol", "ROLE_ADMIN")).toSubscribe("/topic/admin");
		assertThat(this.rules).denies(TestUsers.user("dave", "ROLE_USER"), DenialReason.FORBIDDEN)
			.toSubscribe("/topic/admin");
	}

	@Test
	void patternsAreDeniedAsInvalidAndUserDestinationsAreAllowed() {
		assertThat(this.rules).denies("admin", DenialReason.INVALID_DESTINATION)
			.toSubscribe("/topic/rooms.*")
			.toSubscribe("/topic/**");
		assertThat(this.rules).allows("alice").toSubscribe("/user/queue/notifications");
		assertThat(this.rules).denies("alice").toSubscribe("/queue/notifications-user0");
	}

	@Test
	void allowsThatARuleDeniesNamesTheUserTheDestinationTheReasonAndTheRule() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.rules).allows("alice").toSubscribe("/topic/rooms.r2"))
			.withMessage("Expected alice to be allowed to SUBSCRIBE to /topic/rooms.r2\n"
					+ "but was denied: FORBIDDEN\n" + "deciding rule: SUBSCRIBE /topic/rooms.{room} with access "
					+ "\"@rooms.isMember(authentication.name, #room) or hasRole('ADMIN')\" declared at "
					+ "dev.wsauth.test.app.RoomRules#read\n" + "user: alice [ROLE_USER]");
	}

	@Test
	void allowsOfADestinationNoRuleCoversSaysSo() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.rules).allows("admin").toSend("/topic/news"))
			.withMessage("Expected admin to be allowed to SEND to /topic/news\n" + "but was denied: FORBIDDEN\n"
					+ "deciding rule: none; no rule matches SEND /topic/news, and unknown destinations are denied\n"
					+ "user: admin [ROLE_ADMIN, ROLE_USER]");
	}

	@Test
	void deniesThatARuleAllowsNamesThePropertyRuleThatAllowed() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.rules).denies("alice").toSubscribe("/topic/news"))
			.withMessage("Expected alice to be denied SUBSCRIBE to /topic/news\n" + "but was allowed\n"
					+ "deciding rule: SUBSCRIBE /topic/news with access \"isAuthenticated()\" declared at "
					+ "wsauth.authorization.rules[1]\n" + "user: alice [ROLE_USER]");
	}

	@Test
	void deniesWithAnotherReasonSaysWhichReason() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(
					() -> assertThat(this.rules).denies("alice", DenialReason.FORBIDDEN).toSubscribe("/topic/rooms.*"))
			.withMessage("Expected alice to be denied SUBSCRIBE to /topic/rooms.* with reason FORBIDDEN\n"
					+ "but was denied: INVALID_DESTINATION\n"
					+ "deciding rule: none; the destination is not canonical (a pattern, a non-canonical path or a "
					+ "broker-object prefix) and is denied before any rule\n" + "user: alice [ROLE_USER]");
	}

	@Test
	void deniesOfAUserDestinationNamesTheBuiltInGrant() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.rules).denies("alice").toSubscribe("/user/queue/notifications"))
			.withMessage("Expected alice to be denied SUBSCRIBE to /user/queue/notifications\n" + "but was allowed\n"
					+ "deciding rule: SUBSCRIBE /user/** (built in: user destinations resolve to the subscriber's "
					+ "own session)\n" + "user: alice [ROLE_USER]");
	}

	@Test
	void aResolvedUserQueueIsExplained() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.rules).allows("alice").toSubscribe("/queue/notifications-user0"))
			.withMessageContaining("deciding rule: none; the destination names a resolved user queue");
	}

	@Test
	void decideReturnsTheDecisionAndTheDeclaredRule() {
		RuleDecision decision = this.rules.decide("bob", DestinationCommand.SUBSCRIBE, "/topic/rooms.r2");
		assertThat(decision.isGranted()).isTrue();
		assertThat(decision.getReason()).isNull();
		assertThat(decision.getRule()).isNotNull();
		assertThat(decision.getRule().source()).isEqualTo("dev.wsauth.test.app.RoomRules#read");
		assertThat(decision).hasToString("bob SUBSCRIBE /topic/rooms.r2: allowed by " + decision.explanation());
	}

	@Test
	void rulesOfAContextAreTheSameAsTheInjectedOnes() {
		DestinationRules byHand = DestinationRules.of(this.context);
		assertThat(byHand).denies("alice").toSubscribe("/topic/admin");
		assertThat(byHand).allows("admin").toSubscribe("/topic/admin");
	}

	@Test
	void aUserTheUserDetailsServiceDoesNotKnowIsAnError() {
		assertThat(catchThrowable(() -> assertThat(this.rules).allows("mallory")))
			.isInstanceOf(UsernameNotFoundException.class);
	}

	@Test
	void rulesWithoutAUserDetailsServiceAskForAnAuthentication() {
		DestinationRules withoutUsers = new DestinationRules(
				this.context.getBean(DestinationAuthorizationManager.class), null);
		assertThatIllegalStateException().isThrownBy(() -> withoutUsers.user("alice"))
			.withMessage("Cannot load user 'alice': the application has no single UserDetailsService; pass an "
					+ "Authentication instead, such as TestUsers.user(\"alice\", \"ROLE_USER\")");
		assertThat(withoutUsers).allows(TestUsers.user("alice", "ROLE_USER")).toSubscribe("/topic/rooms.r1");
	}

}
