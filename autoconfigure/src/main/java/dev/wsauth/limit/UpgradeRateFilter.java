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

package dev.wsauth.limit;

import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses WebSocket upgrades to the STOMP endpoints with 429 and {@code Retry-After} when
 * their remote address opens them faster than the {@link UpgradeRateLimiter} allows,
 * before any credential is checked. The remote address is
 * {@link HttpServletRequest#getRemoteAddr()}, as the container (Tomcat's
 * {@code RemoteIpValve}, with {@code server.forward-headers-strategy=native}) or Spring's
 * {@code ForwardedHeaderFilter} ({@code framework}, which runs before this filter) gives
 * it; forwarding headers are never read here.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class UpgradeRateFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(UpgradeRateFilter.class);

	private final UpgradeRateLimiter limiter;

	private final Predicate<HttpServletRequest> endpoints;

	private Consumer<HttpServletRequest> refusalListener = (request) -> {
	};

	/**
	 * Create a filter.
	 * @param limiter the rate limiter
	 * @param endpoints matches the requests to the STOMP endpoints
	 */
	public UpgradeRateFilter(UpgradeRateLimiter limiter, Predicate<HttpServletRequest> endpoints) {
		Assert.notNull(limiter, "'limiter' must not be null");
		Assert.notNull(endpoints, "'endpoints' must not be null");
		this.limiter = limiter;
		this.endpoints = endpoints;
	}

	/**
	 * Set what is told of each upgrade this filter refuses, for metrics and events.
	 * @param refusalListener called with each refused request
	 */
	public void setRefusalListener(Consumer<HttpServletRequest> refusalListener) {
		Assert.notNull(refusalListener, "'refusalListener' must not be null");
		this.refusalListener = refusalListener;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !isWebSocketUpgrade(request) || !this.endpoints.test(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain filterChain)
			throws ServletException, IOException {
		long retryAfter = this.limiter.tryAcquire(request.getRemoteAddr());
		if (retryAfter > 0) {
			this.refusalListener.accept(request);
			refuse(response, LimitRefusal.UPGRADES_PER_ADDRESS, retryAfter);
			return;
		}
		filterChain.doFilter(request, response);
	}

	/**
	 * Refuse an upgrade because of a limit: 429, {@code Retry-After}, nothing cached, no
	 * body. Every limit refused before the 101 answers through this method.
	 * @param response the response
	 * @param refusal the limit
	 * @param retryAfterSeconds the {@code Retry-After} value
	 */
	public static void refuse(HttpServletResponse response, LimitRefusal refusal, long retryAfterSeconds) {
		if (logger.isDebugEnabled()) {
			logger.debug("Refusing WebSocket upgrade with 429 (" + refusal + ")");
		}
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		response.setContentLength(0);
	}

	private static boolean isWebSocketUpgrade(HttpServletRequest request) {
		String upgrade = request.getHeader(HttpHeaders.UPGRADE);
		return "GET".equals(request.getMethod()) && upgrade != null && "websocket".equalsIgnoreCase(upgrade.strip());
	}

}
