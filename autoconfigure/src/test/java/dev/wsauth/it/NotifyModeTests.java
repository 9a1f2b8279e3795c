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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.SimpMessagingTemplate;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default denial mode: a denied frame is answered with a denial notice and the
 * connection, with its other subscriptions, stays open.
 */
@SpringBootTest(classes = MessagingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = MessagingApplication.PROPERTIES)
class NotifyModeTests {

	@LocalServerPort
	int port;

	@Autowired
	SimpMessagingTemplate messaging;

	TestSessions sessions;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
	}

	@Test
	void deniedSubscribeGetsADenialMessageOnItsSubscriptionAndTheSocketStaysOpen() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.subscribe("sub-admin", "/topic/admin");
			StompFrame denial = alice.nextFrame();
			assertThat(denial.command()).isEqualTo("MESSAGE");
			assertThat(denial.header("subscription")).isEqualTo("sub-admin");
			assertThat(denial.header("wsauth-denied")).isEqualTo("FORBIDDEN");
			assertThat(denial.header("wsauth-command")).isEqualTo("SUBSCRIBE");
			assertThat(denial.header("destination")).isEqualTo("/topic/admin");
			assertThat(denial.header("wsauth-rule")).as("the rule is named only when exposed").isNull();
			assertThat(denial.body()).doesNotContain("\"rule\"");
			alice.subscribe("sub-open", "/topic/open");
			StompFrame message = Deliveries.deliver(alice,
					() -> this.messaging.convertAndSend("/topic/open", "still open"),
					Deliveries.messageWithBody("still open"));
			assertThat(message.header("subscription")).isEqualTo("sub-open");
			assertThat(message.header("wsauth-denied")).isNull();
			assertThat(alice.isClosed()).isFalse();
		}
	}

	@Test
	void deniedSubscriptionReceivesNothingPublishedToItsDestination() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.subscribe("sub-admin", "/topic/admin");
			assertThat(alice.nextFrame().header("wsauth-denied")).isEqualTo("FORBIDDEN");
			alice.subscribe("sub-open", "/topic/open");
			Deliveries.deliver(alice, () -> this.messaging.convertAndSend("/topic/open", "live"),
					Deliveries.messageWithBody("live"));
			this.messaging.convertAndSend("/topic/admin", "admin only");
			this.messaging.convertAndSend("/topic/open", "marker");
			List<StompFrame> received = framesUntil(alice, "marker");
			assertThat(received).noneSatisfy((frame) -> assertThat(frame.body()).isEqualTo("admin only"));
		}
	}

	@Test
	void subscribeToADestinationWithoutRuleIsDeniedByDefault() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.subscribe("sub-unruled", "/topic/unruled");
			StompFrame denial = alice.nextFrame();
			assertThat(denial.header("subscription")).isEqualTo("sub-unruled");
			assertThat(denial.header("wsauth-denied")).isEqualTo("FORBIDDEN");
		}
	}

	@Test
	void subscribeToAPatternDestinationIsDeniedAsInvalid() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.subscribe("sub-pattern", "/topic/*");
			StompFrame denial = alice.nextFrame();
			assertThat(denial.header("subscription")).isEqualTo("sub-pattern");
			assertThat(denial.header("wsauth-denied")).isEqualTo("INVALID_DESTINATION");
			assertThat(alice.isClosed()).isFalse();
		}
	}

	@Test
	void deniedSendGetsADenialMessageOnTheDenialsPseudoSubscription() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.sendTo("/app/unruled", "{}");
			StompFrame denial = alice.nextFrame();
			assertThat(denial.command()).isEqualTo("MESSAGE");
			assertThat(denial.header("subscription")).isEqualTo("wsauth-denials");
			assertThat(denial.header("wsauth-denied")).isEqualTo("FORBIDDEN");
			assertThat(denial.header("wsauth-command")).isEqualTo("SEND");
			assertThat(alice.isClosed()).isFalse();
		}
	}

	private static List<StompFrame> framesUntil(StompTestClient client, String body) {
		List<StompFrame> frames = new ArrayList<>();
		StompFrame frame;
		do {
			frame = client.nextFrame();
			frames.add(frame);
		}
		while (!body.equals(frame.body()));
		// Messages of one session may be delivered out of publication order: give a
		// wrongly routed one time to arrive.
		while ((frame = client.pollFrame(Duration.ofMillis(300))) != null) {
			frames.add(frame);
		}
		return frames;
	}

}
