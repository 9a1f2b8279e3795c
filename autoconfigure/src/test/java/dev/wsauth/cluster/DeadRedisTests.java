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
 * Sessions in a Redis that is not there (a dead port): a request that presents a session
 * cookie is answered with 503 and {@code Retry-After}, never 500 and never a socket.
 */
@SpringBootTest(classes = ClusterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = {
				"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1", "spring.data.redis.timeout=1s",
				"spring.data.redis.connect-timeout=500ms" })
class DeadRedisTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void relay(DynamicPropertyRegistry registry) {
		TestServices.Endpoint stomp = TestServices.rabbitStomp();
		registry.add("test.relay.host", stomp::host);
		registry.add("test.relay.port", stomp::port);
	}

	@Test
	void upgradeWithASessionCookieIsRefusedWith503() {
		TestSessions sessions = TestSessions.on(this.port);
		try (StompTestClient client = StompTestClient.open(sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", "SESSION=ZmFrZQ", "Origin", sessions.origin()))) {
			throw new AssertionError("Upgrade was accepted");
		}
		catch (StompTestClient.HandshakeRejectedException ex) {
			assertThat(ex.status()).isEqualTo(503);
			assertThat(ex.headerValues("Retry-After")).containsExactly("5");
		}
	}

	@Test
	void preflightWithASessionCookieIsAnsweredWith503() {
		TestSessions sessions = TestSessions.on(this.port);
		HttpResponse<String> response = sessions.preflight(new Cookies().with("SESSION", "ZmFrZQ"));
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.body()).isEqualTo("Session store unavailable");
	}

}
