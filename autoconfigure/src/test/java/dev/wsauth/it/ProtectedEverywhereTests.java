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

package dev.wsauth.it;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
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

import dev.wsauth.test.RawUpgrade;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * wsauth in an application whose security chain protects every URL with form login and
 * CSRF: the STOMP endpoint and the preflight still answer with status codes a script can
 * act on, never with a redirect to the login page.
 */
@SpringBootTest(classes = ProtectedEverywhereTests.ProtectedApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class ProtectedEverywhereTests {

	@LocalServerPort
	int port;

	TestSessions sessions;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
	}

	@Test
	void securityChainRedirectsOrdinaryUnauthenticatedRequestsToTheLoginPage() {
		HttpResponse<String> page = this.sessions.send(HttpRequest.newBuilder(this.sessions.uri("/anything")),
				new Cookies());
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location")).hasValueSatisfying((location) -> location.endsWith("/login"));
	}

	@Test
	void unauthenticatedUpgradeIsRejectedWith401NotRedirectedAndCreatesNoSession() {
		RawUpgrade.Response response = RawUpgrade.send(this.port, "/ws", "Origin: " + this.sessions.origin());
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.headers("Location")).isEmpty();
		assertThat(response.headers("Set-Cookie")).isEmpty();
	}

	@Test
	void unauthenticatedUpgradeWithForgedCookieIsRejectedWith401NotRedirected() {
		RawUpgrade.Response response = RawUpgrade.send(this.port, "/ws", "Origin: " + this.sessions.origin(),
				"Cookie: JSESSIONID=0123456789ABCDEF0123456789ABCDEF");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.headers("Location")).isEmpty();
		assertThat(response.headers("Set-Cookie")).isEmpty();
	}

	@Test
	void unauthenticatedUpgradeFromAForeignOriginIsRejectedWith403NotRedirected() {
		RawUpgrade.Response response = RawUpgrade.send(this.port, "/ws", "Origin: http://evil.example.com");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.headers("Location")).isEmpty();
		assertThat(response.headers("Set-Cookie")).isEmpty();
	}

	@Test
	void loggedInUpgradeIsAcceptedThroughTheSecurityChain() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		try (StompTestClient client = StompTestClient.connect(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", alice.header(), "Origin", this.sessions.origin()))) {
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void preflightNeedsNoCsrfToken() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		String before = alice.get("JSESSIONID");
		HttpResponse<String> preflight = this.sessions.preflight(alice);
		assertThat(preflight.statusCode()).isEqualTo(204);
		assertThat(alice.get("JSESSIONID")).isNotEqualTo(before);
		assertThat(StompTestClient.upgradeStatus(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", alice.header(), "Origin", this.sessions.origin())))
			.isEqualTo(101);
	}

	@Test
	void unauthenticatedPreflightIsRejectedWith401NotRedirected() {
		HttpResponse<String> preflight = this.sessions.preflight(new Cookies());
		assertThat(preflight.statusCode()).isEqualTo(401);
		assertThat(preflight.headers().firstValue("Location")).isEmpty();
		assertThat(preflight.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void preflightFromAForeignOriginIsRejectedWith403AndDoesNotRotate() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		String before = alice.get("JSESSIONID");
		HttpResponse<String> preflight = this.sessions.send(HttpRequest.newBuilder(this.sessions.uri("/__ws/auth"))
			.header("Origin", "http://evil.example.com")
			.POST(HttpRequest.BodyPublishers.noBody()), alice);
		assertThat(preflight.statusCode()).isEqualTo(403);
		assertThat(preflight.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(alice.get("JSESSIONID")).isEqualTo(before);
		assertThat(StompTestClient.upgradeStatus(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", alice.header(), "Origin", this.sessions.origin())))
			.isEqualTo(101);
	}

	/**
	 * Every URL needs authentication, form login, CSRF protection on.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableWebSocketMessageBroker
	static class ProtectedApplication implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/ws");
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/topic");
		}

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.formLogin(Customizer.withDefaults());
			http.csrf(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		UserDetailsService userDetailsService() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}alice-pw").roles("USER").build());
		}

	}

}
