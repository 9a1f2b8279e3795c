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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.user.SimpSubscription;
import org.springframework.messaging.simp.user.SimpUserRegistry;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static dev.wsauth.sample.SampleClients.connect;
import static dev.wsauth.sample.SampleClients.drain;
import static dev.wsauth.sample.SampleClients.frames;
import static dev.wsauth.sample.SampleClients.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may subscribe and send where. Every denial is a notice on the same connection,
 * which stays open.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(ObservedSessions.class)
class TopicAuthorizationTests {

	@LocalServerPort
	int port;

	@Autowired
	SimpleBrokerMessageHandler broker;

	@Autowired
	SimpMessagingTemplate messaging;

	@Autowired
	SimpUserRegistry userRegistry;

	@Test
	void memberReceivesMessagesOfHerBoard() {
		TestSessions sessions = TestSessions.on(this.port);
		BrokerSubscriptions subscriptions = new BrokerSubscriptions(this.broker);
		try (StompTestClient alice = connect(sessions, sessions.login("alice", "alice-pw"));
				StompTestClient bob = connect(sessions, sessions.login("bob", "bob-pw"))) {
			String board = subscriptions.subscribe(alice, "/topic/boards.b1");
			bob.sendTo("/app/boards.b1.typing", "{}");
			StompFrame typing = alice.nextFrame();
			assertThat(typing.command()).isEqualTo("MESSAGE");
			assertThat(typing.header("subscription")).isEqualTo(board);
			assertThat(typing.header("destination")).isEqualTo("/topic/boards.b1");
		}
	}

	@Test
	void subscribingToAnotherBoardIsDeniedWithANoticeAndTheConnectionStaysUsable() {
		TestSessions sessions = TestSessions.on(this.port);
		BrokerSubscriptions subscriptions = new BrokerSubscriptions(this.broker);
		try (StompTestClient alice = connect(sessions, sessions.login("alice", "alice-pw"));
				StompTestClient bob = connect(sessions, sessions.login("bob", "bob-pw"))) {
			alice.subscribe("alice-on-b2", "/topic/boards.b2");
			assertDenied(alice.nextFrame(), "alice-on-b2", "SUBSCRIBE", "/topic/boards.b2", "FORBIDDEN");
			String bobOnB2 = subscriptions.subscribe(bob, "/topic/boards.b2");
			bob.sendTo("/app/boards.b2.typing", "{}");
			assertThat(bob.nextFrame().header("subscription")).isEqualTo(bobOnB2);
			assertThat(drain(alice)).isEmpty();
			assertThat(alice.isClosed()).isFalse();
			String announcements = subscriptions.subscribe(alice, "/topic/announcements");
			publish("/topic/announcements", Map.of("text", "still here"));
			StompFrame announcement = alice.nextFrame();
			assertThat(announcement.header("subscription")).isEqualTo(announcements);
			assertThat(json(announcement.body())).containsEntry("text", "still here");
		}
	}

	@Test
	void adminMaySubscribeToAnyBoardAndToTheAdminTopic() {
		TestSessions sessions = TestSessions.on(this.port);
		BrokerSubscriptions subscriptions = new BrokerSubscriptions(this.broker);
		try (StompTestClient admin = connect(sessions, sessions.login("admin", "admin-pw"));
				StompTestClient bob = connect(sessions, sessions.login("bob", "bob-pw"))) {
			String board = subscriptions.subscribe(admin, "/topic/boards.b2");
			String adminTopic = subscriptions.subscribe(admin, "/topic/admin");
			bob.sendTo("/app/boards.b2.typing", "{}");
			publish("/topic/admin", Map.of("text", "for admins"));
			List<StompFrame> received = frames(admin, 2);
			received.addAll(drain(admin));
			assertThat(received).extracting((frame) -> frame.header("subscription"))
				.containsExactlyInAnyOrder(board, adminTopic);
			assertThat(received).allSatisfy((frame) -> assertThat(frame.header("wsauth-denied")).isNull());
		}
	}

