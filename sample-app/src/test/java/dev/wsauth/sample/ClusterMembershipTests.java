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

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.messaging.simp.SimpMessagingTemplate;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestServices;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two sample nodes in the {@code cluster} profile (sessions and board membership in
 * Redis, STOMP relayed to RabbitMQ): an admin removes a member on node A, and the
 * member's socket on node B loses that board's subscription only.
 */
class ClusterMembershipTests {

	private static ConfigurableApplicationContext nodeA;

	private static ConfigurableApplicationContext nodeB;

	private static TestSessions sessionsA;

	private static TestSessions sessionsB;

	private static String boardsKeyPrefix;

	@BeforeAll
	static void startNodes() {
		TestServices.Endpoint redis = TestServices.redis();
		TestServices.Endpoint stomp = TestServices.rabbitStomp();
		String namespace = "wsauth-sample-test:" + UUID.randomUUID();
		boardsKeyPrefix = namespace + ":boards:";
		String[] args = { "--server.port=0", "--spring.data.redis.host=" + redis.host(),
				"--spring.data.redis.port=" + redis.port(), "--spring.session.data.redis.namespace=" + namespace,
				"--sample.boards.key-prefix=" + boardsKeyPrefix, "--sample.relay.host=" + stomp.host(),
				"--sample.relay.port=" + stomp.port() };
		nodeA = new SpringApplicationBuilder(SampleApplication.class).profiles("cluster").run(args);
		nodeB = new SpringApplicationBuilder(SampleApplication.class).profiles("cluster").run(args);
		sessionsA = TestSessions.on(port(nodeA));
		sessionsB = TestSessions.on(port(nodeB));
	}

	@AfterAll
	static void stopNodes() {
		if (nodeB != null) {
			nodeB.close();
		}
		if (nodeA != null) {
			StringRedisTemplate redis = nodeA.getBean(StringRedisTemplate.class);
			redis.delete(redis.keys(boardsKeyPrefix + "*"));
			nodeA.close();
		}
	}

	@Test
	void membershipIsSharedAndARemovalOnNodeADropsTheSubscriptionOnNodeBWithinASecond() {
		Cookies admin = sessionsA.login("admin", "admin-pw");
		try (StompTestClient bob = SampleClients.connect(sessionsB, sessionsA.login("bob", "bob-pw"))) {
			bob.subscribe("board-b1", "/topic/boards.b1", "r-1");
			bob.subscribe("board-b2", "/topic/boards.b2", "r-2");
			for (int i = 0; i < 2; i++) {
				assertThat(bob.nextFrame(Duration.ofSeconds(10)).command()).isEqualTo("RECEIPT");
			}
			HttpResponse<String> removed = change(admin, "DELETE", "b2", "bob");
			assertThat(removed.statusCode()).isEqualTo(200);
			assertThat(SampleClients.json(removed.body())).containsEntry("members", List.of());
			StompFrame denial = bob.nextFrame(Duration.ofSeconds(1));
			assertThat(denial.header("subscription")).isEqualTo("board-b2");
			assertThat(denial.header("wsauth-denied")).isEqualTo("REVOKED");
			assertThat(nodeB.getBean(Boards.class).isMember("bob", "b2")).isFalse();
			String marker = UUID.randomUUID().toString();
			SimpMessagingTemplate messaging = nodeA.getBean(SimpMessagingTemplate.class);
			messaging.convertAndSend("/topic/boards.b2", "after revocation");
			messaging.convertAndSend("/topic/boards.b1", marker);
			List<StompFrame> received = BoardMembershipTests.framesUntil(bob, marker);
			assertThat(received).noneSatisfy((frame) -> assertThat(frame.body()).contains("after revocation"));
			assertThat(bob.isClosed()).isFalse();
			HttpResponse<String> added = change(admin, "PUT", "b2", "bob");
			assertThat(SampleClients.json(added.body())).containsEntry("members", List.of("bob"));
		}
	}

	private static HttpResponse<String> change(Cookies cookies, String method, String board, String user) {
		if (cookies.get("XSRF-TOKEN") == null) {
			sessionsA.send(HttpRequest.newBuilder(sessionsA.uri("/login")).GET(), cookies);
		}
		return sessionsA.send(HttpRequest.newBuilder(sessionsA.uri("/api/boards/" + board + "/members/" + user))
			.header("Origin", sessionsA.origin())
			.header("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"))
			.method(method, HttpRequest.BodyPublishers.noBody()), cookies);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
