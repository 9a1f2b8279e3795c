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

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.util.Assert;

/**
 * Closes the sockets bound to the session being logged out with
 * {@link WsAuthCloseStatus#SESSION_ENDED}: a STOMP ERROR frame, then close code 4002.
 * Spring Security runs it before it invalidates the session, so the sockets are closed
 * with wsauth's code before the container could close them for the invalidated session.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SessionEndedLogoutHandler implements LogoutHandler {

	private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(500);

	private final ConnectionRegistry registry;

	/**
	 * Create a handler.
	 * @param registry the connections of this node
	 */
	public SessionEndedLogoutHandler(ConnectionRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			this.registry.closeHttpSession(session.getId(), WsAuthCloseStatus.SESSION_ENDED, CLOSE_TIMEOUT);
		}
	}

}
