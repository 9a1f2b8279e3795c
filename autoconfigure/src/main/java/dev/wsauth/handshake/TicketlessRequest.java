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

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * An upgrade request without its {@code ticket} query parameter, so that the ticket
 * (spent by then, but still a credential in form) never reaches the security filter
 * chain's debug log, the WebSocket session's URI or the application's handlers.
 */
final class TicketlessRequest extends HttpServletRequestWrapper {

	private final @Nullable String queryString;

	TicketlessRequest(HttpServletRequest request) {
		super(request);
		this.queryString = withoutTicket(request.getQueryString());
	}

	/**
	 * Return whether a query string carries a parameter whose name could be the ticket's.
	 * @param query the raw query string
	 * @return {@code true} if the request should be wrapped
	 */
	static boolean hasTicket(@Nullable String query) {
		return query != null && !query.equals(withoutTicket(query));
	}

	@Override
	public @Nullable String getQueryString() {
		return this.queryString;
	}

	@Override
	public @Nullable String getParameter(String name) {
		return isTicket(name) ? null : super.getParameter(name);
	}

	@Override
	public String @Nullable [] getParameterValues(String name) {
		return isTicket(name) ? null : super.getParameterValues(name);
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		Map<String, String[]> parameters = new LinkedHashMap<>(super.getParameterMap());
		parameters.remove(HandshakeAuthenticator.TICKET_PARAMETER);
		return Collections.unmodifiableMap(parameters);
	}

	@Override
	public Enumeration<String> getParameterNames() {
		List<String> names = Collections.list(super.getParameterNames());
		names.removeIf(TicketlessRequest::isTicket);
		return Collections.enumeration(names);
	}

	private static boolean isTicket(String name) {
		return HandshakeAuthenticator.TICKET_PARAMETER.equals(name);
	}

	private static @Nullable String withoutTicket(@Nullable String query) {
		if (query == null) {
			return null;
		}
		StringJoiner kept = new StringJoiner("&");
		for (String pair : query.split("&", -1)) {
			int eq = pair.indexOf('=');
			String rawName = (eq >= 0) ? pair.substring(0, eq) : pair;
			if (!isTicketName(rawName)) {
				kept.add(pair);
			}
		}
		return (kept.length() > 0) ? kept.toString() : null;
	}

	private static boolean isTicketName(String rawName) {
		try {
			return isTicket(URLDecoder.decode(rawName, StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			// An accepted request has no undecodable parameter name that could be the
			// ticket's, but drop one anyway rather than risk passing a ticket on.
			return true;
		}
	}

}
