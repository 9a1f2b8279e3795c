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

import java.util.Collections;
import java.util.Enumeration;
import java.util.function.Supplier;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.session.Session;

/**
 * The HTTP session of an accepted upgrade, as wsauth read it from the store. Reads are
 * answered from that copy, so the security filter chain and the handshake interceptors
 * can see the session without Spring Session loading it again and saving it, with a new
 * last access time, when the request ends: an upgrade writes nothing to the store. The
 * first change (an attribute set or removed, an invalidation, a new timeout) goes to the
 * request's real session, which is then loaded and saved as usual, and every later call
 * goes there too.
 *
 * @author wsauth
 */
final class StoredHttpSession implements HttpSession {

	private final Session stored;

	private final ServletContext servletContext;

	private final Supplier<@Nullable HttpSession> realSession;

	private @Nullable HttpSession loaded;

	StoredHttpSession(Session stored, ServletContext servletContext, Supplier<@Nullable HttpSession> realSession) {
		this.stored = stored;
		this.servletContext = servletContext;
		this.realSession = realSession;
	}

	@Override
	public long getCreationTime() {
		HttpSession loaded = this.loaded;
		return (loaded != null) ? loaded.getCreationTime() : this.stored.getCreationTime().toEpochMilli();
	}

	@Override
	public String getId() {
		HttpSession loaded = this.loaded;
		return (loaded != null) ? loaded.getId() : this.stored.getId();
	}

	@Override
	public long getLastAccessedTime() {
		HttpSession loaded = this.loaded;
		return (loaded != null) ? loaded.getLastAccessedTime() : this.stored.getLastAccessedTime().toEpochMilli();
	}

	@Override
	public ServletContext getServletContext() {
		return this.servletContext;
	}

	@Override
	public void setMaxInactiveInterval(int interval) {
		real().setMaxInactiveInterval(interval);
	}

	@Override
	public int getMaxInactiveInterval() {
		HttpSession loaded = this.loaded;
		return (loaded != null) ? loaded.getMaxInactiveInterval()
				: (int) this.stored.getMaxInactiveInterval().getSeconds();
	}

	@Override
	public @Nullable Object getAttribute(String name) {
		HttpSession loaded = this.loaded;
		return (loaded != null) ? loaded.getAttribute(name) : this.stored.getAttribute(name);
	}

	@Override
	public Enumeration<String> getAttributeNames() {
		HttpSession loaded = this.loaded;
		return (loaded != null) ? loaded.getAttributeNames() : Collections.enumeration(this.stored.getAttributeNames());
	}

	@Override
	public void setAttribute(String name, @Nullable Object value) {
		real().setAttribute(name, value);
	}

	@Override
	public void removeAttribute(String name) {
		real().removeAttribute(name);
	}

	@Override
	public void invalidate() {
		real().invalidate();
	}

	@Override
	public boolean isNew() {
		HttpSession loaded = this.loaded;
		return loaded != null && loaded.isNew();
	}

	private HttpSession real() {
		HttpSession loaded = this.loaded;
		if (loaded == null) {
			loaded = this.realSession.get();
			if (loaded == null) {
				// Ended since wsauth read it, as an invalidated session answers.
				throw new IllegalStateException("The session has been invalidated");
			}
			this.loaded = loaded;
		}
		return loaded;
	}

}
