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

package dev.wsauth.it.lifecycle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.session.SessionRepository;
import org.springframework.web.socket.CloseStatus;

import dev.wsauth.it.lifecycle.LifecycleApplication.SaveCounter;
import dev.wsauth.session.WebSocketRevocations;
import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every session store must give: sockets close with 4002 on logout (also after a
 * rotation) and on idle expiry, and a socket in use keeps its session alive with a
 * bounded number of writes to the store. Each subclass runs these against one store on a
 * real port with a real client.
 */
abstract class SessionStoreTests {

	/**
	 * Properties every store test uses: a 2 s idle timeout, a 1 s touch interval, and a
	 * rule that lets users send to {@code /app/ping}.
	 */
	static final String PROPERTIES = """
			spring.session.timeout=2s
			wsauth.session.touch-interval=1s
			wsauth.authorization.rules[0].destination=/app/ping
			wsauth.authorization.rules[0].command=send
			wsauth.authorization.rules[0].access=isAuthenticated()
			""";

	static final Duration TOUCH_INTERVAL = Duration.ofSeconds(1);

	@LocalServerPort
	int port;

	@Autowired
	SessionRepository<?> repository;

	@Autowired
	SaveCounter saves;

	@Autowired
	WebSocketRevocations revocations;

	@Test
	void logoutInAnotherTabClosesTheSocketWith4002WithinOneSecond() {
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
	void idleExpiryClosesAnIdleSocketWith4002WithoutClientTraffic() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient socket = connect(sessions, alice)) {
			StompFrame error = socket.nextFrame(Duration.ofSeconds(6));
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(socket.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
		}
	}

	@Test
	void activityKeepsTheSessionAlivePastItsIdleTimeoutWithAtMostOneSavePerTouchInterval() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		String sessionId = sessionId(alice);
		try (StompTestClient socket = connect(sessions, alice)) {
			int before = this.saves.savesOf(sessionId);
			long start = System.nanoTime();
			for (int i = 0; i < 200; i++) {
				socket.sendTo("/app/ping", "{}");
				pause(Duration.ofMillis(15));
			}
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			assertThat(elapsed).isGreaterThan(Duration.ofSeconds(2));
			assertThat(socket.pollFrame(Duration.ofMillis(300))).isNull();
			assertThat(socket.isClosed()).isFalse();
			assertThat(this.repository.findById(sessionId)).isNotNull();
			long bound = (long) Math.ceil((double) elapsed.toMillis() / TOUCH_INTERVAL.toMillis()) + 1;
			assertThat(this.saves.savesOf(sessionId) - before).isBetween(2, (int) bound);
		}
	}

	@Test
	void revokingAUserClosesTheUsersSocketsWithTheChosenCode() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies bob = sessions.login("bob", "bob-pw");
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient bobSocket = connect(sessions, bob);
				StompTestClient aliceSocket = connect(sessions, alice)) {
			assertThat(this.revocations.revokeUser("bob", new CloseStatus(4009, "revoked"))).isEqualTo(1);
			StompFrame error = bobSocket.nextFrame(Duration.ofSeconds(1));
			assertThat(error.header("message")).isEqualTo("revoked");
			assertThat(bobSocket.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4009);
			assertThat(aliceSocket.isClosed()).isFalse();
		}
	}

	@Test
	void revokingASessionClosesItsSocketsWith4002() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient socket = connect(sessions, alice)) {
			assertThat(this.revocations.revokeSession(sessionId(alice), new CloseStatus(4002, "session ended")))
				.isEqualTo(1);
			assertThat(socket.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
		}
	}

	static StompTestClient connect(TestSessions sessions, Cookies cookies) {
		return StompTestClient.connect(sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", cookies.header(), "Origin", sessions.origin()));
	}

	static String sessionId(Cookies cookies) {
		String value = cookies.get("SESSION");
		assertThat(value).as("SESSION cookie").isNotNull();
		return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
	}

	static void pause(Duration duration) {
		try {
			TimeUnit.MILLISECONDS.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
