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

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

import dev.wsauth.redis.RedisRevocationBroadcast;
import dev.wsauth.revocation.RevocationBroadcast;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestServices;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code DELETE /actuator/wsauth/users/{name}} on one of two nodes sharing Redis closes
 * that user's sockets on both, and no one else's.
 */
class WsAuthEndpointTwoNodeTests {

	private static final Duration QUIET = Duration.ofMillis(500);

	private static ConfigurableApplicationContext node1;

	private static ConfigurableApplicationContext node2;

	private static TestSessions sessions1;

	private static TestSessions sessions2;

	@BeforeAll
	static void startNodes() {
		TestServices.Endpoint redis = TestServices.redis();
		String namespace = "wsauth-test:" + UUID.randomUUID();
		String[] args = { "--server.port=0",
				"--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
				"--spring.session.data.redis.namespace=" + namespace,
				"--wsauth.session.revocations.channel=" + namespace + ":revocations",
				"--management.endpoints.web.exposure.include=wsauth",
				"--wsauth.authorization.rules[0].destination=/topic/open",
				"--wsauth.authorization.rules[0].access=isAuthenticated()" };
		node1 = new SpringApplicationBuilder(EndpointNodeApplication.class).run(args);
		node2 = new SpringApplicationBuilder(EndpointNodeApplication.class).run(args);
		sessions1 = TestSessions.on(port(node1));
		sessions2 = TestSessions.on(port(node2));
	}

	@AfterAll
	static void stopNodes() {
		if (node2 != null) {
			node2.close();
		}
		if (node1 != null) {
			node1.close();
		}
	}

	@BeforeEach
	void awaitSocketsOfEarlierTestsClosed() {
		// A client's close reaches the server asynchronously.
		await().atMost(Duration.ofSeconds(5))
			.until(() -> node1.getBean(ConnectionRegistry.class).getConnections().isEmpty()
					&& node2.getBean(ConnectionRegistry.class).getConnections().isEmpty());
	}

	@Test
	void bothNodesBroadcastRevocationsThroughRedis() {
		assertThat(node1.getBean(RevocationBroadcast.class)).isInstanceOf(RedisRevocationBroadcast.class);
		assertThat(node2.getBean(RevocationBroadcast.class)).isInstanceOf(RedisRevocationBroadcast.class);
	}

	@Test
	void deleteOnOneNodeClosesTheUsersSocketsOnBothNodesWith4003AndNoOneElses() {
		Cookies alice1 = sessions1.login("alice", "alice-pw");
		Cookies alice2 = sessions2.login("alice", "alice-pw");
		Cookies bob = sessions1.login("bob", "bob-pw");
		try (StompTestClient aliceOnNode1 = connect(sessions1, alice1);
				StompTestClient aliceOnNode2 = connect(sessions2, alice2);
				StompTestClient bobOnNode1 = connect(sessions1, bob);
				StompTestClient bobOnNode2 = connect(sessions2, bob)) {
			HttpResponse<String> response = sessions1
				.send(HttpRequest.newBuilder(sessions1.uri("/actuator/wsauth/users/alice"))
					.header("Authorization", basic("admin", "admin-pw"))
					.DELETE(), new Cookies());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("{\"code\":4003,\"closedOnThisNode\":1}");
			assertThat(aliceOnNode1.awaitCloseCode(Duration.ofSeconds(2))).isEqualTo(4003);
			assertThat(aliceOnNode2.awaitCloseCode(Duration.ofSeconds(2))).isEqualTo(4003);
			for (StompTestClient other : new StompTestClient[] { bobOnNode1, bobOnNode2 }) {
				other.subscribe("s-1", "/topic/open", "r-1");
				assertThat(other.nextFrame().command()).isEqualTo("RECEIPT");
				assertThat(other.pollFrame(QUIET)).isNull();
				assertThat(other.isClosed()).isFalse();
			}
		}
	}

	@Test
	void deleteWithAnotherDocumentedCodeClosesWithThatCode() {
		Cookies alice = sessions2.login("alice", "alice-pw");
		try (StompTestClient aliceOnNode2 = connect(sessions2, alice)) {
			HttpResponse<String> response = sessions1
				.send(HttpRequest.newBuilder(sessions1.uri("/actuator/wsauth/users/alice?code=4002"))
					.header("Authorization", basic("admin", "admin-pw"))
					.DELETE(), new Cookies());
			assertThat(response.body()).isEqualTo("{\"code\":4002,\"closedOnThisNode\":0}");
			assertThat(aliceOnNode2.awaitCloseCode(Duration.ofSeconds(2))).isEqualTo(4002);
		}
	}

	@Test
	void deleteWithAnUndocumentedCodeIsABadRequestAndClosesNothing() {
		Cookies alice = sessions1.login("alice", "alice-pw");
		try (StompTestClient aliceOnNode1 = connect(sessions1, alice)) {
			for (String code : new String[] { "1000", "4500", "1013", "x", "99999999999" }) {
				HttpResponse<String> response = sessions1
					.send(HttpRequest.newBuilder(sessions1.uri("/actuator/wsauth/users/alice?code=" + code))
						.header("Authorization", basic("admin", "admin-pw"))
						.DELETE(), new Cookies());
				assertThat(response.statusCode()).as(code).isEqualTo(400);
				assertThat(response.body()).isEqualTo("{\"error\":\"code must be 4001, 4002 or 4003\"}");
			}
			assertThat(aliceOnNode1.pollFrame(QUIET)).isNull();
			assertThat(aliceOnNode1.isClosed()).isFalse();
		}
	}

	private static StompTestClient connect(TestSessions node, Cookies cookies) {
		return StompTestClient.connect(node.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", cookies.header(), "Origin", node.origin()));
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * A node: form login for the sockets, the simple broker, sessions and revocations in
	 * Redis, and the Actuator endpoints for ADMIN over HTTP Basic.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableWebSocketMessageBroker
	static class EndpointNodeApplication implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/ws");
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.setApplicationDestinationPrefixes("/app");
			registry.enableSimpleBroker("/topic");
		}

		@Bean
		@Order(1)
		SecurityFilterChain actuatorSecurityFilterChain(HttpSecurity http) {
			http.securityMatcher(EndpointRequest.toAnyEndpoint());
			http.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("ADMIN"));
			http.httpBasic(Customizer.withDefaults());
			http.csrf((csrf) -> csrf.ignoringRequestMatchers((request) -> request.getHeader("Authorization") != null));
			return http.build();
		}

		@Bean
		@Order(2)
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/login").permitAll().anyRequest().authenticated());
			http.formLogin(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		UserDetailsService userDetailsService() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
					User.withUsername("bob").password("{noop}bob-pw").roles("USER").build(),
					User.withUsername("admin").password("{noop}admin-pw").roles("USER", "ADMIN").build());
		}

	}

}
