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
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

import dev.wsauth.token.SubprotocolBearerToken;

/**
 * An accepted upgrade request as the handshake handlers see it: without the credentials
 * wsauth already checked. Spring's handshake handler logs every header at TRACE level and
 * keeps them as the WebSocket session's handshake headers for the life of the socket, so
 * the bearer token, the session cookie and the token element of the
 * {@code Sec-WebSocket-Protocol} offer go no further than wsauth. Cookies stay available
 * through {@link #getCookies()} and the session through {@link #getSession()}.
 */
final class CredentialHidingRequest extends HttpServletRequestWrapper {

	/**
	 * Request attribute set once every handshake interceptor has run: from then on the
	 * request shows no HTTP session.
	 */
	static final String HIDE_SESSION = CredentialHidingRequest.class.getName() + ".HIDE_SESSION";

	private final @Nullable String protocols;

	private final Set<String> hidden = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

	CredentialHidingRequest(HttpServletRequest request, @Nullable List<String> protocols, boolean hideAuthorization) {
		super(request);
		this.protocols = (protocols != null) ? String.join(", ", protocols) : null;
		this.hidden.add(HttpHeaders.COOKIE);
		if (hideAuthorization) {
			this.hidden.add(HttpHeaders.AUTHORIZATION);
		}
	}

	@Override
	public @Nullable String getHeader(String name) {
		if (this.hidden.contains(name)) {
			return null;
		}
		return isReplacedProtocolHeader(name) ? this.protocols : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		if (this.hidden.contains(name)) {
			return Collections.emptyEnumeration();
		}
		return isReplacedProtocolHeader(name) ? Collections.enumeration(List.of(this.protocols))
				: super.getHeaders(name);
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		List<String> names = new ArrayList<>();
		for (String name : Collections.list(super.getHeaderNames())) {
			if (!this.hidden.contains(name)) {
				names.add(name);
			}
		}
		return Collections.enumeration(names);
	}

	/**
	 * Show no existing session to the container's upgrade. Tomcat registers every
	 * authenticated socket under the request's HTTP session to close it when that session
	 * is invalidated: it stores a listener in the session (a session save per upgrade
	 * with Spring Session) and keeps a set per session id that it never removes when the
	 * session is Spring Session's, whose invalidation it never hears of. wsauth closes
	 * the sockets of ended sessions itself.
	 */
	@Override
	public @Nullable HttpSession getSession(boolean create) {
		if (!create && getAttribute(HIDE_SESSION) != null) {
			return null;
		}
		return super.getSession(create);
	}

	private boolean isReplacedProtocolHeader(String name) {
		return this.protocols != null && SubprotocolBearerToken.HEADER.equalsIgnoreCase(name);
	}

}
