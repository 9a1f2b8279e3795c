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

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.session.Session;
import org.springframework.util.Assert;

import dev.wsauth.token.SubprotocolBearerToken;

/**
 * An accepted upgrade request as the handshake handlers see it: without the credentials
 * wsauth already checked. Spring's handshake handler logs every header at TRACE level and
 * keeps them as the WebSocket session's handshake headers for the life of the socket, so
 * the bearer token, the session cookie and the token element of the
 * {@code Sec-WebSocket-Protocol} offer go no further than wsauth. Cookies stay available
 * through {@link #getCookies()} and the session through {@link #getSession()}: the one
 * wsauth read from the store, when it did, so that Spring Session does not save it again.
 */
final class CredentialHidingRequest extends HttpServletRequestWrapper {

	/**
	 * Request attribute set once every handshake interceptor has run: from then on the
	 * request shows no HTTP session.
	 */
	static final String HIDE_SESSION = CredentialHidingRequest.class.getName() + ".HIDE_SESSION";

	private final @Nullable String protocols;

	private final boolean hideAuthorization;

	private final @Nullable Session stored;

	private @Nullable StoredHttpSession storedView;

	CredentialHidingRequest(HttpServletRequest request, @Nullable List<String> protocols, boolean hideAuthorization,
			@Nullable Session stored) {
		super(request);
		this.protocols = (protocols != null) ? String.join(", ", protocols) : null;
		this.hideAuthorization = hideAuthorization;
		this.stored = stored;
	}

	@Override
	public @Nullable String getHeader(String name) {
		if (isHidden(name)) {
			return null;
		}
		return isReplacedProtocolHeader(name) ? this.protocols : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		if (isHidden(name)) {
			return Collections.emptyEnumeration();
		}
		return isReplacedProtocolHeader(name) ? Collections.enumeration(List.of(this.protocols))
				: super.getHeaders(name);
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		List<String> names = new ArrayList<>();
		Enumeration<String> all = super.getHeaderNames();
		while (all.hasMoreElements()) {
			String name = all.nextElement();
			if (!isHidden(name)) {
				names.add(name);
			}
		}
		return Collections.enumeration(names);
	}

	/**
	 * Show no existing session to the container's upgrade. Tomcat registers every
	 * authenticated socket under the request's HTTP session to close it when that session
	 * is invalidated: it stores a listener in the session (an attribute change per
	 * upgrade with Spring Session) and keeps a set per session id that it never removes
	 * when the session is Spring Session's, whose invalidation it never hears of. wsauth
	 * closes the sockets of ended sessions itself.
	 */
	@Override
	public @Nullable HttpSession getSession(boolean create) {
		if (!create && getAttribute(HIDE_SESSION) != null) {
			return null;
		}
		Session stored = this.stored;
		if (stored == null) {
			return super.getSession(create);
		}
		// The session wsauth read from the store: loading it again through Spring
		// Session would have it saved, with a new last access time, when the request
		// ends.
		StoredHttpSession view = this.storedView;
		if (view == null) {
			view = new StoredHttpSession(stored, getServletContext(), () -> super.getSession(false));
			this.storedView = view;
		}
		return view;
	}

	@Override
	public HttpSession getSession() {
		HttpSession session = getSession(true);
		Assert.state(session != null, "A session was requested to be created");
		return session;
	}

	@Override
	public boolean isRequestedSessionIdValid() {
		return this.stored != null || super.isRequestedSessionIdValid();
	}

	private boolean isHidden(String name) {
		return HttpHeaders.COOKIE.equalsIgnoreCase(name)
				|| (this.hideAuthorization && HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name));
	}

	private boolean isReplacedProtocolHeader(String name) {
		return this.protocols != null && SubprotocolBearerToken.HEADER.equalsIgnoreCase(name);
	}

}
