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
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;

import dev.wsauth.preflight.SessionIdWriter;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.session.EndedSessionGuardPostProcessor;
import dev.wsauth.session.RepositorySessionStateReader;
import dev.wsauth.session.RequestedSessionIds;
import dev.wsauth.session.SessionEndMonitor;
import dev.wsauth.session.SessionEndedFilter;
import dev.wsauth.session.SessionKeepAlive;
import dev.wsauth.session.SessionKeepAliveDecoratorFactory;
import dev.wsauth.session.SessionLookup;
import dev.wsauth.session.SessionRecordRemover;
import dev.wsauth.session.SessionRotationRegistry;
import dev.wsauth.session.SessionStateReader;
import dev.wsauth.session.SessionTerminator;
import dev.wsauth.session.SpringSessionLookup;

/**
 * The session lifecycle with Spring Session: reading sessions and their cookies, keeping
 * ended sessions ended, noticing the end of a session that has sockets open, and keeping
 * a session in use from idling out.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(SessionRepository.class)
class SpringSessionConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SessionRepository.class)
	SessionLookup wsAuthSessionLookup(SessionRepository<?> sessionRepository) {
		return new SpringSessionLookup(sessionRepository);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SessionRepository.class)
	SessionIdWriter wsAuthSessionIdWriter(ObjectProvider<HttpSessionIdResolver> sessionIdResolver,
			ObjectProvider<CookieSerializer> cookieSerializer) {
		HttpSessionIdResolver resolver = sessionIdResolver(sessionIdResolver, cookieSerializer);
		return resolver::setSessionId;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SessionRepository.class)
	RequestedSessionIds wsAuthRequestedSessionIds(ObjectProvider<HttpSessionIdResolver> sessionIdResolver,
			ObjectProvider<CookieSerializer> cookieSerializer) {
		HttpSessionIdResolver resolver = sessionIdResolver(sessionIdResolver, cookieSerializer);
		return resolver::resolveSessionIds;
	}

	/**
	 * Every Spring Session repository is guarded, so that a logged-out session can never
	 * be saved back by a request that still held it.
	 */
	@Bean
	static EndedSessionGuardPostProcessor wsAuthEndedSessionGuardPostProcessor(
			ObjectProvider<SessionTerminator> terminator, ObjectProvider<SessionEndMonitor> monitor,
			ObjectProvider<SessionRecordRemover> recordRemover) {
		return new EndedSessionGuardPostProcessor(terminator::getObject, monitor::getIfAvailable,
				recordRemover::getIfAvailable);
	}

	@Bean
	@ConditionalOnBean(SessionRepository.class)
	FilterRegistrationBean<SessionEndedFilter> wsAuthSessionEndedFilter(Environment environment) {
		FilterRegistrationBean<SessionEndedFilter> registration = new FilterRegistrationBean<>(
				new SessionEndedFilter());
		// Just outside Spring Session's filter, whose final save may find the session
		// ended.
		int sessionFilterOrder = environment.getProperty("spring.session.servlet.filter-order", Integer.class,
				SessionRepositoryFilter.DEFAULT_ORDER);
		registration.setOrder(sessionFilterOrder - 1);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SessionRepository.class)
	SessionStateReader wsAuthSessionStateReader(SessionRepository<?> sessionRepository,
			ObjectProvider<StoreSessionStateReaders> storeReaders) {
		StoreSessionStateReaders readers = storeReaders.getIfAvailable();
		SessionStateReader reader = (readers != null) ? readers.readerFor(sessionRepository) : null;
		return (reader != null) ? reader : new RepositorySessionStateReader(sessionRepository);
	}

	@Bean
	@ConditionalOnBean(SessionRepository.class)
	@ConditionalOnBooleanProperty(name = "wsauth.session.close-on-end", matchIfMissing = true)
	SessionEndMonitor wsAuthSessionEndMonitor(ConnectionRegistry registry, SessionStateReader reader,
			SessionLookup sessionLookup, WsAuthProperties properties, SessionRotationRegistry rotations) {
		WsAuthProperties.Session session = properties.getSession();
		SessionEndMonitor monitor = new SessionEndMonitor(registry, reader, session.getCheckInterval(),
				session.getReconcileInterval());
		monitor.setRotations(rotations);
		monitor.setMaxLifetime(session.getMaxLifetime(), sessionLookup);
		return monitor;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SessionRepository.class)
	@ConditionalOnBooleanProperty(name = "wsauth.session.keep-alive", matchIfMissing = true)
	SessionKeepAlive wsAuthSessionKeepAlive(SessionRepository<?> sessionRepository, WsAuthProperties properties) {
		SessionKeepAlive keepAlive = new SessionKeepAlive(sessionRepository,
				properties.getSession().getTouchInterval());
		keepAlive.setMaxLifetime(properties.getSession().getMaxLifetime());
		return keepAlive;
	}

	@Bean
	@ConditionalOnBean(SessionKeepAlive.class)
	SessionKeepAliveDecoratorFactory wsAuthSessionKeepAliveDecoratorFactory(SessionKeepAlive keepAlive,
			WsAuthProperties properties) {
		return new SessionKeepAliveDecoratorFactory(keepAlive::activity,
				properties.getSession().isHeartbeatsKeepAlive());
	}

	/**
	 * The application's {@code HttpSessionIdResolver}, or the cookie resolver Spring
	 * Session builds from its {@code CookieSerializer}.
	 */
	private static HttpSessionIdResolver sessionIdResolver(ObjectProvider<HttpSessionIdResolver> sessionIdResolver,
			ObjectProvider<CookieSerializer> cookieSerializer) {
		return sessionIdResolver.getIfUnique(() -> {
			CookieHttpSessionIdResolver cookieResolver = new CookieHttpSessionIdResolver();
			cookieSerializer.ifUnique(cookieResolver::setCookieSerializer);
			return cookieResolver;
		});
	}

}
