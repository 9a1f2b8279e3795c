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

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.websocket.autoconfigure.servlet.WebSocketMessagingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.TestingAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.util.ReflectionTestUtils;

import dev.wsauth.connect.ConnectFrameAuthenticator;
import dev.wsauth.connect.PendingConnectionDecoratorFactory;
import dev.wsauth.connect.PendingConnectionLimiter;
import dev.wsauth.connect.PendingConnections;
import dev.wsauth.token.TokenRefreshInterceptor;
import dev.wsauth.handshake.HandshakeAuthenticator;
import dev.wsauth.topic.DestinationAuthorizationInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the CONNECT-frame authentication part of {@link WsAuthAutoConfiguration}.
 *
 * @author wsauth
 */
class ConnectAuthenticationAutoConfigurationTests {

	private final WebApplicationContextRunner withoutEndpoints = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebSocketMessagingAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				SecurityFilterAutoConfiguration.class, WsAuthAutoConfiguration.class))
		.withUserConfiguration(WsAuthAutoConfigurationTests.BrokerConfiguration.class);

	private final WebApplicationContextRunner contextRunner = this.withoutEndpoints
		.withPropertyValues("wsauth.connect-authentication.endpoints=/ws");

	@Test
	void withoutConnectEndpointsNeitherTheInterceptorNorThePendingConnectionsExist() {
		this.withoutEndpoints.run((context) -> {
			assertThat(context).doesNotHaveBean(ConnectFrameAuthenticator.class)
				.doesNotHaveBean(PendingConnections.class)
				.doesNotHaveBean(PendingConnectionLimiter.class)
				.doesNotHaveBean(PendingConnectionDecoratorFactory.class)
				.hasSingleBean(TokenRefreshInterceptor.class);
			// PendingConnections owns the timeout thread: without it, there is none.
		});
	}

	@Test
	void connectEndpointsGivenAsAnIndexedListTurnItOn() {
		this.withoutEndpoints.withPropertyValues("wsauth.connect-authentication.endpoints[0]=/ws")
			.run((context) -> assertThat(context).hasSingleBean(ConnectFrameAuthenticator.class));
	}

	@Test
	void connectFrameAuthenticatorRunsFirstOnTheClientInboundChannel() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(PendingConnectionLimiter.class)
				.hasSingleBean(PendingConnections.class)
				.hasSingleBean(PendingConnectionDecoratorFactory.class);
			List<ChannelInterceptor> interceptors = context
				.getBean("clientInboundChannel", AbstractSubscribableChannel.class)
				.getInterceptors();
			// Spring's own broker interceptor only acts after a send; among the
			// interceptors that inspect frames, wsauth's CONNECT check comes first.
			assertThat(interceptors.stream()
				.filter((interceptor) -> interceptor.getClass().getName().startsWith("dev.wsauth.")))
				.startsWith(context.getBean(ConnectFrameAuthenticator.class),
						context.getBean(TokenRefreshInterceptor.class),
						context.getBean(DestinationAuthorizationInterceptor.class));
		});
	}

	@Test
	void pendingConnectionsRunWithTheContext() {
		this.contextRunner.run((context) -> assertThat(context.getBean(PendingConnections.class).isRunning()).isTrue());
	}

	@Test
	void refreshCanBeDisabled() {
		this.contextRunner.withPropertyValues("wsauth.token.refresh-enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TokenRefreshInterceptor.class));
	}

	@Test
	void loginAndPasscodeAreRefusedWithoutAUserStore() {
		this.contextRunner.run((context) -> assertThat(
				ReflectionTestUtils.getField(context.getBean(ConnectFrameAuthenticator.class), "authenticationManager"))
			.isNull());
	}

	@Test
	void loginAndPasscodeAreCheckedAgainstTheApplicationsUserDetailsService() {
		this.contextRunner.withUserConfiguration(UsersConfiguration.class)
			.run((context) -> assertThat(ReflectionTestUtils.getField(context.getBean(ConnectFrameAuthenticator.class),
					"authenticationManager"))
				.isInstanceOf(ProviderManager.class));
	}

	@Test
	void loginAndPasscodeAreCheckedByTheApplicationsAuthenticationManager() {
		this.contextRunner.withUserConfiguration(UsersConfiguration.class, AuthenticationManagerConfiguration.class)
			.run((context) -> assertThat(ReflectionTestUtils.getField(context.getBean(ConnectFrameAuthenticator.class),
					"authenticationManager"))
				.isSameAs(context.getBean(AuthenticationManager.class)));
	}

	@Test
	void nonPositiveLimitsFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("wsauth.connect-authentication.max-pending-per-address=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("wsauth.connect-authentication.max-pending-per-address"));
		this.contextRunner.withPropertyValues("wsauth.connect-authentication.timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("wsauth.connect-authentication.timeout"));
	}

	@Test
	void connectEndpointsGetTheUpgradeCapacityCheck() {
		this.contextRunner.withPropertyValues("wsauth.connect-authentication.endpoints=/ws")
			.run((context) -> assertThat(
					ReflectionTestUtils.getField(context.getBean(HandshakeAuthenticator.class), "pendingCapacity"))
				.isNotNull());
	}

	@Configuration(proxyBeanMethods = false)
	static class UsersConfiguration {

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}pw").roles("USER").build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AuthenticationManagerConfiguration {

		@Bean
		AuthenticationManager authenticationManager() {
			return new ProviderManager(new TestingAuthenticationProvider());
		}

	}

}
