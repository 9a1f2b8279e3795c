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

package dev.wsauth.sample.browser;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every request to the STOMP endpoint and to the preflight, with the answer the
 * server gave, ahead of every other filter.
 */
final class RequestRecorder extends OncePerRequestFilter {

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		finally {
			String cookie = request.getHeader("Cookie");
			this.requests.add(new Recorded(request.getRequestURI(), request.getHeader("Origin"),
					cookie != null && cookie.contains("SESSION="), response.getStatus()));
		}
	}

	/**
	 * Register a recorder for the given URL patterns, ahead of every other filter (Spring
	 * Security's included), so that it sees each request's final status.
	 * @param recorder the recorder
	 * @param urlPatterns the servlet URL patterns to record
	 * @return the registration
	 */
	static FilterRegistrationBean<RequestRecorder> registration(RequestRecorder recorder, String... urlPatterns) {
		FilterRegistrationBean<RequestRecorder> registration = new FilterRegistrationBean<>(recorder);
		registration.addUrlPatterns(urlPatterns);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	List<Recorded> requests() {
		return List.copyOf(this.requests);
	}

	long count() {
		return this.requests.size();
	}

	/**
	 * One recorded request.
	 *
	 * @param path the request URI
	 * @param origin the {@code Origin} header
	 * @param sessionCookie whether the request carried a {@code SESSION} cookie
	 * @param status the response status
	 */
	record Recorded(String path, @Nullable String origin, boolean sessionCookie, int status) {

	}

}
