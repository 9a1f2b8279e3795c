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

import java.util.HashMap;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.web.socket.WebSocketSession;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.SocketTestSupport;
import dev.wsauth.socket.WsAuthAttributes;
import dev.wsauth.topic.DenialNotifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link RevokedSubscriptionGuard}.
 *
 * @author wsauth
 */
class RevokedSubscriptionGuardTests {

	private final ConnectionRegistry registry = new ConnectionRegistry(() -> null);

	private final RevokedSubscriptionGuard guard = new RevokedSubscriptionGuard(this.registry);

	private final MessageChannel channel = mock(MessageChannel.class);

	@Test
	void messageStillInFlightForARevokedSubscriptionIsDropped() {
		revoke("ws-1", "sub-revoked");
		assertThat(this.guard.preSend(message("ws-1", "sub-revoked"), this.channel)).isNull();
	}

	@Test
	void messageForAnotherSubscriptionOfTheSameConnectionPasses() {
		revoke("ws-1", "sub-revoked");
		Message<byte[]> message = message("ws-1", "sub-kept");
		assertThat(this.guard.preSend(message, this.channel)).isSameAs(message);
	}

	@Test
	void messageForTheSameSubscriptionIdOfAnotherConnectionPasses() {
		revoke("ws-1", "sub-revoked");
		SocketTestSupport.register(this.registry, SocketTestSupport.openSession("ws-2", null));
		Message<byte[]> message = message("ws-2", "sub-revoked");
		assertThat(this.guard.preSend(message, this.channel)).isSameAs(message);
	}

	@Test
	void denialNoticeForTheRevokedSubscriptionPasses() {
		revoke("ws-1", "sub-revoked");
		StompHeaderAccessor accessor = accessor("ws-1", "sub-revoked");
		accessor.setHeader(DenialNotifier.NOTICE_HEADER, Boolean.TRUE);
		Message<byte[]> notice = MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
		assertThat(this.guard.preSend(notice, this.channel)).isSameAs(notice);
	}

	@Test
	void brokerMessageCarryingTheDenialHeaderAsANativeHeaderIsStillDropped() {
		revoke("ws-1", "sub-revoked");
		StompHeaderAccessor accessor = accessor("ws-1", "sub-revoked");
		accessor.setNativeHeader("wsauth-denied", "REVOKED");
		accessor.setNativeHeader(DenialNotifier.NOTICE_HEADER, "true");
		Message<byte[]> forged = MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
		assertThat(this.guard.preSend(forged, this.channel)).isNull();
	}

	@Test
	void framesOtherThanMessagesPass() {
		revoke("ws-1", "sub-revoked");
		StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.RECEIPT);
		accessor.setSessionId("ws-1");
		accessor.setSubscriptionId("sub-revoked");
		Message<byte[]> receipt = MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
		assertThat(this.guard.preSend(receipt, this.channel)).isSameAs(receipt);
	}

	@Test
	void messageForAConnectionNotOnThisNodePasses() {
		Message<byte[]> message = message("elsewhere", "sub-revoked");
		assertThat(this.guard.preSend(message, this.channel)).isSameAs(message);
	}

	private void revoke(String sessionId, String subscriptionId) {
		WebSocketSession session = SocketTestSupport.openSession(sessionId, null);
		WsAuthAttributes.revokedSubscriptions(session.getAttributes()).add(subscriptionId);
		SocketTestSupport.register(this.registry, session);
	}

	private static Message<byte[]> message(String sessionId, String subscriptionId) {
		return MessageBuilder.createMessage("payload".getBytes(),
				accessor(sessionId, subscriptionId).getMessageHeaders());
	}

	private static StompHeaderAccessor accessor(String sessionId, String subscriptionId) {
		StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.MESSAGE);
		accessor.setSessionId(sessionId);
		accessor.setSubscriptionId(subscriptionId);
		accessor.setDestination("/topic/board");
		accessor.setSessionAttributes(new HashMap<>());
		return accessor;
	}

}
