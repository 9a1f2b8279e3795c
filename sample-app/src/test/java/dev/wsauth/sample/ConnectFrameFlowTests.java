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

package dev.wsauth.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;
import dev.wsauth.test.TestTokens;

import static dev.wsauth.sample.SampleClients.json;
import static dev.wsauth.sample.TokenUpgradeTests.assertDenied;
import static dev.wsauth.sample.TokenUpgradeTests.assertReceipt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CONNECT-frame authentication at the sample's {@code /ws-connect}: the upgrade carries
 * no credentials, the CONNECT frame does ({@code Authorization: Bearer}, or
 * {@code login}/{@code passcode}), and an in-band refresh replaces the token. Needs
 * CONNECT-frame authentication, built on another branch: run after merging it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ConnectFrameFlowTests {

	@LocalServerPort
	int port;

	@Autowired
	JwtEncoder encoder;

	@Test
	void connectEndpointUpgradeNeedsNoCredentials() {
		TestSessions sessions = TestSessions.on(this.port);
		assertThat(StompTestClient.upgradeStatus(sessions.webSocketUri("/ws-connect"), Map.of())).isEqualTo(101);
	}

	@Test
	void bearerTokenInTheConnectFrameGivesTheTokenUsersTopicRules() {
		TestSessions sessions = TestSessions.on(this.port);
		String alice = SampleTokens.token(sessions, "alice", "alice-pw");
		try (StompTestClient client = open(sessions).stompConnect(Map.of("Authorization", "Bearer " + alice))) {
			assertReceipt(client, "b1", "/topic/boards.b1");
			client.subscribe("b2", "/topic/boards.b2", "b2-receipt");
			assertDenied(client.nextFrame(), "b2", "/topic/boards.b2");
			client.sendTo("/app/boards.b1.join", "{}");
			assertThat(json(client.nextFrame().body())).containsEntry("user", Map.of("id", "alice", "name", "Alice"));
		}
	}

	@Test
	void loginAndPasscodeInTheConnectFrameAuthenticateTheUser() {
		TestSessions sessions = TestSessions.on(this.port);
		try (StompTestClient client = open(sessions).stompConnect(Map.of("login", "admin", "passcode", "admin-pw"))) {
			assertReceipt(client, "admin", "/topic/admin");
		}
	}

	@Test
	void wrongPasscodeGetsAnErrorFrameAndClose4001() {
		TestSessions sessions = TestSessions.on(this.port);
		try (StompTestClient client = open(sessions)) {
			connect(client, Map.of("login", "alice", "passcode", "wrong"));
			assertRefused(client);
		}
	}

	@Test
	void foreignTokenInTheConnectFrameGetsAnErrorFrameAndClose4001() {
		TestSessions sessions = TestSessions.on(this.port);
		try (StompTestClient client = open(sessions)) {
			connect(client, Map.of("Authorization", "Bearer " + TestTokens.foreignToken("alice")));
			assertRefused(client);
		}
	}

	@Test
	void sessionCookieDoesNotAuthenticateTheConnectEndpoint() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient client = StompTestClient.open(sessions.webSocketUri("/ws-connect"),
				StompTestClient.headers("Cookie", alice.header(), "Origin", sessions.origin()))) {
			connect(client, Map.of());
			assertRefused(client);
		}
	}

	@Test
	void tokenRefreshedInBandKeepsTheSocketOpenPastTheOldExpiry() {
		TestSessions sessions = TestSessions.on(this.port);
		Instant oldExpiry = Instant.now().plus(Duration.ofSeconds(3));
		try (StompTestClient client = open(sessions)
			.stompConnect(Map.of("Authorization", "Bearer " + token("alice", oldExpiry)))) {
			String fresh = SampleTokens.token(sessions, "alice", "alice-pw");
			client.send("SEND",
					Map.of("destination", "/wsauth/token", "Authorization", "Bearer " + fresh, "receipt", "refresh-1"),
					"");
			StompFrame receipt = client.nextFrame();
			assertThat(receipt.command()).isEqualTo("RECEIPT");
			assertThat(receipt.header("receipt-id")).isEqualTo("refresh-1");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> Instant.now().isAfter(oldExpiry.plus(Duration.ofSeconds(2))));
			assertReceipt(client, "b1", "/topic/boards.b1");
			assertThat(client.isClosed()).isFalse();
		}
	}

	private static StompTestClient open(TestSessions sessions) {
		return StompTestClient.open(sessions.webSocketUri("/ws-connect"), Map.of());
	}

	private static void connect(StompTestClient client, Map<String, String> credentials) {
		Map<String, String> headers = new java.util.LinkedHashMap<>(
				Map.of("accept-version", "1.2", "host", "localhost", "heart-beat", "0,0"));
		headers.putAll(credentials);
		client.send("CONNECT", headers, "");
	}

	private static void assertRefused(StompTestClient client) {
		StompFrame error = client.nextFrame();
		assertThat(error.command()).isEqualTo("ERROR");
		assertThat(error.toString()).doesNotContain("eyJ").doesNotContain("wrong");
		assertThat(client.awaitCloseCode()).isEqualTo(4001);
	}

	private String token(String subject, Instant expiresAt) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(subject)
			.issuedAt(Instant.now())
			.expiresAt(expiresAt)
			.claim("roles", List.of("USER"))
			.build();
		return this.encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

}
