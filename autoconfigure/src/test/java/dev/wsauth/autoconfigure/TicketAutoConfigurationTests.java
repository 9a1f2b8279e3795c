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

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.websocket.autoconfigure.servlet.WebSocketMessagingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

import dev.wsauth.ticket.InMemoryTicketStore;
import dev.wsauth.redis.RedisTicketStore;
import dev.wsauth.ticket.TicketFilter;
import dev.wsauth.ticket.TicketService;
import dev.wsauth.ticket.TicketStore;

import static org.assertj.core.api.Assertions.assertThat;

class TicketAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebSocketMessagingAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				SecurityFilterAutoConfiguration.class, WsAuthAutoConfiguration.class))
		.withUserConfiguration(BrokerConfiguration.class);

	@Test
	void ticketEndpointRunsAheadOfSpringSecurityOnTheDefaultPath() {
		this.contextRunner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("wsAuthTicketFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOfSatisfying(TicketFilter.class,
					(filter) -> assertThat(filter.getPath()).isEqualTo("/__ws/ticket"));
			assertThat(registration.getOrder()).isLessThan(SecurityFilterProperties.DEFAULT_FILTER_ORDER);
		});
	}

	@Test
	void ticketPathIsConfigurable() {
		this.contextRunner.withPropertyValues("wsauth.ticket.path=/auth/ticket")
			.run((context) -> assertThat(
					((TicketFilter) context.getBean("wsAuthTicketFilter", FilterRegistrationBean.class).getFilter())
						.getPath())
				.isEqualTo("/auth/ticket"));
	}

	@Test
	void ticketsCanBeDisabled() {
		this.contextRunner.withPropertyValues("wsauth.ticket.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(TicketService.class);
			assertThat(context).doesNotHaveBean(TicketStore.class);
			assertThat(context).doesNotHaveBean("wsAuthTicketFilter");
		});
	}

	@Test
	void ticketsAreKeptInMemoryWithoutRedis() {
		this.contextRunner
			.run((context) -> assertThat(context).getBean(TicketStore.class).isInstanceOf(InMemoryTicketStore.class));
	}

	@Test
	void ticketsAreKeptInRedisWhenTheApplicationHasRedis() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class)
			.run((context) -> assertThat(context).getBean(TicketStore.class).isInstanceOf(RedisTicketStore.class));
	}

	@Test
	void ticketsStayInMemoryWithoutSpringDataRedis() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class)
			.withClassLoader(new FilteredClassLoader(StringRedisTemplate.class))
			.run((context) -> assertThat(context).getBean(TicketStore.class).isInstanceOf(InMemoryTicketStore.class));
	}

	@Test
	void applicationTicketStoreWins() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class, CustomStoreConfiguration.class)
			.run((context) -> assertThat(context).getBean(TicketStore.class)
				.isSameAs(context.getBean(CustomStoreConfiguration.class).store));
	}

	@Test
	void timeToLiveAboveFiveMinutesFailsStartup() {
		this.contextRunner.withPropertyValues("wsauth.ticket.time-to-live=6m")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	static class BrokerConfiguration implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/ws");
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/topic");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RedisConfiguration {

		@Bean
		RedisConnectionFactory redisConnectionFactory() {
			// Never started: nothing here talks to Redis.
			return new LettuceConnectionFactory();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomStoreConfiguration {

		final TicketStore store = new InMemoryTicketStore();

		@Bean
		TicketStore customTicketStore() {
			return this.store;
		}

	}

}
