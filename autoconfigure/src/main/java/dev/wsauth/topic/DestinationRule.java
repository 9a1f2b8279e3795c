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

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.ConversionService;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.spel.support.ReflectivePropertyAccessor;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.http.server.PathContainer;
import org.springframework.security.access.expression.ExpressionUtils;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.expression.method.MethodSecurityExpressionHandler;
import org.springframework.security.core.Authentication;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * One compiled rule: a command, a destination pattern and a parsed expression, evaluated
 * through the application's {@link MethodSecurityExpressionHandler}, or decided by its
 * {@link ExpressionShortcut} when it has one.
 */
final class DestinationRule {

	private static final Method PROPERTY_RULE_METHOD = ReflectionUtils.findMethod(DestinationRule.class,
			"propertyRule");

	private static final Object[] NO_ARGUMENTS = {};

	/**
	 * One accessor for every evaluation: a context's own starts with empty caches, and
	 * looking a property up again costs a {@code getMethods()} and a sort per frame.
	 */
	private static final List<PropertyAccessor> SHARED_PROPERTY_ACCESSORS = List.of(new ReflectivePropertyAccessor());

	private final DestinationCommand command;

	private final PathPattern pattern;

	private final Expression expression;

	private final String source;

	private final Object target;

	private final Method method;

	private final @Nullable String[] parameterVariables;

	private final Class<?>[] parameterTypes;

	private final @Nullable ExpressionShortcut shortcut;

	private final DestinationAuthorizationDecision granted;

	private final DestinationAuthorizationDecision denied;

	private DestinationRule(DestinationCommand command, PathPattern pattern, Expression expression, String source,
			@Nullable Object target, @Nullable Method method, @Nullable String[] parameterVariables,
			@Nullable ExpressionShortcut shortcut) {
		this.command = command;
		this.pattern = pattern;
		this.expression = expression;
		this.source = source;
		this.target = (target != null) ? target : this;
		this.method = (method != null) ? method : PROPERTY_RULE_METHOD;
		this.parameterVariables = parameterVariables;
		this.parameterTypes = this.method.getParameterTypes();
		this.shortcut = shortcut;
		// Decisions are immutable: one of each per rule, none built per frame.
		this.granted = DestinationAuthorizationDecision.granted(describe());
		this.denied = DestinationAuthorizationDecision.denied(DenialReason.FORBIDDEN, describe());
	}

	static DestinationRule ofExpression(DestinationCommand command, PathPattern pattern, Expression expression,
			String source, @Nullable ExpressionShortcut shortcut) {
		return new DestinationRule(command, pattern, expression, source, null, null, new String[0], shortcut);
	}

	static DestinationRule ofMethod(DestinationCommand command, PathPattern pattern, Expression expression,
			String source, Object target, Method method, String[] parameterVariables,
			@Nullable ExpressionShortcut shortcut) {
		return new DestinationRule(command, pattern, expression, source, target, method, parameterVariables, shortcut);
	}

	boolean hasShortcut() {
		return this.shortcut != null;
	}

	DestinationCommand command() {
		return this.command;
	}

	PathPattern pattern() {
		return this.pattern;
	}

	String source() {
		return this.source;
	}

	DestinationRuleDefinition definition() {
		return new DestinationRuleDefinition(this.command, this.pattern.getPatternString(),
				this.expression.getExpressionString(), this.source);
	}

	String describe() {
		return this.command + " " + this.pattern.getPatternString();
	}

	DestinationAuthorizationDecision decision(boolean granted) {
		return granted ? this.granted : this.denied;
	}

	@Nullable Map<String, String> match(PathContainer destination) {
		PathPattern.PathMatchInfo info = this.pattern.matchAndExtract(destination);
		return (info != null) ? info.getUriVariables() : null;
	}

	boolean evaluate(Supplier<? extends @Nullable Authentication> authentication, Map<String, String> variables,
			MethodSecurityExpressionHandler handler, ConversionService conversionService) {
		Object[] arguments = (this.parameterTypes.length != 0) ? new Object[this.parameterTypes.length] : NO_ARGUMENTS;
		for (int i = 0; i < arguments.length; i++) {
			String value = variables.get(this.parameterVariables[i]);
			// Variables reach the expression as typed data, never as expression text.
			arguments[i] = conversionService.convert(value, this.parameterTypes[i]);
		}
		SimpleMethodInvocation invocation = new SimpleMethodInvocation(this.target, this.method, arguments);
		if (this.shortcut != null) {
			// After the conversions: a variable its method cannot take still denies.
			return this.shortcut.decide(authentication, invocation);
		}
		@SuppressWarnings("unchecked")
		EvaluationContext context = handler.createEvaluationContext((Supplier<Authentication>) authentication,
				invocation);
		shareDefaultPropertyAccessor(handler, context);
		// Every destination variable is #name: converted when a parameter binds it (even
		// under another Java name, through @DestinationVariable), as text otherwise.
		for (int i = 0; i < arguments.length; i++) {
			context.setVariable(this.parameterVariables[i], arguments[i]);
		}
		for (Map.Entry<String, String> variable : variables.entrySet()) {
			if (!isParameter(variable.getKey())) {
				context.setVariable(variable.getKey(), variable.getValue());
			}
		}
		return ExpressionUtils.evaluateAsBoolean(this.expression, context);
	}

	private static void shareDefaultPropertyAccessor(MethodSecurityExpressionHandler handler,
			EvaluationContext context) {
		// Only for Spring Security's own handler, whose contexts have the default
		// accessor
		// alone; a subclass may have configured others.
		Class<?> type = handler.getClass();
		if ((type == DestinationRuleExpressionHandler.class || type == DefaultMethodSecurityExpressionHandler.class)
				&& context instanceof StandardEvaluationContext standard) {
			standard.setPropertyAccessors(SHARED_PROPERTY_ACCESSORS);
		}
	}

	private boolean isParameter(String name) {
		for (String parameter : this.parameterVariables) {
			if (name.equals(parameter)) {
				return true;
			}
		}
		return false;
	}

	@SuppressWarnings("unused")
	private void propertyRule() {
	}

}
