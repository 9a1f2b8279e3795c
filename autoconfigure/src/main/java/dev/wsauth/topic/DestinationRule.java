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
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.ConversionService;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.http.server.PathContainer;
import org.springframework.security.access.expression.ExpressionUtils;
import org.springframework.security.access.expression.method.MethodSecurityExpressionHandler;
import org.springframework.security.core.Authentication;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * One compiled rule: a command, a destination pattern and a parsed expression, evaluated
 * through the application's {@link MethodSecurityExpressionHandler}.
 */
final class DestinationRule {

	private static final Method PROPERTY_RULE_METHOD = ReflectionUtils.findMethod(DestinationRule.class,
			"propertyRule");

	private final DestinationCommand command;

	private final PathPattern pattern;

	private final Expression expression;

	private final String source;

	private final Object target;

	private final Method method;

	private final @Nullable String[] parameterVariables;

	private final Class<?>[] parameterTypes;

	private DestinationRule(DestinationCommand command, PathPattern pattern, Expression expression, String source,
			@Nullable Object target, @Nullable Method method, @Nullable String[] parameterVariables) {
		this.command = command;
		this.pattern = pattern;
		this.expression = expression;
		this.source = source;
		this.target = (target != null) ? target : this;
		this.method = (method != null) ? method : PROPERTY_RULE_METHOD;
		this.parameterVariables = parameterVariables;
		this.parameterTypes = this.method.getParameterTypes();
	}

	static DestinationRule ofExpression(DestinationCommand command, PathPattern pattern, Expression expression,
			String source) {
		return new DestinationRule(command, pattern, expression, source, null, null, new String[0]);
	}

	static DestinationRule ofMethod(DestinationCommand command, PathPattern pattern, Expression expression,
			String source, Object target, Method method, String[] parameterVariables) {
		return new DestinationRule(command, pattern, expression, source, target, method, parameterVariables);
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

	String describe() {
		return this.command + " " + this.pattern.getPatternString();
	}

	@Nullable Map<String, String> match(PathContainer destination) {
		PathPattern.PathMatchInfo info = this.pattern.matchAndExtract(destination);
		return (info != null) ? info.getUriVariables() : null;
	}

	boolean evaluate(Supplier<? extends @Nullable Authentication> authentication, Map<String, String> variables,
			MethodSecurityExpressionHandler handler, ConversionService conversionService) {
		Object[] arguments = new Object[this.parameterTypes.length];
		for (int i = 0; i < arguments.length; i++) {
			String value = variables.get(this.parameterVariables[i]);
			// Variables reach the expression as typed data, never as expression text.
			arguments[i] = conversionService.convert(value, this.parameterTypes[i]);
		}
		SimpleMethodInvocation invocation = new SimpleMethodInvocation(this.target, this.method, arguments);
		@SuppressWarnings("unchecked")
		EvaluationContext context = handler.createEvaluationContext((Supplier<Authentication>) authentication,
				invocation);
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
