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

package dev.wsauth.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.user.SimpSubscription;
import org.springframework.messaging.simp.user.SimpUserRegistry;

import dev.wsauth.test.autoconfigure.AutoConfigureWsAuthTestClient;
import dev.wsauth.test.stomp.StompMessage;
import dev.wsauth.test.stomp.StompSubscription;
import dev.wsauth.test.stomp.WsAuthConnection;
import dev.wsauth.test.stomp.WsAuthTestClient;
import dev.wsauth.topic.DenialReason;

import static dev.wsauth.sample.SampleClients.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may subscribe and send where. Every denial is a notice on the same connection,
 * which stays open. Written with the test kit: every SUBSCRIBE and SEND carries a
 * receipt, so a test knows the server's answer without waiting a fixed time.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWsAuthTestClient
@Import(ObservedSessions.class)
class TopicAuthorizationTests {

	private static final String B1 = "/topic/boards.b1";

	@Autowired
	WsAuthTestClient client;

	@Autowired
	SimpMessagingTemplate messaging;

	@Autowired
	SimpUserRegistry userRegistry;

	@Test
	void memberReceivesMessagesOfHerBoard() {
		try (WsAuthConnection alice = this.client.connectAs("alice");
				WsAuthConnection bob = this.client.connectAs("bob")) {
			StompSubscription board = alice.subscribe(B1);
			assertThat(board).isAllowed();
			assertThat(bob.send("/app/boards.b1.typing", "{}")).isAllowed();
			assertThat(board).receives((message) -> B1.equals(message.destination()) && isTyping(message, "bob"),
					"bob typing on b1");
		}
	}

	@Test
	void subscribingToAnotherBoardIsDeniedWithANoticeAndTheConnectionStaysUsable() {
		try (WsAuthConnection alice = this.client.connectAs("alice");
				WsAuthConnection bob = this.client.connectAs("bob")) {
			StompSubscription aliceOnB2 = alice.subscribe("/topic/boards.b2");
			assertThat(aliceOnB2).isDeniedWith(DenialReason.FORBIDDEN);
			StompSubscription bobOnB2 = bob.subscribe("/topic/boards.b2");
			assertThat(bobOnB2).isAllowed();
			assertThat(bob.send("/app/boards.b2.typing", "{}")).isAllowed();
			assertThat(bobOnB2).receives((message) -> isTyping(message, "bob"), "bob typing on b2");
			assertThat(alice).isOpen();
			StompSubscription announcements = alice.subscribe("/topic/announcements");
			assertThat(announcements).isAllowed();
			publish("/topic/announcements", Map.of("text", "still here"));
			assertThat(announcements).receives((message) -> "still here".equals(json(message.body()).get("text")),
					"the announcement");
			assertThat(aliceOnB2.messages()).isEmpty();
		}
	}

	@Test
	void adminMaySubscribeToAnyBoardAndToTheAdminTopic() {
		try (WsAuthConnection admin = this.client.connectAs("admin");
				WsAuthConnection bob = this.client.connectAs("bob")) {
			StompSubscription board = admin.subscribe("/topic/boards.b2");
			StompSubscription adminTopic = admin.subscribe("/topic/admin");
			assertThat(board).isAllowed();
			assertThat(adminTopic).isAllowed();
			assertThat(bob.send("/app/boards.b2.typing", "{}")).isAllowed();
			publish("/topic/admin", Map.of("text", "for admins"));
			assertThat(board).receives((message) -> isTyping(message, "bob"), "bob typing on b2");
			assertThat(adminTopic).receives((message) -> "for admins".equals(json(message.body()).get("text")),
					"the admin message");
		}
	}

