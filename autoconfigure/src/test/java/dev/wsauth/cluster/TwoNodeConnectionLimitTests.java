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

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

import dev.wsauth.limit.ConnectionLimiter;
import dev.wsauth.limit.ConnectionLimits;
import dev.wsauth.redis.RedisConnectionLimiter;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.StompTestClient.HandshakeRejectedException;
import dev.wsauth.test.TestServices;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code wsauth.limits.connections-per-user} (3) on two nodes sharing sessions and the
 * count in Redis: the user's sockets on both nodes fill the limit together.
 */
class TwoNodeConnectionLimitTests {

	/** Replace a user's slots with the given members, all held until the given time. */
	private static final RedisScript<Long> REPLACE_SLOTS = new DefaultRedisScript<>("""
			redis.call('DEL', KEYS[1])
			for i = 1, #ARGV - 1 do
			  redis.call('ZADD', KEYS[1], ARGV[#ARGV], ARGV[i])
			end
			return #ARGV - 1
			""", Long.class);

	private static ConfigurableApplicationContext node1;

	private static ConfigurableApplicationContext node2;

	private static TestSessions sessions1;

	private static TestSessions sessions2;

	private static RedisConnectionLimiter limiter;

	private static String keyPrefix;

	private Cookies user;

	@BeforeAll
	static void startNodes() {
		TestServices.Endpoint redis = TestServices.redis();
		TestServices.Endpoint stomp = TestServices.rabbitStomp();
		String namespace = "wsauth-test:" + UUID.randomUUID();
		keyPrefix = namespace + ":connections:";
		String[] args = { "--server.port=0",
				"--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
				"--spring.session.data.redis.namespace=" + namespace, "--test.relay.host=" + stomp.host(),
				"--test.relay.port=" + stomp.port(), "--wsauth.limits.connections-per-user=3",
				"--wsauth.limits.connections-redis-key-prefix=" + keyPrefix };
		node1 = new SpringApplicationBuilder(ClusterTestApplication.class).run(args);
		node2 = new SpringApplicationBuilder(ClusterTestApplication.class).run(args);
		sessions1 = TestSessions.on(port(node1));
		sessions2 = TestSessions.on(port(node2));
		limiter = (RedisConnectionLimiter) node1.getBean(ConnectionLimiter.class);
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

	@BeforeEach
	void freeSlots() {
		await().atMost(Duration.ofSeconds(10)).until(() -> limiter.held("user") == 0);
		this.user = sessions1.login("user", "user-pw");
	}

	@Test
	void bothNodesCountInRedis() {
		assertThat(node1.getBean(ConnectionLimiter.class)).isInstanceOf(RedisConnectionLimiter.class);
		assertThat(node2.getBean(ConnectionLimiter.class)).isInstanceOf(RedisConnectionLimiter.class);
	}

	@Test
	void socketsOnBothNodesFillTheLimitTheNextUpgradeOnEitherGets429AndClosingOneFreesASlot() {
		List<StompTestClient> open = new ArrayList<>();
		try {
			open.add(connect(sessions1));
			open.add(connect(sessions2));
			open.add(connect(sessions1));
			assertThat(limiter.held("user")).isEqualTo(3);
			assertThat(upgradeStatus(sessions1)).isEqualTo(429);
			assertThat(upgradeStatus(sessions2)).isEqualTo(429);
			// Closing the socket on node 1 frees a slot that node 2 can take.
			open.remove(0).close();
			await().atMost(Duration.ofSeconds(10)).until(() -> limiter.held("user") == 2);
			open.add(connect(sessions2));
			assertThat(upgradeStatus(sessions1)).isEqualTo(429);
			assertThat(open).allSatisfy((client) -> assertThat(client.isClosed()).isFalse());
			assertThat(node1.getBean(ConnectionLimits.class).held() + node2.getBean(ConnectionLimits.class).held())
				.isEqualTo(3);
		}
		finally {
			open.forEach(StompTestClient::close);
		}
	}

	@Test
	void concurrentUpgradesOnBothNodesForTheLastSlotsNeverOpenMoreThanTheLimit() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(12);
		try {
			for (int round = 0; round < 5; round++) {
				await().atMost(Duration.ofSeconds(10)).until(() -> limiter.held("user") == 0);
				CountDownLatch start = new CountDownLatch(1);
				List<Future<StompTestClient>> attempts = new ArrayList<>();
				for (int i = 0; i < 12; i++) {
					TestSessions node = (i % 2 == 0) ? sessions1 : sessions2;
					attempts.add(executor.submit(() -> {
						start.await();
						try {
							return StompTestClient.open(uri(node), headers(node));
						}
						catch (HandshakeRejectedException ex) {
							assertThat(ex.status()).isEqualTo(429);
							return null;
						}
					}));
				}
				start.countDown();
				List<StompTestClient> opened = new ArrayList<>();
				for (Future<StompTestClient> attempt : attempts) {
					StompTestClient client = attempt.get(30, TimeUnit.SECONDS);
					if (client != null) {
						opened.add(client);
					}
				}
				try {
					assertThat(opened).hasSize(3);
					assertThat(limiter.held("user")).isEqualTo(3);
				}
				finally {
					opened.forEach(StompTestClient::close);
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void aSocketWhoseSlotExpiredAndWasTakenMeanwhileIsClosedWith4029AtItsNextRenewal() {
		StringRedisTemplate redis = node1.getBean(StringRedisTemplate.class);
		String key = keyPrefix + "user";
		try (StompTestClient client = connect(sessions1)) {
			assertThat(limiter.held("user")).isEqualTo(1);
			// A Redis outage longer than the slots' time to live, during which other
			// sockets filled the limit: in one step, so that no renewal comes between.
			redis.execute(REPLACE_SLOTS, List.of(key), "other-1", "other-2", "other-3",
					Long.toString(System.currentTimeMillis() + 60_000));
			node1.getBean(ConnectionLimits.class).renew();
			assertThat(client.awaitCloseCode(Duration.ofSeconds(5))).isEqualTo(4029);
			assertThat(limiter.held("user")).isEqualTo(3);
		}
		finally {
			redis.delete(key);
		}
	}

	private StompTestClient connect(TestSessions node) {
		return StompTestClient.connect(uri(node), headers(node));
	}

	private int upgradeStatus(TestSessions node) {
		return StompTestClient.upgradeStatus(uri(node), headers(node));
	}

	private static URI uri(TestSessions node) {
		return node.webSocketUri("/ws");
	}

	private Map<String, String> headers(TestSessions node) {
		return StompTestClient.headers("Cookie", this.user.header(), "Origin", node.origin());
	}

	private static int port(ConfigurableApplicationContext node) {
		return ((WebServerApplicationContext) node).getWebServer().getPort();
	}

}
