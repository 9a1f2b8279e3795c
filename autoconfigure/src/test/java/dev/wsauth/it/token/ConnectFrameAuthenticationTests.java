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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.web.socket.messaging.SessionConnectEvent;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;
import dev.wsauth.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CONNECT-frame authentication on {@code /ws-connect}: the upgrade carries no
 * credentials, the CONNECT frame must, and nothing happens before it did.
 */
@SpringBootTest(classes = TokenApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = TokenApplication.PROPERTIES)
@ExtendWith(OutputCaptureExtension.class)
class ConnectFrameAuthenticationTests {

	@LocalServerPort
	int port;

	@Autowired
	ConfigurableApplicationContext context;

	TestSessions sessions;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
	}

	@Test
	void bearerConnectAuthenticatesTheConnectionAsTheTokenSubject() {
		try (StompTestClient client = open()) {
			client.stompConnect(bearer(TestTokens.token("alice", Duration.ofMinutes(5), "USER")));
			assertThat(whoAmI(client)).isEqualTo("alice");
		}
	}

	@Test
	void connectedFrameNamesTheAuthenticatedUser() {
		try (StompTestClient client = open()) {
			client.send("CONNECT", connectHeaders(bearer(TestTokens.token("bob", Duration.ofMinutes(5)))), "");
			StompFrame connected = client.nextFrame();
			assertThat(connected.command()).isEqualTo("CONNECTED");
			assertThat(connected.header("user-name")).isEqualTo("bob");
		}
	}

	@Test
	void credentialHeadersNeverReachTheApplication() {
		List<Map<String, List<String>>> seen = new CopyOnWriteArrayList<>();
		ApplicationListener<SessionConnectEvent> listener = (event) -> {
			Map<String, List<String>> nativeHeaders = StompHeaderAccessor.wrap(event.getMessage()).toNativeHeaderMap();
			seen.add(nativeHeaders);
		};
		this.context.addApplicationListener(listener);
		try (StompTestClient bearer = open(); StompTestClient login = open()) {
			bearer.stompConnect(bearer(TestTokens.token("alice", Duration.ofMinutes(5), "USER")));
			login.stompConnect(Map.of("login", "bob", "passcode", "bob-pw"));
			await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
		}
		finally {
			this.context.removeApplicationListener(listener);
		}
		assertThat(seen).allSatisfy(
				(headers) -> assertThat(headers).doesNotContainKeys("Authorization", "authorization", "passcode"));
		assertThat(seen.toString()).doesNotContain("bob-pw");
	}

	@Test
	void connectCredentialsOnASocketAuthenticatedAtItsUpgradeNeverReachTheApplication() {
		List<Map<String, List<String>>> seen = new CopyOnWriteArrayList<>();
		ApplicationListener<SessionConnectEvent> listener = (event) -> seen
			.add(StompHeaderAccessor.wrap(event.getMessage()).toNativeHeaderMap());
		this.context.addApplicationListener(listener);
		Cookies cookies = this.sessions.login("alice", "alice-pw");
		String token = TestTokens.token("bob", Duration.ofMinutes(5));
		try (StompTestClient alice = StompTestClient.open(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", cookies.header()))) {
			alice.stompConnect(Map.of("login", "bob", "passcode", "bob-pw", "Authorization", "Bearer " + token));
			await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
			// The cookie decided who this socket is; CONNECT credentials change nothing.
			assertThat(whoAmI(alice)).isEqualTo("alice");
		}
		finally {
			this.context.removeApplicationListener(listener);
		}
		assertThat(seen).singleElement()
			.satisfies((headers) -> assertThat(headers).doesNotContainKeys("Authorization", "passcode"));
		assertThat(seen.toString()).doesNotContain("bob-pw").doesNotContain(token);
	}

	@Test
	void upgradeCredentialsOnAConnectEndpointAreRefusedWith400() {
		String token = TestTokens.token("alice", Duration.ofMinutes(5));
		assertThat(StompTestClient.upgradeStatus(connectUri(),
				StompTestClient.headers("Origin", this.sessions.origin(), "Authorization", "Bearer " + token)))
			.isEqualTo(400);
		assertThat(StompTestClient.upgradeStatus(URI.create(connectUri() + "?ticket=" + "a".repeat(43)),
				StompTestClient.headers("Origin", this.sessions.origin())))
			.isEqualTo(400);
	}

	@Test
	void lowerCaseAuthorizationHeaderIsAccepted() {
		try (StompTestClient client = open()) {
			client.stompConnect(Map.of("authorization", "Bearer " + TestTokens.token("bob", Duration.ofMinutes(5))));
			assertThat(whoAmI(client)).isEqualTo("bob");
		}
	}

	@Test
	void adminTopicIsAllowedForATokenWithRoleAdmin() {
		try (StompTestClient client = open()) {
			client.stompConnect(bearer(TestTokens.token("carol", Duration.ofMinutes(5), "ADMIN")));
			client.subscribe("sub-admin", "/topic/admin", "r-admin");
			StompFrame answer = client.nextFrame();
			assertThat(answer.command()).isEqualTo("RECEIPT");
			assertThat(answer.header("receipt-id")).isEqualTo("r-admin");
		}
	}

	@Test
	void adminTopicIsDeniedForATokenWithoutRoleAdmin() {
		try (StompTestClient client = open()) {
			client.stompConnect(bearer(TestTokens.token("alice", Duration.ofMinutes(5), "USER")));
			client.subscribe("sub-admin", "/topic/admin", "r-admin");
			StompFrame answer = client.nextFrame();
			assertThat(answer.command()).isEqualTo("MESSAGE");
			assertThat(answer.header("wsauth-denied")).isEqualTo("FORBIDDEN");
		}
	}

	@Test
	void loginAndPasscodeAuthenticateTheConnection() {
		try (StompTestClient client = open()) {
			client.stompConnect(Map.of("login", "bob", "passcode", "bob-pw"));
			assertThat(whoAmI(client)).isEqualTo("bob");
		}
	}

	@Test
	void wrongPasscodeIsRefusedWithAGenericErrorAnd4001(CapturedOutput output) {
		String passcode = "wrong-passcode-7f3a9c";
		StompFrame error = refusedConnect(Map.of("login", "alice", "passcode", passcode));
		assertThat(error.toString()).doesNotContain(passcode);
		assertThat(output).doesNotContain(passcode).doesNotContain("Failed to send message");
	}

	@Test
	void unknownLoginIsRefusedWith4001() {
		refusedConnect(Map.of("login", "mallory", "passcode", "mallory-pw"));
	}

	@Test
	void foreignTokenIsRefusedWithAGenericErrorAnd4001(CapturedOutput output) {
		String token = TestTokens.foreignToken("alice");
		StompFrame error = refusedConnect(bearer(token));
		assertThat(error.toString()).doesNotContain(token);
		assertThat(output).doesNotContain(token).doesNotContain("Failed to send message");
	}

	@Test
	void expiredTokenIsRefusedWith4001() {
		String token = TestTokens.token("alice", Instant.now().minusSeconds(30), "USER");
		StompFrame error = refusedConnect(bearer(token));
		assertThat(error.toString()).doesNotContain(token);
	}

	@Test
	void malformedTokenIsRefusedWith4001() {
		refusedConnect(Map.of("Authorization", "Bearer not a token"));
	}

	@Test
	void otherAuthorizationSchemeIsRefusedWith4001() {
		refusedConnect(Map.of("Authorization", "Basic YWxpY2U6YWxpY2UtcHc="));
	}

	@Test
	void connectWithoutCredentialsIsRefusedWith4001() {
		refusedConnect(Map.of());
	}

	@Test
	void loginWithoutPasscodeIsRefusedWith4001() {
		refusedConnect(Map.of("login", "alice"));
	}

	@Test
	void tokenAndPasscodeTogetherAreRefusedWith4001() {
		refusedConnect(Map.of("Authorization", "Bearer " + TestTokens.token("alice", Duration.ofMinutes(5)), "login",
				"alice", "passcode", "alice-pw"));
	}

	@Test
	void oversizedTokenIsRefusedWith4001() {
		refusedConnect(Map.of("Authorization", "Bearer " + "a".repeat(10_000)));
	}

	@Test
	void garbageInsteadOfConnectIsRefusedWith4001WithoutAnErrorLog(CapturedOutput output) {
		try (StompTestClient client = open()) {
			client.sendRaw("CONNECT\nAuthorization Bearer no-colon\n\n\0");
			assertRefused(client);
		}
		try (StompTestClient client = open()) {
			client.sendRaw("\u0001\u0002 not stomp at all");
			assertRefused(client);
		}
		assertThat(output).doesNotContain("no-colon").doesNotContain(" ERROR ");
	}

	@Test
	void truncatedConnectFrameIsRefusedWith4001() {
		try (StompTestClient client = open()) {
			client.sendRaw("CONNECT\naccept-version:1.2\nlogin:alice\n");
			assertRefused(client);
		}
	}

	@Test
	void subscribeBeforeConnectIsRefusedWith4001() {
		try (StompTestClient client = open()) {
			client.subscribe("sub-open", "/topic/open");
			assertRefused(client);
		}
	}

	@Test
	void sendBeforeConnectIsRefusedWith4001(CapturedOutput output) {
		try (StompTestClient client = open()) {
			client.sendTo("/app/whoami", "{}");
			assertRefused(client);
		}
		assertThat(output).doesNotContain("Failed to send message");
	}

	@Test
	void framesBeforeConnectAreNeverProcessedEvenWhenAValidConnectFollows() {
		String token = TestTokens.token("alice", Duration.ofMinutes(5), "USER");
		try (StompTestClient client = open()) {
			// One WebSocket message: if the early frames were queued and replayed after
			// the CONNECT, the client would receive CONNECTED and its whoami answer.
			client.sendRaw("SUBSCRIBE\nid:sub-1\ndestination:/user/queue/whoami\n\n\0"
					+ "SEND\ndestination:/app/whoami\n\n\0" + "CONNECT\naccept-version:1.2\nhost:localhost\n"
					+ "Authorization:Bearer " + token + "\n\n\0" + "SEND\ndestination:/app/whoami\n\n\0");
			assertRefused(client);
		}
	}

	@Test
	void framesAfterARefusedConnectInTheSameMessageAreNeverProcessed() {
		try (StompTestClient client = open()) {
			client.sendRaw("CONNECT\naccept-version:1.2\nhost:localhost\nlogin:alice\npasscode:wrong\n\n\0"
					+ "SUBSCRIBE\nid:sub-1\ndestination:/user/queue/whoami\n\n\0"
					+ "SEND\ndestination:/app/whoami\n\n\0");
			assertRefused(client);
		}
	}

	@Test
	void secondConnectIsRefusedWith4001() {
		try (StompTestClient client = open()) {
			client.stompConnect(bearer(TestTokens.token("alice", Duration.ofMinutes(5), "USER")));
			client.send("CONNECT", connectHeaders(bearer(TestTokens.token("bob", Duration.ofMinutes(5)))), "");
			assertRefused(client);
		}
	}

	@Test
	void sessionCookieOnTheConnectEndpointDoesNotAuthenticateTheConnection() {
		Cookies cookies = this.sessions.login("alice", "alice-pw");
		try (StompTestClient client = StompTestClient.open(connectUri(),
				StompTestClient.headers("Cookie", cookies.header(), "Origin", this.sessions.origin()))) {
			client.send("CONNECT", connectHeaders(Map.of()), "");
			assertRefused(client);
		}
	}

	@Test
	void expiringTokenClosesTheConnectionWith4002() {
		try (StompTestClient client = open()) {
			client.stompConnect(bearer(TestTokens.token("alice", Duration.ofSeconds(2), "USER")));
			StompFrame error = client.nextFrame(Duration.ofSeconds(15));
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(error.header("message")).isEqualTo("credentials expired");
			assertThat(client.awaitCloseCode()).isEqualTo(4002);
		}
	}

	@Test
	void refreshBeforeExpiryKeepsTheConnectionOpenPastTheOldExpiry() {
		Instant oldExpiry = Instant.now().plusSeconds(2);
		try (StompTestClient client = open()) {
			client.stompConnect(bearer(TestTokens.token("alice", oldExpiry, "USER")));
			client.send("SEND", Map.of("destination", "/wsauth/token", "receipt", "r-refresh", "Authorization",
					"Bearer " + TestTokens.token("alice", Duration.ofMinutes(5), "USER")), "");
			StompFrame receipt = client.nextFrame();
			assertThat(receipt.command()).isEqualTo("RECEIPT");
			assertThat(receipt.header("receipt-id")).isEqualTo("r-refresh");
			// Past the old expiry and two expiry checks: still open and still alice.
			Instant past = oldExpiry.plusSeconds(2);
			await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(past));
			assertThat(client.isClosed()).isFalse();
			assertThat(whoAmI(client)).isEqualTo("alice");
		}
	}

	@Test
	void refreshWithAnotherSubjectIsRefusedWith4001() {
		try (StompTestClient client = open()) {
			client.stompConnect(bearer(TestTokens.token("alice", Duration.ofMinutes(5), "USER")));
			client.send("SEND", Map.of("destination", "/wsauth/token", "Authorization",
					"Bearer " + TestTokens.token("bob", Duration.ofMinutes(5), "USER")), "");
			assertRefused(client);
		}
	}

	@Test
	void refreshWithAnInvalidTokenIsRefusedWith4001() {
		try (StompTestClient client = open()) {
			client.stompConnect(bearer(TestTokens.token("alice", Duration.ofMinutes(5), "USER")));
			client.send("SEND", Map.of("destination", "/wsauth/token", "Authorization",
					"Bearer " + TestTokens.foreignToken("alice")), "");
			assertRefused(client);
		}
	}

	@Test
	void refreshOnAConnectionWithoutATokenIsDeniedLikeAnyUnruledDestination() {
		try (StompTestClient client = open()) {
			client.stompConnect(Map.of("login", "alice", "passcode", "alice-pw"));
			client.send("SEND", Map.of("destination", "/wsauth/token", "Authorization",
					"Bearer " + TestTokens.token("alice", Duration.ofMinutes(5), "USER")), "");
			StompFrame denial = client.nextFrame();
			assertThat(denial.command()).isEqualTo("MESSAGE");
			assertThat(denial.header("wsauth-denied")).isEqualTo("FORBIDDEN");
		}
	}

	private StompTestClient open() {
		return StompTestClient.open(connectUri(), StompTestClient.headers("Origin", this.sessions.origin()));
	}

	private URI connectUri() {
		return this.sessions.webSocketUri("/ws-connect");
	}

	private StompFrame refusedConnect(Map<String, String> credentials) {
		try (StompTestClient client = open()) {
			client.send("CONNECT", connectHeaders(credentials), "");
			return assertRefused(client);
		}
	}

	private static StompFrame assertRefused(StompTestClient client) {
		StompFrame error = client.nextFrame();
		assertThat(error.command()).isEqualTo("ERROR");
		assertThat(error.header("message")).isEqualTo("unauthenticated");
		assertThat(client.awaitCloseCode()).isEqualTo(4001);
		// Everything the server sent arrived before the close.
		assertThat(client.pollFrame(Duration.ZERO)).isNull();
		return error;
	}

	private static Map<String, String> connectHeaders(Map<String, String> credentials) {
		Map<String, String> headers = new LinkedHashMap<>(
				Map.of("accept-version", "1.2", "host", "localhost", "heart-beat", "0,0"));
		headers.putAll(credentials);
		return headers;
	}

	private static Map<String, String> bearer(String token) {
		return Map.of("Authorization", "Bearer " + token);
	}

	static String whoAmI(StompTestClient client) {
		client.subscribe("sub-whoami", "/user/queue/whoami", "r-whoami");
		StompFrame receipt = client.awaitFrame((frame) -> "RECEIPT".equals(frame.command()));
		assertThat(receipt.header("receipt-id")).isEqualTo("r-whoami");
		client.sendTo("/app/whoami", "{}");
		StompFrame answer = client.awaitFrame((frame) -> "MESSAGE".equals(frame.command()));
		client.send("UNSUBSCRIBE", Map.of("id", "sub-whoami"), "");
		return answer.body();
	}

}
