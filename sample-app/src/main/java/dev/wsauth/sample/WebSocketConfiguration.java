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

import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * STOMP over plain WebSocket at {@code /ws}, and at {@code /ws-connect} for clients that
 * authenticate in the CONNECT frame. Nothing here mentions wsauth: the starter secures
 * the endpoints as registered.
 *
 * @author wsauth
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class WebSocketConfiguration implements WebSocketMessageBrokerConfigurer {

	private final Environment environment;

	WebSocketConfiguration(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws");
		// Listed in wsauth.connect-authentication.endpoints: the CONNECT frame
		// authenticates.
		registry.addEndpoint("/ws-connect");
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.setApplicationDestinationPrefixes("/app");
		if (this.environment.getProperty("sample.relay.enabled", Boolean.class, false)) {
			// The cluster profile: every node relays to one RabbitMQ, so a message sent
			// on any node reaches subscribers on all of them.
			registry.enableStompBrokerRelay("/topic", "/queue")
				.setRelayHost(this.environment.getProperty("sample.relay.host", "localhost"))
				.setRelayPort(this.environment.getProperty("sample.relay.port", Integer.class, 61613))
				.setClientLogin(this.environment.getProperty("sample.relay.login", "guest"))
				.setClientPasscode(this.environment.getProperty("sample.relay.passcode", "guest"))
				.setSystemLogin(this.environment.getProperty("sample.relay.login", "guest"))
				.setSystemPasscode(this.environment.getProperty("sample.relay.passcode", "guest"))
				.setUserDestinationBroadcast("/topic/unresolved-user-destination")
				.setUserRegistryBroadcast("/topic/simp-user-registry");
		}
		else {
			registry.enableSimpleBroker("/topic", "/queue");
		}
		registry.setUserDestinationPrefix("/user");
	}

}
