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

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.wsauth.connect.ConnectFrameAuthenticator;
import dev.wsauth.connect.PendingConnectionDecoratorFactory;
import dev.wsauth.connect.PendingConnectionLimiter;
import dev.wsauth.connect.PendingConnections;
import dev.wsauth.handshake.WebSocketUserDataResolver;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.token.BearerTokenAuthenticator;

/**
 * Endpoints that authenticate by CONNECT frame. Only with such endpoints configured:
 * otherwise no application pays for the interceptor and the timeout thread.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnConnectAuthenticationEndpointsCondition.class)
class ConnectAuthenticationConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PendingConnectionLimiter wsAuthPendingConnectionLimiter(WsAuthProperties properties) {
		WsAuthProperties.ConnectAuthentication connect = properties.getConnectAuthentication();
		return new PendingConnectionLimiter(connect.getMaxPending(), connect.getMaxPendingPerAddress());
	}

	@Bean
	PendingConnections wsAuthPendingConnections(PendingConnectionLimiter limiter, ConnectionRegistry registry,
			WsAuthProperties properties) {
		return new PendingConnections(limiter, registry, properties.getConnectAuthentication().getTimeout());
	}

	@Bean
	PendingConnectionDecoratorFactory wsAuthPendingConnectionDecoratorFactory(PendingConnections pending,
			BeanFactory beanFactory) {
		return new PendingConnectionDecoratorFactory(pending, WsAuthWiring.clientOutboundChannel(beanFactory));
	}

	/**
	 * Login and passcode are checked by the application's authentication manager, or by
	 * one built the way Spring Boot builds the default one: from its single user details
	 * service and password encoder.
	 */
	@Bean
	ConnectFrameAuthenticator wsAuthConnectFrameAuthenticator(PendingConnections pending,
			WebSocketUserDataResolver userDataResolver, BeanFactory beanFactory,
			ObjectProvider<BearerTokenAuthenticator> bearerTokens,
			ObjectProvider<AuthenticationManager> authenticationManager,
			ObjectProvider<UserDetailsService> userDetailsService, ObjectProvider<PasswordEncoder> passwordEncoder) {
		ConnectFrameAuthenticator authenticator = new ConnectFrameAuthenticator(pending, userDataResolver,
				WsAuthWiring.clientOutboundChannel(beanFactory));
		authenticator.setBearerTokenAuthenticator(bearerTokens.getIfUnique());
		authenticator.setAuthenticationManager(authenticationManager.getIfUnique(() -> {
			UserDetailsService users = userDetailsService.getIfUnique();
			if (users == null) {
				return null;
			}
			DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
			passwordEncoder.ifUnique(provider::setPasswordEncoder);
			return new ProviderManager(provider);
		}));
		return authenticator;
	}

}
