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

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.wsauth.socket.UnavailableResponse;

/**
 * Answers a refused request to a STOMP endpoint with 401 or 403 before it reaches the
 * application's security filter chain. Without it, a chain that protects every URL would
 * answer an unauthenticated upgrade with a redirect to the login page, and its request
 * cache would create a session to remember the attempt. Accepted requests continue with
 * two changes: they carry their authentication for the security filter chain (as a
 * request attribute, so the chain neither looks for a ticket or token it cannot read nor
 * loads the HTTP session wsauth already read from the store, which Spring Session would
 * then save), and a bearer token offered as a subprotocol is removed from the request's
 * {@code Sec-WebSocket-Protocol} header. The {@link SessionHandshakeInterceptor} reuses
 * the same decision.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class HandshakeAuthenticationFilter extends OncePerRequestFilter {

	private static final RequestAttributeSecurityContextRepository REQUEST_CONTEXTS = new RequestAttributeSecurityContextRepository();

	private final StompEndpointRequestMatcher endpoints;

	private final HandshakeAuthenticator authenticator;

	private UpgradeObserver observer = new UpgradeObserver(ObservationRegistry.NOOP);

	/**
	 * Create a filter.
	 * @param endpoints matches the STOMP endpoints
	 * @param authenticator decides whether an upgrade is allowed
	 */
	public HandshakeAuthenticationFilter(StompEndpointRequestMatcher endpoints, HandshakeAuthenticator authenticator) {
		Assert.notNull(endpoints, "'endpoints' must not be null");
		Assert.notNull(authenticator, "'authenticator' must not be null");
		this.endpoints = endpoints;
		this.authenticator = authenticator;
	}

	/**
	 * Set what observes each upgrade decision. By default none.
	 * @param observer the observer
	 */
	public void setUpgradeObserver(UpgradeObserver observer) {
		Assert.notNull(observer, "'observer' must not be null");
		this.observer = observer;
	}

	/**
	 * Refuse an upgrade: the status, nothing cached, no body.
	 */
	static void refuse(HttpServletResponse response, HttpStatus status) {
		response.setStatus(status.value());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (status == HttpStatus.TOO_MANY_REQUESTS) {
			response.setHeader(HttpHeaders.RETRY_AFTER, UnavailableResponse.RETRY_AFTER_SECONDS);
		}
		response.setContentLength(0);
	}

	private static UpgradeOutcome outcome(HandshakeAuthenticator.Decision decision, HttpServletRequest request) {
		if (decision.status() != HttpStatus.FORBIDDEN && !QueryParameters.isDecodable(request.getQueryString())) {
			// The container would log the undecodable value (a ticket, say) with a stack
			// trace and answer 500. A foreign origin is told so first.
			return UpgradeOutcome.MALFORMED;
		}
		return decision.isAccepted() ? UpgradeOutcome.ACCEPTED : UpgradeOutcome.of(decision.status());
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.endpoints.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain filterChain)
			throws ServletException, IOException {
		boolean upgrade = HandshakeAuthenticator.isWebSocketUpgrade(request);
		Observation observation = upgrade ? this.observer.start() : Observation.NOOP;
		HandshakeAuthenticator.Decision decision;
		try (Observation.Scope scope = observation.openScope()) {
			decision = this.authenticator.authenticate(request);
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		UpgradeOutcome outcome = outcome(decision, request);
		if (upgrade && outcome != UpgradeOutcome.ACCEPTED) {
			this.observer.stop(observation, request, outcome);
		}
		if (outcome == UpgradeOutcome.UNAVAILABLE) {
			UnavailableResponse.write(response, UnavailableResponse.SESSION_STORE_UNAVAILABLE,
					UnavailableResponse.RETRY_AFTER_SECONDS);
			return;
		}
		if (outcome != UpgradeOutcome.ACCEPTED) {
			refuse(response, (outcome == UpgradeOutcome.MALFORMED) ? HttpStatus.BAD_REQUEST : decision.status());
			return;
		}
		Authentication authentication = decision.authentication();
		if (authentication != null) {
			// Handed over for this request only. The security filter chain could not find
			// some of them itself (a ticket, a token in a subprotocol, an old session id
			// within its grace), and for a session cookie it would load the HttpSession
			// that wsauth read from the store, which Spring Session then saves.
			SecurityContext context = new SecurityContextImpl(authentication);
			REQUEST_CONTEXTS.saveContext(context, request, response);
		}
		// Credentials go no further than wsauth: no handler, log or response sees them.
		HttpServletRequest forwarded = HandshakeAuthenticator.isWebSocketUpgrade(request) ? new CredentialHidingRequest(
				request, decision.protocols(), decision.bearerHeader(), decision.storedSession()) : request;
		// Nor does a ticket: it is spent, but it must not show up in any log either.
		if (TicketlessRequest.hasTicket(request.getQueryString())) {
			forwarded = new TicketlessRequest(forwarded);
		}
		try (Observation.Scope scope = observation.openScope()) {
			filterChain.doFilter(forwarded, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		if (upgrade) {
			// The handshake interceptors may still refuse it: over the user's connection
			// limit, say.
			int status = response.getStatus();
			this.observer.stop(observation, request,
					(status >= 400) ? UpgradeOutcome.of(HttpStatus.valueOf(status)) : UpgradeOutcome.ACCEPTED);
		}
	}

}
