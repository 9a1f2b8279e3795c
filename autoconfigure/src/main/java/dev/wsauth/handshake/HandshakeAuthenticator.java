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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.session.Session;
import org.springframework.util.Assert;

import dev.wsauth.session.AuthenticatedSession;
import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.token.BearerTokenAuthenticator;
import dev.wsauth.token.SubprotocolBearerToken;

/**
 * Decides whether an upgrade request may open a socket. Its origin must be allowed (403
 * otherwise). It must then carry at least one valid credential (401 otherwise): the
 * session cookie, a one-time ticket in the {@code ticket} query parameter, an
 * {@code Authorization: Bearer} header, or a bearer token offered as a
 * {@code Sec-WebSocket-Protocol} element. A malformed or invalid credential is refused
 * even when another one is valid, and credentials that name different principals are
 * refused rather than letting one of them win. An endpoint configured for CONNECT-frame
 * authentication accepts the upgrade without credentials.
 *
 * <p>
 * When the session store or the token issuer fails, the answer is 503: the credential may
 * well be valid, so the client should retry rather than log in again. The decision is
 * made once per request and shared by the filter that answers early and by the handshake
 * interceptor.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class HandshakeAuthenticator {

	/**
	 * The query parameter that carries a ticket.
	 */
	public static final String TICKET_PARAMETER = "ticket";

	private static final Log logger = LogFactory.getLog(HandshakeAuthenticator.class);

	private static final String DECISION_ATTRIBUTE = HandshakeAuthenticator.class.getName() + ".DECISION";

	private final OriginPolicy originPolicy;

	private final SessionAuthenticationResolver sessionResolver;

	private @Nullable StompEndpointRequestMatcher endpoints;

	private @Nullable BearerTokenAuthenticator bearerTokens;

	private @Nullable UpgradeTicketRedeemer tickets;

	private Set<String> connectEndpoints = Set.of();

	private @Nullable Predicate<String> pendingCapacity;

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
	 * Set the matcher that tells which endpoint a request is for; needed for tickets
	 * (bound to an endpoint) and CONNECT-authentication endpoints.
	 * @param endpoints the endpoint matcher
	 */
	public void setEndpoints(@Nullable StompEndpointRequestMatcher endpoints) {
		this.endpoints = endpoints;
	}

	/**
	 * Set the authenticator of bearer tokens. Without one, an upgrade carrying a bearer
	 * token is refused with 401.
	 * @param bearerTokens the authenticator
	 */
	public void setBearerTokenAuthenticator(@Nullable BearerTokenAuthenticator bearerTokens) {
		this.bearerTokens = bearerTokens;
	}

	/**
	 * Set what redeems tickets. Without it, an upgrade carrying a ticket is refused with
	 * 401.
	 * @param tickets the ticket redeemer
	 */
	public void setTicketRedeemer(@Nullable UpgradeTicketRedeemer tickets) {
		this.tickets = tickets;
	}

	/**
	 * Set the endpoints whose upgrade needs no credentials because the STOMP CONNECT
	 * frame authenticates the connection.
	 * @param connectEndpoints the endpoint paths
	 */
	public void setConnectEndpoints(Set<String> connectEndpoints) {
		Assert.notNull(connectEndpoints, "'connectEndpoints' must not be null");
		this.connectEndpoints = Set.copyOf(connectEndpoints);
	}

	/**
	 * Set the check that a CONNECT-authentication endpoint may accept one more
	 * unauthenticated connection from a remote address. When it fails, the upgrade is
	 * refused with 429 and {@code Retry-After}.
	 * @param pendingCapacity tests the remote address, or {@code null} for no limit
	 */
	public void setPendingCapacity(@Nullable Predicate<String> pendingCapacity) {
		this.pendingCapacity = pendingCapacity;
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
			return Decision.rejected(HttpStatus.FORBIDDEN);
		}
		String endpoint = (this.endpoints != null) ? this.endpoints.endpointFor(request) : null;
		if (endpoint != null && this.connectEndpoints.contains(endpoint)) {
			return awaitConnect(request);
		}
		try {
			return authenticateCredentials(request, endpoint);
		}
		catch (AuthenticationServiceException ex) {
			logger.warn(
					"Token issuer unavailable; refusing WebSocket upgrade with 503 (" + ex.getClass().getName() + ")");
			return Decision.rejected(HttpStatus.SERVICE_UNAVAILABLE);
		}
		catch (AuthenticationException ex) {
			return Decision.rejected(HttpStatus.UNAUTHORIZED);
		}
		catch (RuntimeException ex) {
			// The store failed, not the client: never a 500, never a socket.
			logger.warn("Session or ticket store unavailable; refusing WebSocket upgrade with 503 ("
					+ ex.getClass().getName() + ")");
			logger.debug("Store failure", ex);
			return Decision.rejected(HttpStatus.SERVICE_UNAVAILABLE);
		}
	}

	private Decision awaitConnect(HttpServletRequest request) {
		// The CONNECT frame is the only credential here. Cookies are not used, so a
		// foreign page cannot ride on them; a client that puts another credential on
		// the upgrade is told so rather than having it silently ignored.
		CredentialCarriers carriers = CredentialCarriers.of(request);
		if (carriers.carryAny()) {
			return Decision.rejected(HttpStatus.BAD_REQUEST);
		}
		// Only a request that can open a socket takes a pending slot: the other requests
		// of a SockJS session must reach the session they belong to.
		if (carriers.upgrade() && this.pendingCapacity != null && !this.pendingCapacity.test(request.getRemoteAddr())) {
			return Decision.rejected(HttpStatus.TOO_MANY_REQUESTS);
		}
		return Decision.awaitingConnect();
	}

	private Decision authenticateCredentials(HttpServletRequest request, @Nullable String endpoint) {
		// Parse everything first; nothing with a side effect (a ticket is spent when
		// redeemed) happens before every credential is known to be well formed.
		CredentialCarriers carriers = CredentialCarriers.of(request);
		SubprotocolBearerToken.Offer offer = carriers.offer();
		if (offer.rejection() != null) {
			return Decision.rejected(offer.rejection());
		}
		CredentialCarriers.HeaderToken headerToken = carriers.headerToken();
		if (headerToken.rejection() != null) {
			return Decision.rejected(headerToken.rejection());
		}
		CredentialCarriers.TicketParameter ticketParameter = carriers.ticket();
		if (ticketParameter.malformed() || (ticketParameter.value() != null && !carriers.upgrade())) {
			// Tickets open raw WebSocket upgrades only: a SockJS session makes several
			// requests, and a one-time ticket cannot authenticate all of them.
			return Decision.rejected(HttpStatus.UNAUTHORIZED);
		}

		Authentication headerAuthentication = (headerToken.token() != null) ? authenticateToken(headerToken.token())
				: null;
		Authentication protocolAuthentication = (offer.token() != null) ? authenticateToken(offer.token()) : null;
		if (this.sessionResolver.presentsSeveralUsers(request)) {
			return Decision.rejected(HttpStatus.UNAUTHORIZED);
		}
		AuthenticatedSession session = this.sessionResolver.resolveWithoutLoading(request);
		UpgradeTicket grant = null;
		if (ticketParameter.value() != null) {
			grant = redeem(ticketParameter.value(), request, endpoint);
			if (grant == null) {
				return Decision.rejected(HttpStatus.UNAUTHORIZED);
			}
		}
		// The most specific credential gives the socket its authentication; every
		// session and expiry among them applies to it.
		List<Authentication> presented = new ArrayList<>(4);
		Instant expiresAt = null;
		String httpSessionId = null;
		if (grant != null) {
			presented.add(grant.authentication());
			expiresAt = earliest(expiresAt, grant.credentialExpiresAt());
			httpSessionId = grant.httpSessionId();
		}
		if (headerAuthentication != null) {
			presented.add(headerAuthentication);
			expiresAt = earliest(expiresAt, BearerTokenAuthenticator.expiresAt(headerAuthentication));
		}
		if (protocolAuthentication != null) {
			presented.add(protocolAuthentication);
			expiresAt = earliest(expiresAt, BearerTokenAuthenticator.expiresAt(protocolAuthentication));
		}
		if (session != null) {
			presented.add(session.authentication());
			httpSessionId = (httpSessionId != null) ? httpSessionId : session.sessionId();
		}
		if (presented.isEmpty()) {
			return Decision.rejected(HttpStatus.UNAUTHORIZED);
		}
		Authentication authentication = presented.get(0);
		for (Authentication other : presented) {
			if (!authentication.getName().equals(other.getName())) {
				// Two credentials, two people: refuse rather than pick one.
				return Decision.rejected(HttpStatus.UNAUTHORIZED);
			}
		}
		boolean bearerToken = authentication == headerAuthentication || authentication == protocolAuthentication
				|| (grant != null && grant.bearerToken());
		return new Decision(HttpStatus.OK, authentication, httpSessionId, expiresAt,
				(offer.token() != null) ? offer.protocols() : null, headerAuthentication != null, false,
				(session != null) ? session.stored() : null, bearerToken);
	}

	private static @Nullable Instant earliest(@Nullable Instant current, @Nullable Instant candidate) {
		return (candidate != null && (current == null || candidate.isBefore(current))) ? candidate : current;
	}

	private Authentication authenticateToken(String token) {
		if (this.bearerTokens == null) {
			throw new BadCredentialsException("No bearer token support");
		}
		return this.bearerTokens.authenticate(token);
	}

	private @Nullable UpgradeTicket redeem(String ticket, HttpServletRequest request, @Nullable String endpoint) {
		if (this.tickets == null || endpoint == null) {
			return null;
		}
		UpgradeTicket grant = this.tickets.redeem(ticket);
		if (grant == null) {
			return null;
		}
		if (!grant.endpoint().equals(endpoint) || !sameOrigin(grant.origin(), request.getHeader(HttpHeaders.ORIGIN))) {
			return null;
		}
		if (grant.credentialExpiresAt() != null && !Instant.now().isBefore(grant.credentialExpiresAt())) {
			return null;
		}
		if (grant.httpSessionId() != null) {
			String activeId = this.sessionResolver.activeSessionId(grant.httpSessionId(),
					grant.authentication().getName());
			if (activeId == null) {
				return null;
			}
			return new UpgradeTicket(grant.authentication(), activeId, grant.origin(), grant.endpoint(),
					grant.credentialExpiresAt(), grant.bearerToken());
		}
		return grant;
	}

	private static boolean sameOrigin(@Nullable String granted, @Nullable String presented) {
		return (granted == null) ? presented == null : granted.equals(presented);
	}

	static boolean isWebSocketUpgrade(HttpServletRequest request) {
		String upgrade = request.getHeader(HttpHeaders.UPGRADE);
		return "GET".equals(request.getMethod()) && upgrade != null && "websocket".equalsIgnoreCase(upgrade.strip());
	}

	/**
	 * The outcome of authenticating an upgrade request.
	 *
	 * @param status {@link HttpStatus#OK} to proceed, otherwise the status to reject with
	 * @param authentication the authentication the socket is opened with, or {@code null}
	 * when rejected or pending
	 * @param httpSessionId the HTTP session the socket is bound to, or {@code null}
	 * @param credentialExpiresAt when the socket's credential expires, or {@code null}
	 * @param protocols the offered subprotocols without the token element, when one was
	 * removed; {@code null} when the offer is passed on unchanged
	 * @param bearerHeader whether the {@code Authorization} header carried the bearer
	 * token wsauth checked
	 * @param pending whether the CONNECT frame must authenticate the socket
	 * @param storedSession the session behind the request's cookie as read from the
	 * store, or {@code null} when it was not read that way
	 * @param bearerToken whether a bearer token (on the upgrade or behind its ticket),
	 * not a session, gave the authentication
	 */
	public record Decision(HttpStatus status, @Nullable Authentication authentication, @Nullable String httpSessionId,
			@Nullable Instant credentialExpiresAt, @Nullable List<String> protocols, boolean bearerHeader,
			boolean pending, @Nullable Session storedSession, boolean bearerToken) {

		static Decision rejected(HttpStatus status) {
			return new Decision(status, null, null, null, null, false, false, null, false);
		}

		static Decision awaitingConnect() {
			return new Decision(HttpStatus.OK, null, null, null, null, false, true, null, false);
		}

		/**
		 * Return whether the upgrade may proceed.
		 * @return {@code true} if accepted
		 */
		public boolean isAccepted() {
			return this.status == HttpStatus.OK;
		}

		@Override
		public String toString() {
			return "Decision[status=" + this.status + ", pending=" + this.pending + "]";
		}

	}

}
