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

package dev.wsauth.topic;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

import dev.wsauth.session.WsAuthAttributes;
import dev.wsauth.session.WsAuthCloseStatus;

/**
 * Tells a client that one of its frames was denied. In {@link DenialMode#NOTIFY} mode, a
 * MESSAGE frame addressed to the denied subscription (or, for SEND, to the pseudo
 * subscription {@value #DENIALS_SUBSCRIPTION}) with a {@value #DENIED_HEADER} header and
 * a JSON body. In {@link DenialMode#CLOSE} mode, an ERROR frame followed by close code
 * 4003.
 */
final class DenialNotifier {

	static final String DENIED_HEADER = "wsauth-denied";

	static final String COMMAND_HEADER = "wsauth-command";

	static final String DENIALS_SUBSCRIPTION = "wsauth-denials";

	private static final Log logger = LogFactory.getLog(DenialNotifier.class);

	private static final byte[] EMPTY = new byte[0];

	private final Supplier<@Nullable MessageChannel> clientOutboundChannel;

	private final AtomicLong sequence = new AtomicLong();

	DenialNotifier(Supplier<@Nullable MessageChannel> clientOutboundChannel) {
		this.clientOutboundChannel = clientOutboundChannel;
	}

	void deny(Message<?> message, DestinationCommand command, DenialReason reason, DenialMode mode) {
		StompHeaderAccessor frame = StompHeaderAccessor.wrap(message);
		String sessionId = frame.getSessionId();
		if (sessionId == null) {
			return;
		}
		if (mode == DenialMode.CLOSE) {
			Map<String, Object> attributes = frame.getSessionAttributes();
			if (attributes != null) {
				WsAuthAttributes.requestCloseStatus(attributes, WsAuthCloseStatus.FORBIDDEN);
			}
			send(error(frame, sessionId, command, reason));
		}
		else {
			send(notice(frame, sessionId, command, reason));
		}
	}

	private Message<byte[]> notice(StompHeaderAccessor frame, String sessionId, DestinationCommand command,
			DenialReason reason) {
		String subscription = (command == DestinationCommand.SUBSCRIBE && frame.getSubscriptionId() != null)
				? frame.getSubscriptionId() : DENIALS_SUBSCRIPTION;
		String destination = (frame.getDestination() != null) ? frame.getDestination() : "";
		StompHeaderAccessor notice = StompHeaderAccessor.create(StompCommand.MESSAGE);
		notice.setSessionId(sessionId);
		notice.setSubscriptionId(subscription);
		notice.setDestination(destination);
		notice.setMessageId("wsauth-denied-" + this.sequence.incrementAndGet());
		notice.setContentType(MimeTypeUtils.APPLICATION_JSON);
		notice.setNativeHeader(DENIED_HEADER, reason.name());
		notice.setNativeHeader(COMMAND_HEADER, command.name());
		if (frame.getReceipt() != null) {
			notice.setReceiptId(frame.getReceipt());
		}
		String body = "{\"type\":\"denied\",\"command\":\"" + command + "\",\"subscription\":" + json(subscription)
				+ ",\"destination\":" + json(destination) + ",\"reason\":\"" + reason + "\"}";
		return MessageBuilder.createMessage(body.getBytes(StandardCharsets.UTF_8), notice.getMessageHeaders());
	}

	private Message<byte[]> error(StompHeaderAccessor frame, String sessionId, DestinationCommand command,
			DenialReason reason) {
		StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
		error.setSessionId(sessionId);
		error.setMessage(reason.name());
		error.setNativeHeader(DENIED_HEADER, reason.name());
		error.setNativeHeader(COMMAND_HEADER, command.name());
		if (frame.getSubscriptionId() != null) {
			error.setSubscriptionId(frame.getSubscriptionId());
		}
		if (frame.getReceipt() != null) {
			error.setReceiptId(frame.getReceipt());
		}
		return MessageBuilder.createMessage(EMPTY, error.getMessageHeaders());
	}

	private void send(Message<byte[]> message) {
		MessageChannel channel = this.clientOutboundChannel.get();
		if (channel == null) {
			return;
		}
		try {
			channel.send(message);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not send denial to client", ex);
		}
	}

	static String json(String value) {
		StringBuilder json = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

}
