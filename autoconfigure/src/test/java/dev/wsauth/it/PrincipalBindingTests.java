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
import org.springframework.security.core.Authentication;

import dev.wsauth.it.MessagingApplication.Badge;
import dev.wsauth.it.MessagingApplication.WhoAmIController;
import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user wsauth authenticated at upgrade time is the STOMP principal: message handlers
 * see it, user destinations route by it, and the socket carries the user data resolved
 * for it.
 */
@SpringBootTest(classes = MessagingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = MessagingApplication.PROPERTIES)
class PrincipalBindingTests {

	@LocalServerPort
	int port;

	@Autowired
	SimpMessagingTemplate messaging;

	@Autowired
	WhoAmIController whoAmI;

	TestSessions sessions;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
	}

	@Test
	void messageMappingMethodSeesTheLoggedInUserAsPrincipal() {
		try (StompTestClient bob = Users.connect(this.sessions, "bob")) {
			bob.subscribe("sub-whoami", "/user/queue/whoami");
			StompFrame reply = Deliveries.deliver(bob, () -> bob.sendTo("/app/whoami", "{}"),
					(frame) -> "MESSAGE".equals(frame.command()) && frame.body().startsWith("bob|"));
			assertThat(reply.header("subscription")).isEqualTo("sub-whoami");
			assertThat(this.whoAmI.principalSeenFor("bob")).isInstanceOf(Authentication.class);
			Authentication principal = (Authentication) this.whoAmI.principalSeenFor("bob");
			assertThat(principal.getName()).isEqualTo("bob");
			assertThat(principal.isAuthenticated()).isTrue();
			assertThat(principal.getAuthorities()).extracting("authority").contains("ROLE_USER");
		}
	}

	@Test
	void userDataResolvedAtUpgradeIsVisibleInTheStompSessionAttributes() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.subscribe("sub-whoami", "/user/queue/whoami");
			StompFrame reply = Deliveries.deliver(alice, () -> alice.sendTo("/app/whoami", "{}"),
					(frame) -> "MESSAGE".equals(frame.command()) && frame.body().startsWith("alice|"));
			assertThat(reply.body()).isEqualTo("alice|" + new Badge("alice", "level-of-alice"));
			assertThat(this.whoAmI.userDataSeenFor("alice")).isEqualTo(new Badge("alice", "level-of-alice"));
		}
	}

	@Test
	void convertAndSendToUserReachesThatUsersSubscriptionOnly() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice");
				StompTestClient bob = Users.connect(this.sessions, "bob")) {
			alice.subscribe("alice-x", "/user/queue/x");
			bob.subscribe("bob-x", "/user/queue/x");
			StompFrame forAlice = Deliveries.deliver(alice,
					() -> this.messaging.convertAndSendToUser("alice", "/queue/x", "for alice"),
					Deliveries.messageWithBody("for alice"));
			assertThat(forAlice.header("subscription")).isEqualTo("alice-x");
			assertThat(forAlice.header("destination")).isEqualTo("/user/queue/x");
			List<StompFrame> bobFrames = new ArrayList<>();
			Deliveries.deliver(bob, () -> this.messaging.convertAndSendToUser("bob", "/queue/x", "for bob"),
					(frame) -> bobFrames.add(frame) && "for bob".equals(frame.body()));
			// Both subscriptions are live now.
			this.messaging.convertAndSendToUser("alice", "/queue/x", "again for alice");
			alice.awaitFrame((frame) -> "again for alice".equals(frame.body()));
			StompFrame frame;
			while ((frame = bob.pollFrame(Duration.ofMillis(300))) != null) {
				bobFrames.add(frame);
			}
			assertThat(bobFrames).isNotEmpty()
				.allSatisfy((received) -> assertThat(received.body()).isEqualTo("for bob"))
				.allSatisfy((received) -> assertThat(received.header("subscription")).isEqualTo("bob-x"));
		}
	}

	@Test
	void userDataResolverReturningNullRefusesTheUpgradeWith401() {
		Cookies mallory = Users.login(this.sessions, "mallory");
		// The session itself is valid.
		assertThat(this.sessions.preflight(mallory).statusCode()).isEqualTo(204);
		assertThat(StompTestClient.upgradeStatus(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", mallory.header(), "Origin", this.sessions.origin())))
			.isEqualTo(401);
	}

}
