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

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.util.Assert;

import dev.wsauth.session.SessionStateReader;

/**
 * {@link SessionStateReader} for Spring Session Data Redis: one Lua script call per batch
 * reads, for each session, the remaining time to live of the key that expires with it and
 * whether its hash still holds a security context. Nothing is deserialized.
 *
 * <p>
 * The default repository expires the session hash itself; the indexed repository keeps
 * the hash five minutes longer and expires a separate {@code sessions:expires:} key at
 * the session's real expiry. Reconciliation asks only whether those keys still exist,
 * with one {@code EXISTS} per batch. Like the rotation registry, the script computes keys
 * from ids, so it needs a single Redis node (not Redis Cluster).
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class RedisSessionStateReader implements SessionStateReader {

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> READ = new DefaultRedisScript<>("""
			local namespace, indexed, field = ARGV[1], ARGV[2] == '1', ARGV[3]
			local result = {}
			for i = 4, #ARGV do
				local hash = namespace .. 'sessions:' .. ARGV[i]
				local expiring = indexed and (namespace .. 'sessions:expires:' .. ARGV[i]) or hash
				result[#result + 1] = redis.call('PTTL', expiring)
				result[#result + 1] = redis.call('HEXISTS', hash, field)
			end
			return result
			""", List.class);

	private static final String CONTEXT_FIELD = "sessionAttr:"
			+ HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;

	private final StringRedisTemplate redis;

	private final String namespace;

	private final boolean indexed;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a reader.
	 * @param redis a template on the sessions' Redis
	 * @param namespace the repository's key namespace, such as {@code spring:session}
	 * @param indexed whether the repository is the indexed one
	 */
	public RedisSessionStateReader(StringRedisTemplate redis, String namespace, boolean indexed) {
		Assert.notNull(redis, "'redis' must not be null");
		Assert.hasText(namespace, "'namespace' must not be empty");
		this.redis = redis;
		this.namespace = namespace.endsWith(":") ? namespace : namespace + ":";
		this.indexed = indexed;
	}

	void setClock(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Map<String, Instant> read(Collection<String> sessionIds) {
		Map<String, Instant> states = new HashMap<>();
		if (sessionIds.isEmpty()) {
			return states;
		}
		List<String> arguments = new ArrayList<>(sessionIds.size() + 3);
		arguments.add(this.namespace);
		arguments.add(this.indexed ? "1" : "0");
		arguments.add(CONTEXT_FIELD);
		arguments.addAll(sessionIds);
		List<?> result = this.redis.execute(READ, List.of(), arguments.toArray());
		Assert.state(result != null && result.size() == 2 * sessionIds.size(), "Unexpected reply from Redis");
		Instant now = this.clock.instant();
		int i = 0;
		for (String id : sessionIds) {
			long ttl = ((Number) result.get(i++)).longValue();
			boolean authenticated = ((Number) result.get(i++)).longValue() == 1;
			if (ttl == -2 || !authenticated) {
				continue;
			}
			states.put(id, (ttl == -1) ? Instant.MAX : now.plusMillis(ttl));
		}
		return states;
	}

	/**
	 * One {@code EXISTS} over the keys that expire with the sessions: when it counts them
	 * all, none of them ended; otherwise the whole batch is read.
	 */
	@Override
	public Collection<String> mayHaveEnded(Collection<String> sessionIds) {
		if (sessionIds.isEmpty()) {
			return sessionIds;
		}
		List<String> keys = new ArrayList<>(sessionIds.size());
		for (String id : sessionIds) {
			keys.add(this.namespace + (this.indexed ? "sessions:expires:" : "sessions:") + id);
		}
		Long existing = this.redis.countExistingKeys(keys);
		Assert.state(existing != null, "Unexpected reply from Redis");
		return (existing == sessionIds.size()) ? List.of() : sessionIds;
	}

}
