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

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestServices;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connections of each user are counted in Redis, and Redis is unreachable (sessions
 * are plain servlet sessions here): an authenticated upgrade is refused with 503, never
 * let through uncounted.
 */
@SpringBootTest(classes = ClusterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = {
				"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
						+ "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1", "spring.data.redis.timeout=1s",
				"spring.data.redis.connect-timeout=500ms", "wsauth.limits.connections-per-user=3" })
class DeadRedisConnectionLimitTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void relay(DynamicPropertyRegistry registry) {
		TestServices.Endpoint stomp = TestServices.rabbitStomp();
		registry.add("test.relay.host", stomp::host);
		registry.add("test.relay.port", stomp::port);
	}

	@Test
	void anAuthenticatedUpgradeIsRefusedWith503WhenTheCountCannotBeChecked() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies user = sessions.login("user", "user-pw");
		try (StompTestClient client = StompTestClient.open(sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", user.header(), "Origin", sessions.origin()))) {
			throw new AssertionError("Upgrade was accepted");
		}
		catch (StompTestClient.HandshakeRejectedException ex) {
			assertThat(ex.status()).isEqualTo(503);
			assertThat(ex.headerValues("Retry-After")).containsExactly("5");
			assertThat(ex.headerValues("Cache-Control")).containsExactly("no-store");
		}
	}

}
