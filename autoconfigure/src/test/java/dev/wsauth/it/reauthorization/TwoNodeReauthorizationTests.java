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

package dev.wsauth.it.reauthorization;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.simp.SimpMessagingTemplate;

import dev.wsauth.it.reauthorization.BoardsApplication.Memberships;
import dev.wsauth.reauthorization.WebSocketAuthorizations;
import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live re-authorization across two nodes: the re-evaluation is asked for on node A, the
 * socket lives on node B.
 */
class TwoNodeReauthorizationTests {

	private static TwoNodes simpleBroker;

	private static TwoNodes relay;

	@BeforeAll
	static void startNodes() {
		simpleBroker = TwoNodes.start(false);
		relay = TwoNodes.start(true);
	}

	@AfterAll
	static void stopNodes() {
		if (relay != null) {
			relay.close();
		}
		if (simpleBroker != null) {
			simpleBroker.close();
		}
	}

	@Test
	void reevaluationOnNodeADropsTheRevokedSubscriptionOfASocketOnNodeBWithTheSimpleBroker() {
		String kept = board();
		String revoked = board();
		try (StompTestClient alice = simpleBroker.aliceOnNodeB("sub-kept", kept, "sub-revoked", revoked)) {
			Memberships.remove(name(revoked), "alice");
			assertThat(simpleBroker.nodeA.getBean(WebSocketAuthorizations.class).reevaluate("alice")).isZero();
			StompFrame denial = alice.nextFrame(Duration.ofSeconds(5));
			assertThat(denial.header("subscription")).isEqualTo("sub-revoked");
			assertThat(denial.header("wsauth-denied")).isEqualTo("REVOKED");
			SimpMessagingTemplate messaging = simpleBroker.nodeB.getBean(SimpMessagingTemplate.class);
			messaging.convertAndSend(revoked, "after revocation");
			messaging.convertAndSend(kept, "marker");
			List<StompFrame> received = TwoNodes.framesUntil(alice, "marker");
			assertThat(received).noneSatisfy((frame) -> assertThat(frame.body()).isEqualTo("after revocation"));
			assertThat(received).last()
				.satisfies((frame) -> assertThat(frame.header("subscription")).isEqualTo("sub-kept"));
			assertThat(alice.isClosed()).isFalse();
		}
	}

	@Test
	void reevaluationOnNodeADropsTheRevokedSubscriptionOfASocketOnNodeBAndUnsubscribesItAtTheRelay() {
		String kept = board();
		String revoked = board();
		String revokedId = "sub-revoked-" + UUID.randomUUID();
		try (StompTestClient alice = relay.aliceOnNodeB("sub-kept", kept, revokedId, revoked)) {
			Memberships.remove(name(revoked), "alice");
			relay.nodeA.getBean(WebSocketAuthorizations.class).reevaluate("alice");
			StompFrame denial = alice.nextFrame(Duration.ofSeconds(5));
			assertThat(denial.header("subscription")).isEqualTo(revokedId);
			assertThat(denial.header("wsauth-denied")).isEqualTo("REVOKED");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(BoardsApplication.UNSUBSCRIBES)
					.anySatisfy((unsubscribe) -> assertThat(unsubscribe).endsWith(" " + revokedId)));
			// Published on node A: through RabbitMQ to node B's relay connection.
			SimpMessagingTemplate messaging = relay.nodeA.getBean(SimpMessagingTemplate.class);
			messaging.convertAndSend(revoked, "after revocation");
			messaging.convertAndSend(kept, "marker");
			List<StompFrame> received = TwoNodes.framesUntil(alice, "marker");
			assertThat(received).noneSatisfy((frame) -> assertThat(frame.body()).isEqualTo("after revocation"));
			assertThat(alice.isClosed()).isFalse();
		}
	}

	private static String board() {
		String name = "b" + UUID.randomUUID().toString().replace("-", "");
		Memberships.add(name, "alice");
		return "/topic/boards." + name;
	}

	private static String name(String destination) {
		return destination.substring("/topic/boards.".length());
	}

}
