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

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.util.Assert;

/**
 * Finds the authenticated HTTP session behind a request: the session the request's cookie
 * names, or, within the rotation grace period, the session that replaced it. Never
 * creates a session.
 *
 * <p>
 * Works with any session store: plain servlet sessions and every Spring Session
 * repository (through {@code SessionRepositoryFilter}'s request wrapper). Following a
 * rotated id needs a {@link SessionLookup}, which exists only with Spring Session.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SessionAuthenticationResolver {

	/**
	 * Most session cookies one request may present; more is refused rather than each
	 * looked up.
	 */
	private static final int MAX_PRESENTED_SESSIONS = 8;

	private final SessionRotationRegistry rotations;

	private final @Nullable SessionLookup lookup;

	private @Nullable ServletSessionRegistry servletSessions;

	private @Nullable RequestedSessionIds requestedSessionIds;

	private AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private String securityContextKey = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;

	/**
	 * Create a resolver.
	 * @param rotations the registry of recent rotations
	 * @param lookup finds a session by id, or {@code null} when sessions are plain
	 * servlet sessions (then an old id is never followed)
	 */
	public SessionAuthenticationResolver(SessionRotationRegistry rotations, @Nullable SessionLookup lookup) {
		Assert.notNull(rotations, "'rotations' must not be null");
		this.rotations = rotations;
		this.lookup = lookup;
	}

	/**
	 * Set the registry of the container's live sessions, consulted by
	 * {@link #activeSessionId(String, String)} when there is no session lookup (plain
	 * servlet sessions).
	 * @param servletSessions the registry, or {@code null}
	 */
	public void setServletSessions(@Nullable ServletSessionRegistry servletSessions) {
		this.servletSessions = servletSessions;
	}

	/**
	 * Set how every session id a request presents is read (all its session cookies, in
	 * order). With it, a request whose cookies name live sessions of different users is
	 * refused instead of the first one winning.
	 * @param requestedSessionIds reads the presented session ids, or {@code null} to
	 * check only the session the container or Spring Session chose
	 */
	public void setRequestedSessionIds(@Nullable RequestedSessionIds requestedSessionIds) {
		this.requestedSessionIds = requestedSessionIds;
	}

	/**
	 * Set the resolver that tells anonymous authentications apart.
	 * @param trustResolver the trust resolver
	 */
	public void setTrustResolver(AuthenticationTrustResolver trustResolver) {
		Assert.notNull(trustResolver, "'trustResolver' must not be null");
		this.trustResolver = trustResolver;
	}

	/**
	 * Set the session attribute that holds the {@link SecurityContext}. Defaults to
	 * {@link HttpSessionSecurityContextRepository#SPRING_SECURITY_CONTEXT_KEY}.
	 * @param securityContextKey the attribute name
	 */
	public void setSecurityContextKey(String securityContextKey) {
		Assert.hasText(securityContextKey, "'securityContextKey' must not be empty");
		this.securityContextKey = securityContextKey;
	}

	/**
	 * Resolve the authenticated session of a request.
	 * @param request the request
	 * @return the session, or {@code null} if the request has no valid authenticated
	 * session
	 */
	public @Nullable AuthenticatedSession resolve(HttpServletRequest request) {
		if (request.isRequestedSessionIdFromURL()) {
			// The cookie is the only accepted carrier: an id in the URL leaks through
			// logs and referrers and enables fixation.
			return null;
		}
		if (namesSeveralUsers(request)) {
			return null;
		}
		HttpSession session = request.getSession(false);
		if (session != null) {
			if (this.rotations.isEnded(session.getId())) {
				// Logged out while this request was in flight.
				return null;
			}
			Authentication authentication = authenticated(attribute(session));
			return (authentication != null) ? new AuthenticatedSession(session.getId(), authentication, false) : null;
		}
		String requestedId = request.getRequestedSessionId();
		SessionLookup lookup = this.lookup;
		return (requestedId != null && lookup != null) ? successorSession(requestedId, lookup) : null;
	}

	/**
	 * Resolve the authenticated session of a request as {@link #resolve} does, but by
	 * reading the session store directly when the request presents one session id: the
	 * request's {@code HttpSession} is not loaded, so Spring Session does not save it
	 * (and write its last access time) when the request ends. An upgrade reads the store
	 * once and writes nothing; the socket's own activity keeps the session alive. A
	 * request with several session ids, or without a session lookup, is resolved by
	 * {@link #resolve}.
	 * @param request the request
	 * @return the session, or {@code null} if the request has no valid authenticated
	 * session
	 */
	public @Nullable AuthenticatedSession resolveWithoutLoading(HttpServletRequest request) {
		RequestedSessionIds requestedSessionIds = this.requestedSessionIds;
		SessionLookup lookup = this.lookup;
		if (requestedSessionIds == null || lookup == null || request.isRequestedSessionIdFromURL()) {
			return resolve(request);
		}
		List<String> ids = requestedSessionIds.resolve(request);
		if (ids.isEmpty()) {
			return null;
		}
		if (ids.size() > 1) {
			return resolve(request);
		}
		String id = ids.get(0);
		if (this.rotations.isEnded(id)) {
			return null;
		}
		Session stored = null;
		Object securityContext;
		if (lookup instanceof SpringSessionLookup springSessions) {
			stored = springSessions.findSession(id);
			securityContext = (stored != null) ? stored.getAttribute(this.securityContextKey) : null;
		}
		else {
			securityContext = lookup.findAttribute(id, this.securityContextKey);
		}
		Authentication authentication = authenticated(securityContext);
		if (authentication != null) {
			return new AuthenticatedSession(id, authentication, false, stored);
		}
		return successorSession(id, lookup);
	}

	/**
	 * The session a requested id was rotated into within the grace period, if it is still
	 * authenticated.
	 */
	private @Nullable AuthenticatedSession successorSession(String requestedId, SessionLookup lookup) {
		String successorId = this.rotations.successorOf(requestedId);
		if (successorId == null || this.rotations.isEnded(successorId)) {
			return null;
		}
		Authentication authentication = authenticated(lookup.findAttribute(successorId, this.securityContextKey));
		return (authentication != null) ? new AuthenticatedSession(successorId, authentication, true) : null;
	}

	/**
	 * Return the current id of a session known by an id it had, if the session is still
	 * authenticated as the given principal, following a rotation within its grace period.
	 * Without a session lookup (plain servlet sessions), the
	 * {@linkplain #setServletSessions servlet session registry} checks it; without
	 * either, the id cannot be checked and is returned as is (the socket bound to it is
	 * still closed on logout).
	 * @param sessionId an id the session had
	 * @param principalName the name the session must still be authenticated as
	 * @return the session's current id, or {@code null} if it ended or is no longer
	 * authenticated as that principal
	 */
	public @Nullable String activeSessionId(String sessionId, String principalName) {
		if (this.rotations.isEnded(sessionId)) {
			return null;
		}
		SessionLookup lookup = sessionLookup();
		if (lookup == null) {
			return sessionId;
		}
		if (isAuthenticatedAs(lookup.findAttribute(sessionId, this.securityContextKey), principalName)) {
			return sessionId;
		}
		String successorId = this.rotations.successorOf(sessionId);
		return (successorId != null && !this.rotations.isEnded(successorId)
				&& isAuthenticatedAs(lookup.findAttribute(successorId, this.securityContextKey), principalName))
						? successorId : null;
	}

	/**
	 * Return the authentication an HTTP session holds now, as its security context says,
	 * if the session is still authenticated as the given principal: so that a socket
	 * bound to it can be decided with the roles a later login step or an administrator
	 * gave it. Follows a rotation within its grace period, as
	 * {@link #activeSessionId(String, String)} does.
	 * @param sessionId an id the session had
	 * @param principalName the name the session must still be authenticated as
	 * @return the authentication, or {@code null} if the session ended, is authenticated
	 * as someone else, or cannot be read (plain servlet sessions without a registry)
	 */
	public @Nullable Authentication currentAuthentication(String sessionId, String principalName) {
		SessionLookup lookup = sessionLookup();
		if (lookup == null || this.rotations.isEnded(sessionId)) {
			return null;
		}
		Authentication authentication = authenticated(lookup.findAttribute(sessionId, this.securityContextKey));
		if (authentication == null) {
			String successorId = this.rotations.successorOf(sessionId);
			authentication = (successorId != null && !this.rotations.isEnded(successorId))
					? authenticated(lookup.findAttribute(successorId, this.securityContextKey)) : null;
		}
		return (authentication != null && principalName.equals(authentication.getName())) ? authentication : null;
	}

	/**
	 * Return whether the request's session cookies name live sessions of different users.
	 * Such a request has no session credential, and it must not be let through on another
	 * credential either: which of its users it acts for cannot be told.
	 * @param request the request
	 * @return whether the cookies name several users
	 */
	public boolean presentsSeveralUsers(HttpServletRequest request) {
		return namesSeveralUsers(request);
	}

	private boolean namesSeveralUsers(HttpServletRequest request) {
		RequestedSessionIds requestedSessionIds = this.requestedSessionIds;
		if (requestedSessionIds == null) {
			return false;
		}
		Set<String> ids = new LinkedHashSet<>(requestedSessionIds.resolve(request));
		if (ids.size() < 2) {
			return false;
		}
		if (ids.size() > MAX_PRESENTED_SESSIONS) {
			return true;
		}
		SessionLookup lookup = sessionLookup();
		if (lookup == null) {
			return false;
		}
		Set<String> names = new HashSet<>();
		for (String id : ids) {
			Authentication authentication = authenticated(lookup.findAttribute(id, this.securityContextKey));
			if (authentication != null) {
				names.add(authentication.getName());
			}
		}
		return names.size() > 1;
	}

	private @Nullable SessionLookup sessionLookup() {
		ServletSessionRegistry servletSessions = this.servletSessions;
		return (this.lookup != null) ? this.lookup : (servletSessions != null) ? servletSessions::findAttribute : null;
	}

	private boolean isAuthenticatedAs(@Nullable Object securityContext, String principalName) {
		// The same session re-logged-in as someone else (no fixation protection) does
		// not carry the first user's tickets.
		Authentication authentication = authenticated(securityContext);
		return authentication != null && principalName.equals(authentication.getName());
	}

	private @Nullable Object attribute(HttpSession session) {
		try {
			return session.getAttribute(this.securityContextKey);
		}
		catch (IllegalStateException ex) {
			// invalidated concurrently
			return null;
		}
	}

	private @Nullable Authentication authenticated(@Nullable Object securityContext) {
		if (!(securityContext instanceof SecurityContext context)) {
			return null;
		}
		Authentication authentication = context.getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| this.trustResolver.isAnonymous(authentication)) {
			return null;
		}
		return authentication;
	}

}
