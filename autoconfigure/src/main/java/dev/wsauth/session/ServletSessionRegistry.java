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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Knows the container's live HTTP sessions by id, for applications without Spring
 * Session: a session is known from its creation (or renaming) to its invalidation or
 * expiry. It lets a one-time ticket issued from a session be refused once that session
 * has ended (a logout between issue and use), which the servlet API cannot otherwise tell
 * outside of a request that carries the session's cookie.
 *
 * <p>
 * It is deliberately not a {@link SessionLookup}: following rotated ids and the other
 * Spring Session features stay off for plain servlet sessions.
 *
 * <p>
 * Sessions the container restored from disk at startup were not seen being created and
 * are unknown: a ticket issued from one of them is refused, which errs on the safe side.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class ServletSessionRegistry implements HttpSessionListener, HttpSessionIdListener {

	private static final Log logger = LogFactory.getLog(ServletSessionRegistry.class);

	private final Map<String, HttpSession> sessions = new ConcurrentHashMap<>();

	private volatile @Nullable Consumer<String> onDestroyed;

	@Override
	public void sessionCreated(HttpSessionEvent event) {
		HttpSession session = event.getSession();
		this.sessions.put(session.getId(), session);
	}

	/**
	 * Set what is told of each destroyed session (invalidated or expired): wsauth ends
	 * its family and closes its sockets at once.
	 * @param onDestroyed called with the id of each destroyed session
	 */
	public void setOnDestroyed(@Nullable Consumer<String> onDestroyed) {
		this.onDestroyed = onDestroyed;
	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		String id = event.getSession().getId();
		this.sessions.remove(id);
		Consumer<String> onDestroyed = this.onDestroyed;
		if (onDestroyed != null) {
			try {
				onDestroyed.accept(id);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not end the family of a destroyed session (" + ex.getClass().getName() + ")");
			}
		}
	}

	/**
	 * Invalidate a live session, outside of any request.
	 * @param sessionId the session id
	 */
	public void invalidate(String sessionId) {
		HttpSession session = this.sessions.remove(sessionId);
		if (session != null) {
			try {
				session.invalidate();
			}
			catch (IllegalStateException ex) {
				// invalidated concurrently
			}
		}
	}

	@Override
	public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
		HttpSession session = event.getSession();
		this.sessions.remove(oldSessionId);
		this.sessions.put(session.getId(), session);
	}

	/**
	 * Return an attribute of a live session.
	 * @param sessionId the session id
	 * @param attributeName the attribute name
	 * @return the attribute value, or {@code null} if there is no such live session or
	 * attribute
	 */
	public @Nullable Object findAttribute(String sessionId, String attributeName) {
		HttpSession session = this.sessions.get(sessionId);
		if (session == null) {
			return null;
		}
		try {
			return session.getAttribute(attributeName);
		}
		catch (IllegalStateException ex) {
			// invalidated concurrently
			this.sessions.remove(sessionId, session);
			return null;
		}
	}

	int size() {
		return this.sessions.size();
	}

}
