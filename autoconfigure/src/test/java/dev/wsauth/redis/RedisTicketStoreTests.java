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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
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
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import dev.wsauth.test.TestServices;
import dev.wsauth.ticket.TicketGrant;
import dev.wsauth.ticket.TicketService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisTicketStore} against a real Redis.
 */
class RedisTicketStoreTests {

	private static final Instant EXPIRES = Instant.now().plusSeconds(30);

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private final String prefix = "wsauth-test:ticket:" + UUID.randomUUID() + ":";

	private final RedisTicketStore store = store(this.prefix);

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
	void ticketIsRedeemedOnceWithItsAuthenticationThroughRedis() {
		TicketService service = new TicketService(this.store, Duration.ofSeconds(30));
		Authentication alice = UsernamePasswordAuthenticationToken.authenticated("alice", null,
				AuthorityUtils.createAuthorityList("ROLE_USER"));
		String ticket = service.issue(alice, "s-1", "https://app.example.com", "/ws", null);
		TicketGrant grant = new TicketService(store(this.prefix), Duration.ofSeconds(30)).redeem(ticket);
		assertThat(grant).isNotNull();
		assertThat(grant.authentication().getName()).isEqualTo("alice");
		assertThat(grant.authentication().getAuthorities()).extracting("authority").containsExactly("ROLE_USER");
		assertThat(grant.httpSessionId()).isEqualTo("s-1");
		assertThat(grant.origin()).isEqualTo("https://app.example.com");
		assertThat(grant.endpoint()).isEqualTo("/ws");
		assertThat(service.redeem(ticket)).isNull();
	}

	@Test
	void jwtAuthenticationSurvivesTheRoundTripWithItsExpiry() {
		Instant tokenExpiry = Instant.now().plusSeconds(300).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		TicketService service = new TicketService(this.store, Duration.ofSeconds(30));
		String ticket = service.issue(new JwtAuthenticationToken(jwt("dave", "t", tokenExpiry)), null, null, "/ws",
				tokenExpiry);
		TicketGrant grant = service.redeem(ticket);
		assertThat(grant).isNotNull();
		assertThat(grant.authentication()).isInstanceOf(JwtAuthenticationToken.class);
		assertThat(grant.authentication().getName()).isEqualTo("dave");
		assertThat(grant.credentialExpiresAt()).isEqualTo(tokenExpiry);
	}

	@Test
	void redisHoldsNeitherTheTicketNorTheTokenNorTheSessionId() {
		TicketService service = new TicketService(this.store, Duration.ofSeconds(30));
		String tokenValue = "token-value-" + UUID.randomUUID();
		String sessionId = "session-" + UUID.randomUUID();
		String ticket = service.issue(
				new JwtAuthenticationToken(jwt("dave", tokenValue, Instant.now().plusSeconds(300))), sessionId, null,
				"/ws", null);
		Set<String> keys = redis.keys(this.prefix + "*");
		assertThat(keys).singleElement().asString().doesNotContain(ticket);
		String stored = redis.opsForValue().get(keys.iterator().next());
		String decoded = new String(Base64.getDecoder().decode(stored), StandardCharsets.ISO_8859_1);
		assertThat(stored + decoded).doesNotContain(ticket)
			.doesNotContain(tokenValue)
			.doesNotContain(sessionId)
			.doesNotContain("dave");
	}

	@Test
	void grantAlteredInRedisOpensNothing() {
		TicketService service = new TicketService(this.store, Duration.ofSeconds(30));
		String ticket = service.issue(UsernamePasswordAuthenticationToken.authenticated("alice", null, List.of()), null,
				null, "/ws", null);
		String key = redis.keys(this.prefix + "*").iterator().next();
		byte[] sealed = Base64.getDecoder().decode(redis.opsForValue().get(key));
		sealed[sealed.length - 1] ^= 1;
		redis.opsForValue().set(key, Base64.getEncoder().encodeToString(sealed), Duration.ofSeconds(30));
		assertThat(service.redeem(ticket)).isNull();
	}

	@Test
	void keyIsPrefixedAndExpiresInRedis() {
		this.store.save("k", grant(), Duration.ofSeconds(30));
		Long ttl = redis.getExpire(this.prefix + "k", TimeUnit.MILLISECONDS);
		assertThat(ttl).isBetween(1L, 30_000L);
	}

	@Test
	void grantIsGoneOnceItsTimeToLivePassed() {
		this.store.save("k", grant(), Duration.ofMillis(200));
		await().atMost(Duration.ofSeconds(5)).until(() -> !Boolean.TRUE.equals(redis.hasKey(this.prefix + "k")));
		assertThat(this.store.take("k")).isNull();
	}

	@Test
	void storeInAnotherNamespaceDoesNotSeeTheGrant() {
		this.store.save("k", grant(), Duration.ofSeconds(30));
		assertThat(store("wsauth-test:other:" + UUID.randomUUID() + ":").take("k")).isNull();
		assertThat(this.store.take("k")).isNotNull();
	}

	@Test
	void unreadableValueIsSpentAndGivesNothing() {
		redis.opsForValue().set(this.prefix + "k", "not base64 !", Duration.ofSeconds(30));
		assertThat(this.store.take("k")).isNull();
		assertThat(redis.hasKey(this.prefix + "k")).isFalse();
	}

	@Test
	void concurrentTakesFromSeveralStoresReturnTheGrantExactlyOnce() throws Exception {
		int threads = 16;
		List<RedisTicketStore> nodes = List.of(this.store, store(this.prefix), store(this.prefix));
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 20; round++) {
				String key = "k-" + round;
				this.store.save(key, grant(), Duration.ofSeconds(30));
				CountDownLatch start = new CountDownLatch(1);
				List<Future<byte[]>> takes = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					RedisTicketStore node = nodes.get(i % nodes.size());
					takes.add(executor.submit(() -> {
						start.await();
						return node.take(key);
					}));
				}
				start.countDown();
				int granted = 0;
				for (Future<byte[]> take : takes) {
					granted += (take.get(10, TimeUnit.SECONDS) != null) ? 1 : 0;
				}
				assertThat(granted).isEqualTo(1);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static RedisTicketStore store(String prefix) {
		RedisTicketStore store = new RedisTicketStore(redis);
		store.setKeyPrefix(prefix);
		return store;
	}

	private static byte[] grant() {
		return new byte[] { 1, 2, 3 };
	}

	private static Jwt jwt(String subject, String tokenValue, Instant expiresAt) {
		return Jwt.withTokenValue(tokenValue)
			.header("alg", "HS256")
			.subject(subject)
			.issuedAt(Instant.now().minusSeconds(1))
			.expiresAt(expiresAt)
			.build();
	}

}
