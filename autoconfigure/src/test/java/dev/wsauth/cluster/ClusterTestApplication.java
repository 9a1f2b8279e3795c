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

package dev.wsauth.cluster;

import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * A node of the cluster tests: form login, STOMP at {@code /ws} relayed to RabbitMQ at
 * {@code test.relay.host}/{@code test.relay.port}, rules for {@code /topic/allowed.*}.
 * Sessions are plain servlet sessions unless a test enables Redis by clearing
 * {@code spring.autoconfigure.exclude}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableWebSocketMessageBroker
@Import(ClusterTestApplication.EchoController.class)
class ClusterTestApplication implements WebSocketMessageBrokerConfigurer {

	@Value("${test.relay.host}")
	private String relayHost;

	@Value("${test.relay.port}")
	private int relayPort;

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws");
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.setApplicationDestinationPrefixes("/app");
		registry.enableStompBrokerRelay("/topic", "/queue", "/exchange", "/amq/queue", "/temp-queue")
			.setRelayHost(this.relayHost)
			.setRelayPort(this.relayPort)
			.setClientLogin("guest")
			.setClientPasscode("guest")
			.setSystemLogin("guest")
			.setSystemPasscode("guest");
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/login").permitAll().anyRequest().authenticated());
		http.formLogin((form) -> form.defaultSuccessUrl("/", false));
		http.csrf((csrf) -> csrf.spa());
		return http.build();
	}

	@Bean
	UserDetailsService userDetailsService() {
		return new InMemoryUserDetailsManager(User.withUsername("user").password("{noop}user-pw").roles("USER").build(),
				User.withUsername("carol").password("{noop}carol-pw").roles("USER").build());
	}

	@Controller
	static class EchoController {

		@MessageMapping("/echo")
		@SendTo("/topic/allowed.echo")
		Map<String, String> echo(Map<String, String> body) {
			return body;
		}

	}

}
