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

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.server.HandshakeInterceptor;

import dev.wsauth.test.TestTokens;
import dev.wsauth.token.SubprotocolBearerToken;

/**
 * An application whose users log in with a form and whose API also accepts JWTs (a
 * resource server), with a cookie endpoint {@code /ws} and a CONNECT-authentication
 * endpoint {@code /ws-connect}. Shared by the ticket, token and CONNECT-frame tests.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableWebSocketMessageBroker
@Import(TokenApplication.WhoAmIController.class)
public class TokenApplication implements WebSocketMessageBrokerConfigurer {

	/**
	 * The properties test classes pass, and only these unless they need a different
	 * context, so that they share one application.
	 */
	public static final String PROPERTIES = """
			wsauth.connect-authentication.endpoints=/ws-connect
			wsauth.authorization.rules[0].destination=/topic/open
			wsauth.authorization.rules[0].access=isAuthenticated()
			wsauth.authorization.rules[1].destination=/topic/admin
			wsauth.authorization.rules[1].access=hasRole('ADMIN')
			wsauth.authorization.rules[2].command=send
			wsauth.authorization.rules[2].destination=/app/whoami
			wsauth.authorization.rules[2].access=isAuthenticated()
			""";

	private final HandshakeRecorder handshakes = new HandshakeRecorder();

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws").addInterceptors(this.handshakes);
		registry.addEndpoint("/ws-connect");
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.setApplicationDestinationPrefixes("/app");
		registry.enableSimpleBroker("/topic", "/queue");
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		// The CONNECT-authentication endpoint's upgrade carries no credentials.
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/ws-connect", "/ws-connect/**")
			.permitAll()
			.anyRequest()
			.authenticated());
		http.formLogin(Customizer.withDefaults());
		http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		return http.build();
	}

	@Bean
	UserDetailsService userDetailsService() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
				User.withUsername("bob").password("{noop}bob-pw").roles("USER").build(),
				User.withUsername("carol").password("{noop}carol-pw").roles("ADMIN").build());
	}

	@Bean
	JwtDecoder jwtDecoder() {
		return TestTokens.decoder();
	}

	@Bean
	JwtAuthenticationConverter jwtAuthenticationConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName("roles");
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

	@Bean
	HandshakeRecorder handshakeRecorder() {
		return this.handshakes;
	}

	/**
	 * Records the {@code Sec-WebSocket-Protocol} header as the handshake handlers after
	 * wsauth's interceptor see it.
	 */
	public static final class HandshakeRecorder implements HandshakeInterceptor {

		private final List<List<String>> offers = new CopyOnWriteArrayList<>();

		@Override
		public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
				WebSocketHandler wsHandler, Map<String, Object> attributes) {
			this.offers.add(List.copyOf(request.getHeaders().getOrEmpty(SubprotocolBearerToken.HEADER)));
			return true;
		}

		@Override
		public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
				@Nullable Exception exception) {
		}

		/**
		 * The subprotocol offers seen so far, one list of header values per handshake.
		 */
		public List<List<String>> offers() {
			return List.copyOf(this.offers);
		}

	}

	/**
	 * Tells a client who the server thinks it is.
	 */
	@Controller
	static class WhoAmIController {

		@MessageMapping("/whoami")
		@SendToUser("/queue/whoami")
		String whoAmI(Principal principal) {
			return principal.getName();
		}

	}

}
