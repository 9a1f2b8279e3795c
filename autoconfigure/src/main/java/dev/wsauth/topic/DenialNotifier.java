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

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.util.MimeTypeUtils;

import dev.wsauth.socket.ClientFrameSender;
import dev.wsauth.socket.WsAuthCloseStatus;

/**
 * Tells a client that one of its frames was denied. In {@link DenialMode#NOTIFY} mode, a
 * MESSAGE frame addressed to the denied subscription (or, for SEND, to the pseudo
 * subscription {@value #DENIALS_SUBSCRIPTION}) with a {@value #DENIED_HEADER} header and
 * a JSON body. In {@link DenialMode#CLOSE} mode, an ERROR frame followed by close code
 * 4003.
 * <p>
 * Each denial MESSAGE carries the internal message header {@value #NOTICE_HEADER}, which
 * never reaches the client and which no broker message can carry (a broker's headers
 * become native headers), so that outbound interceptors can tell wsauth's notices apart.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class DenialNotifier {

	/**
	 * Internal message header that marks a denial MESSAGE sent by wsauth.
	 */
	public static final String NOTICE_HEADER = "dev.wsauth.DENIAL_NOTICE";

	static final String DENIED_HEADER = "wsauth-denied";

	static final String COMMAND_HEADER = "wsauth-command";

	static final String RULE_HEADER = "wsauth-rule";

	static final String DENIALS_SUBSCRIPTION = "wsauth-denials";

	private final ClientFrameSender frames;

	private final AtomicLong sequence = new AtomicLong();

	/**
	 * Create a notifier.
	 * @param clientOutboundChannel supplies the channel that carries frames to clients
	 */
	public DenialNotifier(Supplier<@Nullable MessageChannel> clientOutboundChannel) {
		this.frames = new ClientFrameSender(clientOutboundChannel);
	}

	/**
	 * Tell the client that sent a frame that it was denied.
	 * @param message the denied SUBSCRIBE or SEND, with its session id
	 * @param command the command of the frame
	 * @param reason why it was denied
	 * @param mode whether to notify or close
	 */
	public void deny(Message<?> message, DestinationCommand command, DenialReason reason, DenialMode mode) {
		deny(message, command, reason, mode, null);
	}

	/**
	 * Tell the client that sent a frame that it was denied, naming the rule that denied
	 * it in a {@value #RULE_HEADER} header (and a {@code rule} field of the notice's
	 * body).
	 * @param message the denied SUBSCRIBE or SEND, with its session id
	 * @param command the command of the frame
	 * @param reason why it was denied
	 * @param mode whether to notify or close
	 * @param rule the pattern of the rule that denied the frame, or {@code null} to name
	 * none
	 */
	public void deny(Message<?> message, DestinationCommand command, DenialReason reason, DenialMode mode,
			@Nullable String rule) {
		StompHeaderAccessor frame = StompHeaderAccessor.wrap(message);
		String sessionId = frame.getSessionId();
		if (sessionId == null) {
			return;
		}
		if (mode == DenialMode.CLOSE) {
			Map<String, Object> attributes = frame.getSessionAttributes();
			StompHeaderAccessor error = error(frame, sessionId, command, reason);
			if (rule != null) {
				error.setNativeHeader(RULE_HEADER, rule);
			}
			if (attributes != null) {
				this.frames.sendError(attributes, error, WsAuthCloseStatus.FORBIDDEN);
			}
			else {
				this.frames.send(error);
			}
		}
		else {
			String body = "{\"type\":\"denied\",\"command\":\"" + command + "\",\"subscription\":"
					+ json(subscription(frame, command)) + ",\"destination\":" + json(destination(frame))
					+ ",\"reason\":\"" + reason + "\"" + ((rule != null) ? ",\"rule\":" + json(rule) : "") + "}";
			StompHeaderAccessor notice = notice(frame, sessionId, command, reason);
			if (rule != null) {
				notice.setNativeHeader(RULE_HEADER, rule);
			}
			this.frames.send(notice, body.getBytes(StandardCharsets.UTF_8));
		}
	}

	private StompHeaderAccessor notice(StompHeaderAccessor frame, String sessionId, DestinationCommand command,
			DenialReason reason) {
		StompHeaderAccessor notice = StompHeaderAccessor.create(StompCommand.MESSAGE);
		notice.setSessionId(sessionId);
		notice.setSubscriptionId(subscription(frame, command));
		notice.setDestination(destination(frame));
		notice.setMessageId("wsauth-denied-" + this.sequence.incrementAndGet());
		notice.setContentType(MimeTypeUtils.APPLICATION_JSON);
		notice.setNativeHeader(DENIED_HEADER, reason.name());
		notice.setNativeHeader(COMMAND_HEADER, command.name());
		notice.setHeader(NOTICE_HEADER, Boolean.TRUE);
		if (frame.getReceipt() != null) {
			notice.setReceiptId(frame.getReceipt());
		}
		return notice;
	}

	private static StompHeaderAccessor error(StompHeaderAccessor frame, String sessionId, DestinationCommand command,
			DenialReason reason) {
		StompHeaderAccessor error = ClientFrameSender.error(sessionId, reason.name(), frame.getReceipt());
		error.setNativeHeader(DENIED_HEADER, reason.name());
		error.setNativeHeader(COMMAND_HEADER, command.name());
		if (frame.getSubscriptionId() != null) {
			error.setSubscriptionId(frame.getSubscriptionId());
		}
		return error;
	}

	private static String subscription(StompHeaderAccessor frame, DestinationCommand command) {
		String id = frame.getSubscriptionId();
		return (command == DestinationCommand.SUBSCRIBE && id != null) ? id : DENIALS_SUBSCRIPTION;
	}

	private static String destination(StompHeaderAccessor frame) {
		String destination = frame.getDestination();
		return (destination != null) ? destination : "";
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