	@Test
	void userIsDeniedTheAdminTopicAndReceivesNothingPublishedThere() {
		TestSessions sessions = TestSessions.on(this.port);
		BrokerSubscriptions subscriptions = new BrokerSubscriptions(this.broker);
		try (StompTestClient alice = connect(sessions, sessions.login("alice", "alice-pw"))) {
			alice.subscribe("alice-on-admin", "/topic/admin");
			assertDenied(alice.nextFrame(), "alice-on-admin", "SUBSCRIBE", "/topic/admin", "FORBIDDEN");
			String announcements = subscriptions.subscribe(alice, "/topic/announcements");
			publish("/topic/admin", Map.of("text", "for admins"));
			publish("/topic/announcements", Map.of("text", "for everyone"));
			List<StompFrame> received = new ArrayList<>(List.of(alice.nextFrame()));
			received.addAll(drain(alice));
			assertThat(received).singleElement()
				.satisfies((frame) -> assertThat(frame.header("subscription")).isEqualTo(announcements));
		}
	}

	@Test
	void anyAuthenticatedUserMaySubscribeToAnnouncements() {
		TestSessions sessions = TestSessions.on(this.port);
		BrokerSubscriptions subscriptions = new BrokerSubscriptions(this.broker);
		try (StompTestClient alice = connect(sessions, sessions.login("alice", "alice-pw"));
				StompTestClient bob = connect(sessions, sessions.login("bob", "bob-pw"))) {
			String aliceAnnouncements = subscriptions.subscribe(alice, "/topic/announcements");
			String bobAnnouncements = subscriptions.subscribe(bob, "/topic/announcements");
			publish("/topic/announcements", Map.of("text", "hello"));
			assertThat(alice.nextFrame().header("subscription")).isEqualTo(aliceAnnouncements);
			assertThat(bob.nextFrame().header("subscription")).isEqualTo(bobAnnouncements);
		}
	}

	@Test
	void topicWithoutRuleIsDenied() {
		TestSessions sessions = TestSessions.on(this.port);
		try (StompTestClient admin = connect(sessions, sessions.login("admin", "admin-pw"))) {
			admin.subscribe("unknown", "/topic/unknown");
			assertDenied(admin.nextFrame(), "unknown", "SUBSCRIBE", "/topic/unknown", "FORBIDDEN");
			assertThat(admin.isClosed()).isFalse();
		}
	}

	@Test
	void patternAndNonCanonicalDestinationsAreDeniedAsInvalidAndNeverReceiveBoardMessages() {
		TestSessions sessions = TestSessions.on(this.port);
		BrokerSubscriptions subscriptions = new BrokerSubscriptions(this.broker);
		List<String> destinations = List.of("/topic/**", "/topic/boards.*", "/topic/boards.{boardId}", "/topic/#",
				"/topic//boards.b1", "/topic/boards.b1/", "/topic/./boards.b1", "/topic/boards..b1");
		try (StompTestClient alice = connect(sessions, sessions.login("alice", "alice-pw"));
				StompTestClient bob = connect(sessions, sessions.login("bob", "bob-pw"))) {
			Map<String, String> destinationsById = new LinkedHashMap<>();
			for (int i = 0; i < destinations.size(); i++) {
				destinationsById.put("invalid-" + i, destinations.get(i));
				alice.subscribe("invalid-" + i, destinations.get(i));
			}
			List<StompFrame> denials = frames(alice, destinations.size());
			assertThat(denials).extracting((frame) -> frame.header("subscription"))
				.containsExactlyInAnyOrderElementsOf(destinationsById.keySet());
			for (StompFrame denial : denials) {
				String id = denial.header("subscription");
				assertDenied(denial, id, "SUBSCRIBE", destinationsById.get(id), "INVALID_DESTINATION");
			}
			String board = subscriptions.subscribe(alice, "/topic/boards.b1");
			bob.sendTo("/app/boards.b1.typing", "{}");
			publish("/topic/boards.b1", Map.of("type", "server_event"));
			List<StompFrame> received = frames(alice, 2);
			received.addAll(drain(alice));
			assertThat(received).extracting((frame) -> frame.header("subscription")).containsOnly(board).hasSize(2);
		}
	}

