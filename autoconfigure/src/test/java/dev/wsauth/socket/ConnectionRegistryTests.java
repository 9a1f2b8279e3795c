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

import java.security.Principal;
import java.util.ArrayList;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;

import dev.wsauth.session.InMemorySessionRotationRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * Tests for {@link ConnectionRegistry}, {@link ConnectionTrackingDecoratorFactory} and
 * {@link TrackedWebSocketSession}.
 *
 * @author wsauth
 */
class ConnectionRegistryTests {

	private static final Authentication ALICE = new TestingAuthenticationToken("alice", "secret", "ROLE_USER");

	private static final Authentication BOB = new TestingAuthenticationToken("bob", "secret", "ROLE_USER");

	private final List<Message<?>> sent = new ArrayList<>();

	private final MessageChannel outbound = (message, timeout) -> this.sent.add(message);

	private final ConnectionRegistry registry = new ConnectionRegistry(() -> this.outbound);

	@Test
	void registeredConnectionIsFound() {
		WebSocketSession session = session("ws-1", ALICE, "http-1");
		WebSocketSession tracked = this.registry.register(session);
		assertThat(tracked).isInstanceOf(TrackedWebSocketSession.class);
		assertThat(this.registry.tracked("ws-1")).isSameAs(tracked);
		WebSocketConnection connection = this.registry.getConnection("ws-1");
		assertThat(connection).isNotNull();
		assertThat(connection.getId()).isEqualTo("ws-1");
		assertThat(connection.getHttpSessionId()).isEqualTo("http-1");
		assertThat(connection.getPrincipal()).isSameAs(ALICE);
		assertThat(connection.isOpen()).isTrue();
		assertThat(this.registry.getConnections()).containsExactly(connection);
	}

	@Test
	void unregisteredConnectionIsGone() {
		WebSocketSession tracked = this.registry.register(session("ws-1", ALICE, "http-1"));
		assertThat(this.registry.unregister("ws-1")).isSameAs(tracked);
		assertThat(this.registry.getConnection("ws-1")).isNull();
		assertThat(this.registry.tracked("ws-1")).isNull();
		assertThat(this.registry.getConnections()).isEmpty();
		assertThat(this.registry.unregister("ws-1")).isNull();
	}

	@Test
	void connectionsAreFoundByPrincipalName() {
		this.registry.register(session("ws-1", ALICE, "http-1"));
		this.registry.register(session("ws-2", ALICE, "http-2"));
		this.registry.register(session("ws-3", BOB, "http-3"));
		this.registry.register(session("ws-4", null, null));
		assertThat(this.registry.findByPrincipalName("alice")).extracting(WebSocketConnection::getId)
			.containsExactlyInAnyOrder("ws-1", "ws-2");
		assertThat(this.registry.findByPrincipalName("bob")).extracting(WebSocketConnection::getId)
			.containsExactly("ws-3");
		assertThat(this.registry.findByPrincipalName("carol")).isEmpty();
	}

	@Test
	void connectionsAreFoundByHttpSessionId() {
		this.registry.register(session("ws-1", ALICE, "http-1"));
		this.registry.register(session("ws-2", ALICE, "http-2"));
		assertThat(this.registry.findByHttpSessionId("http-1")).extracting(WebSocketConnection::getId)
			.containsExactly("ws-1");
		assertThat(this.registry.findByHttpSessionId("http-3")).isEmpty();
	}

	@Test
	void rotationRebindsConnectionsOfRotatedSession() {
		WebSocketSession rotated = session("ws-1", ALICE, "old");
		WebSocketSession other = session("ws-2", BOB, "other");
		this.registry.register(rotated);
		this.registry.register(other);
		this.registry.onApplicationEvent(new SessionRotatedEvent(this, "old", "new"));
		assertThat(this.registry.getConnection("ws-1").getHttpSessionId()).isEqualTo("new");
		assertThat(WsAuthAttributes.httpSessionId(rotated.getAttributes())).isEqualTo("new");
		assertThat(this.registry.getConnection("ws-2").getHttpSessionId()).isEqualTo("other");
		assertThat(WsAuthAttributes.httpSessionId(other.getAttributes())).isEqualTo("other");
		assertThat(this.registry.findByHttpSessionId("old")).isEmpty();
		assertThat(this.registry.findByHttpSessionId("new")).extracting(WebSocketConnection::getId)
			.containsExactly("ws-1");
	}

	@Test
	void closeSendsErrorFrameAndLeavesCloseToStompHandler() throws Exception {
		WebSocketSession session = session("ws-1", ALICE, "http-1");
		WebSocketSession tracked = this.registry.register(session);
		this.registry.close(this.registry.getConnection("ws-1"), WsAuthCloseStatus.SESSION_ENDED);
		assertThat(this.sent).hasSize(1);
		StompHeaderAccessor error = StompHeaderAccessor.wrap(this.sent.get(0));
		assertThat(error.getCommand()).isEqualTo(StompCommand.ERROR);
		assertThat(error.getSessionId()).isEqualTo("ws-1");
		assertThat(error.getMessage()).isEqualTo("session ended");
		then(session).should(never()).close(any());
		tracked.close(CloseStatus.PROTOCOL_ERROR);
		then(session).should().close(WsAuthCloseStatus.SESSION_ENDED);
	}

