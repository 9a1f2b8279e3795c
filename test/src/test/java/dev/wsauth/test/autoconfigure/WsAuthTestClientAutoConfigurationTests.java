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

package dev.wsauth.test.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import dev.wsauth.test.rules.DestinationRules;
import dev.wsauth.test.stomp.WsAuthTestClient;
import dev.wsauth.topic.CanonicalDestinationValidator;
import dev.wsauth.topic.DestinationAuthorizationManager;

import static org.assertj.core.api.Assertions.assertThat;

class WsAuthTestClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WsAuthTestClientAutoConfiguration.class));

	@Test
	void clientAndRulesAreRegisteredWhenTheApplicationHasADestinationAuthorizationManager() {
		this.contextRunner
			.withBean(DestinationAuthorizationManager.class, WsAuthTestClientAutoConfigurationTests::manager)
			.withBean(UserDetailsService.class,
					() -> new InMemoryUserDetailsManager(
							User.withUsername("alice").password("x").roles("USER").build()))
			.run((context) -> {
				assertThat(context).hasSingleBean(WsAuthTestClient.class).hasSingleBean(DestinationRules.class);
				assertThat(context.getBean(DestinationRules.class).user("alice").getName()).isEqualTo("alice");
			});
	}

	@Test
	void noRulesWithoutADestinationAuthorizationManager() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(WsAuthTestClient.class)
			.doesNotHaveBean(DestinationRules.class));
	}

	@Test
	void backsOffForATestsOwnClientAndRules() {
		this.contextRunner
			.withBean(DestinationAuthorizationManager.class, WsAuthTestClientAutoConfigurationTests::manager)
			.withBean("myRules", DestinationRules.class, () -> new DestinationRules(manager(), null))
			.withUserConfiguration(OwnClientConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(DestinationRules.class)
				.hasBean("myRules")
				.hasSingleBean(WsAuthTestClient.class)
				.hasBean("myClient")
				.doesNotHaveBean("wsAuthTestClient")
				.doesNotHaveBean("wsAuthDestinationRules"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnClientConfiguration {

		@Bean
		WsAuthTestClient myClient(ApplicationContext context) {
			return WsAuthTestClient.create(context).endpoint("/stomp");
		}

	}

	private static DestinationAuthorizationManager manager() {
		return new DestinationAuthorizationManager(new DefaultMethodSecurityExpressionHandler(),
				new CanonicalDestinationValidator());
	}

}