	@Test
	void userIsDeniedTheAdminTopicAndReceivesNothingPublishedThere() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			StompSubscription adminTopic = alice.subscribe("/topic/admin");
			assertThat(adminTopic).isDeniedWith(DenialReason.FORBIDDEN);
			StompSubscription announcements = alice.subscribe("/topic/announcements");
			assertThat(announcements).isAllowed();
			publish("/topic/admin", Map.of("text", "for admins"));
			publish("/topic/announcements", Map.of("text", "for everyone"));
			assertThat(announcements).receives((message) -> "for everyone".equals(json(message.body()).get("text")),
					"the announcement");
			assertThat(adminTopic.messages()).isEmpty();
			assertThat(announcements.messages()).hasSize(1);
		}
	}

	@Test
	void anyAuthenticatedUserMaySubscribeToAnnouncements() {
		try (WsAuthConnection alice = this.client.connectAs("alice");
				WsAuthConnection bob = this.client.connectAs("bob")) {
			StompSubscription aliceAnnouncements = alice.subscribe("/topic/announcements");
			StompSubscription bobAnnouncements = bob.subscribe("/topic/announcements");
			assertThat(aliceAnnouncements).isAllowed();
			assertThat(bobAnnouncements).isAllowed();
			publish("/topic/announcements", Map.of("text", "hello"));
			assertThat(aliceAnnouncements).receivesBodyContaining("hello");
			assertThat(bobAnnouncements).receivesBodyContaining("hello");
		}
	}

	@Test
	void topicWithoutRuleIsDenied() {
		try (WsAuthConnection admin = this.client.connectAs("admin")) {
			assertThat(admin.subscribe("/topic/unknown")).isDeniedWith(DenialReason.FORBIDDEN);
			assertThat(admin).isOpen();
		}
	}

	@Test
	void patternAndNonCanonicalDestinationsAreDeniedAsInvalidAndNeverReceiveBoardMessages() {
		List<String> destinations = List.of("/topic/**", "/topic/boards.*", "/topic/boards.{boardId}", "/topic/#",
				"/topic//boards.b1", "/topic/boards.b1/", "/topic/./boards.b1", "/topic/boards..b1");
		try (WsAuthConnection alice = this.client.connectAs("alice");
				WsAuthConnection bob = this.client.connectAs("bob")) {
			List<StompSubscription> invalid = new ArrayList<>();
			for (String destination : destinations) {
				invalid.add(alice.subscribe(destination));
			}
			for (StompSubscription subscription : invalid) {
				assertThat(subscription).as(subscription.destination()).isDeniedWith(DenialReason.INVALID_DESTINATION);
			}
			StompSubscription board = alice.subscribe(B1);
			assertThat(board).isAllowed();
			assertThat(bob.send("/app/boards.b1.typing", "{}")).isAllowed();
			publish(B1, Map.of("type", "server_event"));
			assertThat(board).receives((message) -> isTyping(message, "bob"), "bob typing")
				.receives((message) -> "server_event".equals(json(message.body()).get("type")), "the server event");
			assertThat(invalid).allSatisfy((subscription) -> assertThat(subscription.messages()).isEmpty());
		}
	}

	@Test
	void resolvedUserQueuesCannotBeSubscribedToDirectly() {
		try (WsAuthConnection alice = this.client.connectAs("alice");
				WsAuthConnection bob = this.client.connectAs("bob")) {
			StompSubscription notifications = bob.subscribe("/user/queue/notifications");
			assertThat(notifications).isAllowed();
			String bobQueue = "/queue/notifications-user" + awaitSessionOf("bob", notifications.id());
			assertThat(alice.subscribe("/queue/notifications-user0")).isDeniedWith(DenialReason.FORBIDDEN);
			StompSubscription stolen = alice.subscribe(bobQueue);
			assertThat(stolen).isDeniedWith(DenialReason.FORBIDDEN);
			this.messaging.convertAndSendToUser("bob", "/queue/notifications", Map.of("message", "for bob"));
			assertThat(notifications).receives((message) -> Map.of("message", "for bob").equals(json(message.body())),
					"bob's notification");
			assertThat(stolen.messages()).isEmpty();
		}
	}

	@Test
	void sendingToABrokerTopicIsDeniedWithANoticeAndNothingIsBroadcast() {
		try (WsAuthConnection alice = this.client.connectAs("alice");
				WsAuthConnection bob = this.client.connectAs("bob")) {
			StompSubscription aliceBoard = alice.subscribe(B1);
			StompSubscription bobBoard = bob.subscribe(B1);
			assertThat(aliceBoard).isAllowed();
			assertThat(bobBoard).isAllowed();
			assertThat(alice.send(B1, "{\"type\":\"forged\"}")).isDeniedWith(DenialReason.FORBIDDEN);
			assertThat(bob.send("/app/boards.b1.typing", "{}")).isAllowed();
			assertThat(aliceBoard).receives((message) -> isTyping(message, "bob"), "bob typing");
			assertThat(bobBoard).receives((message) -> isTyping(message, "bob"), "bob typing");
			assertThat(aliceBoard.messages()).singleElement()
				.satisfies((message) -> assertThat(isTyping(message, "bob")).isTrue());
			assertThat(bobBoard.messages()).singleElement()
				.satisfies((message) -> assertThat(isTyping(message, "bob")).isTrue());
		}
	}

	@Test
	void typingOnABoardIsDeniedToNonMembersAndBroadcastForMembers() {
		try (WsAuthConnection alice = this.client.connectAs("alice");
				WsAuthConnection bob = this.client.connectAs("bob")) {
			StompSubscription bobBoard = bob.subscribe("/topic/boards.b2");
			assertThat(bobBoard).isAllowed();
			assertThat(alice.send("/app/boards.b2.typing", "{}")).isDeniedWith(DenialReason.FORBIDDEN);
			assertThat(bob.send("/app/boards.b2.typing", "{}")).isAllowed();
			assertThat(bobBoard)
				.receives((message) -> Map.of("type", "user_typing", "user", Map.of("id", "bob", "name", "Bob"))
					.equals(json(message.body())), "exactly bob typing");
			assertThat(bobBoard.messages()).hasSize(1);
			assertThat(alice).isOpen();
		}
	}

	private static boolean isTyping(StompMessage message, String user) {
		Map<String, Object> body = json(message.body());
		return "user_typing".equals(body.get("type")) && body.get("user") instanceof Map<?, ?> typist
				&& user.equals(typist.get("id"));
	}

	private void publish(String destination, Map<String, String> payload) {
		this.messaging.convertAndSend(destination, (Object) payload);
	}

	private String awaitSessionOf(String user, String subscriptionId) {
		List<String> sessionIds = new ArrayList<>();
		await().until(() -> {
			sessionIds.clear();
			this.userRegistry
				.findSubscriptions((subscription) -> subscriptionId.equals(subscription.getId())
						&& user.equals(subscription.getSession().getUser().getName()))
				.stream()
				.map(SimpSubscription::getSession)
				.forEach((session) -> sessionIds.add(session.getId()));
			return sessionIds.size() == 1;
		});
		return sessionIds.get(0);
	}

}
