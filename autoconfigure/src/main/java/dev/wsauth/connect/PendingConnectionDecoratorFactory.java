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
package dev.wsauth.connect;

import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessageChannel;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;

import dev.wsauth.socket.ClientFrameSender;
import dev.wsauth.socket.WsAuthAttributes;
import dev.wsauth.socket.WsAuthCloseStatus;

/**
 * Guards connections opened on a CONNECT-authentication endpoint at the WebSocket level,
 * before Spring's STOMP handler sees their messages. A connection is admitted by the
 * {@link PendingConnections} when it is established (closed with 1013 when too many are
 * pending) and released when it closes. Until it authenticates, a message whose first
 * frame is not CONNECT (or STOMP) is refused with a STOMP ERROR and close code 4001, and
 * nothing it sends afterwards is processed; a heart-beat is ignored, and the CONNECT
 * frame must arrive complete in one WebSocket message. Once it has authenticated, a
 * message that starts with a second CONNECT is refused the same way, because the identity
 * of a connection never changes.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class PendingConnectionDecoratorFactory implements WebSocketHandlerDecoratorFactory {

	private final PendingConnections pendingConnections;

	private final ClientFrameSender frames;

	/**
	 * Create a factory.
	 * @param pendingConnections the pending connections
	 * @param clientOutboundChannel supplies the channel that carries frames to clients
	 */
	public PendingConnectionDecoratorFactory(PendingConnections pendingConnections,
			Supplier<@Nullable MessageChannel> clientOutboundChannel) {
		Assert.notNull(pendingConnections, "'pendingConnections' must not be null");
		this.pendingConnections = pendingConnections;
		this.frames = new ClientFrameSender(clientOutboundChannel);
	}

	@Override
	public WebSocketHandler decorate(WebSocketHandler handler) {
		return new PendingConnectionHandler(handler);
	}

	private final class PendingConnectionHandler extends WebSocketHandlerDecorator {

		PendingConnectionHandler(WebSocketHandler delegate) {
			super(delegate);
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) throws Exception {
			if (WsAuthAttributes.isAuthenticationPending(session.getAttributes())
					&& !PendingConnectionDecoratorFactory.this.pendingConnections.admit(session)) {
				// Lost the race against other upgrades for the last slot: the upgrade was
				// let through, the connection is not. Spring's handlers never see it.
				session.getAttributes().put(ConnectFrames.NOT_ADMITTED, Boolean.TRUE);
				session.close(WsAuthCloseStatus.TRY_AGAIN_LATER);
				return;
			}
			super.afterConnectionEstablished(session);
		}

		@Override
		public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
			Map<String, Object> attributes = session.getAttributes();
			if (WsAuthAttributes.isRefused(attributes) || attributes.containsKey(ConnectFrames.NOT_ADMITTED)) {
				return;
			}
			if (WsAuthAttributes.isAuthenticationPending(attributes)) {
				ConnectFrames.FirstFrame first = ConnectFrames.classifyPending(message);
				if (first == ConnectFrames.FirstFrame.HEARTBEAT) {
					// Nothing to process, and Spring would treat it as a frame of an
					// unknown STOMP session.
					return;
				}
				if (first != ConnectFrames.FirstFrame.CONNECT) {
					refuse(session);
					return;
				}
			}
			else if (attributes.containsKey(ConnectFrames.CONNECT_AUTHENTICATED)
					&& ConnectFrames.isConnect(ConnectFrames.firstCommand(message))) {
				refuse(session);
				return;
			}
			super.handleMessage(session, message);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
			if (session.getAttributes().containsKey(ConnectFrames.NOT_ADMITTED)) {
				return;
			}
			PendingConnectionDecoratorFactory.this.pendingConnections.end(session.getId());
			super.afterConnectionClosed(session, closeStatus);
		}

		private void refuse(WebSocketSession session) throws Exception {
			Map<String, Object> attributes = session.getAttributes();
			WsAuthAttributes.markRefused(attributes);
			// Spring's STOMP handler sends the ERROR frame, then closes with 1002, which
			// the tracked session turns into the requested 4001.
			if (!PendingConnectionDecoratorFactory.this.frames.sendError(attributes,
					ClientFrameSender.error(session.getId(), ConnectFrames.UNAUTHENTICATED, null),
					WsAuthCloseStatus.UNAUTHENTICATED)) {
				session.close(WsAuthCloseStatus.UNAUTHENTICATED);
			}
		}

	}

}
