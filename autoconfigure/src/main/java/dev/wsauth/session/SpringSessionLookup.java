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

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.util.Assert;

/**
 * {@link SessionLookup} backed by any Spring Session {@link SessionRepository}.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SpringSessionLookup implements SessionLookup {

	private final SessionRepository<? extends Session> repository;

	/**
	 * Create a lookup over the given repository.
	 * @param repository the session repository
	 */
	public SpringSessionLookup(SessionRepository<? extends Session> repository) {
		Assert.notNull(repository, "'repository' must not be null");
		this.repository = repository;
	}

	@Override
	public @Nullable Object findAttribute(String sessionId, String attributeName) {
		Session session = this.repository.findById(sessionId);
		return (session != null && !session.isExpired()) ? session.getAttribute(attributeName) : null;
	}

	/**
	 * Return the session with the given id as the store holds it.
	 * @param sessionId the session id
	 * @return the session, or {@code null} if it does not exist or expired
	 */
	public @Nullable Session findSession(String sessionId) {
		Session session = this.repository.findById(sessionId);
		return (session != null && !session.isExpired()) ? session : null;
	}

	@Override
	public @Nullable Instant findCreationTime(String sessionId) {
		Session session = this.repository.findById(sessionId);
		return (session != null && !session.isExpired()) ? session.getCreationTime() : null;
	}

}
