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
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.stomp.StompBrokerRelayMessageHandler;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.wsauth.redis.RedisSessionRotationRegistry;
import dev.wsauth.session.SessionRotationRegistry;
import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestServices;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample in the {@code cluster} profile against the local Redis and RabbitMQ:
 * sessions in Redis, the STOMP relay, the rotation registry in Redis, and the sample's
 * contract unchanged.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("cluster")
class ClusterProfileTests {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		TestServices.Endpoint redis = TestServices.redis();
		TestServices.Endpoint stomp = TestServices.rabbitStomp();
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
		registry.add("spring.session.data.redis.namespace", () -> "wsauth-sample-test:" + UUID.randomUUID());
		registry.add("sample.relay.host", stomp::host);
		registry.add("sample.relay.port", stomp::port);
	}

	@Test
	void sessionsLiveInRedisAndTheBrokerIsTheRabbitMqRelay() {
		assertThat(this.context.getBean(SessionRepository.class)).isInstanceOf(RedisSessionRepository.class);
		assertThat(this.context.getBean(SessionRotationRegistry.class))
			.isInstanceOf(RedisSessionRotationRegistry.class);
		assertThat(this.context.getBeanProvider(StompBrokerRelayMessageHandler.class).getIfAvailable()).isNotNull();
	}

	@Test
	void loggedInUserGetsAnnouncementsThroughTheRelay() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		assertThat(sessions.preflight(alice).statusCode()).isEqualTo(204);
		String text = UUID.randomUUID().toString();
		try (StompTestClient client = StompTestClient.connect(sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", alice.header(), "Origin", sessions.origin()))) {
			client.subscribe("a", "/topic/announcements", "r-1");
			assertThat(client.nextFrame(Duration.ofSeconds(10)).command()).isEqualTo("RECEIPT");
			this.context.getBean(SimpMessagingTemplate.class).convertAndSend("/topic/announcements", (Object) text);
			StompFrame message = client.awaitFrame((frame) -> frame.body().contains(text));
			assertThat(message.command()).isEqualTo("MESSAGE");
			client.subscribe("x", "/exchange/amq.topic/announcements", "r-2");
			assertThat(client.awaitFrame((frame) -> "x".equals(frame.header("subscription"))).header("wsauth-denied"))
				.isEqualTo("INVALID_DESTINATION");
		}
	}

}
