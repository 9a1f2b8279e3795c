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
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.wsauth.session.SessionFamilyContractTests;
import dev.wsauth.session.SessionRotationRegistry;
import dev.wsauth.test.TestServices;

/**
 * The session family contract for {@link RedisSessionRotationRegistry}, on a real Redis:
 * the concurrent test there runs the rotation and the end as Lua scripts from two
 * connections.
 */
class RedisSessionFamilyTests extends SessionFamilyContractTests {

	private final String run = UUID.randomUUID().toString();

	private LettuceConnectionFactory connectionFactory;

	private StringRedisTemplate redis;

	@BeforeEach
	void connect() {
		TestServices.Endpoint endpoint = TestServices.redis();
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(endpoint.host(), endpoint.port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.redis = new StringRedisTemplate(this.connectionFactory);
	}

	@AfterEach
	void disconnect() {
		this.connectionFactory.destroy();
	}

	@Override
	protected SessionRotationRegistry registry(Duration grace) {
		RedisSessionRotationRegistry registry = new RedisSessionRotationRegistry(this.redis, grace,
				Duration.ofMinutes(1));
		registry.setKeyPrefix("wsauth-test:family:");
		return registry;
	}

	@Override
	protected String id(String name) {
		return this.run + "-" + name;
	}

}
