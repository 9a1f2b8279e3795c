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

package dev.wsauth.topic;

import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.user.DefaultUserDestinationResolver;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.access.PermissionEvaluator;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link DestinationAuthorizationManager} with rules compiled by
 * {@link DestinationRulesInitializer}.
 *
 * @author wsauth
 */
class DestinationAuthorizationManagerTests {

	private static final Authentication ALICE = user("alice", "ROLE_USER");

	private static final Authentication ADMIN = user("root", "ROLE_ADMIN");

	private GenericApplicationContext context;

	@AfterEach
	void closeContext() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void destinationWithoutRuleIsForbidden() {
		DestinationAuthorizationManager manager = manager(List.of());
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/boards.b1")), DenialReason.FORBIDDEN);
		assertDenied(manager.authorize(() -> ALICE, send("/app/boards.b1")), DenialReason.FORBIDDEN);
	}

	@Test
	void managerDeniesEverythingBeforeRulesAreCompiled() {
		DestinationAuthorizationManager manager = new DestinationAuthorizationManager(
				new DefaultMethodSecurityExpressionHandler(), new CanonicalDestinationValidator());
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/open")), DenialReason.FORBIDDEN);
		assertThat(manager.getRuleDescriptions()).isEmpty();
	}

	@Test
	void invalidDestinationIsDeniedAsInvalid() {
		DestinationAuthorizationManager manager = manager(List.of(rule("/topic/{name}", "permitAll()")));
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/*")), DenialReason.INVALID_DESTINATION);
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/../admin")), DenialReason.INVALID_DESTINATION);
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/a/")), DenialReason.INVALID_DESTINATION);
	}

	@Test
	void missingDestinationIsDeniedAsInvalid() {
		DestinationAuthorizationManager manager = manager(List.of(rule("/topic/{name}", "permitAll()")));
		assertDenied(manager.authorize(() -> ALICE, message(SimpMessageType.SUBSCRIBE, null)),
				DenialReason.INVALID_DESTINATION);
	}

	@Test
	void invalidDestinationIsDeniedBeforeUserIsChecked() {
		DestinationAuthorizationManager manager = manager(List.of());
		assertDenied(manager.authorize(() -> null, subscribe("/topic/**")), DenialReason.INVALID_DESTINATION);
	}

	@Test
	void missingUserIsDeniedAsUnauthenticated() {
		DestinationAuthorizationManager manager = manager(List.of(rule("/topic/{name}", "permitAll()")));
		assertDenied(manager.authorize(() -> null, subscribe("/topic/open")), DenialReason.UNAUTHENTICATED);
		assertDenied(manager.authorize(() -> null, subscribe("/user/queue/x")), DenialReason.UNAUTHENTICATED);
	}

	@Test
	void anonymousUserIsDeniedAsUnauthenticated() {
		DestinationAuthorizationManager manager = manager(List.of(rule("/topic/{name}", "permitAll()")));
		Authentication anonymous = new AnonymousAuthenticationToken("key", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
		assertDenied(manager.authorize(() -> anonymous, subscribe("/topic/open")), DenialReason.UNAUTHENTICATED);
	}

	@Test
	void unauthenticatedUserIsDeniedAsUnauthenticated() {
		DestinationAuthorizationManager manager = manager(List.of(rule("/topic/{name}", "permitAll()")));
		Authentication unauthenticated = UsernamePasswordAuthenticationToken.unauthenticated("alice", "secret");
		assertDenied(manager.authorize(() -> unauthenticated, subscribe("/topic/open")), DenialReason.UNAUTHENTICATED);
	}

	@Test
	void otherFramesAreDenied() {
		DestinationAuthorizationManager manager = manager(List.of(rule("/topic/{name}", "permitAll()")));
		assertDenied(manager.authorize(() -> ALICE, message(SimpMessageType.CONNECT, "/topic/open")),
				DenialReason.FORBIDDEN);
	}

	@Test
	void subscribeToUserDestinationIsAllowedWithoutRule() {
		DestinationAuthorizationManager manager = manager(List.of());
		DestinationAuthorizationDecision decision = manager.authorize(() -> ALICE,
				subscribe("/user/queue/notifications"));
		assertThat(decision.isGranted()).isTrue();
		assertThat(decision.getRule()).isEqualTo("SUBSCRIBE /user/**");
	}

	@Test
	void sendToUserDestinationIsDeniedWithoutRule() {
		DestinationAuthorizationManager manager = manager(List.of());
		assertDenied(manager.authorize(() -> ALICE, send("/user/bob/queue/notifications")), DenialReason.FORBIDDEN);
		assertDenied(manager.authorize(() -> ALICE, send("/user/queue/notifications")), DenialReason.FORBIDDEN);
	}

	@Test
	void userDestinationPrefixComesFromUserDestinationResolver() {
		DestinationAuthorizationManager manager = managerWithBeans(List.of(), (context) -> {
			DefaultUserDestinationResolver resolver = new DefaultUserDestinationResolver(mock(SimpUserRegistry.class));
			resolver.setUserDestinationPrefix("/me");
			context.registerBean("userDestinationResolver", DefaultUserDestinationResolver.class, () -> resolver);
		});
		assertThat(manager.authorize(() -> ALICE, subscribe("/me/queue/notifications")).isGranted()).isTrue();
		assertDenied(manager.authorize(() -> ALICE, subscribe("/user/queue/notifications")), DenialReason.FORBIDDEN);
	}

	@Test
	void resolvedUserDestinationIsDeniedEvenWhenRuleWouldAllowIt() {
		DestinationAuthorizationManager manager = manager(List.of(rule("/queue/{name}", "permitAll()")));
		assertThat(manager.authorize(() -> ALICE, subscribe("/queue/notifications")).isGranted()).isTrue();
		assertDenied(manager.authorize(() -> ALICE, subscribe("/queue/notifications-user0")), DenialReason.FORBIDDEN);
		assertDenied(manager.authorize(() -> ALICE, subscribe("/queue/notifications-userabc123")),
				DenialReason.FORBIDDEN);
	}

	@Test
	void mostSpecificRuleWins() {
		DestinationAuthorizationManager manager = manager(
				List.of(rule("/topic/boards.{id}", "permitAll()"), rule("/topic/boards.b1", "hasRole('ADMIN')")));
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/boards.b1")), DenialReason.FORBIDDEN);
		assertThat(manager.authorize(() -> ADMIN, subscribe("/topic/boards.b1")).getRule())
			.isEqualTo("SUBSCRIBE /topic/boards.b1");
		DestinationAuthorizationDecision other = manager.authorize(() -> ALICE, subscribe("/topic/boards.b2"));
		assertThat(other.isGranted()).isTrue();
		assertThat(other.getRule()).isEqualTo("SUBSCRIBE /topic/boards.{id}");
	}

	@Test
	void mostSpecificRuleWinsWhateverTheDeclarationOrder() {
		DestinationAuthorizationManager manager = manager(
				List.of(rule("/topic/boards.b1", "hasRole('ADMIN')"), rule("/topic/boards.{id}", "permitAll()")));
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/boards.b1")), DenialReason.FORBIDDEN);
		assertThat(manager.authorize(() -> ALICE, subscribe("/topic/boards.b2")).isGranted()).isTrue();
	}

	@Test
	void falseExpressionIsForbiddenAndNamesRule() {
		DestinationAuthorizationManager manager = manager(List.of(rule("/topic/admin", "hasRole('ADMIN')")));
		DestinationAuthorizationDecision decision = manager.authorize(() -> ALICE, subscribe("/topic/admin"));
		assertDenied(decision, DenialReason.FORBIDDEN);
		assertThat(decision.getRule()).isEqualTo("SUBSCRIBE /topic/admin");
		assertThat(manager.authorize(() -> ADMIN, subscribe("/topic/admin")).isGranted()).isTrue();
	}

	@Test
	void variableReachesMethodParameterConvertedToLong() {
		DestinationAuthorizationManager manager = manager(List.of(), ItemRules.class);
		assertThat(manager.authorize(() -> ALICE, subscribe("/topic/items.42")).isGranted()).isTrue();
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/items.43")), DenialReason.FORBIDDEN);
	}

	@Test
	void variableThatCannotBeConvertedDenies() {
		DestinationAuthorizationManager manager = manager(List.of(), ItemRules.class);
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/items.abc")), DenialReason.FORBIDDEN);
	}

	@Test
	void variableThatCannotBeConvertedDeniesEvenWhenTheExpressionNeedsNoSpel() {
		DestinationAuthorizationManager manager = manager(List.of(), CountedRules.class);
		assertThat(manager.authorize(() -> ALICE, subscribe("/topic/counters.7")).isGranted()).isTrue();
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/counters.seven")), DenialReason.FORBIDDEN);
	}

	@Test
	void variableReachesParameterNamedByDestinationVariable() {
		DestinationAuthorizationManager manager = manager(List.of(), ItemRules.class);
		assertThat(manager.authorize(() -> ALICE, send("/app/items.alice.edit")).isGranted()).isTrue();
		assertDenied(manager.authorize(() -> ALICE, send("/app/items.bob.edit")), DenialReason.FORBIDDEN);
	}

	@Test
	void variableBoundThroughDestinationVariableIsAlsoAvailableUnderItsDestinationName() {
		DestinationAuthorizationManager manager = manager(List.of(), ItemRules.class);
		assertThat(manager.authorize(() -> ALICE, subscribe("/topic/owned.alice.7")).isGranted()).isTrue();
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/owned.bob.7")), DenialReason.FORBIDDEN);
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/owned.alice.8")), DenialReason.FORBIDDEN);
	}

	@Test
	void variableIsAvailableInPropertyRule() {
		DestinationAuthorizationManager manager = manager(
				List.of(rule("/topic/users.{name}", "#name == authentication.name")));
		assertThat(manager.authorize(() -> ALICE, subscribe("/topic/users.alice")).isGranted()).isTrue();
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/users.bob")), DenialReason.FORBIDDEN);
	}

	@Test
	void variableIsDataNotExpression() {
		DestinationAuthorizationManager manager = manager(
				List.of(rule("/topic/users.{name}", "#name == authentication.name")));
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/users.true")), DenialReason.FORBIDDEN);
	}

	@Test
	void beanReferenceDecides() {
		DestinationAuthorizationManager manager = managerWithBeans(
				List.of(rule("/topic/boards.{boardId}", "@boards.isMember(authentication.name, #boardId)")),
				(context) -> context.registerBean("boards", Boards.class));
		assertThat(manager.authorize(() -> ALICE, subscribe("/topic/boards.b1")).isGranted()).isTrue();
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/boards.b2")), DenialReason.FORBIDDEN);
	}

	@Test
	void throwingBeanMethodDenies() {
		DestinationAuthorizationManager manager = managerWithBeans(
				List.of(rule("/topic/boards.{boardId}", "@boards.explode(#boardId) or true")),
				(context) -> context.registerBean("boards", Boards.class));
		DestinationAuthorizationDecision decision = manager.authorize(() -> ALICE, subscribe("/topic/boards.b1"));
		assertDenied(decision, DenialReason.FORBIDDEN);
		assertThat(decision.getRule()).isEqualTo("SUBSCRIBE /topic/boards.{boardId}");
	}

	@Test
	void missingBeanDenies() {
		DestinationAuthorizationManager manager = manager(
				List.of(rule("/topic/boards.{boardId}", "@missing.isMember(authentication.name, #boardId)")));
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/boards.b1")), DenialReason.FORBIDDEN);
	}

	@Test
	void roleHierarchyOfHandlerApplies() {
		DestinationAuthorizationManager manager = managerWithHandler(List.of(rule("/topic/users", "hasRole('USER')")),
				(handler) -> handler.setRoleHierarchy(RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_USER")));
		assertThat(manager.authorize(() -> ADMIN, subscribe("/topic/users")).isGranted()).isTrue();
	}

	@Test
	void adminIsNotUserWithoutRoleHierarchy() {
		DestinationAuthorizationManager manager = manager(List.of(rule("/topic/users", "hasRole('USER')")));
		assertDenied(manager.authorize(() -> ADMIN, subscribe("/topic/users")), DenialReason.FORBIDDEN);
	}

	@Test
	void permissionEvaluatorOfHandlerApplies() {
		PermissionEvaluator evaluator = new BoardPermissionEvaluator();
		DestinationAuthorizationManager manager = managerWithHandler(
				List.of(rule("/topic/boards.{boardId}", "hasPermission(#boardId, 'read')")),
				(handler) -> handler.setPermissionEvaluator(evaluator));
		assertThat(manager.authorize(() -> ALICE, subscribe("/topic/boards.b1")).isGranted()).isTrue();
		assertDenied(manager.authorize(() -> ALICE, subscribe("/topic/boards.b2")), DenialReason.FORBIDDEN);
	}

	@Test
	void subscribeRuleDoesNotAllowSend() {
		DestinationAuthorizationManager manager = manager(List.of(rule("/topic/open", "permitAll()")));
		assertThat(manager.authorize(() -> ALICE, subscribe("/topic/open")).isGranted()).isTrue();
		assertDenied(manager.authorize(() -> ALICE, send("/topic/open")), DenialReason.FORBIDDEN);
	}

	@Test
	void sendRuleDoesNotAllowSubscribe() {
		DestinationAuthorizationManager manager = manager(
				List.of(new DestinationRuleDefinition(DestinationCommand.SEND, "/app/chat", "permitAll()", "test")));
		assertThat(manager.authorize(() -> ALICE, send("/app/chat")).isGranted()).isTrue();
		assertDenied(manager.authorize(() -> ALICE, subscribe("/app/chat")), DenialReason.FORBIDDEN);
	}

	@Test
	void ruleDescriptionsListMostSpecificFirst() {
		DestinationAuthorizationManager manager = manager(List.of(rule("/topic/{name}", "permitAll()"),
				rule("/topic/boards.{id}", "permitAll()"), rule("/topic/admin", "hasRole('ADMIN')")), ItemRules.class);
		assertThat(manager.getRuleDescriptions()).containsExactlyInAnyOrder("SUBSCRIBE /topic/{name}",
				"SUBSCRIBE /topic/boards.{id}", "SUBSCRIBE /topic/admin", "SUBSCRIBE /topic/items.{id}",
				"SEND /app/items.{owner}.edit", "SUBSCRIBE /topic/owned.{owner}.{n}");
		List<String> descriptions = manager.getRuleDescriptions();
		assertThat(descriptions.indexOf("SUBSCRIBE /topic/admin"))
			.isLessThan(descriptions.indexOf("SUBSCRIBE /topic/{name}"));
		assertThat(descriptions.indexOf("SUBSCRIBE /topic/boards.{id}"))
			.isLessThan(descriptions.indexOf("SUBSCRIBE /topic/{name}"));
	}

	private DestinationAuthorizationManager manager(List<DestinationRuleDefinition> definitions,
			Class<?>... ruleBeans) {
		return manager(definitions, (handler) -> {
		}, (context) -> {
			for (Class<?> ruleBean : ruleBeans) {
				context.registerBean(ruleBean);
			}
		});
	}

	private DestinationAuthorizationManager managerWithBeans(List<DestinationRuleDefinition> definitions,
			Consumer<GenericApplicationContext> beans) {
		return manager(definitions, (handler) -> {
		}, beans);
	}

	private DestinationAuthorizationManager managerWithHandler(List<DestinationRuleDefinition> definitions,
			HandlerCustomizer handlerCustomizer) {
		return manager(definitions, handlerCustomizer, (context) -> {
		});
	}

	private DestinationAuthorizationManager manager(List<DestinationRuleDefinition> definitions,
			HandlerCustomizer handlerCustomizer, Consumer<GenericApplicationContext> beans) {
		this.context = new GenericApplicationContext();
		// The handler wsauth builds, whose common expressions skip SpEL.
		DefaultMethodSecurityExpressionHandler handler = new DestinationRuleExpressionHandler();
		handler.setApplicationContext(this.context);
		handlerCustomizer.customize(handler);
		DestinationAuthorizationManager manager = new DestinationAuthorizationManager(handler,
				new CanonicalDestinationValidator());
		beans.accept(this.context);
		this.context.registerBean(DestinationRulesInitializer.class,
				() -> new DestinationRulesInitializer(manager, definitions));
		this.context.refresh();
		return manager;
	}

	private static void assertDenied(DestinationAuthorizationDecision decision, DenialReason reason) {
		assertThat(decision.isGranted()).isFalse();
		assertThat(decision.getReason()).isEqualTo(reason);
	}

	static DestinationRuleDefinition rule(String pattern, String access) {
		return new DestinationRuleDefinition(DestinationCommand.SUBSCRIBE, pattern, access, "rule " + pattern);
	}

	static Message<byte[]> subscribe(String destination) {
		return message(SimpMessageType.SUBSCRIBE, destination);
	}

	@Test
	void userDestinationSubscribeFromASessionIdThatCouldFormAPatternIsInvalid() {
		DestinationAuthorizationManager manager = new DestinationAuthorizationManager(
				new DefaultMethodSecurityExpressionHandler(), new CanonicalDestinationValidator());
		manager.setRules(List.of());
		for (String sessionId : new String[] { "*", "a*", "{x}", "a?", "a.b", "a/b" }) {
			SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.SUBSCRIBE);
			accessor.setDestination("/user/queue/notes");
			accessor.setSessionId(sessionId);
			Message<byte[]> subscribe = MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
			DestinationAuthorizationDecision decision = manager.authorize(() -> user("alice"), subscribe);
			assertThat(decision.isGranted()).as(sessionId).isFalse();
			assertThat(decision.getReason()).isEqualTo(DenialReason.INVALID_DESTINATION);
		}
	}

	static Message<byte[]> send(String destination) {
		return message(SimpMessageType.MESSAGE, destination);
	}

	static Message<byte[]> message(SimpMessageType type, String destination) {
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(type);
		if (destination != null) {
			accessor.setDestination(destination);
		}
		accessor.setSessionId("s1");
		return MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
	}

	static Authentication user(String name, String... authorities) {
		return new TestingAuthenticationToken(name, "secret", authorities);
	}

	@FunctionalInterface
	interface HandlerCustomizer {

		void customize(DefaultMethodSecurityExpressionHandler handler);

	}

	static class ItemRules {

		@SubscribeRule("/topic/items.{id}")
		@PreAuthorize("#id == 42L")
		void item(long id) {
		}

		@SendRule("/app/items.{owner}.edit")
		@PreAuthorize("#name == authentication.name")
		void edit(@DestinationVariable("owner") String name) {
		}

		@SubscribeRule("/topic/owned.{owner}.{n}")
		@PreAuthorize("#owner == authentication.name and #n == 7")
		void watch(@DestinationVariable("owner") String name, @DestinationVariable("n") int number) {
		}

	}

	static class CountedRules {

		@SubscribeRule("/topic/counters.{id}")
		@PreAuthorize("isAuthenticated()")
		void counter(long id) {
		}

	}

	static class Boards {

		public boolean isMember(String user, String boardId) {
			return "alice".equals(user) && "b1".equals(boardId);
		}

		public boolean explode(String boardId) {
			throw new IllegalStateException("boom");
		}

	}

	static class BoardPermissionEvaluator implements PermissionEvaluator {

		@Override
		public boolean hasPermission(Authentication authentication, Object target, Object permission) {
			return "b1".equals(target) && "read".equals(permission);
		}

		@Override
		public boolean hasPermission(Authentication authentication, Serializable targetId, String targetType,
				Object permission) {
			return false;
		}

	}

}
