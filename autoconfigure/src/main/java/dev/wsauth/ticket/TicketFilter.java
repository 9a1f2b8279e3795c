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

package dev.wsauth.ticket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

import dev.wsauth.handshake.OriginPolicy;
import dev.wsauth.handshake.QueryParameters;
import dev.wsauth.handshake.StompEndpointRequestMatcher;
import dev.wsauth.preflight.PreConnectEndpoints;
import dev.wsauth.session.AuthenticatedSession;
import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.socket.ExchangeObservation;
import dev.wsauth.socket.UnavailableResponse;
import dev.wsauth.token.BearerTokenAuthenticator;
import dev.wsauth.token.BearerTokenSyntax;

/**
 * Serves the endpoint that issues one-time tickets: {@code POST /__ws/ticket}, answered
 * with {@code 200 {"ticket":"...","expiresIn":30}} and {@code Cache-Control: no-store}.
 * The client is authenticated by its session cookie or an {@code Authorization: Bearer}
 * header; a cookie and a token that name different principals, an invalid or malformed
 * token (even beside a valid cookie), or no credential at all get 401. A cross-site
 * request gets 403, any method but POST 405, a bad {@code endpoint} parameter 400, and a
 * failing session or ticket store (or token issuer) 503 with {@code Retry-After}, never a
 * 500.
 *
 * <p>
 * The ticket is bound to the authentication, to the HTTP session it was issued from (so
 * that a logout before it is used voids it), to the request's {@code Origin} (the upgrade
 * must carry the same one), to one STOMP endpoint and to the bearer token's expiry.
 *
 * <p>
 * The endpoint runs ahead of the application's security filter chain: it needs no CSRF
 * token because it refuses cross-site requests itself (the origin policy is the CSRF
 * defence, as for the preflight), and it never redirects to a login page. The ticket is
 * never logged.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class TicketFilter extends OncePerRequestFilter {

	/**
	 * The query parameter that selects the STOMP endpoint the ticket is for.
	 */
	public static final String ENDPOINT_PARAMETER = "endpoint";

	private static final Log logger = LogFactory.getLog(TicketFilter.class);

	private static final int MAX_ENDPOINT_PARAMETER_LENGTH = 1024;

	/**
	 * Name of the observation around each request to this endpoint.
	 */
	public static final String OBSERVATION_NAME = "wsauth.ticket";

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private final String path;

	private final OriginPolicy originPolicy;

	private final SessionAuthenticationResolver sessionResolver;

	private final TicketService tickets;

	private final StompEndpointRequestMatcher endpoints;

	private @Nullable BearerTokenAuthenticator bearerTokens;

	private Set<String> connectEndpoints = Set.of();

	private long maxBodySize = 1024;

	/**
	 * Create a filter.
	 * @param path the endpoint path within the application, such as {@code /__ws/ticket}
	 * @param originPolicy the origin policy
	 * @param sessionResolver resolves the session behind a request
	 * @param tickets issues the tickets
	 * @param endpoints knows the application's STOMP endpoints
	 */
	public TicketFilter(String path, OriginPolicy originPolicy, SessionAuthenticationResolver sessionResolver,
			TicketService tickets, StompEndpointRequestMatcher endpoints) {
		Assert.isTrue(path.startsWith("/") && path.length() > 1, "'path' must start with '/'");
		Assert.notNull(originPolicy, "'originPolicy' must not be null");
		Assert.notNull(sessionResolver, "'sessionResolver' must not be null");
		Assert.notNull(tickets, "'tickets' must not be null");
		Assert.notNull(endpoints, "'endpoints' must not be null");
		this.path = path;
		this.originPolicy = originPolicy;
		this.sessionResolver = sessionResolver;
		this.tickets = tickets;
		this.endpoints = endpoints;
	}

	/**
	 * Set the authenticator of bearer tokens. Without one, a request carrying a bearer
	 * token is refused with 401.
	 * @param bearerTokens the authenticator
	 */
	public void setBearerTokenAuthenticator(@Nullable BearerTokenAuthenticator bearerTokens) {
		this.bearerTokens = bearerTokens;
	}

	/**
	 * Set the endpoints that authenticate with the STOMP CONNECT frame; no ticket is
	 * issued for them.
	 * @param connectEndpoints the endpoint paths
	 */
	public void setConnectEndpoints(Set<String> connectEndpoints) {
		Assert.notNull(connectEndpoints, "'connectEndpoints' must not be null");
		this.connectEndpoints = Set.copyOf(connectEndpoints);
	}

	/**
	 * Set the largest request body accepted, in bytes; a larger declared body is refused
	 * with 413 without being read. The request needs no body.
	 * @param maxBodySize the limit
	 */
	public void setMaxBodySize(long maxBodySize) {
		Assert.isTrue(maxBodySize >= 0, "'maxBodySize' must not be negative");
		this.maxBodySize = maxBodySize;
	}

	/**
	 * Return the endpoint path.
	 * @return the path within the application
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Set the registry of the {@value #OBSERVATION_NAME} observation around each request.
	 * By default none.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "'observationRegistry' must not be null");
		this.observationRegistry = observationRegistry;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.path.equals(UrlPathHelper.defaultInstance.getPathWithinApplication(request));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain filterChain)
			throws ServletException, IOException {
		ExchangeObservation.observe(OBSERVATION_NAME, this.observationRegistry, response,
				() -> handle(request, response, filterChain));
	}

	private void handle(HttpServletRequest request, HttpServletResponse response, FilterChain filterChain)
			throws ServletException, IOException {
		if (!PreConnectEndpoints.admit(request, response, this.originPolicy,
				"Authorization, Content-Type, X-Requested-With", this.maxBodySize)) {
			return;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		String endpoint = endpoint(request.getQueryString());
		if (endpoint == null) {
			PreConnectEndpoints.finish(response, HttpServletResponse.SC_BAD_REQUEST);
			return;
		}
		try {
			issue(request, response, origin, endpoint);
		}
		catch (AuthenticationServiceException ex) {
			logger
				.warn("Token issuer unavailable; answering ticket request with 503 (" + ex.getClass().getName() + ")");
			unavailable(response);
		}
		catch (AuthenticationException ex) {
			unauthorized(response);
		}
		catch (RuntimeException ex) {
			// A session or ticket store failure (Spring Data's DataAccessException and
			// its kin): the credentials may be fine, so tell the client to retry.
			logger.warn("Session or ticket store unavailable; answering ticket request with 503 ("
					+ ex.getClass().getName() + ")");
			logger.debug("Store failure", ex);
			unavailable(response);
		}
	}

	private void issue(HttpServletRequest request, HttpServletResponse response, @Nullable String origin,
			String endpoint) throws IOException {
		if (this.sessionResolver.presentsSeveralUsers(request)) {
			unauthorized(response);
			return;
		}
		Authentication tokenAuthentication = authenticateBearer(request.getHeaders(HttpHeaders.AUTHORIZATION));
		AuthenticatedSession session = this.sessionResolver.resolve(request);
		if (tokenAuthentication == null && session == null) {
			unauthorized(response);
			return;
		}
		if (tokenAuthentication != null && session != null
				&& !tokenAuthentication.getName().equals(session.authentication().getName())) {
			// Two credentials, two people: refuse rather than pick one.
			unauthorized(response);
			return;
		}
		// As on the upgrade, the token is the more specific credential; the session,
		// when there is one, still binds the ticket so that a logout voids it.
		Authentication authentication = (tokenAuthentication != null) ? tokenAuthentication : session.authentication();
		String httpSessionId = (session != null) ? session.sessionId() : null;
		Instant credentialExpiresAt = (tokenAuthentication != null)
				? BearerTokenAuthenticator.expiresAt(tokenAuthentication) : null;
		String ticket = this.tickets.issue(authentication, httpSessionId, origin, endpoint, credentialExpiresAt,
				tokenAuthentication != null);
		// A base64url ticket needs no JSON escaping.
		byte[] body = ("{\"ticket\":\"" + ticket + "\",\"expiresIn\":" + this.tickets.getTimeToLive().toSeconds() + "}")
			.getBytes(StandardCharsets.UTF_8);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setHeader("Pragma", "no-cache");
		response.setContentType("application/json");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		if (logger.isDebugEnabled()) {
			logger.debug("Issued a ticket for endpoint " + endpoint + " to principal " + authentication.getName());
		}
	}

	private @Nullable Authentication authenticateBearer(@Nullable Enumeration<String> values) {
		List<String> headers = (values != null) ? Collections.list(values) : List.of();
		if (headers.isEmpty()) {
			return null;
		}
		if (headers.size() > 1) {
			throw new BadCredentialsException("Several Authorization headers");
		}
		String token = BearerTokenSyntax.fromAuthorization(headers.get(0));
		if (token == null) {
			// Another scheme (Basic, say) is not one this endpoint knows.
			return null;
		}
		if (this.bearerTokens == null || !BearerTokenSyntax.isWellFormed(token)) {
			throw new BadCredentialsException("Invalid token");
		}
		return this.bearerTokens.authenticate(token);
	}

	/**
	 * Return the endpoint a ticket is requested for: the one the {@code endpoint}
	 * parameter names, or else the application's only endpoint that is not authenticated
	 * by the CONNECT frame; {@code null} if the parameter is malformed, duplicated or
	 * names no such endpoint, or if the choice is ambiguous.
	 */
	private @Nullable String endpoint(@Nullable String query) {
		List<String> candidates = this.endpoints.getEndpoints()
			.stream()
			.distinct()
			.filter((candidate) -> !this.connectEndpoints.contains(candidate))
			.toList();
		if (query != null && query.length() > MAX_ENDPOINT_PARAMETER_LENGTH) {
			return null;
		}
		List<String> requested = QueryParameters.values(query, ENDPOINT_PARAMETER);
		if (requested == null) {
			return null;
		}
		if (requested.size() > 1) {
			return null;
		}
		if (requested.isEmpty()) {
			return (candidates.size() == 1) ? candidates.get(0) : null;
		}
		return candidates.contains(requested.get(0)) ? requested.get(0) : null;
	}

	private void unauthorized(HttpServletResponse response) {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		if (this.bearerTokens != null) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		PreConnectEndpoints.finish(response, HttpServletResponse.SC_UNAUTHORIZED);
	}

	private static void unavailable(HttpServletResponse response) throws IOException {
		UnavailableResponse.write(response, UnavailableResponse.SERVICE_UNAVAILABLE,
				UnavailableResponse.RETRY_AFTER_SECONDS);
	}

}
