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

package dev.wsauth.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompBrokerRelayMessageHandler;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;

import dev.wsauth.session.InMemorySessionRotationRegistry;
import dev.wsauth.session.SessionRotationRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default profile needs no external service: in-memory sessions, the simple broker,
 * no Redis client, although Redis and the relay are on the classpath for the
 * {@code cluster} profile.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DefaultProfileTests {

	@Autowired
	ApplicationContext context;

	@Test
	void sessionsAreInMemoryAndTheBrokerIsTheSimpleBroker() {
		assertThat(this.context.getBean(SessionRepository.class)).isInstanceOf(MapSessionRepository.class);
		assertThat(this.context.getBean(SessionRotationRegistry.class))
			.isInstanceOf(InMemorySessionRotationRegistry.class);
		assertThat(this.context.getBeanProvider(SimpleBrokerMessageHandler.class).getIfAvailable()).isNotNull();
		assertThat(this.context.getBeanProvider(StompBrokerRelayMessageHandler.class).getIfAvailable()).isNull();
		assertThat(this.context.getBeanProvider(RedisConnectionFactory.class).getIfAvailable()).isNull();
	}

}
