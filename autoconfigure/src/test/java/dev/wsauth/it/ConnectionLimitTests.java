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

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.limit.ConnectionLimits;
import dev.wsauth.limit.InMemoryConnectionLimiter;
import dev.wsauth.test.RawUpgrade;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.StompTestClient.HandshakeRejectedException;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code wsauth.limits.connections-per-user} on one node without Redis: counted in
 * memory, taken before the 101 and given back when the socket closes or the handshake
 * fails after the slot was taken.
 */
@SpringBootTest(classes = MessagingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { MessagingApplication.PROPERTIES + ConnectionLimitTests.LIMITS })
class ConnectionLimitTests {

	/**
	 * The limits this test and {@link FrameRateLimitTests} share one application with.
	 */
	static final String LIMITS = """
			wsauth.limits.connections-per-user=3
			wsauth.limits.frames-per-second=10
			wsauth.allowed-origins=https://other.example
			""";

	@LocalServerPort
	int port;

	@Autowired
	InMemoryConnectionLimiter limiter;

	@Autowired
	ConnectionLimits limits;

	@Autowired
	MeterRegistry meters;

	TestSessions sessions;

	Cookies alice;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
		// Sockets of an earlier test give their slots back as the server sees them close.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.limiter.held("alice") == 0);
		this.alice = Users.login(this.sessions, "alice");
	}

	@Test
	void aUserOpensExactlyTheLimitAndTheNextUpgradeGets429WithRetryAfterAndNoStore() {
		List<StompTestClient> open = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				open.add(connect(this.alice));
			}
			assertThat(this.limiter.held("alice")).isEqualTo(3);
			HandshakeRejectedException refused = refusedUpgrade(this.alice);
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.headerValues("Retry-After")).containsExactly("5");
			assertThat(refused.headerValues("Cache-Control")).containsExactly("no-store");
			// Another login of the same user counts against the same limit.
			assertThat(refusedUpgrade(Users.login(this.sessions, "alice")).status()).isEqualTo(429);
			// Another user does not.
			try (StompTestClient bob = connect(Users.login(this.sessions, "bob"))) {
				assertThat(bob.isClosed()).isFalse();
			}
			assertThat(open).allSatisfy((client) -> assertThat(client.isClosed()).isFalse());
		}
		finally {
			open.forEach(StompTestClient::close);
		}
	}

	@Test
	void anUpgradeOverTheUsersLimitIsCountedAsRateLimitedNotAccepted() {
		List<StompTestClient> open = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				open.add(connect(this.alice));
			}
			double refused = upgrades("refused", "rate-limited");
			double accepted = upgrades("accepted", "none");
			assertThat(refusedUpgrade(this.alice).status()).isEqualTo(429);
			assertThat(upgrades("refused", "rate-limited") - refused).isEqualTo(1);
			assertThat(upgrades("accepted", "none") - accepted).isZero();
		}
		finally {
			open.forEach(StompTestClient::close);
		}
	}

	private double upgrades(String outcome, String reason) {
		Timer timer = this.meters.find("wsauth.upgrade").tag("outcome", outcome).tag("reason", reason).timer();
		return (timer != null) ? timer.count() : 0;
	}

	@Test
	void closingOneConnectionFreesItsSlotForTheNextUpgrade() {
		List<StompTestClient> open = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				open.add(connect(this.alice));
			}
			assertThat(refusedUpgrade(this.alice).status()).isEqualTo(429);
			open.remove(0).close();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.limiter.held("alice") == 2);
			open.add(connect(this.alice));
			assertThat(refusedUpgrade(this.alice).status()).isEqualTo(429);
		}
		finally {
			open.forEach(StompTestClient::close);
		}
	}

	@Test
	void upgradesRefusedAfterTheirSlotWasTakenAndSocketsDroppedRightAfterThe101DoNotEatSlots() {
		for (int i = 0; i < 10; i++) {
			// wsauth allows this origin, Spring's own origin check on the endpoint does
			// not:
			// the handshake fails after wsauth took the slot.
			RawUpgrade.Response refused = RawUpgrade.send(this.port, "/ws", "Cookie: " + this.alice.header(),
					"Origin: https://other.example");
			assertThat(refused.status()).isEqualTo(403);
			// Upgraded, then the client goes away without a word.
			RawUpgrade.Response upgraded = RawUpgrade.send(this.port, "/ws", "Cookie: " + this.alice.header(),
					"Origin: " + this.sessions.origin());
			assertThat(upgraded.status()).isEqualTo(101);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.limiter.held("alice") == 0);
		assertThat(this.limits.held()).isZero();
		List<StompTestClient> open = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				open.add(connect(this.alice));
			}
			assertThat(refusedUpgrade(this.alice).status()).isEqualTo(429);
		}
		finally {
			open.forEach(StompTestClient::close);
		}
	}

	@Test
	void concurrentUpgradesForTheLastSlotsNeverOpenMoreThanTheLimit() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(12);
		try {
			for (int round = 0; round < 5; round++) {
				await().atMost(Duration.ofSeconds(10)).until(() -> this.limiter.held("alice") == 0);
				CountDownLatch start = new CountDownLatch(1);
				List<Future<StompTestClient>> attempts = new ArrayList<>();
				for (int i = 0; i < 12; i++) {
					attempts.add(executor.submit(() -> {
						start.await();
						try {
							return StompTestClient.open(uri(), headers(this.alice));
						}
						catch (HandshakeRejectedException ex) {
							assertThat(ex.status()).isEqualTo(429);
							return null;
						}
					}));
				}
				start.countDown();
				List<StompTestClient> opened = new ArrayList<>();
				for (Future<StompTestClient> attempt : attempts) {
					StompTestClient client = attempt.get(30, TimeUnit.SECONDS);
					if (client != null) {
						opened.add(client);
					}
				}
				try {
					assertThat(opened).hasSize(3);
					assertThat(this.limiter.held("alice")).isEqualTo(3);
				}
				finally {
					opened.forEach(StompTestClient::close);
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private StompTestClient connect(Cookies cookies) {
		return StompTestClient.connect(uri(), headers(cookies));
	}

	private HandshakeRejectedException refusedUpgrade(Cookies cookies) {
		CompletableFuture<HandshakeRejectedException> refusal = new CompletableFuture<>();
		try (StompTestClient client = StompTestClient.open(uri(), headers(cookies))) {
			throw new AssertionError("Upgrade was accepted");
		}
		catch (HandshakeRejectedException ex) {
			refusal.complete(ex);
		}
		return refusal.join();
	}

	private URI uri() {
		return this.sessions.webSocketUri("/ws");
	}

	private Map<String, String> headers(Cookies cookies) {
		return StompTestClient.headers("Cookie", cookies.header(), "Origin", this.sessions.origin());
	}

}