	@Test
	void resolvedUserQueuesCannotBeSubscribedToDirectly() {
		TestSessions sessions = TestSessions.on(this.port);
		BrokerSubscriptions subscriptions = new BrokerSubscriptions(this.broker);
		try (StompTestClient alice = connect(sessions, sessions.login("alice", "alice-pw"));
				StompTestClient bob = connect(sessions, sessions.login("bob", "bob-pw"))) {
			bob.subscribe("bob-notifications", "/user/queue/notifications");
			String bobSessionId = awaitSessionOf("bob", "bob-notifications");
			String bobQueue = "/queue/notifications-user" + bobSessionId;
			subscriptions.awaitSubscribed(bobQueue, "bob-notifications");
			alice.subscribe("guessed", "/queue/notifications-user0");
			assertDenied(alice.nextFrame(), "guessed", "SUBSCRIBE", "/queue/notifications-user0", "FORBIDDEN");
			alice.subscribe("stolen", bobQueue);
			assertDenied(alice.nextFrame(), "stolen", "SUBSCRIBE", bobQueue, "FORBIDDEN");
			this.messaging.convertAndSendToUser("bob", "/queue/notifications", Map.of("message", "for bob"));
			StompFrame notification = bob.nextFrame();
			assertThat(notification.header("subscription")).isEqualTo("bob-notifications");
			assertThat(json(notification.body())).isEqualTo(Map.of("message", "for bob"));
			assertThat(drain(alice)).isEmpty();
		}
	}

	@Test
	void sendingToABrokerTopicIsDeniedWithANoticeAndNothingIsBroadcast() {
		TestSessions sessions = TestSessions.on(this.port);
		BrokerSubscriptions subscriptions = new BrokerSubscriptions(this.broker);
		try (StompTestClient alice = connect(sessions, sessions.login("alice", "alice-pw"));
				StompTestClient bob = connect(sessions, sessions.login("bob", "bob-pw"))) {
			String aliceBoard = subscriptions.subscribe(alice, "/topic/boards.b1");
			String bobBoard = subscriptions.subscribe(bob, "/topic/boards.b1");
			alice.sendTo("/topic/boards.b1", "{\"type\":\"forged\"}");
			assertDenied(alice.nextFrame(), "wsauth-denials", "SEND", "/topic/boards.b1", "FORBIDDEN");
			bob.sendTo("/app/boards.b1.typing", "{}");
			List<StompFrame> toAlice = new ArrayList<>(List.of(alice.nextFrame()));
			toAlice.addAll(drain(alice));
			List<StompFrame> toBob = new ArrayList<>(List.of(bob.nextFrame()));
			toBob.addAll(drain(bob));
			assertThat(toAlice).singleElement().satisfies((frame) -> {
				assertThat(frame.header("subscription")).isEqualTo(aliceBoard);
				assertThat(json(frame.body())).containsEntry("type", "user_typing");
			});
			assertThat(toBob).singleElement().satisfies((frame) -> {
				assertThat(frame.header("subscription")).isEqualTo(bobBoard);
				assertThat(json(frame.body())).containsEntry("type", "user_typing");
			});
		}
	}

	@Test
	void typingOnABoardIsDeniedToNonMembersAndBroadcastForMembers() {
		TestSessions sessions = TestSessions.on(this.port);
		BrokerSubscriptions subscriptions = new BrokerSubscriptions(this.broker);
		Cookies bobCookies = sessions.login("bob", "bob-pw");
		try (StompTestClient alice = connect(sessions, sessions.login("alice", "alice-pw"));
				StompTestClient bob = connect(sessions, bobCookies)) {
			String bobBoard = subscriptions.subscribe(bob, "/topic/boards.b2");
			alice.sendTo("/app/boards.b2.typing", "{}");
			assertDenied(alice.nextFrame(), "wsauth-denials", "SEND", "/app/boards.b2.typing", "FORBIDDEN");
			bob.sendTo("/app/boards.b2.typing", "{}");
			List<StompFrame> toBob = new ArrayList<>(List.of(bob.nextFrame()));
			toBob.addAll(drain(bob));
			assertThat(toBob).singleElement().satisfies((frame) -> {
				assertThat(frame.header("subscription")).isEqualTo(bobBoard);
				assertThat(json(frame.body()))
					.isEqualTo(Map.of("type", "user_typing", "user", Map.of("id", "bob", "name", "Bob")));
			});
			assertThat(alice.isClosed()).isFalse();
		}
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

	private static void assertDenied(StompFrame frame, String subscription, String command, String destination,
			String reason) {
		assertThat(frame.command()).isEqualTo("MESSAGE");
		assertThat(frame.header("subscription")).isEqualTo(subscription);
		assertThat(frame.header("wsauth-denied")).isEqualTo(reason);
		assertThat(frame.header("destination")).isEqualTo(destination);
		assertThat(json(frame.body())).containsEntry("type", "denied")
			.containsEntry("command", command)
			.containsEntry("subscription", subscription)
			.containsEntry("destination", destination)
			.containsEntry("reason", reason);
	}

}