	@Test
	void pendingCloseStatusIsUsedOnlyOnce() throws Exception {
		WebSocketSession session = session("ws-1", ALICE, "http-1");
		WebSocketSession tracked = this.registry.register(session);
		WsAuthAttributes.requestCloseStatus(session.getAttributes(), WsAuthCloseStatus.FORBIDDEN);
		tracked.close(CloseStatus.PROTOCOL_ERROR);
		tracked.close(CloseStatus.PROTOCOL_ERROR);
		then(session).should().close(WsAuthCloseStatus.FORBIDDEN);
		then(session).should().close(CloseStatus.PROTOCOL_ERROR);
	}

	@Test
	void otherCloseStatusIsNotReplaced() throws Exception {
		WebSocketSession session = session("ws-1", ALICE, "http-1");
		WebSocketSession tracked = this.registry.register(session);
		WsAuthAttributes.requestCloseStatus(session.getAttributes(), WsAuthCloseStatus.FORBIDDEN);
		tracked.close(CloseStatus.GOING_AWAY);
		then(session).should().close(CloseStatus.GOING_AWAY);
	}

	@Test
	void closeWithoutOutboundChannelClosesDirectly() throws Exception {
		ConnectionRegistry registry = new ConnectionRegistry(() -> null);
		WebSocketSession session = session("ws-1", ALICE, "http-1");
		registry.register(session);
		registry.close(registry.getConnection("ws-1"), WsAuthCloseStatus.UNAUTHENTICATED);
		then(session).should().close(WsAuthCloseStatus.UNAUTHENTICATED);
	}

	@Test
	void closeWhenErrorFrameCannotBeSentClosesDirectly() throws Exception {
		ConnectionRegistry registry = new ConnectionRegistry(() -> (message, timeout) -> {
			throw new IllegalStateException("closed");
		});
		WebSocketSession session = session("ws-1", ALICE, "http-1");
		registry.register(session);
		registry.close(registry.getConnection("ws-1"), WsAuthCloseStatus.SESSION_ENDED);
		then(session).should().close(WsAuthCloseStatus.SESSION_ENDED);
	}

	@Test
	void closeOfClosedConnectionDoesNothing() throws Exception {
		WebSocketSession session = session("ws-1", ALICE, "http-1");
		given(session.isOpen()).willReturn(false);
		this.registry.register(session);
		this.registry.close(this.registry.getConnection("ws-1"), WsAuthCloseStatus.SESSION_ENDED);
		assertThat(this.sent).isEmpty();
		then(session).should(never()).close(any());
	}

	@Test
	void trackedSessionPrincipalIsWsAuthAuthentication() {
		WebSocketSession session = session("ws-1", ALICE, "http-1");
		Principal other = () -> "container-user";
		given(session.getPrincipal()).willReturn(other);
		assertThat(this.registry.register(session).getPrincipal()).isSameAs(ALICE);
	}

	@Test
	void trackedSessionHasNoPrincipalWhileItsConnectFrameAuthenticationIsPending() {
		WebSocketSession session = session("ws-1", null, null);
		session.getAttributes().put(WsAuthAttributes.AUTHENTICATION_PENDING, Boolean.TRUE);
		Principal cookieUser = () -> "cookie-user";
		given(session.getPrincipal()).willReturn(cookieUser);
		WebSocketSession tracked = this.registry.register(session);
		assertThat(tracked.getPrincipal()).isNull();
		session.getAttributes().remove(WsAuthAttributes.AUTHENTICATION_PENDING);
		session.getAttributes().put(WsAuthAttributes.AUTHENTICATION, ALICE);
		assertThat(tracked.getPrincipal()).isSameAs(ALICE);
	}

	@Test
	void trackedSessionPrincipalFallsBackToDelegate() {
		WebSocketSession session = session("ws-1", null, null);
		Principal other = () -> "container-user";
		given(session.getPrincipal()).willReturn(other);
		assertThat(this.registry.register(session).getPrincipal()).isSameAs(other);
	}

	@Test
	void decoratedHandlerSeesTrackedSessionThroughoutItsLife() throws Exception {
		WebSocketHandler delegate = mock(WebSocketHandler.class);
		WebSocketHandler handler = new ConnectionTrackingDecoratorFactory(this.registry).decorate(delegate);
		WebSocketSession session = session("ws-1", ALICE, "http-1");
		handler.afterConnectionEstablished(session);
		ArgumentCaptor<WebSocketSession> established = ArgumentCaptor.forClass(WebSocketSession.class);
		then(delegate).should().afterConnectionEstablished(established.capture());
		WebSocketSession tracked = established.getValue();
		assertThat(tracked).isInstanceOf(TrackedWebSocketSession.class);
		assertThat(tracked.getPrincipal()).isSameAs(ALICE);
		assertThat(this.registry.getConnection("ws-1")).isNotNull();
		TextMessage message = new TextMessage("x");
		handler.handleMessage(session, message);
		then(delegate).should().handleMessage(tracked, message);
		RuntimeException failure = new RuntimeException("transport");
		handler.handleTransportError(session, failure);
		then(delegate).should().handleTransportError(tracked, failure);
		handler.afterConnectionClosed(session, CloseStatus.NORMAL);
		then(delegate).should().afterConnectionClosed(tracked, CloseStatus.NORMAL);
		assertThat(this.registry.getConnection("ws-1")).isNull();
	}

