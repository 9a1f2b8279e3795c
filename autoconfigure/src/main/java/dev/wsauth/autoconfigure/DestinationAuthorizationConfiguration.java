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

package dev.wsauth.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.PermissionEvaluator;
import org.springframework.security.access.expression.method.MethodSecurityExpressionHandler;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.SpringAuthorizationEventPublisher;
import org.springframework.security.config.core.GrantedAuthorityDefaults;

import dev.wsauth.topic.CanonicalDestinationValidator;
import dev.wsauth.topic.DestinationAuthorizationInterceptor;
import dev.wsauth.topic.DestinationAuthorizationManager;
import dev.wsauth.topic.DestinationRuleDefinition;
import dev.wsauth.topic.DestinationRuleExpressionHandler;
import dev.wsauth.topic.DestinationRulesInitializer;
import dev.wsauth.topic.DestinationValidator;

/**
 * Authorization of every SUBSCRIBE and SEND by destination rules written as
 * {@code @PreAuthorize} expressions, from the properties and from annotated beans.
 */
@Configuration(proxyBeanMethods = false)
class DestinationAuthorizationConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DestinationValidator wsAuthDestinationValidator() {
		return new CanonicalDestinationValidator();
	}

	@Bean
	@ConditionalOnMissingBean
	DestinationAuthorizationManager wsAuthDestinationAuthorizationManager(ApplicationContext context,
			DestinationValidator validator, ObjectProvider<MethodSecurityExpressionHandler> expressionHandler,
			ObjectProvider<RoleHierarchy> roleHierarchy, ObjectProvider<PermissionEvaluator> permissionEvaluator,
			ObjectProvider<GrantedAuthorityDefaults> grantedAuthorityDefaults,
			ObjectProvider<AuthenticationTrustResolver> trustResolver) {
		// The application's own handler when it declares one; otherwise one built the way
		// method security builds its default, so that role hierarchies, permission
		// evaluators and @bean references work in rules, and whose authorization managers
		// decide the common expressions without SpEL.
		MethodSecurityExpressionHandler handler = expressionHandler.getIfUnique(() -> {
			DestinationRuleExpressionHandler defaultHandler = new DestinationRuleExpressionHandler();
			defaultHandler.setApplicationContext(context);
			roleHierarchy.ifUnique(defaultHandler::setRoleHierarchy);
			permissionEvaluator.ifUnique(defaultHandler::setPermissionEvaluator);
			grantedAuthorityDefaults
				.ifUnique((defaults) -> defaultHandler.setDefaultRolePrefix(defaults.getRolePrefix()));
			trustResolver.ifUnique(defaultHandler::setTrustResolver);
			return defaultHandler;
		});
		DestinationAuthorizationManager manager = new DestinationAuthorizationManager(handler, validator);
		// The application's resolver tells anonymous users apart for every rule, as it
		// does for its own method security.
		trustResolver.ifUnique(manager::setTrustResolver);
		return manager;
	}

	@Bean
	DestinationRulesInitializer wsAuthDestinationRulesInitializer(DestinationAuthorizationManager manager,
			WsAuthProperties properties) {
		List<DestinationRuleDefinition> definitions = new ArrayList<>();
		List<WsAuthProperties.Authorization.Rule> rules = properties.getAuthorization().getRules();
		for (int i = 0; i < rules.size(); i++) {
			WsAuthProperties.Authorization.Rule rule = rules.get(i);
			String source = "wsauth.authorization.rules[" + i + "]";
			// Validated with the properties.
			definitions.add(new DestinationRuleDefinition(rule.getCommand(),
					Objects.requireNonNull(rule.getDestination()), Objects.requireNonNull(rule.getAccess()), source));
		}
		return new DestinationRulesInitializer(manager, definitions);
	}

	@Bean
	@ConditionalOnMissingBean
	DestinationAuthorizationInterceptor wsAuthDestinationAuthorizationInterceptor(
			DestinationAuthorizationManager manager, WsAuthProperties properties, BeanFactory beanFactory,
			ApplicationEventPublisher eventPublisher,
			ObjectProvider<AuthorizationEventPublisher> authorizationEventPublisher,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		DestinationAuthorizationInterceptor interceptor = new DestinationAuthorizationInterceptor(manager,
				WsAuthWiring.clientOutboundChannel(beanFactory));
		interceptor.setDenialMode(properties.getAuthorization().getDenialMode());
		interceptor.setExposeRule(properties.getAuthorization().isExposeRule());
		interceptor.setMaxSubscriptionsPerConnection(properties.getLimits().getSubscriptionsPerConnection());
		// An application's own publisher decides, as in Spring Security, whether grants
		// are published too; Spring's default publishes denials only.
		interceptor.setAuthorizationEventPublisher(
				authorizationEventPublisher.getIfUnique(() -> new SpringAuthorizationEventPublisher(eventPublisher)));
		interceptor.setObservationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
		return interceptor;
	}

}
