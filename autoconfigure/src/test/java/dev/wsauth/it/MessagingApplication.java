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

import java.io.Serializable;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.security.access.PermissionEvaluator;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

import dev.wsauth.handshake.WebSocketUserDataResolver;
import dev.wsauth.socket.WsAuthAttributes;
import dev.wsauth.topic.SendRule;
import dev.wsauth.topic.SubscribeRule;

/**
 * An application that uses every way of writing destination rules: property rules
 * ({@link #PROPERTIES}), annotated rules with a {@code @bean} reference, a
 * {@link RoleHierarchy} and a {@link PermissionEvaluator}. It binds a {@link Badge} to
 * every socket, answers {@code /app/whoami} with what it sees of the user, and records
 * Spring Security's authorization denied events.
 *
 * <p>
 * Users: alice and bob ({@code USER}), carol ({@code ADMIN} only, a {@code USER} through
 * the hierarchy), mallory ({@code USER}, but refused a socket by the user data resolver).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableWebSocketMessageBroker
@Import({ MessagingApplication.Rules.class, MessagingApplication.WhoAmIController.class })
class MessagingApplication implements WebSocketMessageBrokerConfigurer {

	/**
	 * The property rules. Test classes pass these, and only these unless they need a
	 * different context, so that they share one application.
	 */
	static final String PROPERTIES = """
			wsauth.authorization.rules[0].destination=/topic/open
			wsauth.authorization.rules[0].access=isAuthenticated()
			wsauth.authorization.rules[1].destination=/topic/members
			wsauth.authorization.rules[1].access=hasRole('USER')
			wsauth.authorization.rules[2].destination=/topic/admin
			wsauth.authorization.rules[2].access=hasRole('ADMIN')
			wsauth.authorization.rules[3].destination=/topic/rooms.{room}
			wsauth.authorization.rules[3].access=hasPermission(#room, 'room', 'read')
			""";

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
		http.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	UserDetailsService userDetailsService() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
				User.withUsername("bob").password("{noop}bob-pw").roles("USER").build(),
				User.withUsername("carol").password("{noop}carol-pw").roles("ADMIN").build(),
				User.withUsername("mallory").password("{noop}mallory-pw").roles("USER").build());
	}

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix().role("ADMIN").implies("USER").build();
	}

	@Bean
	RoomPermissions roomPermissions() {
		return new RoomPermissions(Map.of("alice", Set.of("r1"), "bob", Set.of("r2")));
	}

	@Bean
	Teams teams() {
		return new Teams(Map.of("red", Set.of("alice"), "blue", Set.of("bob")));
	}

	@Bean
	Badges badges() {
		return new Badges();
	}

	@Bean
	DeniedEvents deniedEvents() {
		return new DeniedEvents();
	}

	/**
	 * Annotated rules, one with a {@code @bean} reference.
	 */
	static class Rules {

		@SubscribeRule("/topic/teams.{team}")
		@PreAuthorize("@teams.isMember(authentication.name, #team)")
		void team(String team) {
		}

		@SendRule("/app/whoami")
		@PreAuthorize("isAuthenticated()")
		void whoami() {
		}

	}

	/**
	 * Team membership, referenced from a rule as {@code @teams}. Records every question.
	 */
	static class Teams {

		private final Map<String, Set<String>> members;

		private final List<String> questions = new CopyOnWriteArrayList<>();

		Teams(Map<String, Set<String>> members) {
			this.members = members;
		}

		public boolean isMember(String user, String team) {
			this.questions.add(user + " in " + team);
			return this.members.getOrDefault(team, Set.of()).contains(user);
		}

		List<String> questions() {
			return List.copyOf(this.questions);
		}

	}

	/**
	 * Grants {@code read} on rooms per user. Records every check.
	 */
	static class RoomPermissions implements PermissionEvaluator {

		private final Map<String, Set<String>> readable;

		private final List<Check> checks = new CopyOnWriteArrayList<>();

		RoomPermissions(Map<String, Set<String>> readable) {
			this.readable = readable;
		}

		@Override
		public boolean hasPermission(Authentication authentication, Object targetDomainObject, Object permission) {
			return false;
		}

		@Override
		public boolean hasPermission(Authentication authentication, Serializable targetId, String targetType,
				Object permission) {
			this.checks.add(new Check(authentication.getName(), targetId, targetType, permission));
			return "room".equals(targetType) && "read".equals(permission)
					&& this.readable.getOrDefault(authentication.getName(), Set.of()).contains(targetId);
		}

		List<Check> checks() {
			return List.copyOf(this.checks);
		}

		record Check(String user, Object targetId, String targetType, Object permission) {

		}

	}

	/**
	 * The user data bound to a socket.
	 *
	 * @param user the user name
	 * @param level a value only the resolver knows
	 */
	record Badge(String user, String level) {

	}

	/**
	 * Binds a {@link Badge} to every socket, and refuses mallory one.
	 */
	static class Badges implements WebSocketUserDataResolver {

		@Override
		public @Nullable Badge resolve(Authentication authentication, ServerHttpRequest request) {
			if ("mallory".equals(authentication.getName())) {
				return null;
			}
			return new Badge(authentication.getName(), "level-of-" + authentication.getName());
		}

	}

	/**
	 * Answers {@code /app/whoami} to the sender with the principal's name and the
	 * socket's user data, and remembers what it saw.
	 */
	@Controller
	static class WhoAmIController {

		private final Map<String, Principal> principals = new ConcurrentHashMap<>();

		private final Map<String, Object> userData = new ConcurrentHashMap<>();

		@MessageMapping("/whoami")
		@SendToUser(destinations = "/queue/whoami", broadcast = false)
		String whoami(Principal principal, Message<?> message) {
			Object userData = WsAuthAttributes.userData(message);
			this.principals.put(principal.getName(), principal);
			if (userData != null) {
				this.userData.put(principal.getName(), userData);
			}
			return principal.getName() + "|" + userData;
		}

		@Nullable Principal principalSeenFor(String name) {
			return this.principals.get(name);
		}

		@Nullable Object userDataSeenFor(String name) {
			return this.userData.get(name);
		}

	}

	/**
	 * Records Spring Security's authorization denied events.
	 */
	static class DeniedEvents {

		private final List<AuthorizationDeniedEvent<?>> events = new CopyOnWriteArrayList<>();

		@EventListener
		void onDenied(AuthorizationDeniedEvent<?> event) {
			this.events.add(event);
		}

		List<AuthorizationDeniedEvent<?>> events() {
			return List.copyOf(this.events);
		}

	}

}
