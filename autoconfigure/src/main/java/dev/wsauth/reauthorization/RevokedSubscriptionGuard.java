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

package dev.wsauth.reauthorization;

import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.util.Assert;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.WebSocketConnection;
import dev.wsauth.socket.WsAuthAttributes;
import dev.wsauth.topic.DenialNotifier;

/**
 * Drops, on the way to the client, every MESSAGE for a subscription that a re-evaluation
 * revoked: the broker may still be delivering to it when it is dropped (the UNSUBSCRIBE
 * travels behind messages already in flight, and a relay's broker answers it later). A
 * subscription id is let through again once the client subscribes with it again and is
 * granted. wsauth's own denial notices pass.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class RevokedSubscriptionGuard implements ChannelInterceptor {

	private static final Log logger = LogFactory.getLog(RevokedSubscriptionGuard.class);

	private final ConnectionRegistry registry;

	/**
	 * Create a guard.
	 * @param registry the connections of this node
	 */
	public RevokedSubscriptionGuard(ConnectionRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		MessageHeaders headers = message.getHeaders();
		if (SimpMessageHeaderAccessor.getMessageType(headers) != SimpMessageType.MESSAGE
				|| headers.containsKey(DenialNotifier.NOTICE_HEADER)) {
			return message;
		}
		String sessionId = SimpMessageHeaderAccessor.getSessionId(headers);
		String subscriptionId = SimpMessageHeaderAccessor.getSubscriptionId(headers);
		if (sessionId == null || subscriptionId == null) {
			return message;
		}
		WebSocketConnection connection = this.registry.getConnection(sessionId);
		Set<String> revoked = (connection != null)
				? WsAuthAttributes.existingRevokedSubscriptions(connection.getAttributes()) : null;
		if (revoked != null && revoked.contains(subscriptionId)) {
			logger.trace("Dropped a message for a revoked subscription");
			return null;
		}
		return message;
	}

}
