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

package dev.wsauth.socket;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;

/**
 * Registers every WebSocket connection with the {@link ConnectionRegistry} for as long as
 * it is open, and hands Spring's handlers the tracked session, so that the principal and
 * close codes wsauth chose are the ones they use.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class ConnectionTrackingDecoratorFactory implements WebSocketHandlerDecoratorFactory {

	private final ConnectionRegistry registry;

	/**
	 * Create a factory for the given registry.
	 * @param registry the registry
	 */
	public ConnectionTrackingDecoratorFactory(ConnectionRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
	}

	@Override
	public WebSocketHandler decorate(WebSocketHandler handler) {
		return new TrackingHandler(handler, this.registry);
	}

	private static final class TrackingHandler extends WebSocketHandlerDecorator {

		private final ConnectionRegistry registry;

		TrackingHandler(WebSocketHandler delegate, ConnectionRegistry registry) {
			super(delegate);
			this.registry = registry;
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) throws Exception {
			if (!WebSocketSessionIds.isSafe(session.getId())) {
				// SockJS takes the session id from the client's URL; Spring appends it to
				// resolved user destinations, where '*' or '{' would make a pattern that
				// reads other users' queues.
				session.close(CloseStatus.POLICY_VIOLATION.withReason("invalid session id"));
				return;
			}
			super.afterConnectionEstablished(this.registry.register(session));
		}

		@Override
		public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
			super.handleMessage(tracked(session), message);
		}

		@Override
		public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
			super.handleTransportError(tracked(session), exception);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
			WebSocketSession tracked = this.registry.closed(session.getId(), closeStatus);
			if (tracked == null && !WebSocketSessionIds.isSafe(session.getId())) {
				return;
			}
			super.afterConnectionClosed((tracked != null) ? tracked : session, closeStatus);
		}

		private WebSocketSession tracked(WebSocketSession session) {
			WebSocketSession tracked = this.registry.tracked(session.getId());
			return (tracked != null) ? tracked : session;
		}

	}

}
