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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.it.token.TokenApplication;
import dev.wsauth.reauthorization.WebSocketAuthorizations;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;
import dev.wsauth.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One-time tickets on the upgrade: issued by {@code POST /__ws/ticket}, presented as
 * {@code GET /ws?ticket=...} without any cookie.
 */
@SpringBootTest(classes = TokenApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = TokenApplication.PROPERTIES)
@ExtendWith(OutputCaptureExtension.class)
class TicketUpgradeTests {

	@LocalServerPort
	int port;

	@Autowired
	WebSocketAuthorizations authorizations;

	TestSessions sessions;

	Tickets tickets;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
		this.tickets = new Tickets(this.sessions);
	}

	@Test
	void ticketIssuedForASessionOpensASocketWithoutTheCookieForTheSessionUser() {
		String ticket = this.tickets.forSession(this.sessions.login("alice", "alice-pw"));
		try (StompTestClient client = StompTestClient.connect(this.tickets.upgradeUri(ticket),
				this.tickets.sameOrigin())) {
			assertThat(Tickets.whoAmI(client)).isEqualTo("alice");
		}
	}

	@Test
	void ticketIssuedForABearerTokenOpensASocketForTheTokenSubject() {
		String ticket = this.tickets.forToken(TestTokens.token("dave", Duration.ofMinutes(5), "USER"));
		try (StompTestClient client = StompTestClient.connect(this.tickets.upgradeUri(ticket),
				StompTestClient.headers())) {
			assertThat(Tickets.whoAmI(client)).isEqualTo("dave");
		}
	}

	@Test
	void ticketIssuedForATokenBesideTheSessionCookieKeepsTheTokensAuthoritiesOnReevaluation() {
		// The form login gives carol's session ADMIN; the token the ticket is issued for
		// grants her USER only.
		Cookies carol = this.sessions.login("carol", "carol-pw");
		String ticket = Tickets.ticketOf(this.tickets.request(null, carol, "Origin", this.sessions.origin(),
				"Authorization", "Bearer " + TestTokens.token("carol", Duration.ofMinutes(5), "USER")));
		try (StompTestClient client = StompTestClient.connect(this.tickets.upgradeUri(ticket),
				this.tickets.sameOrigin())) {
			client.subscribe("sub-admin", "/topic/admin", "r-1");
			assertThat(client.nextFrame(Duration.ofSeconds(5)).header("wsauth-denied")).isEqualTo("FORBIDDEN");
			assertThat(this.authorizations.reevaluate("carol")).isZero();
			client.subscribe("sub-admin-again", "/topic/admin", "r-2");
			assertThat(client.nextFrame(Duration.ofSeconds(5)).header("wsauth-denied")).isEqualTo("FORBIDDEN");
		}
	}

	@Test
	void replayedTicketIsRefusedWith401() {
		String ticket = this.tickets.forSession(this.sessions.login("alice", "alice-pw"));
		assertThat(this.tickets.upgradeStatus(ticket)).isEqualTo(101);
		assertThat(this.tickets.upgradeStatus(ticket)).isEqualTo(401);
	}

	@Test
	void unknownWellFormedTicketIsRefusedWith401() {
		assertThat(this.tickets.upgradeStatus("A".repeat(43))).isEqualTo(401);
	}

	@Test
	void emptyTicketIsRefusedWith401() {
		assertThat(rawTicketStatus("")).isEqualTo(401);
	}

	@Test
	void hugeTicketIsRefusedWith401() {
		assertThat(rawTicketStatus("A".repeat(4000))).isEqualTo(401);
	}

	@Test
	void nonAsciiTicketIsRefusedWith401() {
		assertThat(rawTicketStatus("%C3%A9%E2%82%AC" + "A".repeat(40))).isEqualTo(401);
	}

	@Test
	void ticketWithANulByteIsRefusedWith401() {
		assertThat(rawTicketStatus("%00" + "A".repeat(42))).isEqualTo(401);
	}

	@Test
	void undecodablePercentEncodingInTheTicketIsRefusedWith400BeforeTheContainerParsesIt() {
		assertThat(rawTicketStatus("%E2%82" + "A".repeat(40))).isEqualTo(400);
	}

	@Test
	void duplicatedTicketParameterIsRefusedWith401EvenWhenBothAreValid() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		String first = this.tickets.forSession(alice);
		String second = this.tickets.forSession(alice);
		assertThat(StompTestClient.upgradeStatus(
				this.sessions.webSocketUri("/ws?ticket=" + first + "&ticket=" + second), this.tickets.sameOrigin()))
			.isEqualTo(401);
	}

	@Test
	void ticketPresentedWithoutTheOriginItWasIssuedFromIsRefusedWith401() {
		String ticket = this.tickets.forSession(this.sessions.login("alice", "alice-pw"));
		assertThat(StompTestClient.upgradeStatus(this.tickets.upgradeUri(ticket), StompTestClient.headers()))
			.isEqualTo(401);
	}

	@Test
	void ticketIssuedWithoutOriginIsRefusedWhenTheUpgradeCarriesOne() {
		String ticket = this.tickets.forToken(TestTokens.token("dave", Duration.ofMinutes(5)));
		assertThat(this.tickets.upgradeStatus(ticket)).isEqualTo(401);
	}

	@Test
	void anotherUsersCookieBesideATicketIsRefusedWith401() {
		String aliceTicket = this.tickets.forSession(this.sessions.login("alice", "alice-pw"));
		Cookies bob = this.sessions.login("bob", "bob-pw");
		assertThat(StompTestClient.upgradeStatus(this.tickets.upgradeUri(aliceTicket),
				StompTestClient.headers("Origin", this.sessions.origin(), "Cookie", bob.header())))
			.isEqualTo(401);
	}

	@Test
	void ticketSpentByARefusedAttemptStaysSpent() {
		String aliceTicket = this.tickets.forSession(this.sessions.login("alice", "alice-pw"));
		Cookies bob = this.sessions.login("bob", "bob-pw");
		assertThat(StompTestClient.upgradeStatus(this.tickets.upgradeUri(aliceTicket),
				StompTestClient.headers("Origin", this.sessions.origin(), "Cookie", bob.header())))
			.isEqualTo(401);
		assertThat(this.tickets.upgradeStatus(aliceTicket)).isEqualTo(401);
	}

	@Test
	void ticketPresentedFromAnotherOriginIsSpentAndStaysSpent() {
		String ticket = this.tickets.forSession(this.sessions.login("alice", "alice-pw"));
		assertThat(StompTestClient.upgradeStatus(this.tickets.upgradeUri(ticket), StompTestClient.headers()))
			.isEqualTo(401);
		assertThat(this.tickets.upgradeStatus(ticket)).isEqualTo(401);
	}

	@Test
	void sameUsersCookieBesideATicketIsAccepted() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		String ticket = this.tickets.forSession(alice);
		assertThat(StompTestClient.upgradeStatus(this.tickets.upgradeUri(ticket),
				StompTestClient.headers("Origin", this.sessions.origin(), "Cookie", alice.header())))
			.isEqualTo(101);
	}

	@Test
	void twentyConcurrentUpgradesWithOneTicketOpenExactlyOneSocket() throws Exception {
		String ticket = this.tickets.forSession(this.sessions.login("alice", "alice-pw"));
		int attempts = 20;
		ExecutorService executor = Executors.newFixedThreadPool(attempts);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < attempts; i++) {
				statuses.add(executor.submit(() -> {
					start.await();
					return this.tickets.upgradeStatus(ticket);
				}));
			}
			start.countDown();
			List<Integer> results = new ArrayList<>();
			for (Future<Integer> status : statuses) {
				results.add(status.get(30, TimeUnit.SECONDS));
			}
			assertThat(results).filteredOn((status) -> status == 101).hasSize(1);
			assertThat(results).filteredOn((status) -> status != 101).containsOnly(401);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void logoutBetweenIssueAndUseVoidsTheTicket() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		String ticket = this.tickets.forSession(alice);
		assertThat(this.tickets.logout(alice)).isEqualTo(302);
		assertThat(this.tickets.upgradeStatus(ticket)).isEqualTo(401);
	}

	@Test
	void logoutClosesASocketOpenedWithATicketFromThatSessionWith4002() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		String ticket = this.tickets.forSession(alice);
		try (StompTestClient client = StompTestClient.connect(this.tickets.upgradeUri(ticket),
				this.tickets.sameOrigin())) {
			assertThat(this.tickets.logout(alice)).isEqualTo(302);
			assertThat(client.awaitCloseCode()).isEqualTo(4002);
		}
	}

	@Test
	void ticketForATokenThatExpiredSinceIsRefusedWith401() {
		Instant tokenExpiry = Instant.now().plusMillis(1500);
		String ticket = this.tickets.forToken(TestTokens.token("dave", tokenExpiry));
		// Wait out the token, not the ticket (30 s).
		await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(tokenExpiry));
		assertThat(StompTestClient.upgradeStatus(this.tickets.upgradeUri(ticket), StompTestClient.headers()))
			.isEqualTo(401);
	}

	@Test
	void socketOpenedWithATicketForATokenClosesWith4002WhenTheTokenExpires() {
		String ticket = this.tickets.forToken(TestTokens.token("dave", Duration.ofSeconds(3)));
		try (StompTestClient client = StompTestClient.connect(this.tickets.upgradeUri(ticket),
				StompTestClient.headers())) {
			assertThat(client.awaitCloseCode(Duration.ofSeconds(15))).isEqualTo(4002);
		}
	}

	@Test
	void ticketNeverAppearsInTheLogsEvenAtDebug(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("dev.wsauth", LogLevel.DEBUG);
		logging.setLogLevel("org.springframework.web.socket", LogLevel.DEBUG);
		logging.setLogLevel("org.springframework.security", LogLevel.DEBUG);
		try {
			Cookies alice = this.sessions.login("alice", "alice-pw");
			String ticket = this.tickets.forSession(alice);
			try (StompTestClient client = StompTestClient.connect(this.tickets.upgradeUri(ticket),
					this.tickets.sameOrigin())) {
				assertThat(Tickets.whoAmI(client)).isEqualTo("alice");
			}
			assertThat(this.tickets.upgradeStatus(ticket)).isEqualTo(401);
			String tokenTicket = this.tickets.forToken(TestTokens.token("dave", Duration.ofMinutes(5)));
			assertThat(this.tickets.upgradeStatus(tokenTicket)).isEqualTo(401);
			assertThat(output.getAll()).contains("Issued a ticket").doesNotContain(ticket).doesNotContain(tokenTicket);
		}
		finally {
			logging.setLogLevel("dev.wsauth", null);
			logging.setLogLevel("org.springframework.web.socket", null);
			logging.setLogLevel("org.springframework.security", null);
		}
	}

	private int rawTicketStatus(String rawTicket) {
		return StompTestClient.upgradeStatus(this.sessions.webSocketUri("/ws?ticket=" + rawTicket),
				this.tickets.sameOrigin());
	}

}
