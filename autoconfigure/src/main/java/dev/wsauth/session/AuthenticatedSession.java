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

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.session.Session;
import org.springframework.util.Assert;

/**
 * An HTTP session that carries an authenticated security context.
 *
 * @param sessionId the id of the session
 * @param authentication the authentication stored in the session
 * @param successor whether the request presented an older id of this session that was
 * rotated within the grace period
 * @param stored the session as read from the store, when it was read without loading the
 * request's {@code HttpSession}; otherwise {@code null}
 * @author wsauth
 * @since 0.1.0
 */
public record AuthenticatedSession(String sessionId, Authentication authentication, boolean successor,
		@Nullable Session stored) {

	public AuthenticatedSession {
		Assert.hasText(sessionId, "'sessionId' must not be empty");
		Assert.notNull(authentication, "'authentication' must not be null");
	}

	/**
	 * Create a session found through the request's {@code HttpSession} or by id.
	 * @param sessionId the id of the session
	 * @param authentication the authentication stored in the session
	 * @param successor whether the request presented an older id of this session
	 */
	public AuthenticatedSession(String sessionId, Authentication authentication, boolean successor) {
		this(sessionId, authentication, successor, null);
	}

}
