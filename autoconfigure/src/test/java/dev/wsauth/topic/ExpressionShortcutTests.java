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

import java.util.List;
import java.util.function.Consumer;

import org.aopalliance.intercept.MethodInvocation;
import org.junit.jupiter.api.Test;

import org.springframework.expression.Expression;
import org.springframework.security.access.expression.ExpressionUtils;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExpressionShortcut}: a shortcut decides as SpEL would, for every
 * expression it takes, under every handler configuration.
 *
 * @author wsauth
 */
class ExpressionShortcutTests {

	private static final List<String> SHORTCUT_EXPRESSIONS = List.of("isAuthenticated()", "isFullyAuthenticated()",
			"isRememberMe()", "isAnonymous()", "permitAll", "denyAll", "permitAll()", "denyAll()", "hasRole('USER')",
			"hasRole('ROLE_USER')", "hasRole('GROUP_USER')", "hasRole('ADMIN')", "hasAnyRole('ADMIN', 'USER')",
			"hasAnyRole('ROLE_ADMIN')", "hasAllRoles('USER', 'ADMIN')", "hasAuthority('SCOPE_read')",
			"hasAuthority('ROLE_USER')", "hasAnyAuthority('x', 'SCOPE_read')",
			"hasAllAuthorities('ROLE_USER', 'SCOPE_read')");

	private static final List<Authentication> USERS = List.of(
			new TestingAuthenticationToken("alice", "pw", "ROLE_USER", "SCOPE_read"),
			new TestingAuthenticationToken("root", "pw", "ROLE_ADMIN"),
			new TestingAuthenticationToken("gina", "pw", "GROUP_USER", "GROUP_ADMIN"),
			new RememberMeAuthenticationToken("key", "remy", AuthorityUtils.createAuthorityList("ROLE_USER")));

	private static final MethodInvocation INVOCATION = new SimpleMethodInvocation(new Object(),
			ReflectionUtils.findMethod(Object.class, "toString"));

	@Test
	void shortcutDecidesAsSpelWithTheDefaultHandler() {
		assertSameDecisions((handler) -> {
		});
	}

	@Test
	void shortcutDecidesAsSpelWithARoleHierarchy() {
		assertSameDecisions((handler) -> handler.setRoleHierarchy(RoleHierarchyImpl.fromHierarchy("ADMIN > USER")));
	}

	@Test
	void shortcutDecidesAsSpelWithAnotherRolePrefix() {
		assertSameDecisions((handler) -> handler.setDefaultRolePrefix("GROUP_"));
	}

	@Test
	void expressionsThatAreNotOneRootCallWithLiteralsHaveNoShortcut() {
		DestinationRuleExpressionHandler handler = new DestinationRuleExpressionHandler();
		for (String expression : List.of("isAuthenticated() and hasRole('USER')", "!isAnonymous()", "hasRole(#role)",
				"@boards.hasRole('USER')", "hasRole('USER', 'ADMIN')", "hasAuthority()", "principal", "true",
				"hasPermission(#id, 'board', 'read')", "authentication.name == 'alice'")) {
			assertThat(ExpressionShortcut.of(parse(handler, expression), handler)).as(expression).isNull();
		}
	}

	@Test
	void handlerTheApplicationDeclaredGetsNoShortcut() {
		DefaultMethodSecurityExpressionHandler handler = new DefaultMethodSecurityExpressionHandler();
		assertThat(ExpressionShortcut.of(parse(handler, "isAuthenticated()"), handler)).isNull();
	}

	private static void assertSameDecisions(Consumer<DestinationRuleExpressionHandler> customizer) {
		DestinationRuleExpressionHandler handler = new DestinationRuleExpressionHandler();
		customizer.accept(handler);
		for (String text : SHORTCUT_EXPRESSIONS) {
			Expression expression = parse(handler, text);
			ExpressionShortcut shortcut = ExpressionShortcut.of(expression, handler);
			assertThat(shortcut).as(text).isNotNull();
			for (Authentication user : USERS) {
				boolean spel = ExpressionUtils.evaluateAsBoolean(expression,
						handler.createEvaluationContext(() -> user, INVOCATION));
				assertThat(shortcut.decide(() -> user, INVOCATION)).as("%s for %s", text, user.getName())
					.isEqualTo(spel);
			}
		}
	}

	private static Expression parse(DefaultMethodSecurityExpressionHandler handler, String expression) {
		return handler.getExpressionParser().parseExpression(expression);
	}

}
