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
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;

import dev.wsauth.sample.ObservedSessions.SessionIds;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.StompTestClient.HandshakeRejectedException;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static dev.wsauth.sample.SampleClients.connect;
import static dev.wsauth.sample.SampleClients.refusedUpgrade;
import static dev.wsauth.sample.SampleClients.sessionCookieValue;
import static dev.wsauth.sample.SampleClients.sessionId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may open a socket at {@code /ws}: the session cookie and the origin decide.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(ObservedSessions.class)
class UpgradeAuthenticationTests {

	@LocalServerPort
	int port;

	@Autowired
	MapSessionRepository repository;

	@Autowired
	SessionIds sessionIds;

	@Test
	void upgradeWithoutSessionCookieIsRejectedWith401AndCreatesNoSession() {
		TestSessions sessions = TestSessions.on(this.port);
		Set<String> before = this.sessionIds.current();
		HandshakeRejectedException refusal = refusedUpgrade(sessions, "Origin", sessions.origin());
		assertThat(refusal.status()).isEqualTo(401);
		assertCreatesNoSession(refusal, before);
	}

	@Test
	void upgradeWithForgedWellFormedSessionCookieIsRejectedWith401AndCreatesNoSession() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies forged = new Cookies().with("SESSION", sessionCookieValue(UUID.randomUUID().toString()));
		Set<String> before = this.sessionIds.current();
		HandshakeRejectedException refusal = refusedUpgrade(sessions, "Cookie", forged.header(), "Origin",
				sessions.origin());
		assertThat(refusal.status()).isEqualTo(401);
		assertCreatesNoSession(refusal, before);
	}

	@Test
	void upgradeWithExpiredSessionIsRejectedWith401AndCreatesNoSession() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		MapSession session = this.repository.findById(sessionId(alice));
		assertThat(session).isNotNull();
		session.setLastAccessedTime(Instant.now().minus(Duration.ofDays(1)));
		this.repository.save(session);
		Set<String> before = this.sessionIds.current();
		HandshakeRejectedException refusal = refusedUpgrade(sessions, "Cookie", alice.header(), "Origin",
				sessions.origin());
		assertThat(refusal.status()).isEqualTo(401);
		assertCreatesNoSession(refusal, before);
	}

	@Test
	void upgradeWithDeletedSessionIsRejectedWith401AndCreatesNoSession() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		this.repository.deleteById(sessionId(alice));
		Set<String> before = this.sessionIds.current();
		HandshakeRejectedException refusal = refusedUpgrade(sessions, "Cookie", alice.header(), "Origin",
				sessions.origin());
		assertThat(refusal.status()).isEqualTo(401);
		assertCreatesNoSession(refusal, before);
	}

	@Test
	void upgradeFromForeignOriginIsRejectedWith403EvenWithValidCookie() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		Set<String> before = this.sessionIds.current();
		HandshakeRejectedException refusal = refusedUpgrade(sessions, "Cookie", alice.header(), "Origin",
				"https://evil.example");
		assertThat(refusal.status()).isEqualTo(403);
		assertCreatesNoSession(refusal, before);
	}

	@Test
	void upgradeFromSameHostOnAnotherPortIsRejectedWith403() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		int otherPort = (this.port == 65535) ? 65534 : this.port + 1;
		HandshakeRejectedException refusal = refusedUpgrade(sessions, "Cookie", alice.header(), "Origin",
				"http://localhost:" + otherPort);
		assertThat(refusal.status()).isEqualTo(403);
	}

	@Test
	void upgradeFromNullOriginIsRejectedWith403() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		HandshakeRejectedException refusal = refusedUpgrade(sessions, "Cookie", alice.header(), "Origin", "null");
		assertThat(refusal.status()).isEqualTo(403);
	}

	@Test
	void upgradeWithValidCookieFromSameOriginIsAcceptedAndConnects() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient client = connect(sessions, alice)) {
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void upgradeWithValidCookieAndNoOriginIsAcceptedAndConnects() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient client = StompTestClient.connect(sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", alice.header()))) {
			assertThat(client.isClosed()).isFalse();
		}
	}

	private void assertCreatesNoSession(HandshakeRejectedException refusal, Set<String> before) {
		assertThat(refusal.headerValues("Set-Cookie")).isEmpty();
		assertThat(this.sessionIds.current()).isSubsetOf(before);
	}

}
