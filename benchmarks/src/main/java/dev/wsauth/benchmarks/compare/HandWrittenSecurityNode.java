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

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.socket.EnableWebSocketSecurity;
import org.springframework.security.messaging.access.intercept.MessageMatcherDelegatingAuthorizationManager;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;

/**
 * Variant B: what an application writes by hand without wsauth. Form login, Spring
 * Session in memory, and {@code @EnableWebSocketSecurity} with an
 * {@code AuthorizationManager<Message<?>>} holding the same destination rules as variant
 * C, anything else denied. wsauth's auto-configuration is excluded.
 *
 * <p>
 * {@code @EnableWebSocketSecurity} wants a CSRF token in CONNECT; as Spring Security
 * documents, a bean named {@code csrfChannelInterceptor} replaces that check, here with a
 * no-op interceptor (Spring Security 7.1 looks it up by that name and type).
 *
 * @author wsauth
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(excludeName = { "dev.wsauth.autoconfigure.WsAuthAutoConfiguration",
		"org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration" })
@EnableWebSocketMessageBroker
@EnableWebSocketSecurity
@EnableSpringHttpSession
@Import({ CompareNodes.StompConfiguration.class, CompareNodes.SecuredHttpConfiguration.class,
		CompareNodes.BenchController.class, CompareNodes.PingController.class })
public class HandWrittenSecurityNode {

	@Bean
	AuthorizationManager<Message<?>> messageAuthorizationManager(
			MessageMatcherDelegatingAuthorizationManager.Builder messages, Environment environment) {
		int count = environment.getProperty("bench.rules", Integer.class, 1000);
		messages.nullDestMatcher().authenticated();
		for (CompareRules.Rule rule : CompareRules.rules(count)) {
			MessageMatcherDelegatingAuthorizationManager.Builder.Constraint constraint = rule.send()
					? messages.simpMessageDestMatchers(rule.pattern())
					: messages.simpSubscribeDestMatchers(rule.pattern());
			if (rule.userRole()) {
				constraint.hasRole("USER");
			}
			else {
				constraint.authenticated();
			}
		}
		return messages.anyMessage().denyAll().build();
	}

	@Bean
	ChannelInterceptor csrfChannelInterceptor() {
		// No CSRF token in CONNECT: the upgrade carries the session cookie.
		return new ChannelInterceptor() {
		};
	}

}
