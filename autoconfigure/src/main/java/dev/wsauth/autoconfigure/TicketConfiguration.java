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

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.wsauth.handshake.OriginPolicy;
import dev.wsauth.handshake.StompEndpointRequestMatcher;
import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.ticket.InMemoryTicketStore;
import dev.wsauth.ticket.TicketFilter;
import dev.wsauth.ticket.TicketService;
import dev.wsauth.ticket.TicketStore;
import dev.wsauth.token.BearerTokenAuthenticator;

/**
 * One-time upgrade tickets for clients that cannot send the session cookie on the
 * upgrade. The Redis store, when there is one, comes from {@link RedisConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "wsauth.ticket.enabled", matchIfMissing = true)
class TicketConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TicketStore wsAuthTicketStore() {
		return new InMemoryTicketStore();
	}

	@Bean
	@ConditionalOnMissingBean
	TicketService wsAuthTicketService(TicketStore store, WsAuthProperties properties, BeanFactory beanFactory) {
		TicketService service = new TicketService(store, properties.getTicket().getTimeToLive());
		ClassLoader classLoader = (beanFactory instanceof ConfigurableBeanFactory configurable)
				? configurable.getBeanClassLoader() : null;
		if (classLoader != null) {
			service.setClassLoader(classLoader);
		}
		return service;
	}

	/**
	 * Runs ahead of Spring Security like the preflight: the origin policy is its CSRF
	 * defence, and it never redirects to a login page.
	 */
	@Bean
	FilterRegistrationBean<TicketFilter> wsAuthTicketFilter(ObjectProvider<ObservationRegistry> observationRegistry,
			WsAuthProperties properties, OriginPolicy originPolicy, SessionAuthenticationResolver sessionResolver,
			TicketService tickets, StompEndpointRequestMatcher endpoints,
			ObjectProvider<BearerTokenAuthenticator> bearerTokens,
			ObjectProvider<SecurityFilterProperties> securityFilterProperties) {
		TicketFilter filter = new TicketFilter(properties.getTicket().getPath(), originPolicy, sessionResolver, tickets,
				endpoints);
		filter.setBearerTokenAuthenticator(bearerTokens.getIfUnique());
		filter.setObservationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
		filter.setConnectEndpoints(properties.getConnectAuthentication().getEndpoints());
		filter.setMaxBodySize(properties.getPreflight().getMaxBodySize().toBytes());
		FilterRegistrationBean<TicketFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(WsAuthWiring.filterOrder(securityFilterProperties));
		return registration;
	}

}
