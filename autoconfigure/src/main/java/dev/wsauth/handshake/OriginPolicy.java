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

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Decides whether a request comes from an origin allowed to use the application's
 * sockets: the application's own origin, an origin listed exactly, or one matching an
 * explicitly written pattern. Scheme, host and port are compared exactly; there is no
 * substring or suffix matching.
 *
 * <p>
 * A request that says it is cross-site ({@code Sec-Fetch-Site: cross-site}) is refused
 * unless its origin is explicitly allowed, and {@code Origin: null} is always refused.
 * Whether a request without an {@code Origin} header is accepted is configurable:
 * browsers always send one on WebSocket handshakes and on POST requests, so a request
 * without it does not come from a page and cannot be driven cross-site.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class OriginPolicy {

	private static final String SEC_FETCH_SITE = "Sec-Fetch-Site";

	private final Set<String> allowedOrigins;

	private final @Nullable CorsConfiguration allowedPatterns;

	private final boolean allowMissingOrigin;

	/**
	 * Create a policy.
	 * @param allowedOrigins origins allowed besides the application's own, each written
	 * as {@code scheme://host[:port]}
	 * @param allowedOriginPatterns origin patterns in the syntax of
	 * {@link CorsConfiguration#setAllowedOriginPatterns(List)}
	 * @param allowMissingOrigin whether a request without an {@code Origin} header is
	 * accepted
	 * @throws IllegalArgumentException if an origin is not of the form
	 * {@code scheme://host[:port]}
	 */
	public OriginPolicy(List<String> allowedOrigins, List<String> allowedOriginPatterns, boolean allowMissingOrigin) {
		Assert.notNull(allowedOrigins, "'allowedOrigins' must not be null");
		Assert.notNull(allowedOriginPatterns, "'allowedOriginPatterns' must not be null");
		Set<String> origins = new LinkedHashSet<>();
		for (String origin : allowedOrigins) {
			String normalized = normalize(origin);
			if (normalized == null) {
				throw new IllegalArgumentException("Allowed origin '" + origin
						+ "' is not of the form scheme://host[:port] (no path, no trailing slash, no wildcard; "
						+ "use allowed-origin-patterns for patterns)");
			}
			origins.add(normalized);
		}
		this.allowedOrigins = Collections.unmodifiableSet(origins);
		if (allowedOriginPatterns.isEmpty()) {
			this.allowedPatterns = null;
		}
		else {
			for (String pattern : allowedOriginPatterns) {
				Assert.isTrue(!isUnbounded(pattern),
						() -> "Allowed origin pattern '" + pattern
								+ "' would let every site (or a whole top-level domain) use the user's cookie; "
								+ "write the site's own domain, such as https://*.example.com");
			}
			CorsConfiguration patterns = new CorsConfiguration();
			patterns.setAllowedOriginPatterns(allowedOriginPatterns);
			this.allowedPatterns = patterns;
		}
		this.allowMissingOrigin = allowMissingOrigin;
	}

	/**
	 * Return whether the request may proceed.
	 * @param request the request
	 * @return {@code true} if its origin is allowed
	 */
	public boolean isAllowed(HttpServletRequest request) {
		Enumeration<String> origins = request.getHeaders(HttpHeaders.ORIGIN);
		String origin = (origins != null && origins.hasMoreElements()) ? origins.nextElement() : null;
		if (origins != null && origins.hasMoreElements()) {
			return false;
		}
		boolean crossSite = "cross-site".equalsIgnoreCase(request.getHeader(SEC_FETCH_SITE));
		if (origin == null) {
			return this.allowMissingOrigin && !crossSite;
		}
		if (!origin.equals(origin.toLowerCase(Locale.ROOT))) {
			// Browsers serialize origins in lower case, and Spring's own origin check on
			// the handshake compares them as written: refuse here, with wsauth's answer.
			return false;
		}
		String normalized = normalize(origin);
		if (normalized == null) {
			return false;
		}
		if (isExplicitlyAllowed(normalized)) {
			return true;
		}
		return !crossSite && normalized.equals(requestOrigin(request));
	}

	/**
	 * Return whether the origin is one the configuration names, as opposed to the
	 * application's own. Such origins may receive CORS headers from the preflight.
	 * @param origin the value of an {@code Origin} header
	 * @return {@code true} if listed or matched by a pattern
	 */
	public boolean isExplicitlyAllowed(@Nullable String origin) {
		String normalized = (origin != null) ? normalize(origin) : null;
		if (normalized == null) {
			return false;
		}
		if (this.allowedOrigins.contains(normalized)) {
			return true;
		}
		// Browsers omit a default port, and patterns are written the same way: match both
		// forms of the same origin.
		return this.allowedPatterns != null && (this.allowedPatterns.checkOrigin(normalized) != null
				|| this.allowedPatterns.checkOrigin(withoutDefaultPort(normalized)) != null);
	}

	private static String withoutDefaultPort(String normalized) {
		if (normalized.startsWith("https://") && normalized.endsWith(":443")) {
			return normalized.substring(0, normalized.length() - 4);
		}
		if (normalized.startsWith("http://") && normalized.endsWith(":80")) {
			return normalized.substring(0, normalized.length() - 3);
		}
		return normalized;
	}

	/**
	 * Whether a pattern's host part leaves the site open: {@code *}, {@code https://*},
	 * {@code *://app.example.com} or a bare top-level domain such as
	 * {@code https://*.com}.
	 */
	private static boolean isUnbounded(String pattern) {
		String trimmed = pattern.trim();
		int separator = trimmed.indexOf("://");
		if (separator < 0) {
			return trimmed.replace("*", "").isEmpty();
		}
		if (trimmed.substring(0, separator).contains("*")) {
			return true;
		}
		String authority = trimmed.substring(separator + 3);
		int end = authority.length();
		for (char c : new char[] { ':', '/', '[' }) {
			int index = authority.indexOf(c);
			if (index >= 0 && index < end) {
				end = index;
			}
		}
		String host = authority.substring(0, end);
		int lastWildcard = host.lastIndexOf('*');
		if (lastWildcard < 0) {
			return false;
		}
		String fixedSuffix = host.substring(lastWildcard + 1);
		// The wildcard must stand for whole labels of a named domain: "*.example.com",
		// not "*example.com" (which matches evilexample.com) nor "*.com".
		return !fixedSuffix.startsWith(".") || fixedSuffix.indexOf('.', 1) < 0;
	}

	private static String requestOrigin(HttpServletRequest request) {
		String scheme = request.getScheme().toLowerCase(Locale.ROOT);
		return scheme + "://" + request.getServerName().toLowerCase(Locale.ROOT) + ":"
				+ port(scheme, request.getServerPort());
	}

	static @Nullable String normalize(String origin) {
		if (!StringUtils.hasText(origin) || "null".equals(origin) || origin.length() > 2048) {
			return null;
		}
		URI uri;
		try {
			uri = new URI(origin);
		}
		catch (URISyntaxException ex) {
			return null;
		}
		String scheme = uri.getScheme();
		String host = uri.getHost();
		if (scheme == null || host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
				|| uri.getRawFragment() != null || StringUtils.hasLength(uri.getRawPath())) {
			return null;
		}
		scheme = scheme.toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			return null;
		}
		return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port(scheme, uri.getPort());
	}

	private static int port(String scheme, int port) {
		if (port != -1) {
			return port;
		}
		return scheme.equals("https") ? 443 : 80;
	}

}
