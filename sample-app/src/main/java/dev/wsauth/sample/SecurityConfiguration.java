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

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Form login at {@code /login} (the sample's own page), logout at {@code POST /logout},
 * SPA-style CSRF for the JSON API ({@code XSRF-TOKEN} cookie, {@code X-XSRF-TOKEN}
 * header), bearer tokens from {@code /api/token} as an alternative to the session cookie,
 * and the demo users. The Actuator endpoints on the same port: {@code health} public,
 * every other one for ADMIN by HTTP Basic or the session.
 *
 * @author wsauth
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * A request that carries HTTP Basic credentials. A browser never adds this header to
	 * a cross-site request on its own except the credentials it cached after a Basic
	 * challenge, and then only to simple requests (a GET, a form POST): the only
	 * state-changing operation exposed here is a DELETE, which a cross-site page cannot
	 * send without a CORS preflight that this application never grants.
	 */
	private static final RequestMatcher BASIC_CREDENTIALS = (request) -> {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
	};

	/**
	 * The Actuator endpoints: {@code health} for everyone, the others ({@code wsauth},
	 * {@code metrics}) for ADMIN, by HTTP Basic or the session. An unauthenticated
	 * request gets a 401 with a Basic challenge, never the login page. A request
	 * authenticated by Basic needs no CSRF token (curl, scripts); one authenticated by
	 * the session cookie still does for a DELETE.
	 * @param http the security builder
	 * @return the chain
	 */
	@Bean
	@Order(1)
	SecurityFilterChain actuatorSecurityFilterChain(HttpSecurity http) {
		http.securityMatcher(EndpointRequest.toAnyEndpoint());
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to("health"))
			.permitAll()
			.anyRequest()
			.hasRole("ADMIN"));
		http.httpBasic(Customizer.withDefaults());
		http.csrf((csrf) -> csrf.spa().ignoringRequestMatchers(BASIC_CREDENTIALS));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain securityFilterChain(HttpSecurity http, JwtAuthenticationConverter jwtAuthenticationConverter) {
		// /ws-connect: the STOMP CONNECT frame carries the credentials, not the upgrade.
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/login", "/error", "/favicon.ico", "/css/**")
			.permitAll()
			.requestMatchers("/ws-connect")
			.permitAll()
			.requestMatchers("/api/notify", "/api/broadcast", "/api/boards/*/members/*")
			.hasRole("ADMIN")
			.anyRequest()
			.authenticated());
		// The sample's own login page (LoginPageController) shows the logged-out notice:
		// Spring Security's generated page would not once logoutSuccessUrl is set.
		http.formLogin((form) -> form.loginPage("/login").defaultSuccessUrl("/", false));
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
		return new InMemoryUserDetailsManager(DemoUsers.ALL.stream()
			.map((user) -> User.withUsername(user.username())
				.password(encoder.encode(user.password()))
				.roles(user.roles().toArray(String[]::new))
				.build())
			.toList());
	}

}
