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

import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.StringLiteral;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.security.access.expression.method.MethodSecurityExpressionHandler;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagerFactory;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.DefaultAuthorizationManagerFactory;
import org.springframework.security.core.Authentication;

/**
 * The decision of an expression that is one call of the expression root with literal
 * arguments ({@code isAuthenticated()}, {@code hasRole('ADMIN')},
 * {@code hasAnyAuthority('SCOPE_read', 'SCOPE_write')}, {@code permitAll}, ...), made by
 * the {@link AuthorizationManager} that Spring Security's expression root itself asks for
 * that call. Every other expression, and every expression of a handler wsauth did not
 * build, is evaluated by SpEL.
 *
 * @author wsauth
 */
final class ExpressionShortcut {

	private static final ExpressionShortcut GRANTED = new ExpressionShortcut(null, true);

	private static final ExpressionShortcut DENIED = new ExpressionShortcut(null, false);

	private final @Nullable AuthorizationManager<MethodInvocation> manager;

	private final boolean constant;

	private ExpressionShortcut(@Nullable AuthorizationManager<MethodInvocation> manager, boolean constant) {
		this.manager = manager;
		this.constant = constant;
	}

	/**
	 * Return the shortcut for an expression, or {@code null} when SpEL must evaluate it.
	 * @param expression the parsed expression
	 * @param handler the handler that would evaluate it
	 * @return the shortcut, or {@code null}
	 */
	static @Nullable ExpressionShortcut of(Expression expression, MethodSecurityExpressionHandler handler) {
		if (!(handler instanceof DestinationRuleExpressionHandler ruleHandler)
				|| !(expression instanceof SpelExpression spel)) {
			return null;
		}
		SpelNode node = spel.getAST();
		if (node instanceof PropertyOrFieldReference property) {
			// The root's public fields.
			return switch (property.getName()) {
				case "permitAll" -> GRANTED;
				case "denyAll" -> DENIED;
				default -> null;
			};
		}
		if (!(node instanceof MethodReference method)) {
			return null;
		}
		String[] arguments = literalArguments(method);
		if (arguments == null) {
			return null;
		}
		@SuppressWarnings("unchecked")
		AuthorizationManagerFactory<MethodInvocation> factory = (AuthorizationManagerFactory<MethodInvocation>) ruleHandler
			.authorizationManagerFactory();
		AuthorizationManager<MethodInvocation> manager = manager(method.getName(), arguments, factory,
				ruleHandler.rolePrefix());
		return (manager != null) ? new ExpressionShortcut(manager, false) : null;
	}

	boolean decide(Supplier<? extends @Nullable Authentication> authentication, MethodInvocation invocation) {
		AuthorizationManager<MethodInvocation> manager = this.manager;
		if (manager == null) {
			return this.constant;
		}
		AuthorizationResult result = manager.authorize(authentication, invocation);
		return result != null && result.isGranted();
	}

	private static @Nullable AuthorizationManager<MethodInvocation> manager(String name, String[] arguments,
			AuthorizationManagerFactory<MethodInvocation> factory, String rolePrefix) {
		if (arguments.length == 0) {
			return switch (name) {
				case "isAuthenticated" -> factory.authenticated();
				case "isFullyAuthenticated" -> factory.fullyAuthenticated();
				case "isRememberMe" -> factory.rememberMe();
				case "isAnonymous" -> factory.anonymous();
				case "permitAll" -> factory.permitAll();
				case "denyAll" -> factory.denyAll();
				default -> null;
			};
		}
		return switch (name) {
			case "hasRole" ->
				(arguments.length == 1) ? factory.hasRole(roles(arguments, factory, rolePrefix)[0]) : null;
			case "hasAnyRole" -> factory.hasAnyRole(roles(arguments, factory, rolePrefix));
			case "hasAllRoles" -> factory.hasAllRoles(arguments);
			case "hasAuthority" -> (arguments.length == 1) ? factory.hasAuthority(arguments[0]) : null;
			case "hasAnyAuthority" -> factory.hasAnyAuthority(arguments);
			case "hasAllAuthorities" -> factory.hasAllAuthorities(arguments);
			default -> null;
		};
	}

	/**
	 * The roles as the expression root passes them on: {@code hasRole('ROLE_A')} is
	 * {@code hasRole('A')} for Spring Security's default factory.
	 */
	private static String[] roles(String[] roles, AuthorizationManagerFactory<MethodInvocation> factory,
			String rolePrefix) {
		if (!(factory instanceof DefaultAuthorizationManagerFactory)) {
			return roles;
		}
		String[] stripped = new String[roles.length];
		for (int i = 0; i < roles.length; i++) {
			String role = roles[i];
			stripped[i] = role.startsWith(rolePrefix) ? role.substring(rolePrefix.length()) : role;
		}
		return stripped;
	}

	private static String @Nullable [] literalArguments(MethodReference method) {
		String[] arguments = new String[method.getChildCount()];
		for (int i = 0; i < arguments.length; i++) {
			if (!(method.getChild(i) instanceof StringLiteral literal)
					|| !(literal.getLiteralValue().getValue() instanceof String value)) {
				return null;
			}
			arguments[i] = value;
		}
		return arguments;
	}

}
