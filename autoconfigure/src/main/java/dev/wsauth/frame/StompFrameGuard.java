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

package dev.wsauth.frame;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessageChannel;
import org.springframework.util.Assert;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;

import dev.wsauth.limit.TokenBucket;
import dev.wsauth.socket.ClientFrameSender;
import dev.wsauth.socket.WsAuthAttributes;

/**
 * Refuses, at the WebSocket level, what Spring's STOMP handler would otherwise log at
 * ERROR with a stack trace, the session id and the client's own text: a frame that breaks
 * the STOMP grammar, a SUBSCRIBE without {@code id} or {@code destination}, an
 * UNSUBSCRIBE without {@code id}, a SEND without {@code destination}, a frame only a
 * server sends, a frame before CONNECT or a second CONNECT (ERROR
 * {@code malformed frame}, then close 1002), and a frame assembled above the frame size
 * limit (ERROR {@code frame too large}, then close 1009). Nothing of the refused message
 * reaches the application, and frames after it are dropped. Refusals are logged at WARN
 * at most once every ten seconds for the whole node, naming only the kind of refusal.
 * <p>
 * A guarded connection also gets the message size limit for text and binary WebSocket
 * messages; the container closes a larger one with 1009.
 * <p>
 * {@link #install(StompSubProtocolHandler) Install} the guard's decoder in each of the
 * application's STOMP handlers, and register the guard as a decorator factory of the
 * WebSocket transport.
 */
public final class StompFrameGuard implements WebSocketHandlerDecoratorFactory {

	private static final String STATE = StompFrameGuard.class.getName() + ".STATE";

	private static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);

	private final ClientFrameSender frames;

	private final RefusalLog log = new RefusalLog(REPORT_INTERVAL);

	private volatile int frameSizeLimit = 64 * 1024;

	private int messageSizeLimit = -1;

	private int framesPerSecond = -1;

	/**
	 * Create a guard.
	 * @param clientOutboundChannel supplies the channel that carries frames to clients
	 */
	public StompFrameGuard(Supplier<@Nullable MessageChannel> clientOutboundChannel) {
		this.frames = new ClientFrameSender(clientOutboundChannel);
	}

	/**
	 * Set the largest text or binary WebSocket message a guarded connection may receive,
	 * in bytes (for text, characters with the standard WebSocket API). Not set by
	 * default: the container's and Spring's own limits apply.
	 * @param messageSizeLimit the limit
	 */
	public void setMessageSizeLimit(int messageSizeLimit) {
		Assert.isTrue(messageSizeLimit > 0, "'messageSizeLimit' must be positive");
		this.messageSizeLimit = messageSizeLimit;
	}

	/**
	 * Set the most frames per second a guarded connection may send: a token bucket per
	 * connection that holds one second's worth of frames and refills continuously.
	 * Heart-beats do not count. A frame beyond it gets ERROR {@code too many frames} and
	 * close 4029, and nothing of its WebSocket message reaches the application. Not set
	 * by default: no limit.
	 * @param framesPerSecond the limit
	 */
	public void setFramesPerSecond(int framesPerSecond) {
		Assert.isTrue(framesPerSecond > 0, "'framesPerSecond' must be positive");
		this.framesPerSecond = framesPerSecond;
	}

	/**
	 * Guard the frames the given STOMP handler decodes, taking its message size limit,
	 * the largest frame it assembles, as the frame size limit. Must run before the
	 * handler's first connection.
	 * @param handler the STOMP handler
	 */
	public void install(StompSubProtocolHandler handler) {
		Assert.notNull(handler, "'handler' must not be null");
		handler.setDecoder(new GuardedStompDecoder());
		// The handler passes its header initializer to the decoder it has.
		handler.setHeaderInitializer(handler.getHeaderInitializer());
		this.frameSizeLimit = handler.getMessageSizeLimit();
	}

	@Override
	public WebSocketHandler decorate(WebSocketHandler handler) {
		return new GuardedHandler(handler);
	}

	private void refuse(WebSocketSession session, FrameRefusal refusal) throws Exception {
		Map<String, Object> attributes = session.getAttributes();
		WsAuthAttributes.markRefused(attributes);
		this.log.refused(refusal);
		if (!this.frames.sendError(attributes, ClientFrameSender.error(session.getId(), refusal.message(), null),
				refusal.status())) {
			session.close(refusal.status());
		}
	}

	private final class GuardedHandler extends WebSocketHandlerDecorator {

		GuardedHandler(WebSocketHandler delegate) {
			super(delegate);
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) throws Exception {
			int framesPerSecond = StompFrameGuard.this.framesPerSecond;
			TokenBucket frameRate = (framesPerSecond > 0)
					? new TokenBucket(framesPerSecond, framesPerSecond, System.nanoTime()) : null;
			session.getAttributes().put(STATE, new FrameState(StompFrameGuard.this.frameSizeLimit, frameRate));
			super.afterConnectionEstablished(session);
			int limit = StompFrameGuard.this.messageSizeLimit;
			if (limit > 0 && session.isOpen()) {
				// After Spring's STOMP handler, which raises the text limit.
				session.setTextMessageSizeLimit(limit);
				session.setBinaryMessageSizeLimit(limit);
			}
		}

		@Override
		public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
			Map<String, Object> attributes = session.getAttributes();
			if (WsAuthAttributes.isRefused(attributes)) {
				return;
			}
			if (!(attributes.get(STATE) instanceof FrameState state)
					|| !(message instanceof TextMessage || message instanceof BinaryMessage)) {
				super.handleMessage(session, message);
				return;
			}
			if (state.wouldExceedLimit(message)) {
				refuse(session, FrameRefusal.TOO_LARGE);
				return;
			}
			state.beforeDecoding();
			GuardedStompDecoder.decodeFor(state, () -> super.handleMessage(session, message));
			state.afterDecoding(message);
			FrameRefusal refusal = state.refusal();
			if (refusal != null) {
				refuse(session, refusal);
			}
		}

	}

}
