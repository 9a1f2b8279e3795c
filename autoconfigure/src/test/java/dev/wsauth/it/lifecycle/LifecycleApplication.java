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

package dev.wsauth.it.lifecycle;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * An application whose session store the tests choose: in memory (profile
 * {@code memory}), or whatever Spring Boot configures from the classpath and properties
 * (JDBC, Redis). Counts the saves of every session, whatever the store.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableWebSocketMessageBroker
class LifecycleApplication implements WebSocketMessageBrokerConfigurer {

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
				(requests) -> requests.requestMatchers("/login", "/error").permitAll().anyRequest().authenticated());
		http.formLogin(Customizer.withDefaults());
		http.csrf((csrf) -> csrf.spa());
		return http.build();
	}

	@Bean
	UserDetailsService userDetailsService() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
				User.withUsername("bob").password("{noop}bob-pw").roles("USER").build());
	}

	@Bean
	static SaveCounter saveCounter() {
		return new SaveCounter();
	}

	/**
	 * In-memory Spring Session, as an application declares it.
	 */
	@Configuration(proxyBeanMethods = false)
	@Profile("memory")
	@EnableSpringHttpSession
	static class InMemorySessions {

		@Bean
		MapSessionRepository sessionRepository() {
			MapSessionRepository repository = new MapSessionRepository(new ConcurrentHashMap<>());
			repository.setDefaultMaxInactiveInterval(Duration.ofSeconds(2));
			return repository;
		}

	}

	/**
	 * Wraps the session repository, keeping its class, and counts saves per session id.
	 * It can also hold back the keep-alive's saves, as a slow thread or store would,
	 * between the touch's read and its write.
	 */
	static final class SaveCounter implements BeanPostProcessor {

		private final Map<String, AtomicInteger> saves = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> requestReads = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> requestSaves = new ConcurrentHashMap<>();

		private volatile Duration keepAliveSaveDelay = Duration.ZERO;

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (!(bean instanceof SessionRepository<?>)) {
				return bean;
			}
			ProxyFactory factory = new ProxyFactory(bean);
			factory.setProxyTargetClass(true);
			factory.addAdvice((MethodInterceptor) (invocation) -> {
				countRequestCall(invocation.getMethod().getName(), invocation.getArguments());
				if (invocation.getMethod().getName().equals("save") && invocation.getArguments().length == 1
						&& invocation.getArguments()[0] instanceof Session session) {
					this.saves.computeIfAbsent(session.getId(), (id) -> new AtomicInteger()).incrementAndGet();
					Duration delay = this.keepAliveSaveDelay;
					if (!delay.isZero() && Thread.currentThread().getName().startsWith("wsauth-session-keep-alive")) {
						Thread.sleep(delay.toMillis());
					}
				}
				return invocation.proceed();
			});
			return factory.getProxy();
		}

		/**
		 * Count the reads and saves an HTTP request makes itself, on a container thread:
		 * not the keep-alive's or the session end monitor's.
		 */
		private void countRequestCall(String method, Object[] arguments) {
			if (arguments.length != 1 || !Thread.currentThread().getName().startsWith("http-")) {
				return;
			}
			if (method.equals("findById") && arguments[0] instanceof String id) {
				this.requestReads.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
			}
			else if (method.equals("save") && arguments[0] instanceof Session session) {
				this.requestSaves.computeIfAbsent(session.getId(), (key) -> new AtomicInteger()).incrementAndGet();

			}
		}

		int requestReadsOf(String sessionId) {
			AtomicInteger count = this.requestReads.get(sessionId);
			return (count != null) ? count.get() : 0;
		}

		int requestSavesOf(String sessionId) {
			AtomicInteger count = this.requestSaves.get(sessionId);
			return (count != null) ? count.get() : 0;
		}

		void delayKeepAliveSaves(Duration delay) {
			this.keepAliveSaveDelay = delay;
		}

		int savesOf(String sessionId) {
			AtomicInteger count = this.saves.get(sessionId);
			return (count != null) ? count.get() : 0;
		}

	}

}
