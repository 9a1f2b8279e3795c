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

import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompEncoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * Sends STOMP frames that wsauth itself originates (ERROR, RECEIPT, denial notices) to a
 * client through Spring's client outbound channel, so that they are encoded and ordered
 * like every other frame to that client.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class ClientFrameSender {

	private static final Log logger = LogFactory.getLog(ClientFrameSender.class);

	private static final byte[] EMPTY = new byte[0];

	private static final StompEncoder encoder = new StompEncoder();

	private final Supplier<@Nullable MessageChannel> clientOutboundChannel;

	/**
	 * Create a sender.
	 * @param clientOutboundChannel supplies the channel that carries frames to clients;
	 * it may supply {@code null} before the broker configuration is complete
	 */
	public ClientFrameSender(Supplier<@Nullable MessageChannel> clientOutboundChannel) {
		Assert.notNull(clientOutboundChannel, "'clientOutboundChannel' must not be null");
		this.clientOutboundChannel = clientOutboundChannel;
	}

	/**
	 * Create the headers of an ERROR frame.
	 * @param sessionId the WebSocket session id of the client
	 * @param message the generic reason, sent as the {@code message} header
	 * @param receiptId the {@code receipt} of the frame this answers, if any
	 * @return mutable headers
	 */
	public static StompHeaderAccessor error(String sessionId, String message, @Nullable String receiptId) {
		StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.ERROR);
		accessor.setSessionId(sessionId);
		accessor.setMessage(message);
		if (receiptId != null) {
			accessor.setReceiptId(receiptId);
		}
		return accessor;
	}

	/**
	 * Prepare for an ERROR frame that Spring's STOMP handler sends itself, as it does for
	 * a CONNECT frame refused by an exception: the close that follows uses the given
	 * status, and the frame reaches the client even when Spring's send buffer still holds
	 * it at that close.
	 * @param attributes the WebSocket or STOMP session attributes
	 * @param message the generic reason the ERROR frame carries
	 * @param status the close status
	 */
	public static void expectError(Map<String, Object> attributes, String message, CloseStatus status) {
		StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
		error.setMessage(message);
		WsAuthAttributes.requestClose(attributes, status, encode(error));
	}

	/**
	 * Send an ERROR frame, which Spring's STOMP handler follows with a close, and make
	 * that close use the given status. The frame reaches the client even when Spring's
	 * send buffer still holds it at that close.
	 * @param attributes the WebSocket or STOMP session attributes of the client
	 * @param error the ERROR frame's headers, including the session id
	 * @param status the close status
	 * @return whether the channel accepted the frame; if it did not, nothing will close
	 * the socket on its behalf
	 */
	public boolean sendError(Map<String, Object> attributes, StompHeaderAccessor error, CloseStatus status) {
		Assert.isTrue(StompCommand.ERROR.equals(error.getCommand()), "'error' must be an ERROR frame");
		WsAuthAttributes.requestClose(attributes, status, encode(error));
		return send(error);
	}

	private static byte[] encode(StompHeaderAccessor error) {
		return encoder.encode(error.getMessageHeaders(), EMPTY);
	}

	/**
	 * Send a frame without a body.
	 * @param headers the frame's headers, including the session id
	 * @return whether the channel accepted the frame
	 */
	public boolean send(StompHeaderAccessor headers) {
		return send(headers, EMPTY);
	}

	/**
	 * Send a frame.
	 * @param headers the frame's headers, including the session id
	 * @param payload the body
	 * @return whether the channel accepted the frame
	 */
	public boolean send(StompHeaderAccessor headers, byte[] payload) {
		MessageChannel channel = this.clientOutboundChannel.get();
		if (channel == null) {
			return false;
		}
		try {
			return channel.send(MessageBuilder.createMessage(payload, headers.getMessageHeaders()));
		}
		catch (RuntimeException ex) {
			logger.debug("Could not send " + headers.getCommand() + " frame to client", ex);
			return false;
		}
	}

}
