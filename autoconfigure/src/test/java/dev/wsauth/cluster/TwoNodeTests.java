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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.web.socket.CloseStatus;

import dev.wsauth.redis.RedisSessionRotationRegistry;
import dev.wsauth.revocation.Revocation;
import dev.wsauth.revocation.WebSocketRevocations;
import dev.wsauth.revocation.WebSocketRevokedEvent;
import dev.wsauth.session.SessionRotationRegistry;
import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestServices;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes in one JVM, on two ports, sharing sessions in Redis and a RabbitMQ STOMP
 * relay, with wsauth's defaults (one-second session-end sweep, ten-second rotation
 * grace).
 */
class TwoNodeTests {

	private static final Duration QUIET = Duration.ofMillis(500);

	private static ConfigurableApplicationContext node1;

	private static ConfigurableApplicationContext node2;

	private static TestSessions sessions1;

	private static TestSessions sessions2;

	@BeforeAll
	static void startNodes() {
		TestServices.Endpoint redis = TestServices.redis();
		TestServices.Endpoint stomp = TestServices.rabbitStomp();
		String namespace = "wsauth-test:" + UUID.randomUUID();
		String[] args = { "--server.port=0",
				"--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
				"--spring.session.data.redis.namespace=" + namespace, "--test.relay.host=" + stomp.host(),
				"--test.relay.port=" + stomp.port(),
				"--wsauth.authorization.rules[0].destination=/topic/allowed.{name}",
				"--wsauth.authorization.rules[0].access=isAuthenticated()",
				"--wsauth.authorization.rules[1].command=send", "--wsauth.authorization.rules[1].destination=/app/echo",
				"--wsauth.authorization.rules[1].access=isAuthenticated()",
				"--wsauth.authorization.rules[2].destination=/exchange/amq.topic/{key}",
				"--wsauth.authorization.rules[2].access=isAuthenticated()" };
		node1 = new SpringApplicationBuilder(ClusterTestApplication.class).run(args);
		node2 = new SpringApplicationBuilder(ClusterTestApplication.class).run(args);
		sessions1 = TestSessions.on(port(node1));
		sessions2 = TestSessions.on(port(node2));
	}

	@AfterAll
	static void stopNodes() {
		if (node2 != null) {
			node2.close();
		}
		if (node1 != null) {
			node1.close();
		}
	}

	@Test
	void bothNodesShareTheRotationRegistryInRedis() {
		assertThat(node1.getBean(SessionRotationRegistry.class)).isInstanceOf(RedisSessionRotationRegistry.class);
		assertThat(node2.getBean(SessionRotationRegistry.class)).isInstanceOf(RedisSessionRotationRegistry.class);
	}

	@Test
	void sessionCreatedOnNode1AuthenticatesAnUpgradeOnNode2() {
		Cookies user = sessions1.login("user", "user-pw");
		try (StompTestClient client = connect(sessions2, user)) {
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void logoutOnNode1ClosesTheSocketOnNode2With4002WithinTwoSeconds() {
		Cookies user = sessions1.login("user", "user-pw");
		try (StompTestClient client = connect(sessions2, user)) {
			assertThat(sessions1.logout(user).statusCode()).isLessThan(400);
			assertThat(client.awaitCloseCode(Duration.ofSeconds(2))).isEqualTo(4002);
		}
	}

	@Test
	void aRevocationFromTheOtherNodeIsTimedAndPublishedAsAnEventThere() {
		List<WebSocketRevokedEvent> events = new CopyOnWriteArrayList<>();
		node2.addApplicationListener((ApplicationListener<WebSocketRevokedEvent>) events::add);
		Timer lag = node2.getBean(MeterRegistry.class).get("wsauth.revocation.lag").timer();
		long before = lag.count();
		// A user of its own, revoked while the session lives: only the broadcast can
		// close
		// this socket (a logout would race node 2's session-end sweep), and no socket of
		// an
		// earlier test can still be counted.
		Cookies carol = sessions1.login("carol", "carol-pw");
		try (StompTestClient client = connect(sessions2, carol)) {
			assertThat(node1.getBean(WebSocketRevocations.class).revokeUser("carol", new CloseStatus(4003, "revoked")))
				.isZero();
			assertThat(client.awaitCloseCode(Duration.ofSeconds(2))).isEqualTo(4003);
		}
		// The event follows the close the client has already seen.
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(lag.count()).isGreaterThan(before);
			assertThat(events).filteredOn(WebSocketRevokedEvent::isFromAnotherNode).anySatisfy((event) -> {
				assertThat(event.getKind()).isEqualTo(Revocation.Kind.USER);
				assertThat(event.getPrincipalNames()).containsExactly("carol");
				assertThat(event.getClosedConnections()).isEqualTo(1);
				assertThat(event.getCloseCode()).isEqualTo(4003);
			});
		});
	}

