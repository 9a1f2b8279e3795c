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

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.websocket.autoconfigure.servlet.WebSocketMessagingAutoConfiguration;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidWsAuthPropertyFailureAnalyzer}: what Spring Boot prints when a
 * {@code wsauth.*} property is misconfigured.
 */
class InvalidWsAuthPropertyFailureAnalyzerTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebSocketMessagingAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				SecurityFilterAutoConfiguration.class, WsAuthAutoConfiguration.class))
		.withUserConfiguration(WsAuthAutoConfigurationTests.BrokerConfiguration.class);

	@Test
	void aRotationGraceOverFiveMinutesIsReportedWithTheLimit() {
		FailureAnalysis analysis = analyze("wsauth.preflight.rotation-grace=10m");
		assertThat(analysis.getDescription())
			.isEqualTo("The wsauth property 'wsauth.preflight.rotation-grace' is invalid: must be between 0 and 5m");
		assertThat(analysis.getAction()).contains("at most 5m");
	}

	@Test
	void aNonPositiveLimitIsReportedWithTheDefault() {
		FailureAnalysis analysis = analyze("wsauth.connect-authentication.max-pending=0");
		assertThat(analysis.getDescription()).contains("'wsauth.connect-authentication.max-pending'")
			.contains("must be positive");
		assertThat(analysis.getAction()).contains("the default is 1000");
	}

	@Test
	void aRuleWithoutAccessIsReportedByItsIndex() {
		FailureAnalysis analysis = analyze("wsauth.authorization.rules[0].destination=/topic/admin");
		assertThat(analysis.getDescription()).contains("'wsauth.authorization.rules[0].access'")
			.contains("must not be empty");
		assertThat(analysis.getAction()).contains("isAuthenticated()");
	}

	@Test
	void anOriginWithAPathIsReportedWithTheFormToUse() {
		FailureAnalysis analysis = analyze("wsauth.allowed-origins=https://a.example/");
		assertThat(analysis.getDescription()).contains("'wsauth.allowed-origins'").contains("https://a.example/");
		assertThat(analysis.getAction()).contains("scheme://host[:port]");
	}

	@Test
	void theAnalyzerIsRegisteredWithSpringBoot() throws IOException {
		Set<String> analyzers = new HashSet<>();
		Enumeration<URL> resources = getClass().getClassLoader().getResources("META-INF/spring.factories");
		while (resources.hasMoreElements()) {
			Properties factories = PropertiesLoaderUtils.loadProperties(new UrlResource(resources.nextElement()));
			analyzers.addAll(
					StringUtils.commaDelimitedListToSet(factories.getProperty(FailureAnalyzer.class.getName(), "")));
		}
		assertThat(analyzers).contains(InvalidWsAuthPropertyFailureAnalyzer.class.getName());
	}

	private FailureAnalysis analyze(String property) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			analysis[0] = new InvalidWsAuthPropertyFailureAnalyzer().analyze(context.getStartupFailure());
		});
		assertThat(analysis[0]).as("analysis of %s", property).isNotNull();
		return analysis[0];
	}

}
