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

package dev.wsauth.it.reauthorization;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.SimpMessagingTemplate;

import dev.wsauth.it.reauthorization.BoardsApplication.Memberships;
import dev.wsauth.reauthorization.WebSocketAuthorizations;
import dev.wsauth.reauthorization.WebSocketReauthorizationRequestedEvent;
import dev.wsauth.reauthorization.WebSocketSubscriptionRevokedEvent;
import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live re-authorization on one node with the simple broker: a revoked membership drops
 * exactly the subscription it granted, and nothing else.
 */
@SpringBootTest(classes = BoardsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = BoardsApplication.PROPERTIES)
class LiveReauthorizationTests {

	private static final Duration QUIET = Duration.ofMillis(500);

	@LocalServerPort
	int port;

	@Autowired
	WebSocketAuthorizations authorizations;

	@Autowired
	SimpMessagingTemplate messaging;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	ConfigurableApplicationContext context;

	@Autowired
	MeterRegistry meters;

	private TestSessions sessions;

	private String kept;

	private String revoked;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
		String suffix = UUID.randomUUID().toString().replace("-", "");
		this.kept = "kept" + suffix;
		this.revoked = "revoked" + suffix;
		Memberships.add(this.kept, "alice");
		Memberships.add(this.revoked, "alice");
	}

	@Test
	void aDroppedSubscriptionIsCountedAndPublishedAsAnEventWithTheUserAndDestination() {
		List<WebSocketSubscriptionRevokedEvent> revokedEvents = new CopyOnWriteArrayList<>();
		this.context
			.addApplicationListener((ApplicationListener<WebSocketSubscriptionRevokedEvent>) revokedEvents::add);
		double before = this.meters.get("wsauth.subscriptions.revoked").counter().count();
		try (StompTestClient alice = subscribedAlice()) {
			Memberships.remove(this.revoked, "alice");
			assertThat(this.authorizations.reevaluate("alice")).isEqualTo(1);
			assertThat(alice.nextFrame(Duration.ofSeconds(5)).header("wsauth-denied")).isEqualTo("REVOKED");
		}
		assertThat(this.meters.get("wsauth.subscriptions.revoked").counter().count() - before).isEqualTo(1);
		assertThat(revokedEvents).singleElement().satisfies((event) -> {
			assertThat(event.getPrincipalName()).isEqualTo("alice");
			assertThat(event.getDestination()).isEqualTo(board(this.revoked));
		});
	}

	@Test
	void revokedMembershipDropsExactlyThatSubscriptionWithARevokedDenialAndTheOthersKeepDelivering() {
		try (StompTestClient alice = subscribedAlice()) {
			Memberships.remove(this.revoked, "alice");
			assertThat(this.authorizations.reevaluate("alice")).isEqualTo(1);
			StompFrame denial = alice.nextFrame(Duration.ofSeconds(5));
			assertThat(denial.command()).isEqualTo("MESSAGE");
			assertThat(denial.header("subscription")).isEqualTo("sub-revoked");
			assertThat(denial.header("wsauth-denied")).isEqualTo("REVOKED");
			assertThat(denial.header("wsauth-command")).isEqualTo("SUBSCRIBE");
			assertThat(denial.header("destination")).isEqualTo(board(this.revoked));
			assertThat(denial.body()).contains("\"reason\":\"REVOKED\"");
			this.messaging.convertAndSend(board(this.revoked), "after revocation");
			this.messaging.convertAndSend("/topic/news", "news");
			this.messaging.convertAndSend(board(this.kept), "marker");
			List<StompFrame> received = framesUntil(alice, "marker", "news");
			assertThat(received).noneSatisfy((frame) -> assertThat(frame.body()).isEqualTo("after revocation"));
			assertThat(received).anySatisfy((frame) -> {
				assertThat(frame.header("subscription")).isEqualTo("sub-news");
				assertThat(frame.body()).isEqualTo("news");
			});
			assertThat(alice.isClosed()).isFalse();
		}
	}

	@Test
	void subscribingAgainAfterTheRevocationIsDeniedAsForbidden() {
		try (StompTestClient alice = subscribedAlice()) {
			Memberships.remove(this.revoked, "alice");
			this.authorizations.reevaluate("alice");
			assertThat(alice.nextFrame(Duration.ofSeconds(5)).header("wsauth-denied")).isEqualTo("REVOKED");
			alice.subscribe("sub-revoked", board(this.revoked), "r-again");
			StompFrame denial = alice.nextFrame(Duration.ofSeconds(5));
			assertThat(denial.header("subscription")).isEqualTo("sub-revoked");
			assertThat(denial.header("wsauth-denied")).isEqualTo("FORBIDDEN");
			assertThat(alice.isClosed()).isFalse();
		}
	}

	@Test
	void aMemberAgainMaySubscribeWithTheRevokedIdAndReceivesAgain() {
		try (StompTestClient alice = subscribedAlice()) {
			Memberships.remove(this.revoked, "alice");
			this.authorizations.reevaluate("alice");
			assertThat(alice.nextFrame(Duration.ofSeconds(5)).header("wsauth-denied")).isEqualTo("REVOKED");
			Memberships.add(this.revoked, "alice");
			alice.subscribe("sub-revoked", board(this.revoked), "r-again");
			assertThat(alice.nextFrame(Duration.ofSeconds(5)).command()).isEqualTo("RECEIPT");
			this.messaging.convertAndSend(board(this.revoked), "welcome back");
			StompFrame message = alice.nextFrame(Duration.ofSeconds(5));
			assertThat(message.header("subscription")).isEqualTo("sub-revoked");
			assertThat(message.body()).isEqualTo("welcome back");
		}
	}

	@Test
	void publishingTheRequestEventReevaluatesLikeTheBean() {
		try (StompTestClient alice = subscribedAlice()) {
			Memberships.remove(this.revoked, "alice");
			this.events.publishEvent(new WebSocketReauthorizationRequestedEvent(this, "alice"));
			StompFrame denial = alice.nextFrame(Duration.ofSeconds(5));
			assertThat(denial.header("subscription")).isEqualTo("sub-revoked");
			assertThat(denial.header("wsauth-denied")).isEqualTo("REVOKED");
		}
	}

	@Test
	void reevaluationWithUnchangedMembershipDropsNothingAndSendsNothing() {
		try (StompTestClient alice = subscribedAlice()) {
			assertThat(this.authorizations.reevaluate("alice")).isZero();
			assertThat(alice.pollFrame(QUIET)).isNull();
		}
	}

	@Test
	void reevaluatingAnotherUserLeavesTheSubscriptionsAlone() {
		try (StompTestClient alice = subscribedAlice()) {
			Memberships.remove(this.revoked, "alice");
			assertThat(this.authorizations.reevaluate("bob")).isZero();
			assertThat(alice.pollFrame(QUIET)).isNull();
		}
	}

	private StompTestClient subscribedAlice() {
		Cookies cookies = this.sessions.login("alice", "alice-pw");
		StompTestClient alice = StompTestClient.connect(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", cookies.header(), "Origin", this.sessions.origin()));
		alice.subscribe("sub-kept", board(this.kept), "r-1");
		alice.subscribe("sub-revoked", board(this.revoked), "r-2");
		alice.subscribe("sub-news", "/topic/news", "r-3");
		for (int i = 0; i < 3; i++) {
			assertThat(alice.nextFrame(Duration.ofSeconds(5)).command()).isEqualTo("RECEIPT");
		}
		return alice;
	}

	private static String board(String board) {
		return "/topic/boards." + board;
	}

	/**
	 * Read frames until one with each of the given bodies has arrived, in any order: the
	 * simple broker delivers messages to different destinations on several threads, so
	 * the last one published may arrive first. A message wrongly routed after them gets a
	 * short grace to arrive too.
	 */
	private static List<StompFrame> framesUntil(StompTestClient client, String... bodies) {
		List<StompFrame> frames = new ArrayList<>();
		Set<String> awaited = new HashSet<>(List.of(bodies));
		while (!awaited.isEmpty()) {
			StompFrame frame = client.nextFrame(Duration.ofSeconds(5));
			frames.add(frame);
			awaited.remove(frame.body());
		}
		StompFrame late;
		while ((late = client.pollFrame(Duration.ofMillis(300))) != null) {
			frames.add(late);
		}
		return frames;
	}

}
