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
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.websocket.autoconfigure.servlet.WebSocketMessagingAutoConfiguration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

import dev.wsauth.client.BrowserClientBundle;
import dev.wsauth.client.BrowserClientRequestHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BrowserClientConfiguration}.
 *
 * @author wsauth
 */
class BrowserClientConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebSocketMessagingAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				SecurityFilterAutoConfiguration.class, WsAuthAutoConfiguration.class))
		.withUserConfiguration(WsAuthAutoConfigurationTests.BrokerConfiguration.class);

	@Test
	void browserClientIsServedByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(BrowserClientBundle.class);
			SimpleUrlHandlerMapping mapping = context.getBean("wsAuthBrowserClientHandlerMapping",
					SimpleUrlHandlerMapping.class);
			assertThat(mapping.getUrlMap()).containsOnlyKeys("/wsauth/wsauth-client.js", "/wsauth/wsauth-client.*.js");
			assertThat(mapping.getUrlMap().values()).allMatch(BrowserClientRequestHandler.class::isInstance);
		});
	}

	@Test
	void browserClientIsNotServedWhenDisabled() {
		this.contextRunner.withPropertyValues("wsauth.client.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(BrowserClientBundle.class)
				.doesNotHaveBean("wsAuthBrowserClientHandlerMapping");
		});
	}

	@Test
	void browserClientIsNotServedWithoutTheBundleJar() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(new ClassPathResource(BrowserClientBundle.LOCATION)))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(BrowserClientBundle.class);
			});
	}

	@Test
	void applicationMayProvideItsOwnBundle() {
		BrowserClientBundle own = new BrowserClientBundle("export const own = 1;".getBytes());
		this.contextRunner.withBean(BrowserClientBundle.class, () -> own)
			.run((context) -> assertThat(context.getBean(BrowserClientBundle.class)).isSameAs(own));
	}

}
