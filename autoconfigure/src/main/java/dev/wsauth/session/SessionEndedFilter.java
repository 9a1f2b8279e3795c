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
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.wsauth.socket.UnavailableResponse;

/**
 * Runs outside Spring Session's {@code SessionRepositoryFilter} and answers 401 to a
 * request whose session was logged out while it was in flight: its save at the end of the
 * request was undone by the {@link EndedSessionGuard}. Without it such a request would
 * end in a 500. An upgrade that already switched protocols is left alone: its socket is
 * closed with 4002 as it registers. A request that fails because the session store cannot
 * be reached (a logout's delete, the session's save) gets 503 with {@code Retry-After}
 * instead of a 500.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SessionEndedFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(SessionEndedFilter.class);

	/**
	 * Spring's data access failures that say the store could not be reached or did not
	 * answer in time (Redis and JDBC connection failures, command timeouts).
	 */
	private static final Set<String> STORE_OUTAGES = Set.of(
			"org.springframework.dao.DataAccessResourceFailureException",
			"org.springframework.dao.TransientDataAccessException",
			"org.springframework.dao.RecoverableDataAccessException");

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
		catch (RuntimeException ex) {
			// A store that cannot be reached fails the session's save, or a logout's
			// delete, outside of any handler: the credentials may be fine, so 503 and
			// retry rather than a 500 with a stack trace.
			if (!isStoreOutage(ex) || response.isCommitted()) {
				throw ex;
			}
			logger.warn("Session store unavailable; answering with 503 (" + ex.getClass().getName() + ")");
			response.resetBuffer();
			UnavailableResponse.write(response, UnavailableResponse.SESSION_STORE_UNAVAILABLE,
					UnavailableResponse.RETRY_AFTER_SECONDS);
		}
	}

	/**
	 * Whether the failure, or one of its causes, is a data access failure of a store that
	 * could not be reached or did not answer in time, told by name so that Spring's data
	 * access classes need not be on the class path.
	 */
	static boolean isStoreOutage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
				if (STORE_OUTAGES.contains(type.getName())) {
					return true;
				}
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

}
