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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.connect.PendingConnectionLimiter;
import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.StompTestClient.HandshakeRejectedException;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The bounds on connections that have not sent their CONNECT frame yet: a short timeout
 * and a small cap per remote address.
 */
@SpringBootTest(classes = TokenApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TokenApplication.PROPERTIES, "wsauth.connect-authentication.timeout=1s",
				"wsauth.connect-authentication.max-pending-per-address=2" })
class ConnectAuthenticationLimitsTests {

	@LocalServerPort
	int port;

	@Autowired
	PendingConnectionLimiter limiter;

	TestSessions sessions;

	final List<StompTestClient> clients = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
		awaitNothingPending();
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(StompTestClient::close);
	}

	@Test
	void connectionWithoutConnectWithinTheTimeoutIsClosedWith4001() {
		StompTestClient client = open();
		StompFrame error = client.nextFrame();
		assertThat(error.command()).isEqualTo("ERROR");
		assertThat(error.header("message")).isEqualTo("unauthenticated");
		assertThat(client.awaitCloseCode()).isEqualTo(4001);
		awaitNothingPending();
	}

	@Test
	void heartBeatsDoNotKeepAPendingConnectionOpen() {
		StompTestClient client = open();
		client.sendRaw("\n");
		assertThat(client.awaitCloseCode()).isEqualTo(4001);
	}

	@Test
	void upgradeOverThePerAddressCapIsRefusedWith429AndRetryAfter() {
		open();
		open();
		assertThatExceptionOfType(HandshakeRejectedException.class).isThrownBy(this::open).satisfies((ex) -> {
			assertThat(ex.status()).isEqualTo(429);
			assertThat(ex.headerValues("Retry-After")).containsExactly("5");
		});
	}

	@Test
	void authenticatedConnectionsReleaseTheirSlots() {
		for (int round = 0; round < 3; round++) {
			StompTestClient first = open();
			StompTestClient second = open();
			first.stompConnect(bearer("alice"));
			second.stompConnect(bearer("bob"));
			assertThat(this.limiter.pending()).isZero();
		}
		// Six authenticated connections from one address, cap two: none of them counts.
		assertThat(this.clients).hasSize(6).noneMatch(StompTestClient::isClosed);
	}

	@Test
	void closedConnectionsReleaseTheirSlots() {
		for (int round = 0; round < 3; round++) {
			open().close();
			open().close();
			awaitNothingPending();
		}
		StompTestClient client = open();
		client.stompConnect(bearer("alice"));
	}

	@Test
	void refusedConnectionsReleaseTheirSlots() {
		for (int round = 0; round < 3; round++) {
			StompTestClient client = open();
			client.send("CONNECT", Map.of("accept-version", "1.2", "login", "alice", "passcode", "wrong"), "");
			assertThat(client.awaitCloseCode()).isEqualTo(4001);
			awaitNothingPending();
		}
	}

	private StompTestClient open() {
		StompTestClient client = StompTestClient.open(this.sessions.webSocketUri("/ws-connect"),
				StompTestClient.headers("Origin", this.sessions.origin()));
		this.clients.add(client);
		return client;
	}

	private void awaitNothingPending() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.limiter.pending() == 0);
	}

	private static Map<String, String> bearer(String subject) {
		return Map.of("Authorization", "Bearer " + TestTokens.token(subject, Duration.ofMinutes(5), "USER"));
	}

}
