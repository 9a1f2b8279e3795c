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

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

import dev.wsauth.frame.StompFrameGuard;

/**
 * The guard against malformed and oversized frames, installed in Spring's STOMP handler
 * before the first connection.
 */
@Configuration(proxyBeanMethods = false)
class FrameConfiguration {

	private static final String SUB_PROTOCOL_HANDLER_BEAN_NAME = "subProtocolWebSocketHandler";

	@Bean
	StompFrameGuard wsAuthStompFrameGuard(BeanFactory beanFactory, WsAuthProperties properties) {
		StompFrameGuard guard = new StompFrameGuard(WsAuthWiring.clientOutboundChannel(beanFactory));
		guard.setMessageSizeLimit((int) properties.getLimits().getMessageSize().toBytes());
		Integer framesPerSecond = properties.getLimits().getFramesPerSecond();
		if (framesPerSecond != null) {
			guard.setFramesPerSecond(framesPerSecond);
		}
		return guard;
	}

	@Bean
	SmartInitializingSingleton wsAuthStompFrameGuardInstaller(BeanFactory beanFactory, StompFrameGuard guard) {
		return () -> {
			if (!beanFactory.containsBean(SUB_PROTOCOL_HANDLER_BEAN_NAME) || !(beanFactory
				.getBean(SUB_PROTOCOL_HANDLER_BEAN_NAME) instanceof SubProtocolWebSocketHandler handler)) {
				return;
			}
			for (SubProtocolHandler protocolHandler : handler.getProtocolHandlers()) {
				if (protocolHandler instanceof StompSubProtocolHandler stomp) {
					guard.install(stomp);
				}
			}
		};
	}

}
