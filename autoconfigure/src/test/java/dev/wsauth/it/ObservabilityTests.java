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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.web.socket.CloseStatus;

import dev.wsauth.handshake.UpgradeOutcome;
import dev.wsauth.handshake.WebSocketUpgradeRefusedEvent;
import dev.wsauth.revocation.Revocation;
import dev.wsauth.revocation.WebSocketRevocations;
import dev.wsauth.revocation.WebSocketRevokedEvent;
import dev.wsauth.socket.WebSocketForcedCloseEvent;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A scripted sequence of accepted and refused upgrades, allowed and denied frames,
 * preflights and closes shows up, exactly, in wsauth's metrics and events; no tag and no
 * event carries a session id, a cookie or a concrete destination.
 */
@SpringBootTest(classes = { MessagingApplication.class, ObservabilityTests.Events.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = MessagingApplication.PROPERTIES)
class ObservabilityTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Events events;

	@Autowired
	WebSocketRevocations revocations;

	@Autowired
	SimpMessagingTemplate messaging;

	TestSessions sessions;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
	}

	@Test
	void aScriptedSequenceIsCountedByOutcomeReasonRuleAndCloseCodeAndPublishedAsEvents() {
		double unauthenticated = upgrades("refused", "unauthenticated");
		double origin = upgrades("refused", "origin");
		double malformed = upgrades("refused", "malformed");
		double accepted = upgrades("accepted", "none");
		double granted = decisions("subscribe", "granted", "none", "/topic/rooms.{room}");
		double forbidden = decisions("subscribe", "denied", "forbidden", "/topic/rooms.{room}");
		double unruled = decisions("send", "denied", "forbidden", "none");
		double invalid = decisions("subscribe", "denied", "invalid-destination", "none");
		double preflights = exchanges("wsauth.preflight", "success");
		double unauthenticatedPreflights = exchanges("wsauth.preflight", "unauthenticated");
		double revokedCloses = closes("4003", "true");
		double clientCloses = closes("1000", "false");

		Cookies alice = Users.login(this.sessions, "alice");
		String sessionId = alice.get("SESSION") != null ? alice.get("SESSION") : alice.get("JSESSIONID");
		assertThat(StompTestClient.upgradeStatus(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Origin", this.sessions.origin())))
			.isEqualTo(401);
		assertThat(StompTestClient.upgradeStatus(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", alice.header(), "Origin", "https://evil.example")))
			.isEqualTo(403);
		assertThat(this.sessions.rawStatus("GET /ws?x=%zz HTTP/1.1\r\nHost: localhost:" + this.port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
				+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: " + this.sessions.origin() + "\r\nCookie: "
				+ alice.header() + "\r\n\r\n"))
			.isEqualTo(400);
		assertThat(this.sessions.preflight(new Cookies()).statusCode()).isEqualTo(401);
		assertThat(this.sessions.preflight(alice).statusCode()).isEqualTo(204);

		try (StompTestClient first = Users.connect(this.sessions, "alice");
				StompTestClient second = Users.connect(this.sessions, "bob")) {
			first.subscribe("r1", "/topic/rooms.r1", "r1-receipt");
			first.awaitFrame((frame) -> "RECEIPT".equals(frame.command()));
			first.subscribe("r2", "/topic/rooms.r2");
			first.awaitFrame((frame) -> "r2".equals(frame.header("subscription")));
			first.send("SEND", StompTestClient.headers("destination", "/app/unruled"), "{}");
			first.awaitFrame((frame) -> "wsauth-denials".equals(frame.header("subscription")));
			first.subscribe("bad", "/topic/rooms.*");
			first.awaitFrame((frame) -> "INVALID_DESTINATION".equals(frame.header("wsauth-denied")));
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(gauge("wsauth.connections")).isEqualTo(2));
			assertThat(gauge("wsauth.subscriptions")).isEqualTo(1);

			this.revocations.revokeUser("bob", new CloseStatus(4003, "revoked"));
			assertThat(second.awaitCloseCode()).isEqualTo(4003);
			first.close();
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(gauge("wsauth.connections")).isZero());
		}

		assertThat(upgrades("refused", "unauthenticated") - unauthenticated).isEqualTo(1);
		assertThat(upgrades("refused", "origin") - origin).isEqualTo(1);
		assertThat(upgrades("refused", "malformed") - malformed).isEqualTo(1);
		assertThat(upgrades("accepted", "none") - accepted).isEqualTo(2);
		assertThat(decisions("subscribe", "granted", "none", "/topic/rooms.{room}") - granted).isEqualTo(1);
		assertThat(decisions("subscribe", "denied", "forbidden", "/topic/rooms.{room}") - forbidden).isEqualTo(1);
		assertThat(decisions("send", "denied", "forbidden", "none") - unruled).isEqualTo(1);
		assertThat(decisions("subscribe", "denied", "invalid-destination", "none") - invalid).isEqualTo(1);
		assertThat(exchanges("wsauth.preflight", "success") - preflights).isEqualTo(1);
		assertThat(exchanges("wsauth.preflight", "unauthenticated") - unauthenticatedPreflights).isEqualTo(1);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(closes("4003", "true") - revokedCloses).isEqualTo(1);
			assertThat(closes("1000", "false") - clientCloses).isEqualTo(1);
		});

		List<WebSocketUpgradeRefusedEvent> refused = this.events.of(WebSocketUpgradeRefusedEvent.class);
		assertThat(refused).extracting(WebSocketUpgradeRefusedEvent::getOutcome)
			.contains(UpgradeOutcome.UNAUTHENTICATED, UpgradeOutcome.ORIGIN, UpgradeOutcome.MALFORMED);
		assertThat(refused).filteredOn((event) -> event.getOutcome() == UpgradeOutcome.ORIGIN)
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.getOrigin()).isEqualTo("https://evil.example");
				assertThat(event.getRemoteAddress()).isEqualTo("127.0.0.1");
				assertThat(event.getStatus()).isEqualTo(403);
				assertThat(event.getPath()).isEqualTo("/ws");
			});
		assertThat(this.events.of(WebSocketForcedCloseEvent.class)).singleElement().satisfies((event) -> {
			assertThat(event.getPrincipalName()).isEqualTo("bob");
			assertThat(event.getCloseCode()).isEqualTo(4003);
			assertThat(event.getCloseReason()).isEqualTo("revoked");
			assertThat(event.getRemoteAddress()).isEqualTo("127.0.0.1");
			assertThat(event.getTransport()).isEqualTo("websocket");
		});
		assertThat(this.events.of(WebSocketRevokedEvent.class)).singleElement().satisfies((event) -> {
			assertThat(event.getKind()).isEqualTo(Revocation.Kind.USER);
			assertThat(event.getPrincipalNames()).containsExactly("bob");
			assertThat(event.getClosedConnections()).isEqualTo(1);
			assertThat(event.isFromAnotherNode()).isFalse();
		});

		assertThat(sessionId).isNotNull();
		List<String> tagValues = new ArrayList<>();
		for (Meter meter : this.meters.getMeters()) {
			if (meter.getId().getName().startsWith("wsauth")) {
				meter.getId().getTags().stream().map(Tag::getValue).forEach(tagValues::add);
			}
		}
		assertThat(tagValues).isNotEmpty()
			.noneMatch((value) -> value.contains(sessionId))
			.noneMatch((value) -> value.contains("alice") || value.contains("bob"))
			.noneMatch((value) -> value.contains("rooms.r1") || value.contains("rooms.r2"));
		assertThat(this.events.all()).extracting(Object::toString)
			.noneMatch((text) -> text.contains(sessionId) || text.contains(alice.header()));
	}

	private double upgrades(String outcome, String reason) {
		Timer timer = this.meters.find("wsauth.upgrade").tag("outcome", outcome).tag("reason", reason).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private double decisions(String command, String outcome, String reason, String rule) {
		Timer timer = this.meters.find("wsauth.authorization")
			.tag("command", command)
			.tag("outcome", outcome)
			.tag("reason", reason)
			.tag("rule", rule)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	private double exchanges(String name, String outcome) {
		Timer timer = this.meters.find(name).tag("outcome", outcome).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private double closes(String code, String forced) {
		var counter = this.meters.find("wsauth.connections.closed").tag("code", code).tag("forced", forced).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double gauge(String name) {
		return this.meters.get(name).gauge().value();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Events {

		private final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();

		@EventListener({ WebSocketUpgradeRefusedEvent.class, WebSocketForcedCloseEvent.class,
				WebSocketRevokedEvent.class })
		void on(ApplicationEvent event) {
			this.events.add(event);
		}

		List<ApplicationEvent> all() {
			return List.copyOf(this.events);
		}

		<T> List<T> of(Class<T> type) {
			return this.events.stream().filter(type::isInstance).map(type::cast).toList();
		}

	}

}
