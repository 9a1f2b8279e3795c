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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.StringRedisSerializer;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

import dev.wsauth.test.TestServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link RedisSessionStateReader} against sessions that Spring Session Data
 * Redis's own repositories wrote to a real Redis.
 */
class RedisSessionStateReaderTests {

	private final String namespace = "wsauth-test:reader:" + UUID.randomUUID();

	private LettuceConnectionFactory connectionFactory;

	private RedisTemplate<String, Object> sessionTemplate;

	@BeforeEach
	void connect() {
		TestServices.Endpoint endpoint = TestServices.redis();
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(endpoint.host(), endpoint.port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.sessionTemplate = new RedisTemplate<>();
		this.sessionTemplate.setConnectionFactory(this.connectionFactory);
		this.sessionTemplate.setKeySerializer(new StringRedisSerializer());
		this.sessionTemplate.setHashKeySerializer(new StringRedisSerializer());
		this.sessionTemplate.setValueSerializer(new JdkSerializationRedisSerializer());
		this.sessionTemplate.setHashValueSerializer(new JdkSerializationRedisSerializer());
		this.sessionTemplate.afterPropertiesSet();
	}

	@AfterEach
	void disconnect() {
		this.connectionFactory.destroy();
	}

	@Test
	void theDefaultRepositorysSessionsAreReadByTheirKeysTimeToLive() {
		RedisSessionRepository repository = new RedisSessionRepository(this.sessionTemplate);
		repository.setRedisKeyNamespace(this.namespace);
		repository.setDefaultMaxInactiveInterval(Duration.ofMinutes(30));
		assertReadsLiveEndedAndUnauthenticatedSessions(repository, false);
	}

	@Test
	void theIndexedRepositorysSessionsAreReadByTheirExpiryKeysTimeToLive() {
		RedisIndexedSessionRepository repository = new RedisIndexedSessionRepository(this.sessionTemplate);
		repository.setRedisKeyNamespace(this.namespace);
		repository.setDefaultMaxInactiveInterval(Duration.ofMinutes(30));
		assertReadsLiveEndedAndUnauthenticatedSessions(repository, true);
	}

	private <S extends Session> void assertReadsLiveEndedAndUnauthenticatedSessions(SessionRepository<S> repository,
			boolean indexed) {
		S live = authenticated(repository);
		S deleted = authenticated(repository);
		repository.deleteById(deleted.getId());
		S anonymous = repository.createSession();
		repository.save(anonymous);
		RedisSessionStateReader reader = new RedisSessionStateReader(new StringRedisTemplate(this.connectionFactory),
				this.namespace, indexed);
		Map<String, Instant> states = reader
			.read(List.of(live.getId(), deleted.getId(), anonymous.getId(), "never-existed"));
		assertThat(states).containsOnlyKeys(live.getId());
		assertThat(states.get(live.getId())).isCloseTo(Instant.now().plus(Duration.ofMinutes(30)),
				within(5, ChronoUnit.SECONDS));
		// Reconciliation: one EXISTS per batch, the whole batch suspect when one is gone.
		assertThat(reader.mayHaveEnded(List.of(live.getId(), anonymous.getId()))).isEmpty();
		assertThat(reader.mayHaveEnded(List.of(live.getId(), deleted.getId()))).containsExactly(live.getId(),
				deleted.getId());
		assertThat(reader.mayHaveEnded(List.of("never-existed"))).containsExactly("never-existed");
		repository.deleteById(live.getId());
		repository.deleteById(anonymous.getId());
	}

	private <S extends Session> S authenticated(SessionRepository<S> repository) {
		S session = repository.createSession();
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(new TestingAuthenticationToken("alice", "secret", "ROLE_USER")));
		repository.save(session);
		return session;
	}

}
