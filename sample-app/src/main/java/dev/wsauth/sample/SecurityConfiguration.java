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

package dev.wsauth.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Form login at {@code /login}, logout at {@code POST /logout}, SPA-style CSRF for the
 * JSON API ({@code XSRF-TOKEN} cookie, {@code X-XSRF-TOKEN} header), bearer tokens from
 * {@code /api/token} as an alternative to the session cookie, and the demo users.
 *
 * @author wsauth
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, JwtAuthenticationConverter jwtAuthenticationConverter) {
		// /ws-connect: the STOMP CONNECT frame carries the credentials, not the upgrade.
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/login", "/error", "/favicon.ico")
			.permitAll()
			.requestMatchers("/ws-connect")
			.permitAll()
			.requestMatchers("/api/notify", "/api/boards/*/members/*")
			.hasRole("ADMIN")
			.anyRequest()
			.authenticated());
		http.formLogin((form) -> form.defaultSuccessUrl("/", false));
		http.logout((logout) -> logout.logoutSuccessUrl("/login?logout"));
		http.csrf((csrf) -> csrf.spa());
		// The same APIs (and the ticket endpoint) for clients holding a token from
		// /api/token. A request with a bearer token needs no CSRF token: the resource
		// server exempts it, since a browser never attaches a bearer token on its own.
		http.oauth2ResourceServer((resourceServer) -> resourceServer
			.jwt((jwt) -> jwt.jwtAuthenticationConverter(jwtAuthenticationConverter)));
		http.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
				new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
				PathPatternRequestMatcher.withDefaults().matcher("/api/**")));
		return http.build();
	}

	@Bean
	UserDetailsService userDetailsService() {
		PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password(encoder.encode("alice-pw")).roles("USER").build(),
				User.withUsername("bob").password(encoder.encode("bob-pw")).roles("USER").build(),
				User.withUsername("admin").password(encoder.encode("admin-pw")).roles("USER", "ADMIN").build());
	}

}
