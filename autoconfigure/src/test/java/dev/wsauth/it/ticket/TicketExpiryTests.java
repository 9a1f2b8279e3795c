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

package dev.wsauth.it.ticket;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.it.token.TokenApplication;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tickets that live 300 milliseconds.
 */
@SpringBootTest(classes = TokenApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TokenApplication.PROPERTIES, "wsauth.ticket.time-to-live=300ms" })
class TicketExpiryTests {

	@LocalServerPort
	int port;

	@Test
	void expiredTicketIsRefusedWith401() {
		TestSessions sessions = TestSessions.on(this.port);
		Tickets tickets = new Tickets(sessions);
		Cookies alice = sessions.login("alice", "alice-pw");
		Instant issuedBefore = Instant.now();
		String ticket = tickets.forSession(alice);
		Instant expired = issuedBefore.plusMillis(300);
		await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(expired));
		assertThat(tickets.upgradeStatus(ticket)).isEqualTo(401);
	}

	@Test
	void ticketUsedAtOnceStillOpensASocket() {
		TestSessions sessions = TestSessions.on(this.port);
		Tickets tickets = new Tickets(sessions);
		String ticket = tickets.forSession(sessions.login("alice", "alice-pw"));
		assertThat(tickets.upgradeStatus(ticket)).isEqualTo(101);
	}

	@Test
	void expiresInRoundsDownToWholeSeconds() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		assertThat(new Tickets(sessions).request(null, alice, "Origin", sessions.origin()).body())
			.endsWith("\"expiresIn\":0}");
	}

}
