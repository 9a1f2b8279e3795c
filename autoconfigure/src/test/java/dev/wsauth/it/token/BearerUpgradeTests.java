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

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.test.RawUpgrade;
import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;
import dev.wsauth.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that can set headers authenticates the upgrade with
 * {@code Authorization: Bearer}, checked by the application's resource-server
 * configuration.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = TokenApplication.class,
		properties = TokenApplication.PROPERTIES)
class BearerUpgradeTests {

	@LocalServerPort
	int port;

	TestSessions sessions;

	URI ws;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
		this.ws = this.sessions.webSocketUri("/ws");
	}

	@Test
	void bearerHeaderOpensASocketAsTheTokensSubject() {
		String token = TestTokens.token("alice", Duration.ofMinutes(5), "USER");
		try (StompTestClient alice = StompTestClient.connect(this.ws, bearer(token))) {
			assertThat(whoAmI(alice)).isEqualTo("alice");
		}
	}

	@Test
	void tokenRolesDecideTopicAccessLikeSessionRoles() {
		String user = TestTokens.token("alice", Duration.ofMinutes(5), "USER");
		String admin = TestTokens.token("carol", Duration.ofMinutes(5), "ADMIN");
		try (StompTestClient alice = StompTestClient.connect(this.ws, bearer(user));
				StompTestClient carol = StompTestClient.connect(this.ws, bearer(admin))) {
			alice.subscribe("s1", "/topic/admin", "r1");
			StompFrame denied = alice.awaitFrame((frame) -> "r1".equals(frame.header("receipt-id")));
			assertThat(denied.header("wsauth-denied")).isEqualTo("FORBIDDEN");
			carol.subscribe("s1", "/topic/admin", "r1");
			StompFrame receipt = carol.awaitFrame((frame) -> "r1".equals(frame.header("receipt-id")));
			assertThat(receipt.command()).isEqualTo("RECEIPT");
		}
	}

	@Test
	void expiredTokenIsRefusedWith401() {
		String token = TestTokens.token("alice", Instant.now().minusSeconds(5), "USER");
		assertThat(StompTestClient.upgradeStatus(this.ws, bearer(token))).isEqualTo(401);
	}

	@Test
	void tokenSignedWithAnotherKeyIsRefusedWith401() {
		assertThat(StompTestClient.upgradeStatus(this.ws, bearer(TestTokens.foreignToken("alice")))).isEqualTo(401);
	}

	@Test
	void malformedBearerHeadersAreRefusedWith401() {
		assertThat(StompTestClient.upgradeStatus(this.ws, Map.of("Authorization", "Bearer"))).isEqualTo(401);
		assertThat(StompTestClient.upgradeStatus(this.ws, Map.of("Authorization", "Bearer a b"))).isEqualTo(401);
		assertThat(StompTestClient.upgradeStatus(this.ws, Map.of("Authorization", "Bearer not,a;token")))
			.isEqualTo(401);
		// Beyond Tomcat's 8 KB header limit the container itself answers 400.
		assertThat(StompTestClient.upgradeStatus(this.ws, Map.of("Authorization", "Bearer " + "a".repeat(9000))))
			.isIn(400, 401);
	}

	@Test
	void twoAuthorizationHeadersAreRefusedWith400() {
		String token = TestTokens.token("alice", Duration.ofMinutes(5), "USER");
		RawUpgrade.Response response = RawUpgrade.send(this.port, "/ws", "Authorization: Bearer " + token,
				"Authorization: Bearer " + token);
		assertThat(response.status()).isEqualTo(400);
	}

	@Test
	void invalidTokenIsRefusedEvenWithAValidSessionCookie() {
		Cookies cookies = this.sessions.login("alice", "alice-pw");
		Map<String, String> headers = Map.of("Cookie", cookies.header(), "Authorization",
				"Bearer " + TestTokens.foreignToken("alice"));
		assertThat(StompTestClient.upgradeStatus(this.ws, headers)).isEqualTo(401);
	}

	@Test
	void sessionCookieAndTokenOfDifferentUsersAreRefusedWith401() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		String bob = TestTokens.token("bob", Duration.ofMinutes(5), "USER");
		Map<String, String> headers = Map.of("Cookie", alice.header(), "Authorization", "Bearer " + bob);
		assertThat(StompTestClient.upgradeStatus(this.ws, headers)).isEqualTo(401);
	}

	@Test
	void sessionCookiesOfTwoUsersAreRefusedWith401EvenBesideAValidToken() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		Cookies bob = this.sessions.login("bob", "bob-pw");
		String token = TestTokens.token("alice", Duration.ofMinutes(5), "USER");
		Map<String, String> headers = Map.of("Cookie", alice.header() + "; " + bob.header(), "Authorization",
				"Bearer " + token);
		assertThat(StompTestClient.upgradeStatus(this.ws, headers)).isEqualTo(401);
		assertThat(StompTestClient.upgradeStatus(this.ws,
				Map.of("Cookie", alice.header(), "Authorization", "Bearer " + token)))
			.isEqualTo(101);
	}

	@Test
	void sessionCookieAndTokenOfTheSameUserAreAccepted() {
		Cookies cookies = this.sessions.login("alice", "alice-pw");
		String token = TestTokens.token("alice", Duration.ofMinutes(5), "USER");
		Map<String, String> headers = Map.of("Cookie", cookies.header(), "Authorization", "Bearer " + token);
		try (StompTestClient alice = StompTestClient.connect(this.ws, headers)) {
			assertThat(whoAmI(alice)).isEqualTo("alice");
		}
	}

	@Test
	void socketIsClosedWith4002WhenItsTokenExpires() {
		String token = TestTokens.token("alice", Duration.ofSeconds(2), "USER");
		try (StompTestClient alice = StompTestClient.connect(this.ws, bearer(token))) {
			StompFrame error = alice.awaitFrame((frame) -> "ERROR".equals(frame.command()));
			assertThat(error.header("message")).isEqualTo("credentials expired");
			assertThat(alice.awaitCloseCode()).isEqualTo(4002);
		}
	}

	@Test
	void basicAuthorizationHeaderIsLeftToTheApplication() {
		// Not a bearer token: wsauth neither accepts nor refuses it, so the cookie
		// decides.
		Map<String, String> headers = Map.of("Authorization", "Basic YWxpY2U6YWxpY2UtcHc=");
		assertThat(StompTestClient.upgradeStatus(this.ws, headers)).isEqualTo(401);
		Cookies cookies = this.sessions.login("alice", "alice-pw");
		assertThat(StompTestClient.upgradeStatus(this.ws,
				Map.of("Cookie", cookies.header(), "Authorization", "Basic Ym9iOmJvYi1wdw==")))
			.isEqualTo(101);
	}

	static Map<String, String> bearer(String token) {
		return Map.of("Authorization", "Bearer " + token);
	}

	static String whoAmI(StompTestClient client) {
		client.subscribe("whoami", "/user/queue/whoami", "whoami-ready");
		client.awaitFrame((frame) -> "whoami-ready".equals(frame.header("receipt-id")));
		client.sendTo("/app/whoami", "{}");
		return client
			.awaitFrame((frame) -> "MESSAGE".equals(frame.command()) && "whoami".equals(frame.header("subscription")))
			.body();
	}

}
