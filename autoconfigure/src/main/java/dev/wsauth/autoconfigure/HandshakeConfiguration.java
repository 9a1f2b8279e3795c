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

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.wsauth.connect.PendingConnectionLimiter;
import dev.wsauth.handshake.HandshakeAuthenticationFilter;
import dev.wsauth.handshake.HandshakeAuthenticator;
import dev.wsauth.handshake.HandshakeInterceptorInstaller;
import dev.wsauth.handshake.OriginPolicy;
import dev.wsauth.handshake.SessionHandshakeInterceptor;
import dev.wsauth.handshake.StompEndpointRequestMatcher;
import dev.wsauth.handshake.UpgradeObserver;
import dev.wsauth.handshake.UpgradeOriginFilter;
import dev.wsauth.handshake.WebSocketUser;
import dev.wsauth.handshake.WebSocketUserDataResolver;
import dev.wsauth.limit.ConnectionLimits;
import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.ticket.TicketService;
import dev.wsauth.token.BearerTokenAuthenticator;

/**
 * The upgrade: the origin policy, authenticating the request by its session, ticket or
 * token before the 101, and binding the principal to the socket on every STOMP endpoint.
 */
@Configuration(proxyBeanMethods = false)
class HandshakeConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OriginPolicy wsAuthOriginPolicy(WsAuthProperties properties) {
		// Validated with the properties, which name the one to fix.
		return new OriginPolicy(properties.getAllowedOrigins(), properties.getAllowedOriginPatterns(),
				properties.isAllowMissingOrigin());
	}

	@Bean
	@ConditionalOnMissingBean
	HandshakeAuthenticator wsAuthHandshakeAuthenticator(OriginPolicy originPolicy,
			SessionAuthenticationResolver sessionResolver, StompEndpointRequestMatcher endpoints,
			ObjectProvider<BearerTokenAuthenticator> bearerTokens, ObjectProvider<TicketService> tickets,
			ObjectProvider<PendingConnectionLimiter> pendingLimiter, WsAuthProperties properties) {
		HandshakeAuthenticator authenticator = new HandshakeAuthenticator(originPolicy, sessionResolver);
		authenticator.setEndpoints(endpoints);
		authenticator.setBearerTokenAuthenticator(bearerTokens.getIfUnique());
		tickets.ifUnique((service) -> authenticator.setTicketRedeemer(service::redeemForUpgrade));
		authenticator.setConnectEndpoints(properties.getConnectAuthentication().getEndpoints());
		pendingLimiter.ifAvailable((limiter) -> authenticator.setPendingCapacity(limiter::hasCapacity));
		return authenticator;
	}

	@Bean
	@ConditionalOnMissingBean
	WebSocketUserDataResolver wsAuthWebSocketUserDataResolver() {
		return (authentication, request) -> WebSocketUser.of(authentication);
	}

	@Bean
	@ConditionalOnMissingBean
	SessionHandshakeInterceptor wsAuthSessionHandshakeInterceptor(HandshakeAuthenticator authenticator,
			WebSocketUserDataResolver userDataResolver, ObjectProvider<ConnectionLimits> connectionLimits) {
		SessionHandshakeInterceptor interceptor = new SessionHandshakeInterceptor(authenticator, userDataResolver);
		interceptor.setConnectionLimits(connectionLimits.getIfUnique());
		return interceptor;
	}

	@Bean
	StompEndpointRequestMatcher wsAuthStompEndpointRequestMatcher() {
		return new StompEndpointRequestMatcher();
	}

	@Bean
	HandshakeInterceptorInstaller wsAuthHandshakeInterceptorInstaller(ListableBeanFactory beanFactory,
			SessionHandshakeInterceptor interceptor, StompEndpointRequestMatcher endpoints) {
		return new HandshakeInterceptorInstaller(beanFactory, interceptor, endpoints);
	}

	@Bean
	UpgradeObserver wsAuthUpgradeObserver(ObjectProvider<ObservationRegistry> observationRegistry,
			ApplicationEventPublisher eventPublisher) {
		UpgradeObserver observer = new UpgradeObserver(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
		observer.setEventPublisher(eventPublisher);
		return observer;
	}

	@Bean
	FilterRegistrationBean<HandshakeAuthenticationFilter> wsAuthHandshakeAuthenticationFilter(
			StompEndpointRequestMatcher endpoints, HandshakeAuthenticator authenticator, UpgradeObserver observer,
			ObjectProvider<SecurityFilterProperties> securityFilterProperties) {
		HandshakeAuthenticationFilter filter = new HandshakeAuthenticationFilter(endpoints, authenticator);
		filter.setUpgradeObserver(observer);
		FilterRegistrationBean<HandshakeAuthenticationFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(WsAuthWiring.filterOrder(securityFilterProperties));
		return registration;
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "wsauth.check-origin-of-all-upgrades", matchIfMissing = true)
	FilterRegistrationBean<UpgradeOriginFilter> wsAuthUpgradeOriginFilter(OriginPolicy originPolicy,
			StompEndpointRequestMatcher endpoints, UpgradeObserver observer,
			ObjectProvider<SecurityFilterProperties> securityFilterProperties) {
		UpgradeOriginFilter filter = new UpgradeOriginFilter(originPolicy, endpoints);
		filter.setUpgradeObserver(observer);
		FilterRegistrationBean<UpgradeOriginFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(WsAuthWiring.filterOrder(securityFilterProperties));
		return registration;
	}

}
