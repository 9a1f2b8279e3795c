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

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.websocket.autoconfigure.servlet.WebSocketMessagingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import dev.wsauth.actuate.WsAuthEndpoint;
import dev.wsauth.actuate.WsAuthEndpoint.ExplanationDescriptor;
import dev.wsauth.actuate.WsAuthEndpoint.RuleDescriptor;
import dev.wsauth.revocation.WebSocketRevocations;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.topic.DestinationAuthorizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsAuthEndpointAutoConfiguration}.
 *
 * @author wsauth
 */
class WsAuthEndpointAutoConfigurationTests {

	private static final String EXPOSED = "management.endpoints.web.exposure.include=wsauth";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(WebSocketMessagingAutoConfiguration.class, SecurityAutoConfiguration.class,
						ServletWebSecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class,
						WsAuthAutoConfiguration.class, WsAuthEndpointAutoConfiguration.class))
		.withUserConfiguration(WsAuthAutoConfigurationTests.BrokerConfiguration.class);

	@Test
	void endpointIsNotCreatedUnlessExposed() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(DestinationAuthorizationManager.class)
				.doesNotHaveBean(WsAuthEndpoint.class);
		});
	}

	@Test
	void endpointExposedOnTheWebIsCreated() {
		this.contextRunner.withPropertyValues(EXPOSED)
			.run((context) -> assertThat(context).hasSingleBean(WsAuthEndpoint.class));
	}

	@Test
	void endpointExposedOverJmxIsCreated() {
		this.contextRunner
			.withPropertyValues("management.endpoints.jmx.exposure.include=wsauth", "spring.jmx.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(WsAuthEndpoint.class));
	}

	@Test
	void endpointWithAccessNoneIsNotCreated() {
		this.contextRunner.withPropertyValues(EXPOSED, "management.endpoint.wsauth.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(WsAuthEndpoint.class));
	}

	@Test
	void endpointBacksOffForTheApplicationsOwn() {
		this.contextRunner.withPropertyValues(EXPOSED)
			.withUserConfiguration(CustomEndpointConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(WsAuthEndpoint.class);
				assertThat(context.getBean(WsAuthEndpoint.class))
					.isSameAs(context.getBean(CustomEndpointConfiguration.class).endpoint);
			});
	}

	@Test
	void endpointIsNotCreatedWithoutTheActuator() {
		this.contextRunner.withPropertyValues(EXPOSED)
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(WsAuthEndpoint.class);
			});
	}

	@Test
	void endpointIsNotCreatedWhenWsAuthIsDisabled() {
		this.contextRunner.withPropertyValues(EXPOSED, "wsauth.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WsAuthEndpoint.class));
	}

	@Test
	void endpointListsThePropertyRulesWithTheirSource() {
		this.contextRunner
			.withPropertyValues(EXPOSED, "wsauth.authorization.rules[0].destination=/topic/admin",
					"wsauth.authorization.rules[0].access=hasRole('ADMIN')")
			.run((context) -> assertThat(context.getBean(WsAuthEndpoint.class).describe().rules())
				.containsExactly(new RuleDescriptor("SUBSCRIBE", "/topic/admin", "hasRole('ADMIN')",
						"wsauth.authorization.rules[0]")));
	}

	@Test
	void endpointLoadsUsersThroughTheApplicationsUserDetailsService() {
		this.contextRunner
			.withPropertyValues(EXPOSED, "wsauth.authorization.rules[0].destination=/topic/admin",
					"wsauth.authorization.rules[0].access=hasRole('ADMIN')")
			.withUserConfiguration(UsersConfiguration.class)
			.run((context) -> {
				WsAuthEndpoint endpoint = context.getBean(WsAuthEndpoint.class);
				WebEndpointResponse<Object> root = endpoint.explain("explain", "root", "subscribe", "/topic/admin",
						null);
				assertThat(root.getStatus()).isEqualTo(200);
				assertThat(((ExplanationDescriptor) root.getBody()).decision()).isEqualTo("granted");
				assertThat(endpoint.explain("explain", "nobody", "subscribe", "/topic/admin", null).getStatus())
					.isEqualTo(404);
			});
	}

	@Test
	void withoutAUserDetailsServiceExplainNeedsTheAuthorities() {
		this.contextRunner.withPropertyValues(EXPOSED).run((context) -> {
			WsAuthEndpoint endpoint = context.getBean(WsAuthEndpoint.class);
			assertThat(endpoint.explain("explain", "root", "subscribe", "/topic/admin", null).getStatus())
				.isEqualTo(400);
			assertThat(endpoint.explain("explain", "root", "subscribe", "/topic/admin", "ROLE_ADMIN").getStatus())
				.isEqualTo(200);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomEndpointConfiguration {

		WsAuthEndpoint endpoint;

		@Bean
		WsAuthEndpoint customWsAuthEndpoint(DestinationAuthorizationManager manager, ConnectionRegistry registry,
				WebSocketRevocations revocations) {
			this.endpoint = new WsAuthEndpoint(manager, registry, revocations);
			return this.endpoint;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UsersConfiguration {

		@Bean
		UserDetailsService userDetailsService() {
			return new InMemoryUserDetailsManager(
					User.withUsername("root").password("{noop}root-pw").roles("ADMIN").build());
		}

	}

}
