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

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

import dev.wsauth.session.SessionRotationRegistry;

/**
 * {@link SessionRotationRegistry} kept in Redis, shared by every node of an application
 * whose sessions live in Redis: each rotation is a key {@code wsauth:rotation:<old id>}
 * holding the new id, expiring after the grace period. An old id presented to any node
 * within the grace period leads to its session's successor.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class RedisSessionRotationRegistry implements SessionRotationRegistry {

	/**
	 * Default key prefix.
	 */
	public static final String DEFAULT_KEY_PREFIX = "wsauth:rotation:";

	private final StringRedisTemplate redis;

	private final Duration grace;

	private String keyPrefix = DEFAULT_KEY_PREFIX;

	/**
	 * Create a registry.
	 * @param redis the template used to store rotations
	 * @param grace how long an old id keeps leading to its successor
	 */
	public RedisSessionRotationRegistry(StringRedisTemplate redis, Duration grace) {
		Assert.notNull(redis, "'redis' must not be null");
		Assert.notNull(grace, "'grace' must not be null");
		Assert.isTrue(!grace.isNegative(), "'grace' must not be negative");
		this.redis = redis;
		this.grace = grace;
	}

	/**
	 * Set the prefix of the keys, for several applications sharing one Redis. Defaults to
	 * {@value #DEFAULT_KEY_PREFIX}.
	 * @param keyPrefix the prefix
	 */
	public void setKeyPrefix(String keyPrefix) {
		Assert.hasText(keyPrefix, "'keyPrefix' must not be empty");
		this.keyPrefix = keyPrefix;
	}

	@Override
	public void recordRotation(String oldId, String newId) {
		if (this.grace.isZero()) {
			return;
		}
		this.redis.opsForValue().set(this.keyPrefix + oldId, newId, this.grace);
	}

	@Override
	public @Nullable String successorOf(String oldId) {
		if (this.grace.isZero()) {
			return null;
		}
		return this.redis.opsForValue().get(this.keyPrefix + oldId);
	}

}
