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
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.websocket.autoconfigure.servlet.WebSocketMessagingAutoConfiguration;

import dev.wsauth.limit.ConnectionLimitDecoratorFactory;
import dev.wsauth.limit.ConnectionLimiter;
import dev.wsauth.limit.ConnectionLimits;
import dev.wsauth.limit.InMemoryConnectionLimiter;
import dev.wsauth.limit.UpgradeRateFilter;
import dev.wsauth.limit.UpgradeRateLimiter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Auto-configuration of the limits on connections per user and upgrades per address.
 */
class LimitsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebSocketMessagingAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				SecurityFilterAutoConfiguration.class, WsAuthAutoConfiguration.class))
		.withUserConfiguration(WsAuthAutoConfigurationTests.BrokerConfiguration.class);

	@Test
	void limitsAreOffByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ConnectionLimiter.class)
				.doesNotHaveBean(ConnectionLimits.class)
				.doesNotHaveBean(UpgradeRateLimiter.class)
				.doesNotHaveBean("wsAuthUpgradeRateFilter");
		});
	}

	@Test
	void connectionsPerUserWithoutRedisAreCountedInMemory() {
		this.contextRunner.withPropertyValues("wsauth.limits.connections-per-user=3").run((context) -> {
			assertThat(context).hasSingleBean(InMemoryConnectionLimiter.class)
				.hasSingleBean(ConnectionLimits.class)
				.hasSingleBean(ConnectionLimitDecoratorFactory.class);
		});
	}

	@Test
	void anUpgradeRateRegistersTheFilterAheadOfTheHandshakeFilter() {
		this.contextRunner.withPropertyValues("wsauth.limits.upgrades-per-address.rate=5").run((context) -> {
			assertThat(context).hasSingleBean(UpgradeRateLimiter.class);
			FilterRegistrationBean<?> rate = context.getBean("wsAuthUpgradeRateFilter", FilterRegistrationBean.class);
			FilterRegistrationBean<?> handshake = context.getBean("wsAuthHandshakeAuthenticationFilter",
					FilterRegistrationBean.class);
			assertThat(rate.getFilter()).isInstanceOf(UpgradeRateFilter.class);
			assertThat(rate.getOrder()).isLessThan(handshake.getOrder());
		});
	}

	@Test
	void aLimitThatIsNotPositiveFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("wsauth.limits.connections-per-user=0").run((context) -> {
			assertThat(context).hasFailed();
			StringBuilder messages = new StringBuilder();
			for (Throwable failure = context.getStartupFailure(); failure != null; failure = failure.getCause()) {
				messages.append(failure.getMessage()).append('\n');
			}
			assertThat(messages.toString()).contains("wsauth.limits.connections-per-user");
		});
	}

}
