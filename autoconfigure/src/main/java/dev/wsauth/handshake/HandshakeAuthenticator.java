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

package dev.wsauth.handshake;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

import dev.wsauth.session.AuthenticatedSession;
import dev.wsauth.session.SessionAuthenticationResolver;

/**
 * Decides whether an upgrade request may open a socket: its origin must be allowed (403
 * otherwise) and it must carry a valid authenticated session (401 otherwise). When the
 * session store fails (a Redis outage surfaces as a runtime exception from the session
 * lookup), the answer is 503: the session may well be valid, so the client should retry
 * rather than log in again. The decision is made once per request and shared by the
 * filter that answers early and by the handshake interceptor.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class HandshakeAuthenticator {

	/**
	 * Seconds a client should wait before retrying after a 503.
	 */
	public static final String RETRY_AFTER_SECONDS = "5";

	/**
	 * Body of a 503 answer.
	 */
	public static final String SESSION_STORE_UNAVAILABLE = "Session store unavailable";

	private static final Log logger = LogFactory.getLog(HandshakeAuthenticator.class);

	private static final String DECISION_ATTRIBUTE = HandshakeAuthenticator.class.getName() + ".DECISION";

	private final OriginPolicy originPolicy;

	private final SessionAuthenticationResolver sessionResolver;

	/**
	 * Create an authenticator.
	 * @param originPolicy the origin policy
	 * @param sessionResolver resolves the session behind a request
	 */
	public HandshakeAuthenticator(OriginPolicy originPolicy, SessionAuthenticationResolver sessionResolver) {
		Assert.notNull(originPolicy, "'originPolicy' must not be null");
		Assert.notNull(sessionResolver, "'sessionResolver' must not be null");
		this.originPolicy = originPolicy;
		this.sessionResolver = sessionResolver;
	}

	/**
	 * Authenticate an upgrade request.
	 * @param request the request
	 * @return the decision
	 */
	public Decision authenticate(HttpServletRequest request) {
		if (request.getAttribute(DECISION_ATTRIBUTE) instanceof Decision decision) {
			return decision;
		}
		Decision decision = decide(request);
		request.setAttribute(DECISION_ATTRIBUTE, decision);
		return decision;
	}

	private Decision decide(HttpServletRequest request) {
		if (!this.originPolicy.isAllowed(request)) {
			return new Decision(HttpStatus.FORBIDDEN, null);
		}
		AuthenticatedSession session;
		try {
			session = this.sessionResolver.resolve(request);
		}
		catch (RuntimeException ex) {
			// The store failed, not the client: never a 500, never a socket.
			logger.warn(
					"Session store unavailable; refusing WebSocket upgrade with 503 (" + ex.getClass().getName() + ")");
			logger.debug("Session store failure", ex);
			return new Decision(HttpStatus.SERVICE_UNAVAILABLE, null);
		}
		if (session == null) {
			return new Decision(HttpStatus.UNAUTHORIZED, null);
		}
		return new Decision(HttpStatus.OK, session);
	}

	/**
	 * The outcome of authenticating an upgrade request.
	 *
	 * @param status {@link HttpStatus#OK} to proceed, otherwise the status to reject with
	 * @param session the authenticated session when accepted
	 */
	public record Decision(HttpStatus status, @Nullable AuthenticatedSession session) {

		/**
		 * Return whether the upgrade may proceed.
		 * @return {@code true} if accepted
		 */
		public boolean isAccepted() {
			return this.session != null;
		}

	}

}
