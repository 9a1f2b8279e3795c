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

package dev.wsauth.receipt;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestServices;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Receipts through Spring's STOMP broker relay to a real RabbitMQ: the broker answers
 * them, and wsauth adds none and drops none.
 */
@SpringBootTest(classes = ReceiptTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wsauth.authorization.rules[0].destination=/topic/allowed.{name}",
				"wsauth.authorization.rules[0].access=isAuthenticated()" })
class BrokerRelayReceiptTests {

	private static final Duration QUIET = Duration.ofMillis(500);

	@LocalServerPort
	int port;

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
	void allowedSubscribeThroughTheRelayGetsExactlyOneReceiptFromTheBroker() {
		String topic = "/topic/allowed." + UUID.randomUUID().toString().replace("-", "");
		try (StompTestClient client = connect()) {
			client.subscribe("sub-1", topic, "r-1");
			StompFrame receipt = client.nextFrame(Duration.ofSeconds(10));
			assertThat(receipt.command()).isEqualTo("RECEIPT");
			assertThat(receipt.header("receipt-id")).isEqualTo("r-1");
			assertThat(client.pollFrame(QUIET)).isNull();
		}
	}

	@Test
	void deniedSubscribeThroughTheRelayGetsADenialCarryingTheReceiptIdAndNoReceipt() {
		try (StompTestClient client = connect()) {
			client.subscribe("sub-1", "/topic/secret", "r-1");
			StompFrame denial = client.nextFrame(Duration.ofSeconds(10));
			assertThat(denial.command()).isEqualTo("MESSAGE");
			assertThat(denial.header("wsauth-denied")).isEqualTo("FORBIDDEN");
			assertThat(denial.header("receipt-id")).isEqualTo("r-1");
			assertThat(client.pollFrame(QUIET)).isNull();
		}
	}

	private StompTestClient connect() {
		return StompTestClient.connect(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", this.user.header(), "Origin", this.sessions.origin()));
	}

}
