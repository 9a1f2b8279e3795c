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

package dev.wsauth.it;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.test.RawUpgrade;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A STOMP endpoint registered with {@code withSockJS()} is protected like a plain
 * WebSocket one: every SockJS URL under it needs the session.
 */
@SpringBootTest(classes = PlainSessionApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class SockJsEndpointTests {

	@LocalServerPort
	int port;

	TestSessions sessions;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
	}

	@Test
	void sockJsInfoWithoutSessionIsRejectedWith401AndSetsNoCookie() {
		HttpResponse<String> info = this.sessions.send(HttpRequest.newBuilder(this.sessions.uri("/sockjs/info")),
				new Cookies());
		assertThat(info.statusCode()).isEqualTo(401);
		assertThat(info.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void sockJsInfoWithSessionIsServed() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		HttpResponse<String> info = this.sessions.send(HttpRequest.newBuilder(this.sessions.uri("/sockjs/info")),
				alice);
		assertThat(info.statusCode()).isEqualTo(200);
		assertThat(info.body()).contains("\"websocket\":true");
	}

	@Test
	void sockJsInfoFromAForeignOriginIsRejectedWith403() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		HttpResponse<String> info = this.sessions.send(
				HttpRequest.newBuilder(this.sessions.uri("/sockjs/info")).header("Origin", "http://evil.example.com"),
				alice);
		assertThat(info.statusCode()).isEqualTo(403);
	}

	@Test
	void sockJsWebSocketTransportUpgradesOnlyWithSession() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		String transport = "/sockjs/123/wsauthit/websocket";
		assertThat(RawUpgrade.send(this.port, transport, "Origin: " + this.sessions.origin()).status()).isEqualTo(401);
		assertThat(
				RawUpgrade.send(this.port, transport, "Origin: " + this.sessions.origin(), "Cookie: " + alice.header())
					.status())
			.isEqualTo(101);
	}

	@Test
	void sockJsRawWebSocketUpgradesOnlyWithSession() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		assertThat(RawUpgrade.send(this.port, "/sockjs/websocket", "Origin: " + this.sessions.origin()).status())
			.isEqualTo(401);
		assertThat(RawUpgrade
			.send(this.port, "/sockjs/websocket", "Origin: " + this.sessions.origin(), "Cookie: " + alice.header())
			.status()).isEqualTo(101);
	}

	@ParameterizedTest
	@ValueSource(strings = { "a*b", "%2A", "a%7Bx%7D", "a%3Fb" })
	void sockJsSessionIdThatCouldFormABrokerPatternIsClosedWith1008(String sessionId) {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		try (StompTestClient client = StompTestClient.open(
				this.sessions.webSocketUri("/sockjs/000/" + sessionId + "/websocket"),
				StompTestClient.headers("Cookie", alice.header(), "Origin", this.sessions.origin()))) {
			assertThat(client.awaitCloseCode()).isEqualTo(1008);
		}
	}

	@Test
	void sockJsSessionIdOfLettersAndDigitsIsAccepted() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		try (StompTestClient client = StompTestClient.open(this.sessions.webSocketUri("/sockjs/000/abc123/websocket"),
				StompTestClient.headers("Cookie", alice.header(), "Origin", this.sessions.origin()))) {
			// SockJS's open frame is not a STOMP frame: wait, then check the socket
			// stayed open.
			client.pollFrame(Duration.ofMillis(300));
			assertThat(client.isClosed()).isFalse();
		}
	}

}
