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

import java.util.function.Consumer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.LogoutConfigurer;
import org.springframework.session.SessionRepository;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.session.ServletSessionRegistry;
import dev.wsauth.session.SessionEndedLogoutHandler;
import dev.wsauth.session.SessionRotationRegistry;
import dev.wsauth.session.SessionTerminator;

/**
 * A logout ends the session's whole family and closes its sockets, in every filter chain.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(LogoutConfigurer.class)
@ConditionalOnBooleanProperty(name = "wsauth.session.close-on-end", matchIfMissing = true)
class LogoutConfiguration {

	/**
	 * Spring Security applies {@code Customizer<LogoutConfigurer>} beans to every
	 * {@code HttpSecurity}, so each filter chain's logout closes the session's sockets
	 * before invalidating it.
	 */
	@Bean
	Customizer<LogoutConfigurer<HttpSecurity>> wsAuthLogoutCustomizer(ConnectionRegistry registry,
			SessionTerminator terminator, SessionRotationRegistry rotations,
			ObjectProvider<SessionRepository<?>> sessionRepository, ServletSessionRegistry servletSessions) {
		Consumer<String> deleter = (id) -> {
			SessionRepository<?> repository = sessionRepository.getIfUnique();
			if (repository != null) {
				repository.deleteById(id);
			}
			else {
				servletSessions.invalidate(id);
			}
		};
		SessionEndedLogoutHandler handler = new SessionEndedLogoutHandler(registry, terminator, rotations, deleter);
		return (logout) -> logout.addLogoutHandler(handler);
	}

}
