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

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TcpForwarder;
import dev.wsauth.test.TestServices;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sessions in Redis, reached through a forwarder the test switches off and on: while
 * Redis is unreachable, upgrades and preflights are answered with 503 and
 * {@code Retry-After} (never 500, never a socket) and open sockets stay open; once it is
 * back, both work again without a restart.
 */
@SpringBootTest(classes = ClusterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = {
				"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"spring.data.redis.timeout=1s", "spring.data.redis.connect-timeout=500ms",
				"wsauth.session.check-interval=200ms", "wsauth.preflight.rotate=false" })
class RedisOutageTests {

	private static final TcpForwarder redis = TcpForwarder.to(TestServices.redis());

	@LocalServerPort
	int port;

	private TestSessions sessions;

	private Cookies user;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		TestServices.Endpoint stomp = TestServices.rabbitStomp();
		registry.add("test.relay.host", stomp::host);
		registry.add("test.relay.port", stomp::port);
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", redis::port);
	}

	@AfterAll
	static void closeForwarder() {
		redis.close();
	}

	@BeforeEach
	void login() {
		redis.start();
		this.sessions = TestSessions.on(this.port);
		this.user = this.sessions.login("user", "user-pw");
	}

	@Test
	void whileRedisIsDownUpgradeAndPreflightGet503AndBothWorkAgainWhenItIsBack() {
		assertThat(upgradeStatus()).isEqualTo(101);
		try (StompTestClient open = connect()) {
			redis.stop();
			HttpResponse<String> preflight = this.sessions.preflight(this.user);
			assertThat(preflight.statusCode()).isEqualTo(503);
			assertThat(preflight.headers().firstValue("Retry-After")).hasValue("5");
			assertThat(preflight.body()).isEqualTo("Session store unavailable");
			StompTestClient.HandshakeRejectedException rejected = rejectedUpgrade();
			assertThat(rejected.status()).isEqualTo(503);
			assertThat(rejected.headerValues("Retry-After")).containsExactly("5");
			// The session-end sweep runs every 200ms and must not take the outage for a
			// logout.
			assertThat(open.pollFrame(Duration.ofMillis(900))).isNull();
			assertThat(open.isClosed()).isFalse();
			redis.start();
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(250))
				.untilAsserted(() -> assertThat(this.sessions.preflight(this.user).statusCode()).isEqualTo(204));
			assertThat(upgradeStatus()).isEqualTo(101);
			assertThat(open.isClosed()).isFalse();
		}
	}

	@Test
	void requestWithoutSessionCookieIsStill401WhileRedisIsDown() {
		redis.stop();
		assertThat(StompTestClient.upgradeStatus(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Origin", this.sessions.origin())))
			.isEqualTo(401);
		assertThat(this.sessions.preflight(new Cookies()).statusCode()).isEqualTo(401);
	}

	private int upgradeStatus() {
		return StompTestClient.upgradeStatus(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", this.user.header(), "Origin", this.sessions.origin()));
	}

	private StompTestClient.HandshakeRejectedException rejectedUpgrade() {
		try (StompTestClient client = StompTestClient.open(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", this.user.header(), "Origin", this.sessions.origin()))) {
			throw new AssertionError("Upgrade was accepted");
		}
		catch (StompTestClient.HandshakeRejectedException ex) {
			return ex;
		}
	}

	private StompTestClient connect() {
		return StompTestClient.connect(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", this.user.header(), "Origin", this.sessions.origin()));
	}

}
