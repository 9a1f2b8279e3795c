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

package dev.wsauth.receipt;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.invocation.AbstractMethodMessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;
import org.springframework.util.Assert;

import dev.wsauth.socket.ClientFrameSender;
import dev.wsauth.socket.UserDestinations;

/**
 * Answers a client frame that carries a {@code receipt} header with a STOMP RECEIPT once
 * the frame has taken effect, which Spring's simple broker never does on its own:
 * <ul>
 * <li>SUBSCRIBE: after the simple broker (or, for {@code /user/...}, the user destination
 * handler) registered the subscription, so a message published after the client saw the
 * receipt is delivered;</li>
 * <li>UNSUBSCRIBE: after the simple broker removed the subscription;</li>
 * <li>SEND: after the handler that serves the destination ({@code @MessageMapping}
 * methods, the broker or the user destination handler) processed it;</li>
 * <li>SUBSCRIBE to an application destination ({@code @SubscribeMapping}): after the
 * method ran.</li>
 * </ul>
 * The receipt is sent from the thread that handled the frame, after the handler returned,
 * so it can never overtake the outcome it acknowledges, even though inbound frames are
 * dispatched on a thread pool. A denied frame never reaches a handler and never gets a
 * RECEIPT; its denial notice carries the {@code receipt-id} instead. Frames without a
 * {@code receipt} header cost one header lookup. Inactive when the application relays to
 * an external broker, which answers receipts itself.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SimpleBrokerReceiptInterceptor implements ExecutorChannelInterceptor {

	private static final Log logger = LogFactory.getLog(SimpleBrokerReceiptInterceptor.class);

	private static final String RECEIPT = "receipt";

	private final ClientFrameSender frames;

	private final BooleanSupplier simpleBrokerActive;

	/**
	 * Create an interceptor.
	 * @param clientOutboundChannel supplies the channel that carries frames to clients
	 * @param simpleBrokerActive tells whether the application uses the simple broker
	 * rather than a relay
	 */
	public SimpleBrokerReceiptInterceptor(Supplier<@Nullable MessageChannel> clientOutboundChannel,
			BooleanSupplier simpleBrokerActive) {
		Assert.notNull(simpleBrokerActive, "'simpleBrokerActive' must not be null");
		this.frames = new ClientFrameSender(clientOutboundChannel);
		this.simpleBrokerActive = simpleBrokerActive;
	}

	@Override
	public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
			@Nullable Exception ex) {
		String receipt = receipt(message.getHeaders());
		if (receipt == null || !this.simpleBrokerActive.getAsBoolean()) {
			return;
		}
		SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
		String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
		if (type == null || !isResponsible(handler, type, destination)) {
			return;
		}
		String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
		if (sessionId == null) {
			return;
		}
		if (ex != null) {
			logger.debug("Frame with receipt failed in " + handler.getClass().getSimpleName(), ex);
			this.frames.send(ClientFrameSender.error(sessionId, "processing failed", receipt));
			return;
		}
		StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.RECEIPT);
		accessor.setSessionId(sessionId);
		accessor.setReceiptId(receipt);
		this.frames.send(accessor);
	}

	private static boolean isResponsible(MessageHandler handler, SimpMessageType type, @Nullable String destination) {
		if (type == SimpMessageType.UNSUBSCRIBE) {
			return handler instanceof SimpleBrokerMessageHandler;
		}
		if (destination == null || (type != SimpMessageType.SUBSCRIBE && type != SimpMessageType.MESSAGE)) {
			return false;
		}
		if (handler instanceof UserDestinationMessageHandler userHandler) {
			return destination.startsWith(userPrefix(userHandler));
		}
		if (handler instanceof SimpleBrokerMessageHandler broker) {
			return matches(broker.getDestinationPrefixes(), destination);
		}
		if (handler instanceof AbstractMethodMessageHandler<?> methods) {
			// Without prefixes the method handler sees every SUBSCRIBE, also those the
			// broker registers: only the broker may acknowledge those.
			Collection<String> prefixes = methods.getDestinationPrefixes();
			return (type == SimpMessageType.MESSAGE || !prefixes.isEmpty()) && matches(prefixes, destination);
		}
		return false;
	}

	private static String userPrefix(UserDestinationMessageHandler handler) {
		return UserDestinations.prefixOf(handler.getUserDestinationResolver());
	}

	private static boolean matches(Collection<String> prefixes, String destination) {
		if (prefixes.isEmpty()) {
			return true;
		}
		for (String prefix : prefixes) {
			if (destination.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable String receipt(MessageHeaders headers) {
		Object nativeHeaders = headers.get(NativeMessageHeaderAccessor.NATIVE_HEADERS);
		if (!(nativeHeaders instanceof Map<?, ?> map)) {
			return null;
		}
		Object values = ((Map<String, Object>) map).get(RECEIPT);
		return (values instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String value) ? value
				: null;
	}

}
