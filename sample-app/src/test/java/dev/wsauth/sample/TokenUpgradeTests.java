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
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import dev.wsauth.test.RawUpgrade;
import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;
import dev.wsauth.test.TestTokens;
import dev.wsauth.token.SubprotocolBearerToken;

import static dev.wsauth.sample.SampleClients.json;
import static dev.wsauth.sample.SampleClients.refusedUpgrade;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sockets at {@code /ws} opened with a token from {@code /api/token} instead of the
 * session cookie: as an {@code Authorization} header (non-browser clients) or as a
 * {@code Sec-WebSocket-Protocol} element (browsers). The token's user gets exactly the
 * topic rules a cookie socket of that user gets.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TokenUpgradeTests {

	private static final List<String> STOMP_PROTOCOLS = List.of("v12.stomp", "v11.stomp", "v10.stomp");

	@LocalServerPort
	int port;

	@Autowired
	JwtEncoder encoder;

	@Test
	void bearerHeaderSocketMayReadHerBoardAndIsDeniedAnotherAsWithACookie() {
		TestSessions sessions = TestSessions.on(this.port);
		String alice = SampleTokens.token(sessions, "alice", "alice-pw");
		try (StompTestClient client = bearerSocket(sessions, alice)) {
			assertReceipt(client, "b1", "/topic/boards.b1");
			client.subscribe("b2", "/topic/boards.b2", "b2-receipt");
			assertDenied(client.nextFrame(), "b2", "/topic/boards.b2");
			client.subscribe("admin", "/topic/admin", "admin-receipt");
			assertDenied(client.nextFrame(), "admin", "/topic/admin");
			assertReceipt(client, "announcements", "/topic/announcements");
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void adminTokenGrantsTheAdminRoleOnTheSocket() {
		TestSessions sessions = TestSessions.on(this.port);
		String admin = SampleTokens.token(sessions, "admin", "admin-pw");
		try (StompTestClient client = bearerSocket(sessions, admin)) {
			assertReceipt(client, "admin", "/topic/admin");
			assertReceipt(client, "b2", "/topic/boards.b2");
		}
	}

	@Test
	void bearerHeaderSocketCarriesTheUsersProfileIntoBoardEvents() {
		TestSessions sessions = TestSessions.on(this.port);
		String bob = SampleTokens.token(sessions, "bob", "bob-pw");
		try (StompTestClient client = bearerSocket(sessions, bob)) {
			assertReceipt(client, "b2", "/topic/boards.b2");
			client.sendTo("/app/boards.b2.join", "{}");
			StompFrame joined = client.nextFrame();
			assertThat(joined.command()).isEqualTo("MESSAGE");
			assertThat(json(joined.body())).containsEntry("type", "user_joined")
				.containsEntry("user", Map.of("id", "bob", "name", "Bob"))
				.containsEntry("viewers", 1);
		}
	}

	@Test
	void subprotocolTokenUpgradeAnswers101SelectingOnlyTheStompSubprotocol() {
		TestSessions sessions = TestSessions.on(this.port);
		String alice = SampleTokens.token(sessions, "alice", "alice-pw");
		String element = SubprotocolBearerToken.KUBERNETES_PREFIX + base64Url(alice);
		RawUpgrade.Response response = RawUpgrade.sendExactly(this.port, "/ws", "Origin: " + sessions.origin(),
				"Sec-WebSocket-Protocol: " + String.join(", ", STOMP_PROTOCOLS) + ", " + element);
		assertThat(response.status()).isEqualTo(101);
		assertThat(response.headers("Sec-WebSocket-Protocol")).containsExactly("v12.stomp");
		assertThat(String.join("\n", response.headerLines())).doesNotContain(base64Url(alice)).doesNotContain(alice);
	}

	@Test
	void subprotocolTokenSocketIsTheTokensUser() {
		TestSessions sessions = TestSessions.on(this.port);
		String alice = SampleTokens.token(sessions, "alice", "alice-pw");
		List<String> offer = new java.util.ArrayList<>(STOMP_PROTOCOLS);
		offer.add(SubprotocolBearerToken.KUBERNETES_PREFIX + base64Url(alice));
		try (StompTestClient client = StompTestClient
			.open(sessions.webSocketUri("/ws"), StompTestClient.headers("Origin", sessions.origin()), offer)
			.stompConnect(Map.of())) {
			assertThat(client.subprotocol()).isEqualTo("v12.stomp");
			assertReceipt(client, "b1", "/topic/boards.b1");
			client.subscribe("b2", "/topic/boards.b2", "b2-receipt");
			assertDenied(client.nextFrame(), "b2", "/topic/boards.b2");
		}
	}

	@Test
	void cookieOfOneUserAndTokenOfAnotherAreRejectedWith401() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		String bob = SampleTokens.token(sessions, "bob", "bob-pw");
		assertThat(refusedUpgrade(sessions, "Cookie", alice.header(), "Origin", sessions.origin(), "Authorization",
				"Bearer " + bob)
			.status()).isEqualTo(401);
		RawUpgrade.Response subprotocol = RawUpgrade.sendExactly(this.port, "/ws", "Cookie: " + alice.header(),
				"Origin: " + sessions.origin(),
				"Sec-WebSocket-Protocol: v12.stomp, " + SubprotocolBearerToken.KUBERNETES_PREFIX + base64Url(bob));
		assertThat(subprotocol.status()).isEqualTo(401);
	}

	@Test
	void cookieAndTokenOfTheSameUserAreAccepted() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		String token = SampleTokens.token(sessions, alice);
		assertThat(SampleClients.upgradeStatus(sessions, "Cookie", alice.header(), "Origin", sessions.origin(),
				"Authorization", "Bearer " + token))
			.isEqualTo(101);
	}

	@Test
	void tokenSignedWithAnotherKeyIsRejectedWith401() {
		TestSessions sessions = TestSessions.on(this.port);
		assertThat(refusedUpgrade(sessions, "Authorization", "Bearer " + TestTokens.foreignToken("alice")).status())
			.isEqualTo(401);
	}

	@Test
	void expiredTokenIsRejectedWith401() {
		TestSessions sessions = TestSessions.on(this.port);
		String expired = token("alice", Instant.now().minus(Duration.ofMinutes(5)));
		assertThat(refusedUpgrade(sessions, "Authorization", "Bearer " + expired).status()).isEqualTo(401);
	}

	@Test
	void socketOpenedWithATokenIsClosedWith4002WhenTheTokenExpires() {
		TestSessions sessions = TestSessions.on(this.port);
		String shortLived = token("alice", Instant.now().plus(Duration.ofSeconds(2)));
		try (StompTestClient client = bearerSocket(sessions, shortLived)) {
			assertReceipt(client, "b1", "/topic/boards.b1");
			assertThat(client.awaitCloseCode(Duration.ofSeconds(15))).isEqualTo(4002);
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void tokensNeverAppearInTheLog(CapturedOutput output) {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		String aliceToken = SampleTokens.token(sessions, alice);
		String bob = SampleTokens.token(sessions, "bob", "bob-pw");
		String expired = token("alice", Instant.now().minus(Duration.ofMinutes(5)));
		String foreign = TestTokens.foreignToken("alice");
		try (StompTestClient client = bearerSocket(sessions, aliceToken)) {
			assertReceipt(client, "b1", "/topic/boards.b1");
		}
		refusedUpgrade(sessions, "Cookie", alice.header(), "Authorization", "Bearer " + bob);
		refusedUpgrade(sessions, "Authorization", "Bearer " + expired);
		refusedUpgrade(sessions, "Authorization", "Bearer " + foreign);
		RawUpgrade.sendExactly(this.port, "/ws",
				"Sec-WebSocket-Protocol: v12.stomp, " + SubprotocolBearerToken.KUBERNETES_PREFIX + base64Url(foreign));
		for (String token : List.of(aliceToken, bob, expired, foreign)) {
			assertThat(output).doesNotContain(token).doesNotContain(base64Url(token));
		}
	}

	private static StompTestClient bearerSocket(TestSessions sessions, String token) {
		return StompTestClient
			.open(sessions.webSocketUri("/ws"), StompTestClient.headers("Authorization", "Bearer " + token))
			.stompConnect(Map.of());
	}

	private String token(String subject, Instant expiresAt) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(subject)
			.issuedAt(expiresAt.minus(Duration.ofMinutes(15)))
			.expiresAt(expiresAt)
			.claim("roles", List.of("USER"))
			.build();
		return this.encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

	static String base64Url(String token) {
		return java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	static void assertReceipt(StompTestClient client, String id, String destination) {
		client.subscribe(id, destination, id + "-receipt");
		StompFrame receipt = client.nextFrame();
		assertThat(receipt.command()).as("answer to SUBSCRIBE " + destination).isEqualTo("RECEIPT");
		assertThat(receipt.header("receipt-id")).isEqualTo(id + "-receipt");
	}

	static void assertDenied(StompFrame frame, String subscription, String destination) {
		assertThat(frame.command()).isEqualTo("MESSAGE");
		assertThat(frame.header("subscription")).isEqualTo(subscription);
		assertThat(frame.header("wsauth-denied")).isEqualTo("FORBIDDEN");
		assertThat(frame.header("destination")).isEqualTo(destination);
	}

}
