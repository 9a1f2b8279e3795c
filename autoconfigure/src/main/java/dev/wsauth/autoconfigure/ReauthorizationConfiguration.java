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

import java.time.Duration;
import java.util.Objects;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.UserDetailsService;

import dev.wsauth.reauthorization.CurrentAuthenticationResolver;
import dev.wsauth.reauthorization.PeriodicReevaluation;
import dev.wsauth.reauthorization.RevokedSubscriptionGuard;
import dev.wsauth.reauthorization.StoredAuthenticationResolver;
import dev.wsauth.reauthorization.WebSocketAuthorizations;
import dev.wsauth.revocation.RevocationBroadcast;
import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.topic.DestinationAuthorizationManager;

/**
 * Live re-authorization: re-evaluating a user's live subscriptions on every node when the
 * application asks, and, with {@code wsauth.authorization.reevaluate-interval}, every
 * connection of each node periodically.
 */
@Configuration(proxyBeanMethods = false)
class ReauthorizationConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CurrentAuthenticationResolver wsAuthCurrentAuthenticationResolver(
			ObjectProvider<SessionAuthenticationResolver> sessions, ObjectProvider<UserDetailsService> users) {
		return new StoredAuthenticationResolver(sessions.getIfUnique(), users.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	WebSocketAuthorizations wsAuthWebSocketAuthorizations(ConnectionRegistry registry,
			DestinationAuthorizationManager manager, CurrentAuthenticationResolver authenticationResolver,
			ObjectProvider<RevocationBroadcast> broadcast, BeanFactory beanFactory,
			ApplicationEventPublisher eventPublisher) {
		WebSocketAuthorizations authorizations = new WebSocketAuthorizations(registry, manager,
				WsAuthWiring.clientInboundChannel(beanFactory), WsAuthWiring.clientOutboundChannel(beanFactory));
		authorizations.setAuthenticationResolver(authenticationResolver);
		authorizations.setApplicationEventPublisher(eventPublisher);
		authorizations.setBroadcast(broadcast.getIfUnique());
		return authorizations;
	}

	@Bean
	@ConditionalOnMissingBean
	RevokedSubscriptionGuard wsAuthRevokedSubscriptionGuard(ConnectionRegistry registry) {
		return new RevokedSubscriptionGuard(registry);
	}

	@Bean
	@ConditionalOnProperty("wsauth.authorization.reevaluate-interval")
	PeriodicReevaluation wsAuthPeriodicReevaluation(WebSocketAuthorizations authorizations,
			WsAuthProperties properties) {
		Duration interval = Objects.requireNonNull(properties.getAuthorization().getReevaluateInterval());
		return new PeriodicReevaluation(authorizations, interval);
	}

}
