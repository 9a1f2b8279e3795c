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
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import dev.wsauth.reauthorization.CurrentAuthenticationResolver;
import dev.wsauth.reauthorization.PeriodicReevaluation;
import dev.wsauth.reauthorization.RevokedSubscriptionGuard;
import dev.wsauth.reauthorization.StoredAuthenticationResolver;
import dev.wsauth.reauthorization.WebSocketAuthorizations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the live re-authorization part of {@link WsAuthAutoConfiguration}.
 *
 * @author wsauth
 */
class ReauthorizationAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebSocketMessagingAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				SecurityFilterAutoConfiguration.class, WsAuthAutoConfiguration.class))
		.withUserConfiguration(WsAuthAutoConfigurationTests.BrokerConfiguration.class);

	@Test
	void reauthorizationBeansAreThereAndThePeriodicReevaluationIsOffByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(WebSocketAuthorizations.class)
				.hasSingleBean(RevokedSubscriptionGuard.class)
				.hasSingleBean(CurrentAuthenticationResolver.class)
				.doesNotHaveBean(PeriodicReevaluation.class);
			assertThat(context.getBean(CurrentAuthenticationResolver.class))
				.isInstanceOf(StoredAuthenticationResolver.class);
		});
	}

	@Test
	void revokedSubscriptionGuardInterceptsTheChannelToClients() {
		this.contextRunner.run((context) -> assertThat(
				context.getBean("clientOutboundChannel", AbstractSubscribableChannel.class).getInterceptors())
			.hasAtLeastOneElementOfType(RevokedSubscriptionGuard.class));
	}

	@Test
	void reevaluateIntervalTurnsThePeriodicReevaluationOn() {
		this.contextRunner.withPropertyValues("wsauth.authorization.reevaluate-interval=1m")
			.run((context) -> assertThat(context).hasSingleBean(PeriodicReevaluation.class));
	}

	@Test
	void reevaluateIntervalBelow100msFailsStartup() {
		this.contextRunner.withPropertyValues("wsauth.authorization.reevaluate-interval=10ms")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("wsauth.authorization.reevaluate-interval"));
	}

	@Test
	void applicationsOwnAuthenticationResolverReplacesTheDefault() {
		this.contextRunner.withUserConfiguration(CustomResolverConfiguration.class)
			.run((context) -> assertThat(context.getBean(CurrentAuthenticationResolver.class))
				.isSameAs(context.getBean("customResolver")));
	}

	@Test
	void applicationWithAUserStoreGetsAResolverThatReloadsFromIt() {
		this.contextRunner.withUserConfiguration(UsersConfiguration.class)
			.run((context) -> assertThat(context.getBean(CurrentAuthenticationResolver.class))
				.isInstanceOf(StoredAuthenticationResolver.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomResolverConfiguration {

		@Bean
		CurrentAuthenticationResolver customResolver() {
			return (connection, current) -> current;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UsersConfiguration {

		@Bean
		UserDetailsService userDetailsService() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}pw").roles("USER").build());
		}

	}

}
