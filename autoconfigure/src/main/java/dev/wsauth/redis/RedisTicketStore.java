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
import java.util.Base64;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

import dev.wsauth.ticket.TicketStore;

/**
 * {@link TicketStore} in Redis, shared by every node: a ticket is a key
 * {@code wsauth:ticket:<hash of the ticket>} written with {@code SET ... PX} and taken
 * with {@code GETDEL}, which Redis runs atomically, so of any number of nodes redeeming
 * one ticket at the same moment exactly one gets its grant. Needs Redis 6.2 or later.
 *
 * <p>
 * The value is the sealed grant in Base64: encrypted with a key derived from the ticket,
 * which Redis never sees, so a dump of Redis reveals neither a usable ticket nor the
 * token or session id a grant carries. A Redis failure surfaces as Spring Data's runtime
 * exception, which the ticket endpoint and the upgrade answer with 503.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class RedisTicketStore implements TicketStore {

	/**
	 * Default key prefix.
	 */
	public static final String DEFAULT_KEY_PREFIX = "wsauth:ticket:";

	private static final Log logger = LogFactory.getLog(RedisTicketStore.class);

	private final StringRedisTemplate redis;

	private String keyPrefix = DEFAULT_KEY_PREFIX;

	/**
	 * Create a store.
	 * @param redis the template used to store tickets
	 */
	public RedisTicketStore(StringRedisTemplate redis) {
		Assert.notNull(redis, "'redis' must not be null");
		this.redis = redis;
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
	public void save(String key, byte[] sealedGrant, Duration timeToLive) {
		Assert.isTrue(timeToLive.toMillis() > 0, "'timeToLive' must be at least 1ms");
		this.redis.opsForValue().set(this.keyPrefix + key, Base64.getEncoder().encodeToString(sealedGrant), timeToLive);
	}

	@Override
	public byte @Nullable [] take(String key) {
		String value = this.redis.opsForValue().getAndDelete(this.keyPrefix + key);
		if (value == null) {
			return null;
		}
		try {
			return Base64.getDecoder().decode(value);
		}
		catch (IllegalArgumentException ex) {
			// Not written by wsauth: the ticket is spent either way and opens nothing.
			logger.warn("Unreadable ticket grant in Redis");
			return null;
		}
	}

}