	@Test
	void eachNodeReportsItsRevocationBroadcastSubscriptionAsHealth() {
		HealthIndicator health = node2.getBean("wsauthHealthIndicator", HealthIndicator.class);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.UP));
		assertThat(health.health().getDetails()).containsEntry("subscribed", true).containsKey("channel");
	}

	@Test
	void messageSentOnNode1ReachesASubscriberOnNode2() {
		Cookies user = sessions1.login("user", "user-pw");
		String text = UUID.randomUUID().toString();
		String topic = "/topic/allowed." + text.replace("-", "");
		try (StompTestClient subscriber = connect(sessions2, user); StompTestClient sender = connect(sessions1, user)) {
			subscriber.subscribe("echo", "/topic/allowed.echo", "r-1");
			subscriber.subscribe("direct", topic, "r-2");
			assertThat(subscriber.nextFrame(Duration.ofSeconds(10)).command()).isEqualTo("RECEIPT");
			assertThat(subscriber.nextFrame(Duration.ofSeconds(10)).command()).isEqualTo("RECEIPT");
			sender.sendTo("/app/echo", "{\"text\":\"" + text + "\"}");
			StompFrame echoed = subscriber
				.awaitFrame((frame) -> "echo".equals(frame.header("subscription")) && frame.body().contains(text));
			assertThat(echoed.command()).isEqualTo("MESSAGE");
			node1.getBean(SimpMessagingTemplate.class).convertAndSend(topic, (Object) Map.of("text", text));
			StompFrame direct = subscriber.awaitFrame((frame) -> "direct".equals(frame.header("subscription")));
			assertThat(direct.body()).contains(text);
		}
	}

	@Test
	void wildcardAndExchangeSubscriptionsThroughTheRelayAreDeniedOnEveryNode() {
		Cookies user = sessions1.login("user", "user-pw");
		for (TestSessions node : new TestSessions[] { sessions1, sessions2 }) {
			try (StompTestClient client = connect(node, user)) {
				client.subscribe("s1", "/exchange/amq.topic/#", "r-1");
				assertThat(client.nextFrame(Duration.ofSeconds(10)).header("wsauth-denied"))
					.isEqualTo("INVALID_DESTINATION");
				client.subscribe("s2", "/exchange/amq.topic/orders", "r-2");
				assertThat(client.nextFrame(Duration.ofSeconds(10)).header("wsauth-denied"))
					.isEqualTo("INVALID_DESTINATION");
				client.subscribe("s3", "/topic/allowed.*", "r-3");
				assertThat(client.nextFrame(Duration.ofSeconds(10)).header("wsauth-denied"))
					.isEqualTo("INVALID_DESTINATION");
				assertThat(client.pollFrame(QUIET)).isNull();
			}
		}
	}

	@Test
	void oldIdWithinTheGracePeriodWorksOnTheOtherNodeAndSocketsThereFollowTheRotation() {
		Cookies user = sessions1.login("user", "user-pw");
		Cookies beforeRotation = new Cookies(user);
		try (StompTestClient onNode2 = connect(sessions2, beforeRotation)) {
			assertThat(sessions1.preflight(user).statusCode()).isEqualTo(204);
			assertThat(user.get("SESSION")).isNotEqualTo(beforeRotation.get("SESSION"));
			try (StompTestClient withOldId = connect(sessions2, beforeRotation)) {
				assertThat(withOldId.isClosed()).isFalse();
			}
			// Two sweeps of node 2's monitor: the socket bound to the old id is re-bound
			// to the successor, not closed as if its session had ended.
			assertThat(onNode2.pollFrame(Duration.ofMillis(2500))).isNull();
			assertThat(onNode2.isClosed()).isFalse();
			// ...and follows the session from then on: a logout on node 1 closes it.
			assertThat(sessions1.logout(user).statusCode()).isLessThan(400);
			assertThat(onNode2.awaitCloseCode(Duration.ofSeconds(2))).isEqualTo(4002);
		}
	}

	private static StompTestClient connect(TestSessions node, Cookies cookies) {
		return StompTestClient.connect(node.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", cookies.header(), "Origin", node.origin()));
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
