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

package dev.wsauth.revocation;

import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.HttpSessionIdHash;
import dev.wsauth.socket.SocketTestSupport;
import dev.wsauth.socket.WsAuthAttributes;
import dev.wsauth.socket.WsAuthCloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link WebSocketRevocations} and {@link RedisRevocationBroadcast}.
 */
class WebSocketRevocationsTests {

	private final List<Message<?>> sent = new ArrayList<>();

	private final MessageChannel outbound = (message, timeout) -> this.sent.add(message);

	private final ConnectionRegistry registry = new ConnectionRegistry(() -> this.outbound);

	private final RecordingBroadcast broadcast = new RecordingBroadcast();

	@Test
	void revokingAUserClosesItsSocketsHereAndPublishesTheName() {
		WebSocketSession alice = register("ws-1", "s1", "alice");
		register("ws-2", "s2", "bob");
		WebSocketRevocations revocations = new WebSocketRevocations(this.registry);
		revocations.setBroadcast(this.broadcast);
		CloseStatus status = new CloseStatus(4009, "revoked");
		assertThat(revocations.revokeUser("alice", status)).isEqualTo(1);
		assertThat(this.sent).singleElement()
			.satisfies((message) -> assertThat(StompHeaderAccessor.wrap(message).getMessage()).isEqualTo("revoked"));
		assertThat(alice.getAttributes()).containsEntry(SocketTestSupport.PENDING_CLOSE_STATUS, status);
		assertThat(this.broadcast.published)
			.containsExactly(new Revocation(Revocation.Kind.USER, "alice", 4009, "revoked"));
	}

	@Test
	void reevaluationRequestFromAnotherNodeClosesNothing() {
		WebSocketSession alice = register("ws-1", "s1", "alice");
		WebSocketRevocations revocations = new WebSocketRevocations(this.registry);
		assertThat(revocations.apply(Revocation.reevaluation("alice"))).isZero();
		assertThat(alice.getAttributes()).doesNotContainKey(SocketTestSupport.PENDING_CLOSE_STATUS);
		assertThat(this.sent).isEmpty();
	}

	@Test
	void revokingASessionPublishesItsHashNeverItsId() {
		register("ws-1", "secret-session-id", "alice");
		WebSocketRevocations revocations = new WebSocketRevocations(this.registry);
		revocations.setBroadcast(this.broadcast);
		assertThat(revocations.revokeSession("secret-session-id", WsAuthCloseStatus.SESSION_ENDED)).isEqualTo(1);
		assertThat(this.broadcast.published).singleElement().satisfies((revocation) -> {
			assertThat(revocation.kind()).isEqualTo(Revocation.Kind.SESSION);
			assertThat(revocation.target()).isEqualTo(HttpSessionIdHash.of("secret-session-id"))
				.doesNotContain("secret");
			assertThat(revocation.code()).isEqualTo(4002);
		});
	}

	@Test
	void revocationFromAnotherNodeClosesTheMatchingSocketsHere() {
		WebSocketSession target = register("ws-1", "s1", "alice");
		WebSocketSession other = register("ws-2", "s2", "alice");
		WebSocketRevocations revocations = new WebSocketRevocations(this.registry);
		revocations.setBroadcast(this.broadcast);
		this.broadcast.listener
			.accept(new Revocation(Revocation.Kind.SESSION, HttpSessionIdHash.of("s1"), 4002, "session ended"));
		assertThat(target.getAttributes()).containsKey(SocketTestSupport.PENDING_CLOSE_STATUS);
		assertThat(other.getAttributes()).doesNotContainKey(SocketTestSupport.PENDING_CLOSE_STATUS);
		assertThat(this.broadcast.published).isEmpty();
	}

	@Test
	void closeCodeMustBeAWebSocketCloseCodeAndTheReasonMustFitACloseFrame() {
		WebSocketRevocations revocations = new WebSocketRevocations(this.registry);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> revocations.revokeUser("alice", new CloseStatus(5000, "x")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> revocations.revokeUser("alice", new CloseStatus(4000, "x".repeat(124))));
	}

	private WebSocketSession register(String id, String httpSessionId, String principalName) {
		Map<String, Object> attributes = new HashMap<>();
		WsAuthAttributes.bindHttpSessionId(attributes, httpSessionId);
		WebSocketSession session = mock(WebSocketSession.class);
		Principal principal = () -> principalName;
		given(session.getId()).willReturn(id);
		given(session.getAttributes()).willReturn(attributes);
		given(session.getPrincipal()).willReturn(principal);
		given(session.isOpen()).willReturn(true);
		SocketTestSupport.register(this.registry, session);
		return session;
	}

	static final class RecordingBroadcast implements RevocationBroadcast {

		final List<Revocation> published = new ArrayList<>();

		Consumer<Revocation> listener = (revocation) -> {
		};

		@Override
		public void publish(Revocation revocation) {
			this.published.add(revocation);
		}

		@Override
		public void subscribe(Consumer<Revocation> listener) {
			this.listener = listener;
		}

	}

}
