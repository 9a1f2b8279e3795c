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
package dev.wsauth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.util.Assert;

/**
 * {@link SessionStateReader} for any {@link SessionRepository}: one {@code findById} per
 * session. Right for an in-memory repository, where a lookup is a map read; stores with a
 * round trip per lookup have their own batched readers.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class RepositorySessionStateReader implements SessionStateReader {

	private final SessionRepository<? extends Session> repository;

	/**
	 * Create a reader.
	 * @param repository the session repository
	 */
	public RepositorySessionStateReader(SessionRepository<? extends Session> repository) {
		Assert.notNull(repository, "'repository' must not be null");
		this.repository = repository;
	}

	@Override
	public Map<String, Instant> read(Collection<String> sessionIds) {
		Map<String, Instant> states = new HashMap<>();
		for (String id : sessionIds) {
			Session session = this.repository.findById(id);
			if (session != null && !session.isExpired() && session.getAttribute(
					HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) instanceof SecurityContext) {
				states.put(id, expiresAt(session));
			}
		}
		return states;
	}

	static Instant expiresAt(Session session) {
		Duration maxInactive = session.getMaxInactiveInterval();
		if (maxInactive.isNegative() || maxInactive.isZero()) {
			return Instant.MAX;
		}
		return session.getLastAccessedTime().plus(maxInactive);
	}

}
