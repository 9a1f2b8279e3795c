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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.UserDetailsService;

import dev.wsauth.actuate.WsAuthEndpoint;
import dev.wsauth.revocation.WebSocketRevocations;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.topic.DestinationAuthorizationManager;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code wsauth} Actuator
 * endpoint. Like every sensitive endpoint it is not exposed by default: include
 * {@code wsauth} in {@code management.endpoints.web.exposure.include}, and secure it.
 *
 * @author wsauth
 * @since 0.1.0
 */
@AutoConfiguration(after = WsAuthAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnAvailableEndpoint(WsAuthEndpoint.class)
@ConditionalOnBean({ DestinationAuthorizationManager.class, ConnectionRegistry.class, WebSocketRevocations.class })
public final class WsAuthEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WsAuthEndpoint wsAuthEndpoint(DestinationAuthorizationManager authorizationManager, ConnectionRegistry registry,
			WebSocketRevocations revocations, ObjectProvider<UserDetailsService> userDetailsService) {
		WsAuthEndpoint endpoint = new WsAuthEndpoint(authorizationManager, registry, revocations);
		endpoint.setUserDetailsService(userDetailsService.getIfUnique());
		return endpoint;
	}

}
