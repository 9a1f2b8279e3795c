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
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

import dev.wsauth.handshake.HandshakeAuthenticator;
import dev.wsauth.token.CredentialExpiryMonitor;
import dev.wsauth.test.TestTokens;
import dev.wsauth.ticket.InMemoryTicketStore;
import dev.wsauth.ticket.TicketService;
import dev.wsauth.ticket.TicketStore;
import dev.wsauth.token.BearerTokenAuthenticator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for the ticket and bearer-token parts of {@link WsAuthAutoConfiguration}.
 */
class TokenAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebSocketMessagingAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				SecurityFilterAutoConfiguration.class, WsAuthAutoConfiguration.class))
		.withUserConfiguration(WsAuthAutoConfigurationTests.BrokerConfiguration.class);

	@Test
	void ticketsAreOnByDefaultWithAnInMemoryStoreAndA30SecondTimeToLive() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(TicketService.class);
			assertThat(context.getBean(TicketStore.class)).isInstanceOf(InMemoryTicketStore.class);
			assertThat(context.getBean(TicketService.class).getTimeToLive()).isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void ticketsCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("wsauth.ticket.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TicketService.class)
				.doesNotHaveBean(TicketStore.class));
	}

	@Test
	void ticketTimeToLiveAboveFiveMinutesFailsStartup() {
		this.contextRunner.withPropertyValues("wsauth.ticket.time-to-live=6m")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void bearerTokensAreCheckedWithTheApplicationsJwtDecoder() {
		this.contextRunner.withUserConfiguration(JwtConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(BearerTokenAuthenticator.class)
				.hasSingleBean(CredentialExpiryMonitor.class);
			BearerTokenAuthenticator authenticator = context.getBean(BearerTokenAuthenticator.class);
			assertThat(authenticator.authenticate(TestTokens.token("alice", Duration.ofMinutes(1))).getName())
				.isEqualTo("alice");
		});
	}

	@Test
	void bearerTokensAreCheckedWithTheApplicationsOpaqueTokenIntrospector() {
		this.contextRunner.withUserConfiguration(OpaqueConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(BearerTokenAuthenticator.class));
	}

	@Test
	void withoutAResourceServerThereIsNoBearerTokenAuthenticator() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(BearerTokenAuthenticator.class);
			assertThat(context).hasSingleBean(HandshakeAuthenticator.class);
		});
	}

	@Test
	void withoutSpringSecurityOAuth2OnTheClasspathTheRestStillWorks() {
		this.contextRunner.withUserConfiguration(JwtConfiguration.class)
			.withClassLoader(new FilteredClassLoader(BearerTokenAuthenticationToken.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(BearerTokenAuthenticator.class)
					.doesNotHaveBean(CredentialExpiryMonitor.class)
					.hasSingleBean(HandshakeAuthenticator.class);
			});
	}

	@Test
	void bearerTokensCanBeTurnedOff() {
		this.contextRunner.withUserConfiguration(JwtConfiguration.class)
			.withPropertyValues("wsauth.token.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BearerTokenAuthenticator.class)
				.doesNotHaveBean(CredentialExpiryMonitor.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class JwtConfiguration {

		@Bean
		JwtDecoder jwtDecoder() {
			return TestTokens.decoder();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OpaqueConfiguration {

		@Bean
		OpaqueTokenIntrospector introspector() {
			return mock(OpaqueTokenIntrospector.class);
		}

	}

}
