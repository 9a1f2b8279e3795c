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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

import dev.wsauth.limit.ConnectionLimiter;
import dev.wsauth.limit.ConnectionReservation;

/**
 * A {@link ConnectionLimiter} for the whole cluster: one Redis sorted set per user, whose
 * members are the ids of the user's connection slots scored by when they expire. A Lua
 * script drops the expired members, counts the rest and adds the new one in one step, so
 * two upgrades on two nodes can never both take a user's last slot. The node that holds a
 * slot renews it while its socket is open; the slots of a node that crashed expire after
 * the time to live. Scores come from the Redis server's clock, so the nodes' clocks do
 * not matter. Needs one Redis node (a single server or a replicated primary).
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class RedisConnectionLimiter implements ConnectionLimiter {

	/**
	 * Default key prefix.
	 */
	public static final String DEFAULT_KEY_PREFIX = "wsauth:connections:";

	private static final String NOW = """
			local t = redis.call('TIME')
			local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
			local limit = tonumber(ARGV[1])
			local ttl = tonumber(ARGV[2])
			""";

	private static final RedisScript<Long> RESERVE = new DefaultRedisScript<>(NOW + """
			if redis.call('ZSCORE', KEYS[1], ARGV[3]) then
			  redis.call('ZADD', KEYS[1], now + ttl, ARGV[3])
			  redis.call('PEXPIRE', KEYS[1], ttl)
			  return 1
			end
			if redis.call('ZCARD', KEYS[1]) >= limit then
			  return 0
			end
			redis.call('ZADD', KEYS[1], now + ttl, ARGV[3])
			redis.call('PEXPIRE', KEYS[1], ttl)
			return 1
			""", Long.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> RENEW = new DefaultRedisScript<>(NOW + """
			local missing = {}
			for i = 3, #ARGV do
			  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
			    redis.call('ZADD', KEYS[1], now + ttl, ARGV[i])
			  else
			    table.insert(missing, ARGV[i])
			  end
			end
			local lost = {}
			for _, member in ipairs(missing) do
			  if redis.call('ZCARD', KEYS[1]) < limit then
			    redis.call('ZADD', KEYS[1], now + ttl, member)
			  else
			    table.insert(lost, member)
			  end
			end
			redis.call('PEXPIRE', KEYS[1], ttl)
			return lost
			""", List.class);

	private final StringRedisTemplate redis;

	private final int limit;

	private final Duration timeToLive;

	private String keyPrefix = DEFAULT_KEY_PREFIX;

	/**
	 * Create a limiter.
	 * @param redis the template
	 * @param limit most connections per user in the cluster
	 * @param timeToLive how long a slot lasts unless renewed
	 */
	public RedisConnectionLimiter(StringRedisTemplate redis, int limit, Duration timeToLive) {
		Assert.notNull(redis, "'redis' must not be null");
		Assert.isTrue(limit > 0, "'limit' must be positive");
		Assert.isTrue(timeToLive != null && timeToLive.toMillis() > 0, "'timeToLive' must be positive");
		this.redis = redis;
		this.limit = limit;
		this.timeToLive = timeToLive;
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
	public boolean tryReserve(ConnectionReservation reservation) {
		Long taken = this.redis.execute(RESERVE, List.of(key(reservation.user())), Integer.toString(this.limit),
				Long.toString(this.timeToLive.toMillis()), reservation.id());
		return taken != null && taken == 1L;
	}

	@Override
	public void release(ConnectionReservation reservation) {
		this.redis.opsForZSet().remove(key(reservation.user()), reservation.id());
	}

	@Override
	public List<ConnectionReservation> renew(Collection<ConnectionReservation> reservations) {
		Map<String, List<ConnectionReservation>> byUser = new LinkedHashMap<>();
		for (ConnectionReservation reservation : reservations) {
			byUser.computeIfAbsent(reservation.user(), (user) -> new ArrayList<>()).add(reservation);
		}
		List<ConnectionReservation> lost = new ArrayList<>();
		for (Map.Entry<String, List<ConnectionReservation>> entry : byUser.entrySet()) {
			List<String> args = new ArrayList<>();
			args.add(Integer.toString(this.limit));
			args.add(Long.toString(this.timeToLive.toMillis()));
			entry.getValue().forEach((reservation) -> args.add(reservation.id()));
			List<?> lostIds = this.redis.execute(RENEW, List.of(key(entry.getKey())), args.toArray());
			if (lostIds != null && !lostIds.isEmpty()) {
				for (ConnectionReservation reservation : entry.getValue()) {
					if (lostIds.contains(reservation.id())) {
						lost.add(reservation);
					}
				}
			}
		}
		return lost;
	}

	/**
	 * Return the number of live slots a user holds in the cluster.
	 * @param user the principal name
	 * @return the slots
	 */
	public long held(String user) {
		Long count = this.redis.opsForZSet().count(key(user), System.currentTimeMillis(), Double.POSITIVE_INFINITY);
		return (count != null) ? count : 0;
	}

	private String key(String user) {
		return this.keyPrefix + user;
	}

}
