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

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

/**
 * In-memory Spring Session, the embedded default. Off in the {@code cluster} profile,
 * where Spring Boot's Spring Session Data Redis auto-configuration keeps sessions in
 * Redis instead.
 *
 * @author wsauth
 */
@Configuration(proxyBeanMethods = false)
@EnableSpringHttpSession
@Profile("!cluster")
class SessionConfiguration {

	@Bean
	@ConditionalOnMissingBean(SessionRepository.class)
	MapSessionRepository sessionRepository(SessionProperties properties) {
		MapSessionRepository repository = new MapSessionRepository(new ConcurrentHashMap<>());
		Duration timeout = properties.getTimeout();
		repository.setDefaultMaxInactiveInterval((timeout != null) ? timeout : Duration.ofMinutes(30));
		return repository;
	}

}
