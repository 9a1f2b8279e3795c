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

package dev.wsauth.it.token;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import dev.wsauth.reauthorization.WebSocketAuthorizations;
import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;
import dev.wsauth.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live re-authorization of a socket without an HTTP session: when a CONNECT frame's login
 * and passcode authenticated it, its current authorities come from the user store; when a
 * bearer token did, the token's authorities stay and the store only says whether the
 * account is still usable.
 */
@SpringBootTest(classes = TokenApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = TokenApplication.PROPERTIES)
class ConnectFrameReauthorizationTests {

	@LocalServerPort
	int port;

	@Autowired
	InMemoryUserDetailsManager users;

	@Autowired
	WebSocketAuthorizations authorizations;

	@Test
	void roleRemovedInTheUserStoreDropsTheSubscriptionItGrantedAndDecidesLaterFramesToo() {
		try (StompTestClient carol = open()) {
			carol.stompConnect(Map.of("login", "carol", "passcode", "carol-pw"));
			carol.subscribe("sub-admin", "/topic/admin", "r-1");
			carol.subscribe("sub-open", "/topic/open", "r-2");
			for (int i = 0; i < 2; i++) {
				assertThat(carol.nextFrame(Duration.ofSeconds(5)).command()).isEqualTo("RECEIPT");
			}
			this.users.updateUser(User.withUsername("carol").password("{noop}carol-pw").roles("USER").build());
			assertThat(this.authorizations.reevaluate("carol")).isEqualTo(1);
			StompFrame denial = carol.nextFrame(Duration.ofSeconds(5));
			assertThat(denial.header("subscription")).isEqualTo("sub-admin");
			assertThat(denial.header("wsauth-denied")).isEqualTo("REVOKED");
			// Spring keeps the principal the CONNECT frame authenticated; wsauth decides
			// with the reloaded one.
			carol.subscribe("sub-admin-again", "/topic/admin", "r-3");
			assertThat(carol.nextFrame(Duration.ofSeconds(5)).header("wsauth-denied")).isEqualTo("FORBIDDEN");
			assertThat(carol.isClosed()).isFalse();
		}
		finally {
			this.users.updateUser(User.withUsername("carol").password("{noop}carol-pw").roles("ADMIN").build());
		}
	}

	@Test
	void aTokenScopedBelowWhatTheUserStoreGrantsIsNotWidenedByAReevaluation() {
		// The user store makes carol an ADMIN; this token grants her USER only.
		try (StompTestClient carol = subscribedToOpenWithAUserToken("carol")) {
			assertThat(this.authorizations.reevaluate("carol")).isZero();
			carol.subscribe("sub-admin", "/topic/admin", "r-2");
			assertThat(carol.nextFrame(Duration.ofSeconds(5)).header("wsauth-denied")).isEqualTo("FORBIDDEN");
			assertThat(carol.pollFrame(Duration.ofMillis(200))).isNull();
		}
	}

	@Test
	void aTokenBesideTheSessionCookieOfTheSameUserIsNotWidenedToTheSessionsRolesByAReevaluation() {
		TestSessions sessions = TestSessions.on(this.port);
		// The form login gives carol's session ADMIN; the token grants her USER only.
		Cookies cookies = sessions.login("carol", "carol-pw");
		String token = TestTokens.token("carol", Duration.ofMinutes(5), "USER");
		try (StompTestClient carol = StompTestClient.connect(sessions.webSocketUri("/ws"), StompTestClient
			.headers("Cookie", cookies.header(), "Authorization", "Bearer " + token, "Origin", sessions.origin()))) {
			carol.subscribe("sub-admin", "/topic/admin", "r-1");
			assertThat(carol.nextFrame(Duration.ofSeconds(5)).header("wsauth-denied")).isEqualTo("FORBIDDEN");
			assertThat(this.authorizations.reevaluate("carol")).isZero();
			carol.subscribe("sub-admin-again", "/topic/admin", "r-2");
			assertThat(carol.nextFrame(Duration.ofSeconds(5)).header("wsauth-denied")).isEqualTo("FORBIDDEN");
		}
	}

	@Test
	void aTokenOfAUserTheUserStoreLockedLosesItsSubscriptionsOnReevaluationAndItsAuthorityOnceUnlocked() {
		try (StompTestClient alice = subscribedToOpenWithAUserToken("alice")) {
			this.users.updateUser(
					User.withUsername("alice").password("{noop}alice-pw").roles("USER").accountLocked(true).build());
			assertThat(this.authorizations.reevaluate("alice")).isEqualTo(1);
			StompFrame denial = alice.nextFrame(Duration.ofSeconds(5));
			assertThat(denial.header("subscription")).isEqualTo("sub-open");
			assertThat(denial.header("wsauth-denied")).isEqualTo("REVOKED");
			// Unlocked: the next re-evaluation gives the socket its token back.
			this.users.updateUser(User.withUsername("alice").password("{noop}alice-pw").roles("USER").build());
			assertThat(this.authorizations.reevaluate("alice")).isZero();
			alice.subscribe("sub-open-again", "/topic/open", "r-2");
			assertThat(alice.nextFrame(Duration.ofSeconds(5)).command()).isEqualTo("RECEIPT");
		}
		finally {
			this.users.updateUser(User.withUsername("alice").password("{noop}alice-pw").roles("USER").build());
		}
	}

	/**
	 * A connection authenticated by a token granting the user role USER only, with its
	 * {@code sub-open} subscription to {@code /topic/open} confirmed.
	 */
	private StompTestClient subscribedToOpenWithAUserToken(String user) {
		StompTestClient client = open();
		try {
			client.stompConnect(
					Map.of("Authorization", "Bearer " + TestTokens.token(user, Duration.ofMinutes(5), "USER")));
			client.subscribe("sub-open", "/topic/open", "r-open");
			assertThat(client.nextFrame(Duration.ofSeconds(5)).command()).isEqualTo("RECEIPT");
			return client;
		}
		catch (RuntimeException | AssertionError ex) {
			client.close();
			throw ex;
		}
	}

	private StompTestClient open() {
		TestSessions sessions = TestSessions.on(this.port);
		return StompTestClient.open(sessions.webSocketUri("/ws-connect"),
				StompTestClient.headers("Origin", sessions.origin()));
	}

}
