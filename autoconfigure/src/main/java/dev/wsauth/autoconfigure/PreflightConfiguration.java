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

import java.util.LinkedHashSet;
import java.util.Set;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.wsauth.handshake.OriginPolicy;
import dev.wsauth.preflight.PreflightFilter;
import dev.wsauth.preflight.PreflightHook;
import dev.wsauth.preflight.SessionIdWriter;
import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.session.SessionRotationRegistry;

/**
 * The pre-connect endpoint: {@code 204} with a rotated session cookie on an ordinary
 * response, {@code 401} when not logged in.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "wsauth.preflight.enabled", matchIfMissing = true)
class PreflightConfiguration {

	@Bean
	FilterRegistrationBean<PreflightFilter> wsAuthPreflightFilter(
			ObjectProvider<ObservationRegistry> observationRegistry, WsAuthProperties properties,
			OriginPolicy originPolicy, SessionAuthenticationResolver sessionResolver, SessionRotationRegistry rotations,
			ApplicationEventPublisher eventPublisher, ObjectProvider<PreflightHook> hooks,
			ObjectProvider<SessionIdWriter> sessionIdWriter,
			ObjectProvider<SecurityFilterProperties> securityFilterProperties, Environment environment) {
		WsAuthProperties.Preflight preflight = properties.getPreflight();
		PreflightFilter filter = new PreflightFilter(preflight.getPath(), originPolicy, sessionResolver, rotations,
				eventPublisher);
		filter.setRotate(preflight.isRotate());
		filter.setObservationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
		filter.setRotationGrace(WsAuthWiring.rotationGrace(properties));
		filter.setMaxBodySize(preflight.getMaxBodySize().toBytes());
		filter.setHooks(hooks.orderedStream().toList());
		filter.setSessionIdWriter(sessionIdWriter.getIfUnique());
		Set<String> cookieNames = new LinkedHashSet<>(Set.of("SESSION", "JSESSIONID"));
		String configuredName = WsAuthWiring.configuredServletSessionCookieName(environment);
		if (configuredName != null) {
			cookieNames.add(configuredName);
		}
		filter.setSessionCookieNames(cookieNames);
		FilterRegistrationBean<PreflightFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(WsAuthWiring.filterOrder(securityFilterProperties));
		return registration;
	}

}
