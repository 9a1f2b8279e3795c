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

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.websocket.autoconfigure.servlet.WebSocketMessagingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.wsauth.health.RevocationBroadcastHealthIndicator;
import dev.wsauth.metrics.WsAuthMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsAuthMetricsAutoConfiguration} and
 * {@link WsAuthHealthAutoConfiguration}.
 */
class WsAuthObservabilityAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebSocketMessagingAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				SecurityFilterAutoConfiguration.class, WsAuthAutoConfiguration.class,
				WsAuthMetricsAutoConfiguration.class, WsAuthHealthAutoConfiguration.class))
		.withUserConfiguration(WsAuthAutoConfigurationTests.BrokerConfiguration.class);

	@Test
	void metersAreBoundWhenThereIsAMeterRegistry() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WsAuthMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(WsAuthMetrics.class).bindTo(registry);
			assertThat(registry.get("wsauth.connections").gauge().value()).isZero();
			assertThat(registry.get("wsauth.subscriptions").gauge().value()).isZero();
		});
	}

	@Test
	void noMetersWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(WsAuthMetrics.class));
	}

	@Test
	void noMetersWithoutMicrometer() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class)
			.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).doesNotHaveBean(WsAuthMetrics.class));
	}

	@Test
	void noHealthIndicatorWithoutARevocationBroadcast() {
		this.contextRunner
			.run((context) -> assertThat(context).doesNotHaveBean(RevocationBroadcastHealthIndicator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
