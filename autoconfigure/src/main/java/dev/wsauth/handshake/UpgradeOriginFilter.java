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
import java.util.Enumeration;

import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the {@link OriginPolicy} to every WebSocket upgrade of the application that is
 * not one of the STOMP endpoints wsauth secures (those are checked with their
 * credentials): a {@code WebSocketHandler} or {@code WebSocketHttpRequestHandler} the
 * application registers itself, the WebSocket transport of its own SockJS endpoints, a
 * Jakarta {@code @ServerEndpoint}. A cross-site upgrade gets 403 before any handler runs,
 * whatever allowed origins the handler was given; Spring does not check the origin of a
 * {@code WebSocketHttpRequestHandler} configured directly at all. An upgrade whose query
 * string cannot be decoded gets 400 before the container parses it.
 */
public final class UpgradeOriginFilter extends OncePerRequestFilter {

	private UpgradeObserver observer = new UpgradeObserver(ObservationRegistry.NOOP);

	private final OriginPolicy originPolicy;

	private final StompEndpointRequestMatcher endpoints;

	/**
	 * Create a filter.
	 * @param originPolicy the origin policy
	 * @param endpoints matches the STOMP endpoints wsauth secures, which it leaves to
	 * their own filter
	 */
	public UpgradeOriginFilter(OriginPolicy originPolicy, StompEndpointRequestMatcher endpoints) {
		Assert.notNull(originPolicy, "'originPolicy' must not be null");
		Assert.notNull(endpoints, "'endpoints' must not be null");
		this.originPolicy = originPolicy;
		this.endpoints = endpoints;
	}

	/**
	 * Set what observes the refusals of this filter. By default none.
	 * @param observer the observer
	 */
	public void setUpgradeObserver(UpgradeObserver observer) {
		Assert.notNull(observer, "'observer' must not be null");
		this.observer = observer;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !isUpgradeToWebSocket(request) || this.endpoints.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain filterChain)
			throws ServletException, IOException {
		if (!this.originPolicy.isAllowed(request)) {
			this.observer.refused(request, UpgradeOutcome.ORIGIN);
			HandshakeAuthenticationFilter.refuse(response, HttpStatus.FORBIDDEN);
			return;
		}
		if (!QueryParameters.isDecodable(request.getQueryString())) {
			// The container would log the undecodable value (a ticket, say) with a stack
			// trace and answer 500.
			this.observer.refused(request, UpgradeOutcome.MALFORMED);
			HandshakeAuthenticationFilter.refuse(response, HttpStatus.BAD_REQUEST);
			return;
		}
		filterChain.doFilter(request, response);
	}

	/**
	 * Whether the request asks for a WebSocket, with any method: the container decides
	 * what to do with it, the origin has to be checked first.
	 */
	private static boolean isUpgradeToWebSocket(HttpServletRequest request) {
		Enumeration<String> upgrades = request.getHeaders(HttpHeaders.UPGRADE);
		while (upgrades != null && upgrades.hasMoreElements()) {
			for (String protocol : upgrades.nextElement().split(",")) {
				if ("websocket".equalsIgnoreCase(protocol.strip())) {
					return true;
				}
			}
		}
		return false;
	}

}
