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

package dev.wsauth.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestServices;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A STOMP relay to a real RabbitMQ, even one that relays RabbitMQ's own destination
 * prefixes: clients cannot address exchanges or named queues, use wildcards, or change
 * the queues the broker creates for their subscriptions.
 */
@SpringBootTest(classes = ClusterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wsauth.authorization.rules[0].destination=/topic/allowed.{name}",
				"wsauth.authorization.rules[0].access=isAuthenticated()",
				"wsauth.authorization.rules[1].destination=/exchange/amq.topic/{key}",
				"wsauth.authorization.rules[1].access=isAuthenticated()",
				"wsauth.authorization.rules[2].destination=/topic/orders.{id}",
				"wsauth.authorization.rules[2].access=isAuthenticated()" })
class BrokerRelayHardeningTests {

	private static final Duration QUIET = Duration.ofMillis(500);

	@LocalServerPort
	int port;

	@Autowired
	SimpMessagingTemplate messagingTemplate;

	private TestSessions sessions;

	private Cookies user;

	@DynamicPropertySource
	static void relay(DynamicPropertyRegistry registry) {
		TestServices.Endpoint stomp = TestServices.rabbitStomp();
		registry.add("test.relay.host", stomp::host);
		registry.add("test.relay.port", stomp::port);
	}

	@BeforeEach
	void login() {
		this.sessions = TestSessions.on(this.port);
		this.user = this.sessions.login("user", "user-pw");
	}

	@Test
	void subscriptionsToAnExchangeANamedQueueOrAWildcardAreDeniedEvenWhenARuleWouldMatch() {
		try (StompTestClient client = connect()) {
			for (String destination : new String[] { "/exchange/amq.topic/#", "/exchange/amq.topic/orders",
					"/amq/queue/orders", "/temp-queue/replies", "/topic/orders.*", "/topic/orders.#" }) {
				client.subscribe("sub-" + destination.hashCode(), destination, "r-1");
				StompFrame denial = client.nextFrame(Duration.ofSeconds(10));
				assertThat(denial.command()).as(destination).isEqualTo("MESSAGE");
				assertThat(denial.header("wsauth-denied")).as(destination).isEqualTo("INVALID_DESTINATION");
				assertThat(denial.header("destination")).isEqualTo(destination);
			}
			assertThat(client.pollFrame(QUIET)).isNull();
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void subscriptionReachesTheBrokerWithoutHeadersThatNameOrKeepItsQueue() {
		String suffix = UUID.randomUUID().toString().replace("-", "");
		String topic = "/topic/allowed." + suffix;
		String stolenQueue = "wsauth-test-stolen-" + suffix;
		try (StompTestClient client = connect()) {
			client.send("SUBSCRIBE", Map.of("id", "sub-1", "destination", topic, "receipt", "r-1", "x-queue-name",
					stolenQueue, "durable", "true", "auto-delete", "false"), "");
			StompFrame receipt = client.nextFrame(Duration.ofSeconds(10));
			assertThat(receipt.command()).isEqualTo("RECEIPT");
			this.messagingTemplate.convertAndSend(topic, (Object) Map.of("text", "hello"));
			StompFrame message = client.nextFrame(Duration.ofSeconds(10));
			assertThat(message.command()).isEqualTo("MESSAGE");
			assertThat(message.header("subscription")).isEqualTo("sub-1");
			assertThat(message.body()).contains("hello");
			try (RabbitStomp rabbit = RabbitStomp.connect(TestServices.rabbitStomp())) {
				assertThat(rabbit.subscribe("/amq/queue/" + stolenQueue, Map.of())).isEqualTo("ERROR");
			}
		}
	}

	@Test
	void withoutWsauthTheSameHeadersWouldHaveCreatedTheNamedQueue() {
		String suffix = UUID.randomUUID().toString().replace("-", "");
		String namedQueue = "wsauth-test-control-" + suffix;
		try (RabbitStomp rabbit = RabbitStomp.connect(TestServices.rabbitStomp())) {
			assertThat(rabbit.subscribe("/topic/allowed." + suffix,
					Map.of("x-queue-name", namedQueue, "durable", "false", "auto-delete", "true")))
				.isEqualTo("RECEIPT");
			assertThat(rabbit.subscribe("/amq/queue/" + namedQueue, Map.of())).isEqualTo("RECEIPT");
		}
	}

	private StompTestClient connect() {
		return StompTestClient.connect(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", this.user.header(), "Origin", this.sessions.origin()));
	}

}
