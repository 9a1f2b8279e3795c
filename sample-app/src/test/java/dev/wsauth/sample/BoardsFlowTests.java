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
import org.springframework.context.annotation.Import;
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

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWsAuthTestClient
@Import(ObservedSessions.class)
class BoardsFlowTests {

	private static final String B1 = "/topic/boards.b1";

	private static final Map<String, Object> BOB_TYPING = Map.of("type", "user_typing", "user",
			Map.of("id", "bob", "name", "Bob"));

	@Autowired
	WsAuthTestClient client;

	@Autowired
	SimpUserRegistry userRegistry;

	@Test
	void bobTypingOnB1ReachesAlice() {
		try (WsAuthConnection alice = this.client.connectAs("alice");
				WsAuthConnection bob = this.client.connectAs("bob")) {
			StompSubscription b1 = alice.subscribe(B1);
			assertThat(alice.subscribe("/topic/boards.b2")).isDeniedWith(DenialReason.FORBIDDEN);
			assertThat(b1).isAllowed();
			assertThat(bob.send("/app/boards.b1.typing", "{}")).isAllowed();
			assertThat(b1).within(Duration.ofSeconds(5)).receivesBodyContaining("\"type\":\"user_typing\"");
			assertThat(b1.messages()).singleElement()
				.satisfies((message) -> assertThat(message.body()).contains("\"name\":\"Bob\""));
		}
	}

	@Test
	void typingBroadcastsExactlyTheTypistToTheBoard() {
		try (WsAuthConnection alice = this.client.connectAs("alice");
				WsAuthConnection bob = this.client.connectAs("bob")) {
			StompSubscription board = alice.subscribe(B1);
			assertThat(board).isAllowed();
			assertThat(bob.send("/app/boards.b1.typing", "{}")).isAllowed();
			StompMessage typing = board.awaitMessage((message) -> true);
			assertThat(typing.destination()).isEqualTo(B1);
			assertThat(typing.header("content-type")).startsWith("application/json");
			assertThat(json(typing.body())).isEqualTo(BOB_TYPING);
			assertThat(board.messages()).hasSize(1);
		}
	}

	@Test
	void joinBroadcastsTheJoiningUserAndTheNumberOfDistinctUsersWatchingTheBoard() {
		// Sockets of earlier tests close asynchronously; start from an unwatched board.
		await().atMost(Duration.ofSeconds(5)).until(() -> boardSubscriptions().isEmpty());
		try (WsAuthConnection alice = this.client.connectAs("alice");
				WsAuthConnection aliceSecondTab = this.client.connectAs("alice");
				WsAuthConnection bob = this.client.connectAs("bob");
				WsAuthConnection admin = this.client.connectAs("admin")) {
			StompSubscription aliceBoard = alice.subscribe(B1);
			StompSubscription aliceSecondBoard = aliceSecondTab.subscribe(B1);
			StompSubscription bobBoard = bob.subscribe(B1);
			StompSubscription adminB2 = admin.subscribe("/topic/boards.b2");
			for (StompSubscription subscription : List.of(aliceBoard, aliceSecondBoard, bobBoard, adminB2)) {
				assertThat(subscription).isAllowed();
			}
			assertThat(boardSubscriptions()).hasSize(3);

			assertThat(bob.send("/app/boards.b1.join", "{}")).isAllowed();
			Map<String, Object> bobJoined = Map.of("type", "user_joined", "user", Map.of("id", "bob", "name", "Bob"),
					"viewers", 2);
			for (StompSubscription subscription : List.of(aliceBoard, aliceSecondBoard, bobBoard)) {
				assertThat(subscription).receives((message) -> bobJoined.equals(json(message.body())), "bob joined");
			}

			assertThat(admin.send("/app/boards.b1.join", "{}")).isAllowed();
			Map<String, Object> adminJoined = Map.of("type", "user_joined", "user",
					Map.of("id", "admin", "name", "Admin"), "viewers", 2);
			assertThat(aliceBoard).receives((message) -> adminJoined.equals(json(message.body())), "admin joined");
			assertThat(aliceSecondBoard).receives((message) -> adminJoined.equals(json(message.body())),
					"admin joined");
			assertThat(adminB2.messages()).as("admin watches b2 only").isEmpty();
		}
	}

	private List<SimpSubscription> boardSubscriptions() {
		return List
			.copyOf(this.userRegistry.findSubscriptions((subscription) -> B1.equals(subscription.getDestination())));
	}

}
