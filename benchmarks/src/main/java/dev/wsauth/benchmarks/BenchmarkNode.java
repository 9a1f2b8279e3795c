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

package dev.wsauth.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.HttpSessionIdHash;
import dev.wsauth.socket.WebSocketConnection;

/**
 * The benchmarked application: wsauth with Spring Session Data Redis and the simple
 * broker, form login at {@code /login}, logout at {@code POST /logout}, STOMP at
 * {@code /ws}. Benchmark-only: CSRF is off and passwords are {@code {noop}}.
 *
 * @author wsauth
 */
@SpringBootApplication
@EnableWebSocketMessageBroker
public class BenchmarkNode implements WebSocketMessageBrokerConfigurer {

	/**
	 * Number of users; sessions are spread over them.
	 */
	static final int USERS = 10;

	/**
	 * Password of every user.
	 */
	static final String PASSWORD = "bench-pw";

	/**
	 * Start a node.
	 * @param args Spring Boot arguments, such as {@code --server.port=...}
	 */
	public static void main(String[] args) {
		SpringApplication.run(BenchmarkNode.class, args);
	}

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
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/login", "/error", "/bench/info", "/bench/soak")
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

	@Bean
	UserDetailsService userDetailsService() {
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
		for (int i = 0; i < USERS; i++) {
			UserDetails user = User.withUsername("user" + i).password("{noop}" + PASSWORD).roles("USER").build();
			users.createUser(user);
		}
		// Not the manager itself: as a UserDetailsPasswordService it would have every
		// login re-encode the {noop} password with bcrypt, which costs tens of ms.
		return users::loadUserByUsername;
	}

	/**
	 * Benchmark-only endpoints.
	 */
	@RestController
	static class BenchController {

		private final SessionRepository<? extends Session> sessions;

		private final ConnectionRegistry connections;

		BenchController(SessionRepository<? extends Session> sessions, ConnectionRegistry connections) {
			this.sessions = sessions;
			this.connections = connections;
		}

		/**
		 * What the churn soak samples: heap after a full collection, open sockets, and
		 * the sockets whose HTTP session no longer exists (as hashes, never the ids).
		 * @param gc whether to collect first
		 * @return the sample
		 */
		@GetMapping("/bench/soak")
		Map<String, Object> soak(@RequestParam(defaultValue = "true") boolean gc) {
			if (gc) {
				System.gc();
				System.gc();
			}
			MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
			List<String> orphans = new ArrayList<>();
			int open = 0;
			for (WebSocketConnection connection : this.connections.getConnections()) {
				if (!connection.isOpen()) {
					continue;
				}
				open++;
				String id = connection.getHttpSessionId();
				if (id != null && this.sessions.findById(id) == null) {
					orphans.add(HttpSessionIdHash.of(id));
				}
			}
			Map<String, Object> sample = new LinkedHashMap<>();
			sample.put("heapUsedAfterGc", heap.getUsed());
			sample.put("openSockets", open);
			sample.put("orphans", orphans);
			return sample;
		}

		@GetMapping("/bench/info")
		Map<String, Object> info() {
			Map<String, Object> info = new LinkedHashMap<>();
			info.put("pid", ProcessHandle.current().pid());
			info.put("wsauth", location("dev.wsauth.autoconfigure.WsAuthAutoConfiguration"));
			info.put("sessionEndMonitorPresent", present("dev.wsauth.session.SessionEndMonitor"));
			info.put("wsauthClassesSha256", hash("dev/wsauth/autoconfigure/WsAuthAutoConfiguration.class",
					"dev/wsauth/session/SessionEndMonitor.class", "dev/wsauth/socket/ConnectionRegistry.class"));
			info.put("sessionRepository", this.sessions.getClass().getName());
			return info;
		}

		/**
		 * Give the caller's session a short max-inactive-interval, so that it expires
		 * soon.
		 * @param seconds the interval
		 * @param request the request
		 * @return the session's last access time (epoch millis) and interval
		 */
		@PostMapping("/bench/expire-in")
		Map<String, Object> expireIn(@RequestParam int seconds, HttpServletRequest request) {
			HttpSession session = request.getSession();
			session.setMaxInactiveInterval(seconds);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("lastAccessedTime", session.getLastAccessedTime());
			result.put("maxInactiveInterval", session.getMaxInactiveInterval());
			return result;
		}

		private static String location(String className) {
			try {
				CodeSource source = Class.forName(className).getProtectionDomain().getCodeSource();
				return (source != null) ? String.valueOf(source.getLocation()) : "unknown";
			}
			catch (ClassNotFoundException ex) {
				return "absent";
			}
		}

		private static String hash(String... resources) {
			try {
				MessageDigest digest = MessageDigest.getInstance("SHA-256");
				for (String resource : resources) {
					try (InputStream in = BenchmarkNode.class.getClassLoader().getResourceAsStream(resource)) {
						if (in != null) {
							digest.update(in.readAllBytes());
						}
					}
				}
				return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
			}
			catch (IOException | NoSuchAlgorithmException ex) {
				return "unknown";
			}
		}

		private static boolean present(String className) {
			try {
				Class.forName(className);
				return true;
			}
			catch (ClassNotFoundException ex) {
				return false;
			}
		}

	}

}
