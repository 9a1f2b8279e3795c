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
import java.util.Set;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.util.Assert;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.WsAuthCloseStatus;

/**
 * Makes a logout end the whole session family and close its sockets with
 * {@link WsAuthCloseStatus#SESSION_ENDED} (a STOMP ERROR frame, then close code 4002) on
 * every node. Spring Security runs it before it invalidates the session, so the sockets
 * are closed with wsauth's code before the container could close them for the invalidated
 * session.
 *
 * <p>
 * A logout that carries an id the preflight has since rotated (a second tab's request,
 * still inside the rotation grace) finds no session, so Spring Security's own handlers do
 * nothing with it. This handler follows the id to its family, ends it and deletes every
 * live member, so that the user who was told "logged out" is.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SessionEndedLogoutHandler implements LogoutHandler {

	private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(500);

	private final ConnectionRegistry registry;

	private final @Nullable SessionTerminator terminator;

	private final @Nullable SessionRotationRegistry families;

	private final Consumer<String> deleter;

	/**
	 * Create a handler that closes only the sockets of the logged-out session on this
	 * node.
	 * @param registry the connections of this node
	 */
	public SessionEndedLogoutHandler(ConnectionRegistry registry) {
		this(registry, null, null, (id) -> {
		});
	}

	/**
	 * Create a handler.
	 * @param registry the connections of this node
	 * @param terminator ends session families
	 * @param families the registry of rotations and ended families
	 * @param deleter deletes a session by id from the session store (or invalidates a
	 * plain servlet session)
	 */
	public SessionEndedLogoutHandler(ConnectionRegistry registry, @Nullable SessionTerminator terminator,
			@Nullable SessionRotationRegistry families, Consumer<String> deleter) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(deleter, "'deleter' must not be null");
		this.registry = registry;
		this.terminator = terminator;
		this.families = families;
		this.deleter = deleter;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		HttpSession session = request.getSession(false);
		if (this.terminator == null || this.families == null) {
			if (session != null) {
				this.registry.closeHttpSession(session.getId(), WsAuthCloseStatus.SESSION_ENDED, CLOSE_TIMEOUT);
			}
			return;
		}
		if (session != null) {
			// The family ends when Spring Security invalidates the session, right after
			// this (EndedSessionGuard, or the servlet session listener): ending it here
			// would make a logout that keeps the session fail to save it.
			Set<String> family = this.families.familyOf(session.getId());
			for (String member : family) {
				this.registry.closeHttpSession(member, WsAuthCloseStatus.SESSION_ENDED, CLOSE_TIMEOUT);
				if (!member.equals(session.getId())) {
					this.deleter.accept(member);
				}
			}
			return;
		}
		String requestedId = request.isRequestedSessionIdFromURL() ? null : request.getRequestedSessionId();
		if (requestedId == null || this.families.familyOf(requestedId).size() < 2) {
			// No session and no rotation behind the id: nothing to end.
			return;
		}
		Set<String> family = this.terminator.end(requestedId);
		for (String member : family) {
			this.registry.closeHttpSession(member, WsAuthCloseStatus.SESSION_ENDED, CLOSE_TIMEOUT);
			this.deleter.accept(member);
		}
	}

}
