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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

import dev.wsauth.session.SessionRotationRegistry;

/**
 * {@link SessionRotationRegistry} kept in Redis, shared by every node of an application
 * whose sessions live in Redis: each rotation is a key {@code <prefix><old id>} holding
 * the new id (and {@code <prefix>from:<new id>} holding the old one), expiring after the
 * grace period; each ended id is a key {@code <prefix>ended:<id>}, expiring after the
 * ended-retention period. An old id presented to any node within the grace period leads
 * to its session's successor.
 *
 * <p>
 * The family operations are Lua scripts, so each runs atomically on the Redis server: a
 * rotation and a logout of one family never interleave, whichever nodes they run on. The
 * scripts compute keys from ids, so all keys of one application must live on one Redis
 * node (a single server or a replicated primary, not Redis Cluster).
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class RedisSessionRotationRegistry implements SessionRotationRegistry {

	/**
	 * Default key prefix.
	 */
	public static final String DEFAULT_KEY_PREFIX = "wsauth:rotation:";

	private static final Duration DEFAULT_ENDED_RETENTION = Duration.ofMinutes(10);

	private static final RedisScript<Long> ROTATE = new DefaultRedisScript<>("""
			local prefix, old, new, grace, retention = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
			if tonumber(grace) > 0 then
				redis.call('SET', prefix .. old, new, 'PX', grace)
			end
			redis.call('SET', prefix .. 'next:' .. old, new, 'PX', retention)
			redis.call('SET', prefix .. 'from:' .. new, old, 'PX', retention)
			if redis.call('EXISTS', prefix .. 'ended:' .. old) == 1 then
				redis.call('SET', prefix .. 'ended:' .. new, '1', 'PX', retention)
				return 0
			end
			return 1
			""", Long.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> FAMILY = new DefaultRedisScript<>("""
			local prefix, start, retention, mark = ARGV[1], ARGV[2], ARGV[3], ARGV[4] == '1'
			local seen, family, pending = {}, {}, { start }
			while #pending > 0 and #family < 64 do
				local id = table.remove(pending)
				if not seen[id] then
					seen[id] = true
					family[#family + 1] = id
					local nextId = redis.call('GET', prefix .. 'next:' .. id)
					local previousId = redis.call('GET', prefix .. 'from:' .. id)
					if nextId then pending[#pending + 1] = nextId end
					if previousId then pending[#pending + 1] = previousId end
				end
			end
			if mark then
				for _, id in ipairs(family) do
					redis.call('SET', prefix .. 'ended:' .. id, '1', 'PX', retention)
				end
			end
			return family
			""", List.class);

	private final StringRedisTemplate redis;

	private final Duration grace;

	private final Duration endedRetention;

	private String keyPrefix = DEFAULT_KEY_PREFIX;

	/**
	 * Create a registry that remembers ended families for ten minutes.
	 * @param redis the template used to store rotations
	 * @param grace how long an old id keeps leading to its successor
	 */
	public RedisSessionRotationRegistry(StringRedisTemplate redis, Duration grace) {
		this(redis, grace, DEFAULT_ENDED_RETENTION);
	}

	/**
	 * Create a registry.
	 * @param redis the template used to store rotations
	 * @param grace how long an old id keeps leading to its successor
	 * @param endedRetention how long an ended id is remembered as ended
	 */
	public RedisSessionRotationRegistry(StringRedisTemplate redis, Duration grace, Duration endedRetention) {
		Assert.notNull(redis, "'redis' must not be null");
		Assert.notNull(grace, "'grace' must not be null");
		Assert.isTrue(!grace.isNegative(), "'grace' must not be negative");
		Assert.notNull(endedRetention, "'endedRetention' must not be null");
		Assert.isTrue(endedRetention.compareTo(grace) >= 0, "'endedRetention' must not be shorter than 'grace'");
		Assert.isTrue(endedRetention.toMillis() > 0, "'endedRetention' must be positive");
		this.redis = redis;
		this.grace = grace;
		this.endedRetention = endedRetention;
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
		this.redis.execute(ROTATE, List.of(), this.keyPrefix, oldId, newId, Long.toString(this.grace.toMillis()),
				Long.toString(this.endedRetention.toMillis()));
	}

	@Override
	public @Nullable String successorOf(String oldId) {
		if (this.grace.isZero()) {
			return null;
		}
		return this.redis.opsForValue().get(this.keyPrefix + oldId);
	}

	@Override
	public @Nullable String rotatedInto(String oldId) {
		return this.redis.opsForValue().get(this.keyPrefix + "next:" + oldId);
	}

	@Override
	public Set<String> endFamily(String sessionId) {
		return family(sessionId, true);
	}

	@Override
	public Set<String> familyOf(String sessionId) {
		return family(sessionId, false);
	}

	@Override
	public boolean isEnded(String sessionId) {
		return Boolean.TRUE.equals(this.redis.hasKey(this.keyPrefix + "ended:" + sessionId));
	}

	private Set<String> family(String sessionId, boolean mark) {
		List<?> ids = this.redis.execute(FAMILY, List.of(), this.keyPrefix, sessionId,
				Long.toString(this.endedRetention.toMillis()), mark ? "1" : "0");
		Set<String> family = new LinkedHashSet<>();
		family.add(sessionId);
		if (ids != null) {
			for (Object id : ids) {
				family.add(String.valueOf(id));
			}
		}
		return family;
	}

}
