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

package dev.wsauth.it;

import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.StompTestClient.HandshakeRejectedException;
import dev.wsauth.test.TestSessions;

/**
 * WebSocket endpoints an application registers itself, beside the STOMP endpoint wsauth
 * secures: a handler that allows every origin, the same with SockJS, and a
 * {@link WebSocketHttpRequestHandler} mapped directly, which Spring never checks the
 * origin of.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class OtherWebSocketEndpoints implements WebSocketConfigurer {

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(new EchoHandler(), "/raw").setAllowedOrigins("*");
		registry.addHandler(new EchoHandler(), "/raw-sockjs").setAllowedOriginPatterns("*").withSockJS();
	}

	@Bean
	SimpleUrlHandlerMapping directWebSocketHandlerMapping() {
		SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(
				Map.of("/direct", new WebSocketHttpRequestHandler(new EchoHandler())));
		mapping.setOrder(0);
		return mapping;
	}

	/**
	 * Open a plain WebSocket, offering no subprotocol.
	 * @return 101 when accepted, otherwise the status of the refusal
	 */
	static int upgradeStatus(TestSessions sessions, String path, String... headers) {
		try (StompTestClient client = StompTestClient.open(sessions.webSocketUri(path),
				StompTestClient.headers(headers), List.of())) {
			return 101;
		}
		catch (HandshakeRejectedException ex) {
			return ex.status();
		}
	}

	static final class EchoHandler extends TextWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			session.sendMessage(message);
		}

	}

}
