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

package dev.wsauth.test.stomp;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.SimpMessagingTemplate;

import dev.wsauth.test.app.KitApplication;
import dev.wsauth.test.autoconfigure.AutoConfigureWsAuthTestClient;
import dev.wsauth.test.rules.TestUsers;
import dev.wsauth.topic.DenialReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What a user reads when an assertion of the client fails: what was expected, what
 * happened, the user, the destination and the rule that decided.
 */
@SpringBootTest(classes = KitApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWsAuthTestClient
class AssertionFailureTests {

	private static final String ROOM_RULE = "SUBSCRIBE /topic/rooms.{room} with access "
			+ "\"@rooms.isMember(authentication.name, #room) or hasRole('ADMIN')\" declared at "
			+ "dev.wsauth.test.app.RoomRules#read";

	/** Long enough for an answer that is coming, short for one that never comes. */
	private static final Duration SHORT = Duration.ofMillis(300);

	@Autowired
	WsAuthTestClient client;

	@Autowired
	SimpMessagingTemplate messaging;

	@LocalServerPort
	int port;

	String endpoint;

	@BeforeEach
	void endpoint() {
		this.endpoint = "ws://localhost:" + this.port + "/ws";
	}

	@Test
	void isAllowedOfASubscriptionARuleDeniesNamesTheUserTheDestinationTheReasonAndTheRule() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			StompSubscription room = alice.subscribe("/topic/rooms.r2");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(room).isAllowed())
				.withMessage("Expected alice to be allowed to SUBSCRIBE to /topic/rooms.r2 on " + this.endpoint + "\n"
						+ "but was denied: FORBIDDEN\n" + "deciding rule: " + ROOM_RULE + "\n"
						+ "user: alice [ROLE_USER]");
		}
	}

	@Test
	void isAllowedOfADestinationNoRuleCoversSaysSo() {
		try (WsAuthConnection admin = this.client.connectAs("admin")) {
			StompSubscription unknown = admin.subscribe("/topic/unknown");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(unknown).isAllowed())
				.withMessage("Expected admin to be allowed to SUBSCRIBE to /topic/unknown on " + this.endpoint + "\n"
						+ "but was denied: FORBIDDEN\n"
						+ "deciding rule: none; no rule matches SUBSCRIBE /topic/unknown, and unknown destinations "
						+ "are denied\n" + "user: admin [ROLE_ADMIN, ROLE_USER]");
		}
	}

	@Test
	void isDeniedOfAnAllowedSubscriptionNamesTheRuleThatAllowed() {
		try (WsAuthConnection bob = this.client.connectAs("bob")) {
			StompSubscription room = bob.subscribe("/topic/rooms.r2");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(room).isDenied())
				.withMessage("Expected bob to be denied SUBSCRIBE to /topic/rooms.r2 on " + this.endpoint + "\n"
						+ "but was allowed (RECEIPT)\n" + "deciding rule: " + ROOM_RULE + "\n"
						+ "user: bob [ROLE_USER]");
		}
	}

	@Test
	void isDeniedWithAnotherReasonSaysWhichReasonCame() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			StompSubscription pattern = alice.subscribe("/topic/rooms.*");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(pattern).isDeniedWith(DenialReason.FORBIDDEN))
				.withMessage("Expected alice to be denied SUBSCRIBE to /topic/rooms.* with reason FORBIDDEN on "
						+ this.endpoint + "\n" + "but was denied: INVALID_DESTINATION\n"
						+ "deciding rule: none; the destination is not canonical (a pattern, a non-canonical path "
						+ "or a broker-object prefix) and is denied before any rule\n" + "user: alice [ROLE_USER]");
		}
	}

	@Test
	void isAllowedOfADeniedSendNamesTheSendRule() {
		try (WsAuthConnection carol = this.client.connectAs(TestUsers.user("carol", "ROLE_ADMIN"))) {
			StompSend post = carol.send("/app/rooms.r1.post", "{}");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(post).isAllowed())
				.withMessage("Expected carol to be allowed to SEND to /app/rooms.r1.post on " + this.endpoint + "\n"
						+ "but was denied: FORBIDDEN\n" + "deciding rule: SEND /app/rooms.{room}.post with access "
						+ "\"@rooms.isMember(authentication.name, #room)\" declared at "
						+ "dev.wsauth.test.app.RoomRules#post\n" + "user: carol [ROLE_ADMIN]");
		}
	}

	@Test
	void isDeniedOfAnAllowedSendSaysItWasAllowed() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			StompSend post = alice.send("/app/rooms.r1.post", "{}");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(post).isDeniedWith(DenialReason.FORBIDDEN))
				.withMessageStartingWith(
						"Expected alice to be denied SEND to /app/rooms.r1.post with reason FORBIDDEN on "
								+ this.endpoint + "\n" + "but was allowed (RECEIPT)\n")
				.withMessageEndingWith("user: alice [ROLE_USER]");
		}
	}

	@Test
	void receivesListsTheMessagesThatDidNotMatch() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			StompSubscription news = alice.subscribe("/topic/news");
			assertThat(news).isAllowed();
			this.messaging.convertAndSend("/topic/news", "weather");
			assertThat(news).receivesBodyContaining("weather");
			this.messaging.convertAndSend("/topic/news", "sports");
			assertThat(news).receivesBodyContaining("sports");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(news).within(SHORT).receivesBodyContaining("weather"))
				.withMessageStartingWith("Expected the subscription of alice to /topic/news (" + news.id() + ") on "
						+ this.endpoint + " to receive a message whose body contains weather within PT0.3S\n"
						+ "but none of the 2 messages it received matched (2 of them satisfied earlier "
						+ "assertions):\n  MESSAGE {destination=/topic/news")
				.withMessageContaining("} weather")
				.withMessageContaining("} sports");
		}
	}

	@Test
	void receivesOnADeniedSubscriptionSaysItWasDeniedAndByWhichRule() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			StompSubscription admin = alice.subscribe("/topic/admin");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(admin).receives((message) -> true, "any message"))
				.withMessage(
						"Expected the subscription of alice to /topic/admin (" + admin.id() + ") on " + this.endpoint
								+ " to receive any message within PT10S\n" + "but the SUBSCRIBE was denied: FORBIDDEN\n"
								+ "deciding rule: SUBSCRIBE /topic/admin with access \"hasRole('ADMIN')\" declared at "
								+ "wsauth.authorization.rules[0]\n" + "user: alice [ROLE_USER]");
		}
	}

	@Test
	void isRevokedOfALiveSubscriptionSaysNoNoticeCame() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			StompSubscription room = alice.subscribe("/topic/rooms.r1");
			assertThat(room).isAllowed();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(room).within(SHORT).isRevoked())
				.withMessage("Expected the subscription of alice to /topic/rooms.r1 (" + room.id() + ") on "
						+ this.endpoint + " to receive a wsauth-denied: REVOKED notice within PT0.3S\n"
						+ "but it received no message");
		}
	}

	@Test
	void awaitMessageThatNeverComesFailsLikeReceives() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			StompSubscription news = alice.subscribe("/topic/news");
			assertThat(news).isAllowed();
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> news.awaitMessage((message) -> true, SHORT))
				.withMessage("Expected the subscription of alice to /topic/news (" + news.id() + ") on " + this.endpoint
						+ " to receive a matching message within PT0.3S\n" + "but it received no message");
		}
	}

	@Test
	void isClosedWithOfAnOpenConnectionSaysItStayedOpen() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(alice).within(SHORT).isClosedWith(4002))
				.withMessage("Expected the connection of alice to " + this.endpoint
						+ " to be closed with 4002 (session ended or credentials expired)\n"
						+ "but it was still open after PT0.3S");
		}
	}

	@Test
	void isClosedWithAnotherCodeSaysWhichCodeAndErrorCame() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			alice.endSession();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(alice).isClosedWith(4003))
				.withMessage("Expected the connection of alice to " + this.endpoint + " to be closed with 4003 "
						+ "(forbidden)\n" + "but it was closed with 4002 (session ended or credentials expired)\n"
						+ "ERROR frames received: [session ended]");
		}
	}

	@Test
	void unsubscribeAfterTheServerClosedTheConnectionSaysHowItWasClosed() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			StompSubscription room = alice.subscribe("/topic/rooms.r1");
			assertThat(room).isAllowed();
			alice.endSession();
			assertThat(alice).isClosedWith(4002);
			assertThatIllegalStateException().isThrownBy(room::unsubscribe)
				.withMessage("The connection of alice to " + this.endpoint
						+ " is closed with 4002 (session ended or credentials expired); cannot send UNSUBSCRIBE");
		}
	}

	@Test
	void disconnectAfterTheServerClosedTheConnectionSaysHowItWasClosed() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			alice.endSession();
			assertThat(alice).isClosedWith(4002);
			assertThatIllegalStateException().isThrownBy(alice::disconnect)
				.withMessage("The connection of alice to " + this.endpoint
						+ " is closed with 4002 (session ended or credentials expired); cannot send DISCONNECT");
		}
	}

	@Test
	void isOpenAfterTheSessionEndedSaysHowItWasClosed() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			alice.endSession();
			assertThat(alice).isClosedWith(4002);
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(alice).isOpen())
				.withMessage("Expected the connection of alice to " + this.endpoint + " to be open\n"
						+ "but it was closed with 4002 (session ended or credentials expired)\n"
						+ "ERROR frames received: [session ended]");
		}
	}

	@Test
	void describedAssertionsKeepTheirDescription() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			StompSubscription room = alice.subscribe("/topic/rooms.r2");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(room).as("alice reads r2").isAllowed())
				.withMessageStartingWith("[alice reads r2] Expected alice to be allowed");
		}
	}

}
