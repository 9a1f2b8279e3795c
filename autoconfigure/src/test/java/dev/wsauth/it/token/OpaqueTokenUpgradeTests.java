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

package dev.wsauth.it.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose resource server introspects opaque tokens: wsauth checks upgrade
 * tokens with the same introspector and closes the socket when the token's {@code exp}
 * passes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = OpaqueTokenUpgradeTests.OpaqueTokenApplication.class,
		properties = { "wsauth.authorization.rules[0].destination=/topic/open",
				"wsauth.authorization.rules[0].access=isAuthenticated()", "wsauth.authorization.rules[1].command=send",
				"wsauth.authorization.rules[1].destination=/app/whoami",
				"wsauth.authorization.rules[1].access=isAuthenticated()" })
class OpaqueTokenUpgradeTests {

	static volatile Instant shortLivedExpiry = Instant.now();

	@LocalServerPort
	int port;

	@Test
	void opaqueTokenIsIntrospectedLikeTheApplicationDoes() {
		try (StompTestClient alice = StompTestClient.connect(TestSessions.on(this.port).webSocketUri("/ws"),
				Map.of("Authorization", "Bearer opaque-alice"))) {
			assertThat(BearerUpgradeTests.whoAmI(alice)).isEqualTo("alice");
		}
	}

	@Test
	void tokenTheIntrospectorRejectsIsRefusedWith401() {
		assertThat(StompTestClient.upgradeStatus(TestSessions.on(this.port).webSocketUri("/ws"),
				Map.of("Authorization", "Bearer opaque-unknown")))
			.isEqualTo(401);
	}

	@Test
	void socketClosesWith4002WhenTheIntrospectedExpiryPasses() {
		shortLivedExpiry = Instant.now().plus(Duration.ofSeconds(2));
		try (StompTestClient alice = StompTestClient.connect(TestSessions.on(this.port).webSocketUri("/ws"),
				Map.of("Authorization", "Bearer opaque-short"))) {
			assertThat(alice.awaitCloseCode()).isEqualTo(4002);
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableWebSocketMessageBroker
	@Import(TokenApplication.WhoAmIController.class)
	static class OpaqueTokenApplication implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/ws");
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.setApplicationDestinationPrefixes("/app");
			registry.enableSimpleBroker("/topic", "/queue");
		}

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.oauth2ResourceServer((resourceServer) -> resourceServer.opaqueToken(Customizer.withDefaults()));
			return http.build();
		}

		@Bean
		OpaqueTokenIntrospector introspector() {
			return (token) -> switch (token) {
				case "opaque-alice" -> principal("alice", Instant.now().plus(Duration.ofMinutes(5)));
				case "opaque-short" -> principal("alice", shortLivedExpiry);
				default -> throw new BadOpaqueTokenException("inactive");
			};
		}

		private static DefaultOAuth2AuthenticatedPrincipal principal(String name, Instant expiresAt) {
			return new DefaultOAuth2AuthenticatedPrincipal(name,
					Map.of(OAuth2TokenIntrospectionClaimNames.SUB, name, OAuth2TokenIntrospectionClaimNames.EXP,
							expiresAt, OAuth2TokenIntrospectionClaimNames.IAT, Instant.now(),
							OAuth2TokenIntrospectionClaimNames.ACTIVE, true, "scope", List.of("ws")),
					AuthorityUtils.createAuthorityList("SCOPE_ws"));
		}

	}

}
