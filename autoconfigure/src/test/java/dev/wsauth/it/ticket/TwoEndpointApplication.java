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

package dev.wsauth.it.ticket;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

import dev.wsauth.it.token.TokenApplication;

/**
 * {@link TokenApplication} with a second cookie-or-ticket endpoint, {@code /ws-b}, so
 * that a ticket request must say which endpoint it is for. Spring's own origin check on
 * {@code /ws-b} lets the cross-origin client wsauth allows through.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@Import(TokenApplication.class)
class TwoEndpointApplication implements WebSocketMessageBrokerConfigurer {

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws-b").setAllowedOrigins(TicketBindingTests.SPA);
	}

}
