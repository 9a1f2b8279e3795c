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
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.UrlPathHelper;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Matches requests to the STOMP endpoints the application registered, as found in
 * Spring's {@code stompWebSocketHandlerMapping} once the context is refreshed.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class StompEndpointRequestMatcher implements RequestMatcher {

	private volatile List<PathPattern> patterns = List.of();

	@Override
	public boolean matches(HttpServletRequest request) {
		return endpointFor(request) != null;
	}

	/**
	 * Return the path of the STOMP endpoint a request is for: the path the application
	 * registered, such as {@code /ws}, also for a SockJS transport URL below it.
	 * @param request the request
	 * @return the endpoint path, or {@code null} if the request is not for an endpoint
	 */
	public @Nullable String endpointFor(HttpServletRequest request) {
		List<PathPattern> patterns = this.patterns;
		if (patterns.isEmpty()) {
			return null;
		}
		// Endpoint paths are relative to the DispatcherServlet's mapping, as the handler
		// mapping sees them (spring.mvc.servlet.path).
		PathContainer path = PathContainer.parsePath(UrlPathHelper.defaultInstance.getLookupPathForRequest(request));
		for (PathPattern pattern : patterns) {
			if (pattern.matches(path)) {
				return endpointPath(pattern.getPatternString());
			}
		}
		return null;
	}

	/**
	 * Return the paths of the registered STOMP endpoints.
	 * @return the endpoint paths
	 */
	public List<String> getEndpoints() {
		return this.patterns.stream().map((pattern) -> endpointPath(pattern.getPatternString())).toList();
	}

	private static String endpointPath(String pattern) {
		return pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3) : pattern;
	}

	void setPatterns(List<String> patterns) {
		List<PathPattern> parsed = new ArrayList<>(patterns.size());
		for (String pattern : patterns) {
			parsed.add(PathPatternParser.defaultInstance.parse(pattern));
		}
		this.patterns = List.copyOf(parsed);
	}

	/**
	 * Return the endpoint path patterns found so far.
	 * @return the patterns
	 */
	public List<String> getPatterns() {
		return this.patterns.stream().map(PathPattern::getPatternString).toList();
	}

}
