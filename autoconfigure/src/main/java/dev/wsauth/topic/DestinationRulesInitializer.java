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
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PatternParseException;
import org.springframework.web.util.pattern.PathPatternParser;

import dev.wsauth.socket.UserDestinations;

/**
 * Compiles the destination rules, from rule definitions and from
 * {@link SubscribeRule @SubscribeRule} and {@link SendRule @SendRule} methods on beans,
 * into the {@link DestinationAuthorizationManager} once every singleton exists.
 * Expressions are parsed here, once. Invalid, duplicate or conflicting rules fail startup
 * with a message that names both declarations.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class DestinationRulesInitializer implements SmartInitializingSingleton, BeanFactoryAware {

	private static final Pattern VARIABLE = Pattern.compile("\\{(\\*?)([^}:/]+)(?::[^}]*)?}");

	private static final String USER_DESTINATION_RESOLVER_BEAN_NAME = "userDestinationResolver";

	private final DestinationAuthorizationManager manager;

	private final List<DestinationRuleDefinition> definitions;

	private final PathPatternParser parser = new PathPatternParser();

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private ConversionService conversionService = DefaultConversionService.getSharedInstance();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	/**
	 * Create an initializer.
	 * @param manager the manager to initialize
	 * @param definitions the rules declared as data
	 */
	public DestinationRulesInitializer(DestinationAuthorizationManager manager,
			List<DestinationRuleDefinition> definitions) {
		Assert.notNull(manager, "'manager' must not be null");
		Assert.notNull(definitions, "'definitions' must not be null");
		this.manager = manager;
		this.definitions = List.copyOf(definitions);
	}

	/**
	 * Set the conversion service that checks rule method parameter types.
	 * @param conversionService the conversion service
	 */
	public void setConversionService(ConversionService conversionService) {
		this.conversionService = conversionService;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (beanFactory instanceof ConfigurableListableBeanFactory listable) ? listable : null;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<DestinationRule> rules = new ArrayList<>();
		for (DestinationRuleDefinition definition : this.definitions) {
			Expression expression = expression(definition.expression(), definition.source());
			rules.add(
					DestinationRule.ofExpression(definition.command(), parse(definition.pattern(), definition.source()),
							expression, definition.source(), shortcut(expression)));
		}
		if (this.beanFactory != null) {
			collectAnnotatedRules(this.beanFactory, rules);
			this.manager.setUserDestinationPrefix(userDestinationPrefix(this.beanFactory));
		}
		checkForDuplicates(rules);
		rules.sort(Comparator.comparing(DestinationRule::pattern, PathPattern.SPECIFICITY_COMPARATOR));
		this.manager.setRules(rules);
	}

	private void collectAnnotatedRules(ConfigurableListableBeanFactory beanFactory, List<DestinationRule> rules) {
		for (String beanName : beanFactory.getBeanNamesForType(Object.class, false, false)) {
			if (ScopedProxyUtils.isScopedTarget(beanName)) {
				continue;
			}
			Class<?> type = AutoProxyUtils.determineTargetClass(beanFactory, beanName);
			if (type == null || !AnnotationUtils.isCandidateClass(type, List.of(SubscribeRule.class, SendRule.class))) {
				continue;
			}
			Map<Method, Boolean> methods = MethodIntrospector
				.selectMethods(type, (MethodIntrospector.MetadataLookup<Boolean>) (
						method) -> (AnnotatedElementUtils.hasAnnotation(method, SubscribeRule.class)
								|| AnnotatedElementUtils.hasAnnotation(method, SendRule.class)) ? Boolean.TRUE : null);
			if (methods.isEmpty()) {
				continue;
			}
			Object bean = beanFactory.getBean(beanName);
			for (Method method : methods.keySet()) {
				SubscribeRule subscribe = AnnotatedElementUtils.findMergedAnnotation(method, SubscribeRule.class);
				if (subscribe != null) {
					rules.add(methodRule(DestinationCommand.SUBSCRIBE, subscribe.value(), bean, method));
				}
				SendRule send = AnnotatedElementUtils.findMergedAnnotation(method, SendRule.class);
				if (send != null) {
					rules.add(methodRule(DestinationCommand.SEND, send.value(), bean, method));
				}
			}
		}
	}

	private DestinationRule methodRule(DestinationCommand command, String patternString, Object bean, Method method) {
		String source = method.getDeclaringClass().getName() + "#" + method.getName();
		PreAuthorize preAuthorize = AnnotatedElementUtils.findMergedAnnotation(method, PreAuthorize.class);
		if (preAuthorize == null) {
			throw new IllegalStateException(source + " declares a destination rule but no @PreAuthorize expression");
		}
		PathPattern pattern = parse(patternString, source);
		Set<String> variables = variables(patternString);
		String[] names = this.parameterNames.getParameterNames(method);
		Parameter[] parameters = method.getParameters();
		String[] bindings = new String[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			DestinationVariable annotation = parameters[i].getAnnotation(DestinationVariable.class);
			String name = (annotation != null && StringUtils.hasText(annotation.value())) ? annotation.value()
					: ((names != null) ? names[i] : null);
			if (name == null || !variables.contains(name)) {
				throw new IllegalStateException(source + ": parameter " + (i + 1) + " ("
						+ ((name != null) ? name : "name unknown; compile with -parameters")
						+ ") matches no variable of " + patternString + " " + variables);
			}
			if (!this.conversionService.canConvert(String.class, parameters[i].getType())) {
				throw new IllegalStateException(source + ": parameter '" + name + "' of type "
						+ parameters[i].getType().getName() + " cannot be converted from a destination variable");
			}
			bindings[i] = name;
		}
		Expression expression = expression(preAuthorize.value(), source);
		return DestinationRule.ofMethod(command, pattern, expression, source, bean, method, bindings,
				shortcut(expression));
	}

	private PathPattern parse(String pattern, String source) {
		if (!pattern.startsWith("/")) {
			throw new IllegalStateException(source + ": destination pattern '" + pattern + "' must start with '/'");
		}
		try {
			return this.parser.parse(pattern);
		}
		catch (PatternParseException ex) {
			throw new IllegalStateException(
					source + ": invalid destination pattern '" + pattern + "': " + ex.getMessage(), ex);
		}
	}

	private Expression expression(String expression, String source) {
		try {
			return this.manager.getExpressionHandler().getExpressionParser().parseExpression(expression);
		}
		catch (ParseException ex) {
			throw new IllegalStateException(source + ": invalid expression '" + expression + "': " + ex.getMessage(),
					ex);
		}
	}

	private @Nullable ExpressionShortcut shortcut(Expression expression) {
		return ExpressionShortcut.of(expression, this.manager.getExpressionHandler());
	}

	private static Set<String> variables(String pattern) {
		Set<String> variables = new LinkedHashSet<>();
		Matcher matcher = VARIABLE.matcher(pattern);
		while (matcher.find()) {
			variables.add(matcher.group(2));
		}
		return variables;
	}

	private static void checkForDuplicates(List<DestinationRule> rules) {
		Map<String, DestinationRule> seen = new LinkedHashMap<>();
		for (DestinationRule rule : rules) {
			String key = rule.command() + " " + VARIABLE.matcher(rule.pattern().getPatternString()).replaceAll("{$1}");
			DestinationRule existing = seen.putIfAbsent(key, rule);
			if (existing != null) {
				throw new IllegalStateException("Duplicate destination rules for " + rule.describe() + ": declared by "
						+ existing.source() + " and by " + rule.source());
			}
		}
	}

	private static String userDestinationPrefix(ConfigurableListableBeanFactory beanFactory) {
		return UserDestinations.prefixOf(beanFactory.containsBean(USER_DESTINATION_RESOLVER_BEAN_NAME)
				? beanFactory.getBean(USER_DESTINATION_RESOLVER_BEAN_NAME) : null);
	}

}