	@Test
	void decoratedHandlerPassesUnknownSessionThrough() throws Exception {
		WebSocketHandler delegate = mock(WebSocketHandler.class);
		WebSocketHandler handler = new ConnectionTrackingDecoratorFactory(this.registry).decorate(delegate);
		WebSocketSession session = session("ws-9", ALICE, "http-1");
		TextMessage message = new TextMessage("x");
		handler.handleMessage(session, message);
		then(delegate).should().handleMessage(session, message);
		handler.afterConnectionClosed(session, CloseStatus.NORMAL);
		then(delegate).should().afterConnectionClosed(session, CloseStatus.NORMAL);
	}

	@Test
	void socketRegisteredAfterItsSessionWasRotatedIsBoundToTheSuccessor() {
		ConnectionRegistry registry = new ConnectionRegistry(() -> null);
		InMemorySessionRotationRegistry rotations = new InMemorySessionRotationRegistry(Duration.ofSeconds(10));
		rotations.recordRotation("old", "new");
		registry.setRotations(rotations);
		registry.register(session("ws-1", null, "old"));
		assertThat(registry.findByHttpSessionId("new")).extracting(WebSocketConnection::getId).containsExactly("ws-1");
		assertThat(registry.findByHttpSessionId("old")).isEmpty();
	}

	@Test
	void connectionsAreFoundByTheHashOfTheirHttpSessionIdAlsoAfterARotation() {
		this.registry.register(session("ws-1", ALICE, "old"));
		this.registry.register(session("ws-2", BOB, "other"));
		assertThat(this.registry.findByHttpSessionIdHash(HttpSessionIdHash.of("old")))
			.extracting(WebSocketConnection::getId)
			.containsExactly("ws-1");
		this.registry.onApplicationEvent(new SessionRotatedEvent(this, "old", "new"));
		assertThat(this.registry.findByHttpSessionIdHash(HttpSessionIdHash.of("old"))).isEmpty();
		assertThat(this.registry.findByHttpSessionIdHash(HttpSessionIdHash.of("new")))
			.extracting(WebSocketConnection::getId)
			.containsExactly("ws-1");
		this.registry.unregister("ws-1");
		assertThat(this.registry.findByHttpSessionIdHash(HttpSessionIdHash.of("new"))).isEmpty();
	}

	@Test
	void bindingListenersHearOfEveryBoundIdAndOfTheLastConnectionOfAnIdGoingAway() {
		List<String> events = new ArrayList<>();
		this.registry.addBindingListener(new SessionBindingListener() {

			@Override
			public void bound(String httpSessionId) {
				events.add("bound " + httpSessionId);
			}

			@Override
			public void unbound(String httpSessionId) {
				events.add("unbound " + httpSessionId);
			}

		});
		this.registry.register(session("ws-1", ALICE, "old"));
		this.registry.register(session("ws-2", ALICE, "old"));
		this.registry.register(session("ws-3", null, null));
		this.registry.onApplicationEvent(new SessionRotatedEvent(this, "old", "new"));
		assertThat(this.registry.isBound("old")).isFalse();
		assertThat(this.registry.isBound("new")).isTrue();
		this.registry.unregister("ws-1");
		assertThat(this.registry.isBound("new")).isTrue();
		this.registry.unregister("ws-2");
		assertThat(this.registry.isBound("new")).isFalse();
		assertThat(events).containsExactly("bound old", "bound old", "unbound old", "bound new", "unbound new");
	}

	@Test
	void onlyConnectionsWithACredentialExpiryAreRead() {
		this.registry.register(SocketTestSupport.openSession("a", Instant.now().plusSeconds(60)));
		this.registry.register(SocketTestSupport.openSession("b", null));
		this.registry.credentialExpiryChanged("b");
		this.registry.credentialExpiryChanged("unknown");
		assertThat(this.registry.getConnectionsWithCredentialExpiry()).extracting(WebSocketConnection::getId)
			.containsExactly("a");
		this.registry.unregister("a");
		assertThat(this.registry.getConnectionsWithCredentialExpiry()).isEmpty();
	}

	private static WebSocketSession session(String id, Authentication authentication, String httpSessionId) {
		Map<String, Object> attributes = new HashMap<>();
		if (authentication != null) {
			attributes.put(WsAuthAttributes.AUTHENTICATION, authentication);
		}
		if (httpSessionId != null) {
			WsAuthAttributes.bindHttpSessionId(attributes, httpSessionId);
		}
		WebSocketSession session = mock(WebSocketSession.class);
		given(session.getId()).willReturn(id);
		given(session.getAttributes()).willReturn(attributes);
		given(session.isOpen()).willReturn(true);
		return session;
	}

}
