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

package dev.wsauth.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.wsauth.limit.ConnectionReservation;
import dev.wsauth.test.TestServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisConnectionLimiter} against a real Redis.
 */
class RedisConnectionLimiterTests {

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private final String prefix = "wsauth-test:connections:" + UUID.randomUUID() + ":";

	@BeforeAll
	static void connect() {
		TestServices.Endpoint endpoint = TestServices.redis();
		connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(endpoint.host(), endpoint.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		redis = new StringRedisTemplate(connectionFactory);
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Test
	void twoLimitersSharingRedisGiveAUserExactlyTheLimitAndAReleaseFreesOneSlot() {
		RedisConnectionLimiter node1 = limiter(3, Duration.ofMinutes(1));
		RedisConnectionLimiter node2 = limiter(3, Duration.ofMinutes(1));
		ConnectionReservation first = ConnectionReservation.newReservation("alice");
		assertThat(node1.tryReserve(first)).isTrue();
		assertThat(node2.tryReserve(ConnectionReservation.newReservation("alice"))).isTrue();
		assertThat(node1.tryReserve(ConnectionReservation.newReservation("alice"))).isTrue();
		assertThat(node2.tryReserve(ConnectionReservation.newReservation("alice"))).isFalse();
		assertThat(node1.tryReserve(ConnectionReservation.newReservation("alice"))).isFalse();
		assertThat(node2.tryReserve(ConnectionReservation.newReservation("bob"))).isTrue();
		node2.release(first);
		assertThat(node1.held("alice")).isEqualTo(2);
		assertThat(node2.tryReserve(ConnectionReservation.newReservation("alice"))).isTrue();
		assertThat(node1.tryReserve(ConnectionReservation.newReservation("alice"))).isFalse();
	}

	@Test
	void concurrentReservationsOnTwoLimitersNeverTakeMoreThanTheLimit() throws Exception {
		RedisConnectionLimiter[] nodes = { limiter(4, Duration.ofMinutes(1)), limiter(4, Duration.ofMinutes(1)) };
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			for (int round = 0; round < 10; round++) {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Boolean>> attempts = new ArrayList<>();
				List<ConnectionReservation> reservations = new ArrayList<>();
				for (int i = 0; i < 24; i++) {
					RedisConnectionLimiter node = nodes[i % 2];
					ConnectionReservation reservation = ConnectionReservation.newReservation("alice");
					reservations.add(reservation);
					attempts.add(executor.submit(() -> {
						start.await();
						return node.tryReserve(reservation);
					}));
				}
				start.countDown();
				int taken = 0;
				for (Future<Boolean> attempt : attempts) {
					taken += attempt.get(10, TimeUnit.SECONDS) ? 1 : 0;
				}
				assertThat(taken).isEqualTo(4);
				reservations.forEach(nodes[0]::release);
				assertThat(nodes[1].held("alice")).isZero();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void slotsOfANodeThatStoppedRenewingExpireAndFreeTheirUser() {
		RedisConnectionLimiter crashed = limiter(1, Duration.ofMillis(300));
		assertThat(crashed.tryReserve(ConnectionReservation.newReservation("alice"))).isTrue();
		RedisConnectionLimiter survivor = limiter(1, Duration.ofMillis(300));
		assertThat(survivor.tryReserve(ConnectionReservation.newReservation("alice"))).isFalse();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> survivor.tryReserve(ConnectionReservation.newReservation("alice")));
	}

	@Test
	void renewalKeepsHeldSlotsRetakesExpiredOnesBelowTheLimitAndReportsTheRestLost() {
		RedisConnectionLimiter node = limiter(2, Duration.ofMinutes(1));
		ConnectionReservation held = ConnectionReservation.newReservation("alice");
		assertThat(node.tryReserve(held)).isTrue();
		ConnectionReservation expired = ConnectionReservation.newReservation("alice");
		// Renewing a slot the store no longer has takes it again while there is room.
		assertThat(node.renew(List.of(held, expired))).isEmpty();
		assertThat(node.held("alice")).isEqualTo(2);
		ConnectionReservation late = ConnectionReservation.newReservation("alice");
		assertThat(node.renew(List.of(held, expired, late))).containsExactly(late);
		assertThat(node.held("alice")).isEqualTo(2);
	}

	private RedisConnectionLimiter limiter(int limit, Duration timeToLive) {
		RedisConnectionLimiter limiter = new RedisConnectionLimiter(redis, limit, timeToLive);
		limiter.setKeyPrefix(this.prefix);
		return limiter;
	}

}
