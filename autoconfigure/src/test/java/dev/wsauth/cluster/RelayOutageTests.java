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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TcpForwarder;
import dev.wsauth.test.TestServices;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The STOMP relay to RabbitMQ, reached through a forwarder the test switches off and on:
 * when the broker goes away, connected clients get a STOMP ERROR and are closed, so they
 * reconnect; once it is back, new connections work without restarting the application.
 */
@SpringBootTest(classes = ClusterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = {
				"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"wsauth.authorization.rules[0].destination=/topic/allowed.{name}",
				"wsauth.authorization.rules[0].access=isAuthenticated()" })
class RelayOutageTests {

	private static final TcpForwarder rabbit = TcpForwarder.to(TestServices.rabbitStomp());

	@LocalServerPort
	int port;

	private TestSessions sessions;

	private Cookies user;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		TestServices.Endpoint redis = TestServices.redis();
		registry.add("test.relay.host", () -> "127.0.0.1");
		registry.add("test.relay.port", rabbit::port);
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

	@AfterAll
	static void closeForwarder() {
		rabbit.close();
	}

	@BeforeEach
	void login() {
		rabbit.start();
		this.sessions = TestSessions.on(this.port);
		this.user = this.sessions.login("user", "user-pw");
	}

	@Test
	void whenTheBrokerGoesAwayClientsGetAnErrorAndAreClosedAndNewConnectionsWorkOnceItIsBack() {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
			connect().close();
			return true;
		});
		try (StompTestClient client = connect()) {
			rabbit.stop();
			StompFrame error = client.nextFrame(Duration.ofSeconds(10));
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(client.awaitCloseCode(Duration.ofSeconds(10))).isNotEqualTo(1000);
		}
		rabbit.start();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.untilAsserted(() -> {
				try (StompTestClient client = connect()) {
					client.subscribe("s1", "/topic/allowed.back", "r1");
					assertThat(client.nextFrame(Duration.ofSeconds(5)).command()).isEqualTo("RECEIPT");
				}
			});
	}

	private StompTestClient connect() {
		return StompTestClient.connect(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", this.user.header(), "Origin", this.sessions.origin()));
	}

}
