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

package dev.wsauth.limit;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;

import dev.wsauth.socket.WsAuthCloseStatus;

/**
 * Attaches the connection slot an upgrade took to its socket when the socket opens, and
 * releases it when the socket closes, whatever closes it. Registered outermost, so that
 * it sees every socket the transport opens.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class ConnectionLimitDecoratorFactory implements WebSocketHandlerDecoratorFactory {

	private static final String NOT_ADMITTED = ConnectionLimitDecoratorFactory.class.getName() + ".NOT_ADMITTED";

	private final ConnectionLimits limits;

	/**
	 * Create a factory.
	 * @param limits the connection slots of this node
	 */
	public ConnectionLimitDecoratorFactory(ConnectionLimits limits) {
		Assert.notNull(limits, "'limits' must not be null");
		this.limits = limits;
	}

	@Override
	public WebSocketHandler decorate(WebSocketHandler handler) {
		return new LimitedHandler(handler);
	}

	private final class LimitedHandler extends WebSocketHandlerDecorator {

		LimitedHandler(WebSocketHandler delegate) {
			super(delegate);
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) throws Exception {
			if (session.getAttributes()
				.get(ConnectionLimits.RESERVATION_ATTRIBUTE) instanceof ConnectionReservation reservation
					&& !ConnectionLimitDecoratorFactory.this.limits.attach(reservation, session.getId())) {
				// The slot is gone: the socket took longer to open than a slot waits.
				session.getAttributes().remove(ConnectionLimits.RESERVATION_ATTRIBUTE);
				session.getAttributes().put(NOT_ADMITTED, Boolean.TRUE);
				session.close(WsAuthCloseStatus.TOO_MANY_CONNECTIONS);
				return;
			}
			super.afterConnectionEstablished(session);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
			if (session.getAttributes()
				.remove(ConnectionLimits.RESERVATION_ATTRIBUTE) instanceof ConnectionReservation reservation) {
				ConnectionLimitDecoratorFactory.this.limits.release(reservation);
			}
			if (session.getAttributes().containsKey(NOT_ADMITTED)) {
				// Spring's handlers never saw it open.
				return;
			}
			super.afterConnectionClosed(session, closeStatus);
		}

	}

}
