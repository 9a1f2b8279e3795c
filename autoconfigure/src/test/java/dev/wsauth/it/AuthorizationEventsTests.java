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
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;

import dev.wsauth.it.MessagingApplication.DeniedEvents;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.topic.DenialReason;
import dev.wsauth.topic.DestinationAuthorizationDecision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A denied frame is published as Spring Security's {@link AuthorizationDeniedEvent}.
 */
@SpringBootTest(classes = MessagingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = MessagingApplication.PROPERTIES)
class AuthorizationEventsTests {

	@LocalServerPort
	int port;

	@Autowired
	SimpMessagingTemplate messaging;

	@Autowired
	DeniedEvents deniedEvents;

	TestSessions sessions;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
	}

	@Test
	void deniedSubscribePublishesAuthorizationDeniedEvent() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.subscribe("events-denied-subscribe", "/topic/admin");
			AuthorizationDeniedEvent<?> event = awaitEvent("events-denied-subscribe");
			assertThat(event.getAuthentication().get().getName()).isEqualTo("alice");
			assertThat(event.getAuthorizationResult().isGranted()).isFalse();
			assertThat(event.getAuthorizationResult()).isInstanceOfSatisfying(DestinationAuthorizationDecision.class,
					(decision) -> {
						assertThat(decision.getReason()).isEqualTo(DenialReason.FORBIDDEN);
						assertThat(decision.getRule()).isEqualTo("SUBSCRIBE /topic/admin");
					});
			Message<?> message = (Message<?>) event.getObject();
			assertThat(SimpMessageHeaderAccessor.getDestination(message.getHeaders())).isEqualTo("/topic/admin");
		}
	}

	@Test
	void deniedSendPublishesAuthorizationDeniedEvent() {
		try (StompTestClient bob = Users.connect(this.sessions, "bob")) {
			bob.send("SEND", StompTestClient.headers("destination", "/app/events-unruled"), "{}");
			AuthorizationDeniedEvent<?> event = awaitEventFor("/app/events-unruled");
			assertThat(event.getAuthentication().get().getName()).isEqualTo("bob");
			assertThat(event.getAuthorizationResult()).isInstanceOfSatisfying(DestinationAuthorizationDecision.class,
					(decision) -> assertThat(decision.getReason()).isEqualTo(DenialReason.FORBIDDEN));
		}
	}

	@Test
	void grantedSubscribePublishesNoDeniedEvent() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.subscribe("events-granted", "/topic/open");
			Deliveries.deliver(alice, () -> this.messaging.convertAndSend("/topic/open", "granted"),
					Deliveries.messageWithBody("granted"));
		}
		assertThat(eventsFor("events-granted")).isEmpty();
	}

	private AuthorizationDeniedEvent<?> awaitEvent(String subscriptionId) {
		return await().atMost(Duration.ofSeconds(5))
			.until(() -> eventsFor(subscriptionId), (events) -> !events.isEmpty())
			.get(0);
	}

	private AuthorizationDeniedEvent<?> awaitEventFor(String destination) {
		return await().atMost(Duration.ofSeconds(5))
			.until(() -> this.deniedEvents.events()
				.stream()
				.filter((event) -> event.getObject() instanceof Message<?> message
						&& destination.equals(SimpMessageHeaderAccessor.getDestination(message.getHeaders())))
				.toList(), (events) -> !events.isEmpty())
			.get(0);
	}

	private List<AuthorizationDeniedEvent<?>> eventsFor(String subscriptionId) {
		return this.deniedEvents.events()
			.stream()
			.filter((event) -> event.getObject() instanceof Message<?> message
					&& subscriptionId.equals(SimpMessageHeaderAccessor.getSubscriptionId(message.getHeaders())))
			.toList();
	}

}
