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

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.user.SimpSubscription;
import org.springframework.messaging.simp.user.SimpUserRegistry;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static dev.wsauth.sample.SampleClients.connect;
import static dev.wsauth.sample.SampleClients.drain;
import static dev.wsauth.sample.SampleClients.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(ObservedSessions.class)
class BoardsFlowTests {

	private static final String B1 = "/topic/boards.b1";

	@LocalServerPort
	int port;

	@Autowired
	SimpleBrokerMessageHandler broker;

	@Autowired
	SimpUserRegistry userRegistry;

	@Test
	void bobTypingOnB1ReachesAlice() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		Cookies bob = sessions.login("bob", "bob-pw");
		try (StompTestClient aliceClient = StompTestClient.connect(sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", alice.header(), "Origin", sessions.origin()));
				StompTestClient bobClient = StompTestClient.connect(sessions.webSocketUri("/ws"),
						StompTestClient.headers("Cookie", bob.header(), "Origin", sessions.origin()))) {
			aliceClient.subscribe("sub-0", "/topic/boards.b1");
			aliceClient.subscribe("sub-1", "/topic/boards.b2");
			StompFrame denial = aliceClient.nextFrame();
			assertThat(denial.header("wsauth-denied")).isEqualTo("FORBIDDEN");
			assertThat(denial.header("subscription")).isEqualTo("sub-1");
			new BrokerSubscriptions(this.broker).awaitSubscribed("/topic/boards.b1", "sub-0");
			bobClient.sendTo("/app/boards.b1.typing", "{}");
			StompFrame typing = aliceClient.nextFrame(Duration.ofSeconds(5));
			assertThat(typing.command()).isEqualTo("MESSAGE");
			assertThat(typing.body()).contains("\"type\":\"user_typing\"").contains("\"name\":\"Bob\"");
		}
	}

	@Test
	void typingBroadcastsExactlyTheTypistToTheBoard() {
		TestSessions sessions = TestSessions.on(this.port);
		BrokerSubscriptions subscriptions = new BrokerSubscriptions(this.broker);
		try (StompTestClient alice = connect(sessions, sessions.login("alice", "alice-pw"));
				StompTestClient bob = connect(sessions, sessions.login("bob", "bob-pw"))) {
			String board = subscriptions.subscribe(alice, B1);
			bob.sendTo("/app/boards.b1.typing", "{}");
			StompFrame typing = alice.nextFrame();
			assertThat(typing.command()).isEqualTo("MESSAGE");
			assertThat(typing.header("subscription")).isEqualTo(board);
			assertThat(typing.header("destination")).isEqualTo(B1);
			assertThat(typing.header("content-type")).startsWith("application/json");
			assertThat(json(typing.body()))
				.isEqualTo(Map.of("type", "user_typing", "user", Map.of("id", "bob", "name", "Bob")));
			assertThat(drain(alice)).isEmpty();
		}
	}

	@Test
	void joinBroadcastsTheJoiningUserAndTheNumberOfDistinctUsersWatchingTheBoard() {
		TestSessions sessions = TestSessions.on(this.port);
		BrokerSubscriptions subscriptions = new BrokerSubscriptions(this.broker);
		// Sockets of earlier tests close asynchronously; start from an unwatched board.
		await().atMost(Duration.ofSeconds(5)).until(() -> boardSubscriptions().isEmpty());
		Cookies aliceCookies = sessions.login("alice", "alice-pw");
		try (StompTestClient alice = connect(sessions, aliceCookies);
				StompTestClient aliceSecondTab = connect(sessions, aliceCookies);
				StompTestClient bob = connect(sessions, sessions.login("bob", "bob-pw"));
				StompTestClient admin = connect(sessions, sessions.login("admin", "admin-pw"))) {
			String aliceBoard = subscriptions.subscribe(alice, B1);
			String aliceSecondBoard = subscriptions.subscribe(aliceSecondTab, B1);
			String bobBoard = subscriptions.subscribe(bob, B1);
			subscriptions.subscribe(admin, "/topic/boards.b2");
			await().atMost(Duration.ofSeconds(5)).until(() -> boardSubscriptions().size() == 3);

			bob.sendTo("/app/boards.b1.join", "{}");
			Map<String, Object> bobJoined = Map.of("type", "user_joined", "user", Map.of("id", "bob", "name", "Bob"),
					"viewers", 2);
			assertThat(json(alice.nextFrame().body())).isEqualTo(bobJoined);
			assertThat(json(aliceSecondTab.nextFrame().body())).isEqualTo(bobJoined);
			StompFrame toBob = bob.nextFrame();
			assertThat(toBob.header("subscription")).isEqualTo(bobBoard);
			assertThat(json(toBob.body())).isEqualTo(bobJoined);

			admin.sendTo("/app/boards.b1.join", "{}");
			Map<String, Object> adminJoined = Map.of("type", "user_joined", "user",
					Map.of("id", "admin", "name", "Admin"), "viewers", 2);
			StompFrame toAlice = alice.nextFrame();
			assertThat(toAlice.header("subscription")).isEqualTo(aliceBoard);
			assertThat(json(toAlice.body())).isEqualTo(adminJoined);
			assertThat(aliceSecondTab.nextFrame().header("subscription")).isEqualTo(aliceSecondBoard);
			assertThat(drain(admin)).as("admin watches b2 only").isEmpty();
		}
	}

	private List<SimpSubscription> boardSubscriptions() {
		return List
			.copyOf(this.userRegistry.findSubscriptions((subscription) -> B1.equals(subscription.getDestination())));
	}

}
