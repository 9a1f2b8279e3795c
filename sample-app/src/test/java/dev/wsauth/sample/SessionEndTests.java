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

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static dev.wsauth.sample.SampleClients.connect;
import static dev.wsauth.sample.SampleClients.sessionId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sockets close with 4002 when the session behind them ends, on this node.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(ObservedSessions.class)
class SessionEndTests {

	@LocalServerPort
	int port;

	@Autowired
	MapSessionRepository repository;

	@Test
	void logoutInAnotherTabClosesTheSocketWithAnErrorFrameAnd4002WithinOneSecond() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient socket = connect(sessions, alice)) {
			assertThat(sessions.logout(new Cookies(alice)).statusCode()).isEqualTo(302);
			StompFrame error = socket.nextFrame(Duration.ofSeconds(1));
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(error.header("message")).isEqualTo("session ended");
			assertThat(socket.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
		}
	}

	@Test
	void logoutAfterARotationClosesSocketsOpenedBeforeIt() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient beforeRotation = connect(sessions, alice)) {
			assertThat(sessions.preflight(alice).statusCode()).isEqualTo(204);
			try (StompTestClient afterRotation = connect(sessions, alice)) {
				assertThat(sessions.logout(alice).statusCode()).isEqualTo(302);
				assertThat(beforeRotation.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
				assertThat(afterRotation.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
			}
		}
	}

	@Test
	void logoutLeavesOtherUsersSocketsOpen() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		Cookies bob = sessions.login("bob", "bob-pw");
		try (StompTestClient aliceSocket = connect(sessions, alice);
				StompTestClient bobSocket = connect(sessions, bob)) {
			sessions.logout(alice);
			assertThat(aliceSocket.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
			assertThat(bobSocket.pollFrame(Duration.ofMillis(500))).isNull();
			assertThat(bobSocket.isClosed()).isFalse();
		}
	}

	@Test
	void expiredSessionClosesAnIdleSocketWithoutAnyFrameFromTheClient() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient socket = connect(sessions, alice)) {
			MapSession session = this.repository.findById(sessionId(alice));
			session.setLastAccessedTime(Instant.now().minus(Duration.ofDays(1)));
			this.repository.save(session);
			StompFrame error = socket.nextFrame(Duration.ofSeconds(3));
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(socket.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
		}
	}

	@Test
	void deletedSessionClosesItsSockets() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient socket = connect(sessions, alice)) {
			this.repository.deleteById(sessionId(alice));
			assertThat(socket.awaitCloseCode(Duration.ofSeconds(3))).isEqualTo(4002);
		}
	}

}
