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

import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import dev.wsauth.reauthorization.WebSocketAuthorizations;
import dev.wsauth.test.app.KitApplication;
import dev.wsauth.test.app.Rooms;
import dev.wsauth.test.autoconfigure.AutoConfigureWsAuthTestClient;
import dev.wsauth.test.rules.TestUsers;
import dev.wsauth.topic.DenialReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The client against a real server: connecting by session and by ticket, every passing
 * assertion, and the 4002 after the session ends.
 */
@SpringBootTest(classes = KitApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWsAuthTestClient
class WsAuthTestClientTests {

	@Autowired
	WsAuthTestClient client;

	@Autowired
	ApplicationContext context;

	@Autowired
	SimpMessagingTemplate messaging;

	@Autowired
	Rooms rooms;

	@Autowired
	WebSocketAuthorizations authorizations;

	@LocalServerPort
	int port;

	@Test
	void aliceConnectedBySessionIsAllowedHerRoomAndReceivesWhatBobPosts() {
		try (WsAuthConnection alice = this.client.connectAs("alice");
				WsAuthConnection bob = this.client.connectAs("bob")) {
			StompSubscription room = alice.subscribe("/topic/rooms.r1");
			assertThat(room).isAllowed();
			assertThat(bob.send("/app/rooms.r1.post", "{}")).isAllowed();
			assertThat(room).receives((message) -> message.body().contains("\"from\":\"bob\""), "bob's post");
			assertThat(bob.send("/app/rooms.r1.post", "{}")).isAllowed();
			assertThat(room).receivesBodyContaining("\"room\":\"r1\"");
		}
	}

	@Test
	void eachReceivedMessageSatisfiesOneAssertion() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			StompSubscription news = alice.subscribe("/topic/news");
			assertThat(news).isAllowed();
			this.messaging.convertAndSend("/topic/news", "first");
			this.messaging.convertAndSend("/topic/news", "second");
			assertThat(news).receivesBodyContaining("second").receivesBodyContaining("first");
			// The simple broker delivers on a thread pool: the order is not guaranteed.
			assertThat(news.messages()).extracting(StompMessage::body).containsExactlyInAnyOrder("first", "second");
			assertThat(news.messages()).extracting(StompMessage::destination).containsOnly("/topic/news");
		}
	}

	@Test
	void aliceIsDeniedTheRoomSheIsNoMemberOfAndTheConnectionStaysOpen() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			assertThat(alice.subscribe("/topic/rooms.r2")).isDenied().isDeniedWith(DenialReason.FORBIDDEN);
			assertThat(alice.subscribe("/topic/rooms.*")).isDeniedWith(DenialReason.INVALID_DESTINATION);
			assertThat(alice.send("/app/rooms.r2.post", "{}")).isDenied().isDeniedWith(DenialReason.FORBIDDEN);
			assertThat(alice).isOpen();
			assertThat(alice.subscribe("/topic/news")).isAllowed();
		}
	}

	@Test
	void userGivenByAuthoritiesIsDecidedByThoseAuthorities() {
		try (WsAuthConnection carol = this.client.connectAs(TestUsers.user("carol", "ROLE_ADMIN"))) {
			assertThat(carol.user()).isEqualTo("carol");
			assertThat(carol.subscribe("/topic/admin")).isAllowed();
			assertThat(carol.subscribe("/topic/rooms.r2")).isAllowed();
			assertThat(carol.send("/app/rooms.r2.post", "{}")).isDeniedWith(DenialReason.FORBIDDEN);
		}
	}

	@Test
	void aliceConnectedByTicketIsAllowedHerRoom() {
		try (WsAuthConnection alice = this.client.connectWithTicketAs("alice")) {
			assertThat(alice.subscribe("/topic/rooms.r1")).isAllowed();
			assertThat(alice.subscribe("/topic/admin")).isDeniedWith(DenialReason.FORBIDDEN);
		}
	}

	@Test
	void endingTheSessionClosesTheConnectionWith4002() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			assertThat(alice.subscribe("/topic/rooms.r1")).isAllowed();
			alice.endSession();
			assertThat(alice).isClosedWith(4002);
			assertThat(alice.isOpen()).isFalse();
		}
	}

	@Test
	void endingTheSessionOfATicketConnectionClosesItWith4002() {
		try (WsAuthConnection alice = this.client.connectWithTicketAs("alice")) {
			alice.endSession();
			assertThat(alice).isClosedWith(4002);
		}
	}

	@Test
	void subscriptionOfARemovedMemberIsRevoked() {
		try (WsAuthConnection carol = this.client.connectAs(TestUsers.user("carol", "ROLE_USER"))) {
			StompSubscription room = carol.subscribe("/topic/rooms.r3");
			assertThat(room).isAllowed();
			this.rooms.setMembers("r3", Set.of());
			this.authorizations.reevaluate("carol");
			assertThat(room).isRevoked();
		}
		finally {
			this.rooms.setMembers("r3", Set.of("carol"));
		}
	}

	@Test
	void awaitMessageReturnsTheMatchingMessage() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			StompSubscription news = alice.subscribe("/topic/news");
			assertThat(news).isAllowed();
			this.messaging.convertAndSend("/topic/news", "headline");
			StompMessage message = news.awaitMessage((each) -> each.body().equals("headline"));
			assertThat(message.header("subscription")).isEqualTo(news.id());
			assertThat(message.headers()).containsKey("message-id");
		}
	}

	@Test
	void unsubscribeAndDisconnectWaitForTheirReceipts() {
		WsAuthConnection alice = this.client.connectAs("alice");
		StompSubscription room = alice.subscribe("/topic/rooms.r1");
		assertThat(room).isAllowed();
		room.unsubscribe();
		alice.disconnect();
		assertThat(alice).isClosedWith(1000);
	}

	@Test
	void clientBuiltByHandConnectsLikeTheInjectedOne() {
		WsAuthTestClient byHand = WsAuthTestClient.create(this.context, this.port)
			.endpoint("/ws")
			.origin("http://localhost:" + this.port);
		try (WsAuthConnection bob = byHand.connectAs("bob")) {
			assertThat(bob.subscribe("/topic/rooms.r2")).isAllowed();
		}
	}

	@Test
	void upgradeFromAForeignOriginIsRefusedWithItsStatus() {
		WsAuthTestClient foreign = this.client.origin("https://evil.example");
		assertThatIllegalStateException().isThrownBy(() -> foreign.connectAs("alice"))
			.withMessage("The upgrade of alice to ws://localhost:" + this.port + "/ws was refused with HTTP 403");
	}

	@Test
	void unknownUserIsReportedByTheUserDetailsService() {
		assertThat(catchThrowable(() -> this.client.connectAs("mallory")))
			.isInstanceOf(UsernameNotFoundException.class);
	}

}
