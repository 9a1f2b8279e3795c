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

package dev.wsauth.session;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.springframework.util.Assert;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;

import dev.wsauth.socket.WsAuthAttributes;

/**
 * Reports every inbound WebSocket message to a {@link SessionKeepAlive}, keyed by the
 * HTTP session the socket is bound to. STOMP heart-beats (a message of only end-of-line
 * characters) and WebSocket pings and pongs count only if configured: an idle tab sends
 * heart-beats forever, so counting them would keep its session alive forever.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SessionKeepAliveDecoratorFactory implements WebSocketHandlerDecoratorFactory {

	private final Consumer<String> keepAlive;

	private final boolean heartbeats;

	/**
	 * Create a factory.
	 * @param keepAlive called with the HTTP session id of a socket on each inbound
	 * message, typically {@link SessionKeepAlive#activity(String)}
	 * @param heartbeats whether heart-beats count as activity
	 */
	public SessionKeepAliveDecoratorFactory(Consumer<String> keepAlive, boolean heartbeats) {
		Assert.notNull(keepAlive, "'keepAlive' must not be null");
		this.keepAlive = keepAlive;
		this.heartbeats = heartbeats;
	}

	@Override
	public WebSocketHandler decorate(WebSocketHandler handler) {
		return new KeepAliveHandler(handler, this.keepAlive, this.heartbeats);
	}

	static boolean isHeartbeat(WebSocketMessage<?> message) {
		if (message instanceof PingMessage || message instanceof PongMessage) {
			return true;
		}
		if (message instanceof TextMessage text) {
			String payload = text.getPayload();
			for (int i = 0; i < payload.length(); i++) {
				char c = payload.charAt(i);
				if (c != '\n' && c != '\r') {
					return false;
				}
			}
			return true;
		}
		if (message instanceof BinaryMessage binary) {
			ByteBuffer payload = binary.getPayload();
			for (int i = payload.position(); i < payload.limit(); i++) {
				byte b = payload.get(i);
				if (b != '\n' && b != '\r') {
					return false;
				}
			}
			return true;
		}
		return false;
	}

	private static final class KeepAliveHandler extends WebSocketHandlerDecorator {

		private final Consumer<String> keepAlive;

		private final boolean heartbeats;

		KeepAliveHandler(WebSocketHandler delegate, Consumer<String> keepAlive, boolean heartbeats) {
			super(delegate);
			this.keepAlive = keepAlive;
			this.heartbeats = heartbeats;
		}

		@Override
		public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
			if (this.heartbeats || !isHeartbeat(message)) {
				String httpSessionId = WsAuthAttributes.httpSessionId(session.getAttributes());
				if (httpSessionId != null) {
					this.keepAlive.accept(httpSessionId);
				}
			}
			super.handleMessage(session, message);
		}

	}

}
