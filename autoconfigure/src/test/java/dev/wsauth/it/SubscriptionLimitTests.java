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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.user.SimpUserRegistry;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One connection holds at most 1,000 live subscriptions, the default.
 */
@SpringBootTest(classes = MessagingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = MessagingApplication.PROPERTIES)
class SubscriptionLimitTests {

	@LocalServerPort
	int port;

	@Autowired
	SimpUserRegistry users;

	TestSessions sessions;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
	}

	@Test
	void theThousandthSubscriptionIsAcceptedTheNextIsDeniedAndTheConnectionStaysOpen() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			subscribe(alice, 0, 999);
			alice.subscribe("sub-999", "/topic/open", "r-999");
			StompFrame receipt = alice.nextFrame();
			assertThat(receipt.command()).isEqualTo("RECEIPT");
			assertThat(receipt.header("receipt-id")).isEqualTo("r-999");
			alice.subscribe("sub-1000", "/topic/open", "r-1000");
			StompFrame denial = alice.nextFrame();
			assertThat(denial.command()).isEqualTo("MESSAGE");
			assertThat(denial.header("wsauth-denied")).isEqualTo("TOO_MANY_SUBSCRIPTIONS");
			assertThat(denial.header("subscription")).isEqualTo("sub-1000");
			assertThat(alice.isClosed()).isFalse();
			// Per connection: another test's closed connection may not be gone yet.
			Map<String, Long> perConnection = this.users.findSubscriptions((subscription) -> true)
				.stream()
				.collect(Collectors.groupingBy((subscription) -> subscription.getSession().getId(),
						Collectors.counting()));
			assertThat(perConnection.values()).contains(1000L)
				.allSatisfy((count) -> assertThat(count).isLessThanOrEqualTo(1000L));
		}
	}

	@Test
	void anUnsubscribeAtTheLimitMakesRoomForAnotherSubscription() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			subscribe(alice, 0, 1000);
			alice.send("UNSUBSCRIBE", Map.of("id", "sub-0"), "");
			alice.subscribe("sub-1000", "/topic/open", "r-1000");
			StompFrame receipt = alice.nextFrame();
			assertThat(receipt.command()).isEqualTo("RECEIPT");
			assertThat(receipt.header("receipt-id")).isEqualTo("r-1000");
		}
	}

	/**
	 * Subscribe with ids from {@code from} (inclusive) to {@code to} (exclusive), many
	 * frames to a WebSocket message.
	 */
	private static void subscribe(StompTestClient client, int from, int to) {
		List<String> frames = new ArrayList<>();
		for (int i = from; i < to; i++) {
			frames.add("SUBSCRIBE\nid:sub-" + i + "\ndestination:/topic/open\n\n\0");
			if (frames.size() == 200 || i == to - 1) {
				client.sendRaw(String.join("", frames));
				frames.clear();
			}
		}
	}

}
