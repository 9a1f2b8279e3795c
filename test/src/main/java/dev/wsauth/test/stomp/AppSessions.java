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

package dev.wsauth.test.stomp;

import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.util.Assert;

/**
 * Creates and ends sessions directly in the application's Spring Session
 * {@link SessionRepository}, as a form login would leave them, and writes their cookie as
 * the application's {@link CookieSerializer} would.
 *
 * @author wsauth
 */
final class AppSessions {

	private final ApplicationContext context;

	AppSessions(ApplicationContext context) {
		this.context = context;
	}

	@SuppressWarnings("unchecked")
	private SessionRepository<Session> repository() {
		SessionRepository<?> repository = this.context.getBeanProvider(SessionRepository.class).getIfUnique();
		Assert.state(repository != null,
				"Connecting as a user creates a session in the application's Spring "
						+ "Session SessionRepository, and the application has none (or several): use Spring Session "
						+ "(Redis, JDBC, or @EnableSpringHttpSession with a MapSessionRepository)");
		return (SessionRepository<Session>) repository;
	}

	/** Create an authenticated session and return its id. */
	String create(Authentication user) {
		SessionRepository<Session> repository = repository();
		Session session = repository.createSession();
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(user));
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, user.getName());
		repository.save(session);
		return session.getId();
	}

	/** End a session as a logout elsewhere would: the application closes its sockets. */
	void end(String sessionId) {
		repository().deleteById(sessionId);
	}

	/** Return {@code name=value} of the session cookie, as the browser would send it. */
	String cookie(String sessionId) {
		CookieSerializer serializer = this.context.getBeanProvider(CookieSerializer.class)
			.getIfUnique(DefaultCookieSerializer::new);
		MockHttpServletRequest request = new MockHttpServletRequest();
		MockHttpServletResponse response = new MockHttpServletResponse();
		serializer.writeCookieValue(new CookieSerializer.CookieValue(request, response, sessionId));
		String setCookie = response.getHeader("Set-Cookie");
		Assert.state(setCookie != null, "The application's CookieSerializer wrote no cookie");
		return setCookie.split(";", 2)[0].trim();
	}

}
