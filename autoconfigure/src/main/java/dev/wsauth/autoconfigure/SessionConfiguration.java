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

package dev.wsauth.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.wsauth.session.InMemorySessionRotationRegistry;
import dev.wsauth.session.RequestedSessionIds;
import dev.wsauth.session.ServletSessionRegistry;
import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.session.SessionLookup;
import dev.wsauth.session.SessionRotationRegistry;
import dev.wsauth.session.SessionTerminator;
import dev.wsauth.revocation.WebSocketRevocations;

/**
 * Resolving the HTTP session of a request, following its rotations, and ending it: what
 * the handshake, the preflight and tickets share, with Spring Session or plain servlet
 * sessions.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SessionRotationRegistry wsAuthSessionRotationRegistry(WsAuthProperties properties) {
		return new InMemorySessionRotationRegistry(WsAuthWiring.rotationGrace(properties),
				WsAuthWiring.endedRetention(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	SessionAuthenticationResolver wsAuthSessionAuthenticationResolver(SessionRotationRegistry rotations,
			ObjectProvider<SessionLookup> sessionLookup, ServletSessionRegistry servletSessions,
			ObjectProvider<RequestedSessionIds> requestedSessionIds, Environment environment) {
		SessionAuthenticationResolver resolver = new SessionAuthenticationResolver(rotations,
				sessionLookup.getIfUnique());
		resolver.setServletSessions(servletSessions);
		resolver.setRequestedSessionIds(requestedSessionIds
			.getIfUnique(() -> RequestedSessionIds.cookies(WsAuthWiring.servletSessionCookieName(environment))));
		return resolver;
	}

	@Bean
	@ConditionalOnMissingBean
	SessionTerminator wsAuthSessionTerminator(SessionRotationRegistry rotations, WebSocketRevocations revocations) {
		return new SessionTerminator(rotations, revocations);
	}

	/**
	 * Tracks plain servlet sessions so that a ticket issued from a session is refused
	 * once the session ended; idle with Spring Session, whose sessions the container
	 * never sees.
	 */
	@Bean
	ServletSessionRegistry wsAuthServletSessionRegistry(ObjectProvider<SessionTerminator> terminator) {
		ServletSessionRegistry registry = new ServletSessionRegistry();
		// A plain servlet session that is invalidated or expires ends its family at once.
		registry.setOnDestroyed((id) -> terminator.getObject().end(id));
		return registry;
	}

	@Bean
	ServletListenerRegistrationBean<ServletSessionRegistry> wsAuthServletSessionRegistryListener(
			ServletSessionRegistry servletSessions) {
		return new ServletListenerRegistrationBean<>(servletSessions);
	}

}
