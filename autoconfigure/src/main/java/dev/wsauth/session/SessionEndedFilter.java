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

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs outside Spring Session's {@code SessionRepositoryFilter} and answers 401 to a
 * request whose session was logged out while it was in flight: its save at the end of the
 * request was undone by the {@link EndedSessionGuard}. Without it such a request would
 * end in a 500. An upgrade that already switched protocols is left alone: its socket is
 * closed with 4002 as it registers.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SessionEndedFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(SessionEndedFilter.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain filterChain)
			throws ServletException, IOException {
		try {
			filterChain.doFilter(request, response);
		}
		catch (SessionEndedException ex) {
			logger.debug("Request's session ended while it was in flight");
			if (response.isCommitted() || response.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
				return;
			}
			response.resetBuffer();
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			response.setContentLength(0);
		}
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

}
