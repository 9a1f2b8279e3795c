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

import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

import dev.wsauth.session.SessionRecordRemover;

/**
 * {@link SessionRecordRemover} for Spring Session Data Redis: deletes the session hash
 * and the indexed repository's expiry key, without reading either.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class RedisSessionRecordRemover implements SessionRecordRemover {

	private final StringRedisTemplate redis;

	private final String namespace;

	/**
	 * Create a remover.
	 * @param redis a template on the sessions' Redis
	 * @param namespace the repository's key namespace, such as {@code spring:session}
	 */
	public RedisSessionRecordRemover(StringRedisTemplate redis, String namespace) {
		Assert.notNull(redis, "'redis' must not be null");
		Assert.hasText(namespace, "'namespace' must not be empty");
		this.redis = redis;
		this.namespace = namespace.endsWith(":") ? namespace : namespace + ":";
	}

	@Override
	public boolean remove(String sessionId) {
		this.redis.delete(
				List.of(this.namespace + "sessions:" + sessionId, this.namespace + "sessions:expires:" + sessionId));
		return true;
	}

}
