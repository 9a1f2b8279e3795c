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

package dev.wsauth.benchmarks.compare;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * What the three compared nodes share: how they are started, their STOMP configuration,
 * form login, and the benchmark endpoints.
 *
 * @author wsauth
 */
public final class CompareNodes {

	/** Number of users; sessions are spread over them. */
	static final int USERS = 10;

	/** Password of every user. */
	static final String PASSWORD = "bench-pw";

	private CompareNodes() {
	}

	/**
	 * Start one node: {@code A}, {@code B} or {@code C} as first argument, then Spring
	 * Boot arguments such as {@code --server.port=...} and {@code --bench.rules=...}.
	 * @param args the arguments
	 */
	public static void main(String[] args) {
		String variant = (args.length > 0) ? args[0] : "";
		Class<?> application = switch (variant) {
			case "A" -> PlainStompNode.class;
			case "B" -> HandWrittenSecurityNode.class;
			case "C" -> WsAuthNode.class;
			default -> throw new IllegalArgumentException("Unknown variant '" + variant + "': use A, B or C");
		};
		List<String> arguments = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
		int rules = 1000;
		for (String argument : arguments) {
			if (argument.startsWith("--bench.rules=")) {
				rules = Integer.parseInt(argument.substring("--bench.rules=".length()));
			}
		}
		// Not the jar's application.properties (that of the Redis lifecycle benchmark).
		arguments.add(0, "--spring.config.name=wsauth-compare");
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("server.address", "127.0.0.1");
		defaults.put("server.tomcat.max-connections", "30000");
		defaults.put("server.tomcat.accept-count", "1000");
		defaults.put("server.tomcat.threads.max", "64");
		defaults.put("spring.main.banner-mode", "off");
		defaults.put("logging.level.root", "WARN");
		defaults.put("bench.variant", variant);
		defaults.put("bench.rules", "A".equals(variant) ? "0" : Integer.toString(rules));
		if ("C".equals(variant)) {
			List<CompareRules.Rule> list = CompareRules.rules(rules);
			for (int i = 0; i < list.size(); i++) {
				CompareRules.Rule rule = list.get(i);
				defaults.put("wsauth.authorization.rules[" + i + "].destination", rule.pattern());
				defaults.put("wsauth.authorization.rules[" + i + "].access", rule.expression());
				defaults.put("wsauth.authorization.rules[" + i + "].command", rule.send() ? "send" : "subscribe");
			}
		}
		SpringApplication app = new SpringApplication(application);
		app.setDefaultProperties(defaults);
		app.run(arguments.toArray(new String[0]));
	}

	static void configureStomp(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws");
	}

	static void configureBroker(MessageBrokerRegistry registry) {
		registry.setApplicationDestinationPrefixes("/app");
		registry.enableSimpleBroker("/topic", "/queue");
	}

	/**
	 * The HTTP security of B and C, as {@code BenchmarkNode}: form login answering 204 or
	 * 401, CSRF off, the benchmark's own endpoints open, everything else authenticated.
	 * @param http the builder
	 * @return the chain
	 */
	static SecurityFilterChain formLogin(HttpSecurity http) {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/login", "/error", "/bench/info", "/bench/heap", "/bench/store")
					.permitAll()
					.anyRequest()
					.authenticated());
		http.formLogin((login) -> login.successHandler((request, response, authentication) -> response.setStatus(204))
			.failureHandler((request, response, exception) -> response.sendError(401)));
		http.logout((logout) -> logout
			.logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT)));
		http.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	static UserDetailsService users() {
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
		for (int i = 0; i < USERS; i++) {
			users.createUser(User.withUsername("user" + i).password("{noop}" + PASSWORD).roles("USER").build());
		}
		// Not the manager itself: as a UserDetailsPasswordService it would have every
		// login re-encode the {noop} password with bcrypt.
		return users::loadUserByUsername;
	}

	/**
	 * The HTTP side B and C share: form login, the users, and the in-memory session store
	 * whose calls the benchmark counts.
	 */
	@Configuration(proxyBeanMethods = false)
	static class SecuredHttpConfiguration {

		@Bean
		CountingSessionRepository.Counts sessionStoreCounts() {
			return new CountingSessionRepository.Counts();
		}

		@Bean
		CountingSessionRepository sessionRepository(CountingSessionRepository.Counts counts) {
			return new CountingSessionRepository(counts);
		}

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			return formLogin(http);
		}

		@Bean
		UserDetailsService userDetailsService() {
			return users();
		}

	}

	/**
	 * The STOMP configuration every variant uses, as Spring documents it.
	 */
	static class StompConfiguration implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			configureStomp(registry);
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			configureBroker(registry);
		}

	}

	/**
	 * The pacing ping of the SUBSCRIBE benchmark: a SEND to {@code /app/bench.<id>} is
	 * answered on {@code /topic/bench.<id>} (Spring's default reply destination).
	 */
	@Controller
	static class PingController {

		@MessageMapping("/bench.{id}")
		String ping(@DestinationVariable String id) {
			return id;
		}

	}

	/**
	 * Benchmark-only endpoints.
	 */
	@RestController
	static class BenchController {

		private final ObjectProvider<CountingSessionRepository.Counts> store;

		private final String variant;

		private final int rules;

		BenchController(ObjectProvider<CountingSessionRepository.Counts> store, Environment environment) {
			this.store = store;
			this.variant = environment.getProperty("bench.variant", "?");
			this.rules = environment.getProperty("bench.rules", Integer.class, 0);
		}

		@GetMapping("/bench/info")
		Map<String, Object> info() {
			Map<String, Object> info = new LinkedHashMap<>();
			info.put("pid", ProcessHandle.current().pid());
			info.put("variant", this.variant);
			info.put("rules", this.rules);
			info.put("java", System.getProperty("java.version"));
			return info;
		}

		@GetMapping("/bench/heap")
		Map<String, Object> heap() {
			System.gc();
			System.gc();
			return Map.of("used", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}

		@GetMapping("/bench/store")
		Map<String, Object> store() {
			CountingSessionRepository.Counts repository = this.store.getIfAvailable();
			if (repository == null) {
				return Map.of("reads", -1, "writes", -1);
			}
			return Map.of("reads", repository.reads(), "writes", repository.writes());
		}

		@GetMapping("/bench/hello")
		String hello() {
			return "hello";
		}

	}

}
