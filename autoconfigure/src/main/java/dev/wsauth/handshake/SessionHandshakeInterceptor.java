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

import java.io.IOException;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import dev.wsauth.limit.ConnectionLimits;
import dev.wsauth.limit.ConnectionReservation;
import dev.wsauth.limit.LimitRefusal;
import dev.wsauth.limit.UpgradeRateFilter;
import dev.wsauth.socket.UnavailableResponse;
import dev.wsauth.socket.WsAuthAttributes;

/**
 * Authenticates every WebSocket upgrade with the credentials the
 * {@link HandshakeAuthenticator} accepts (the session cookie, a ticket or a bearer
 * token). A foreign origin is answered with 403 and missing, invalid or conflicting
 * credentials with 401, both before any 101; a failing session store with 503 and
 * {@code Retry-After}. An accepted socket is bound to its authentication, its HTTP
 * session id, its credential's expiry and the user data from the
 * {@link WebSocketUserDataResolver}; one on a CONNECT-authentication endpoint is only
 * marked as pending.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SessionHandshakeInterceptor implements HandshakeInterceptor {

	private static final Log logger = LogFactory.getLog(SessionHandshakeInterceptor.class);

	private final HandshakeAuthenticator authenticator;

	private final WebSocketUserDataResolver userDataResolver;

	private @Nullable ConnectionLimits connectionLimits;

	/**
	 * Create an interceptor.
	 * @param authenticator decides whether the upgrade is allowed
	 * @param userDataResolver produces the socket's user data
	 */
	public SessionHandshakeInterceptor(HandshakeAuthenticator authenticator,
			WebSocketUserDataResolver userDataResolver) {
		Assert.notNull(authenticator, "'authenticator' must not be null");
		Assert.notNull(userDataResolver, "'userDataResolver' must not be null");
		this.authenticator = authenticator;
		this.userDataResolver = userDataResolver;
	}

	/**
	 * Set the connection slots per user. With them, an authenticated upgrade takes one of
	 * its user's slots before the 101 (429 when the user holds them all, 503 when the
	 * store that counts them fails), the socket keeps it while it is open, and a failed
	 * handshake gives it back at once.
	 * @param connectionLimits the connection limits, or {@code null} for none
	 */
	public void setConnectionLimits(@Nullable ConnectionLimits connectionLimits) {
		this.connectionLimits = connectionLimits;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		if (!(request instanceof ServletServerHttpRequest servletRequest)) {
			return reject(response, HttpStatus.UNAUTHORIZED);
		}
		HandshakeAuthenticator.Decision decision = this.authenticator.authenticate(servletRequest.getServletRequest());
		if (!decision.isAccepted()) {
			return reject(response, decision.status());
		}
		if (decision.pending()) {
			attributes.put(WsAuthAttributes.AUTHENTICATION_PENDING, Boolean.TRUE);
			return true;
		}
		Authentication authentication = decision.authentication();
		if (authentication == null) {
			return reject(response, HttpStatus.UNAUTHORIZED);
		}
		Object userData = this.userDataResolver.resolve(authentication, request);
		if (userData == null) {
			return reject(response, HttpStatus.UNAUTHORIZED);
		}
		ConnectionLimits limits = this.connectionLimits;
		if (limits != null) {
			ConnectionReservation reservation;
			try {
				reservation = limits.reserve(authentication.getName());
			}
			catch (RuntimeException ex) {
				logger.warn("Connection limit store unavailable; refusing WebSocket upgrade with 503 ("
						+ ex.getClass().getName() + ")");
				logger.debug("Store failure", ex);
				return unavailable(response);
			}
			if (reservation == null) {
				return tooManyConnections(response);
			}
			attributes.put(ConnectionLimits.RESERVATION_ATTRIBUTE, reservation);
			servletRequest.getServletRequest().setAttribute(ConnectionLimits.RESERVATION_ATTRIBUTE, reservation);
		}
		attributes.put(WsAuthAttributes.AUTHENTICATION, authentication);
		if (decision.httpSessionId() != null) {
			WsAuthAttributes.bindHttpSessionId(attributes, decision.httpSessionId());
		}
		WsAuthAttributes.setCredentialExpiresAt(attributes, decision.credentialExpiresAt());
		if (decision.bearerToken()) {
			WsAuthAttributes.markTokenAuthenticated(attributes);
		}
		attributes.put(WsAuthAttributes.USER_DATA, userData);
		return true;
	}

	private boolean reject(ServerHttpResponse response, HttpStatus status) {
		if (logger.isDebugEnabled()) {
			logger.debug("Refusing WebSocket upgrade with " + status.value());
		}
		response.setStatusCode(status);
		response.getHeaders().setCacheControl("no-store");
		if (status == HttpStatus.SERVICE_UNAVAILABLE || status == HttpStatus.TOO_MANY_REQUESTS) {
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, UnavailableResponse.RETRY_AFTER_SECONDS);
		}
		return false;
	}

	private boolean tooManyConnections(ServerHttpResponse response) {
		if (response instanceof ServletServerHttpResponse servletResponse) {
			UpgradeRateFilter.refuse(servletResponse.getServletResponse(), LimitRefusal.CONNECTIONS_PER_USER,
					Long.parseLong(UnavailableResponse.RETRY_AFTER_SECONDS));
			return false;
		}
		return reject(response, HttpStatus.TOO_MANY_REQUESTS);
	}

	private boolean unavailable(ServerHttpResponse response) {
		if (response instanceof ServletServerHttpResponse servletResponse) {
			try {
				UnavailableResponse.write(servletResponse.getServletResponse(), UnavailableResponse.SERVICE_UNAVAILABLE,
						UnavailableResponse.RETRY_AFTER_SECONDS);
				return false;
			}
			catch (IOException ex) {
				logger.debug("Could not write the 503", ex);
			}
		}
		return reject(response, HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		ConnectionLimits limits = this.connectionLimits;
		if (limits == null || !(request instanceof ServletServerHttpRequest servletRequest)
				|| !(servletRequest.getServletRequest()
					.getAttribute(
							ConnectionLimits.RESERVATION_ATTRIBUTE) instanceof ConnectionReservation reservation)) {
			return;
		}
		// A later interceptor or the handshake itself refused the upgrade: no socket
		// will ever give the slot back. A 101 (or a SockJS session's 200) keeps it.
		boolean refused = exception != null || (response instanceof ServletServerHttpResponse servletResponse
				&& servletResponse.getServletResponse().getStatus() >= 300);
		if (refused) {
			limits.release(reservation);
		}
	}

}
