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

package dev.wsauth.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link SessionEndMonitor}.
 */
class SessionEndMonitorTests {

	private final List<Message<?>> sent = new ArrayList<>();

	private final MessageChannel outbound = (message, timeout) -> this.sent.add(message);

	private final ConnectionRegistry registry = new ConnectionRegistry(() -> this.outbound);

	@Test
	void socketsOfAnEndedSessionAreClosedWithAnErrorAnd4002AndOthersStayOpen() {
		WebSocketSession first = register("ws-1", "ended");
		WebSocketSession second = register("ws-2", "ended");
		register("ws-3", "alive");
		Map<String, AtomicInteger> lookups = new HashMap<>();
		SessionEndMonitor monitor = new SessionEndMonitor(this.registry, (id, attribute) -> {
			lookups.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
			return "alive".equals(id) ? new SecurityContextImpl() : null;
		}, Duration.ofSeconds(1));
		assertThat(monitor.check()).isEqualTo(2);
		assertThat(this.sent).hasSize(2).allSatisfy((message) -> {
			StompHeaderAccessor error = StompHeaderAccessor.wrap(message);
			assertThat(error.getCommand()).isEqualTo(StompCommand.ERROR);
			assertThat(error.getMessage()).isEqualTo("session ended");
		});
		assertThat(this.sent).extracting((message) -> StompHeaderAccessor.wrap(message).getSessionId())
			.containsExactlyInAnyOrder("ws-1", "ws-2");
		assertThat(first.getAttributes()).containsEntry(WsAuthAttributes.PENDING_CLOSE_STATUS,
				WsAuthCloseStatus.SESSION_ENDED);
		assertThat(second.getAttributes()).containsEntry(WsAuthAttributes.PENDING_CLOSE_STATUS,
				WsAuthCloseStatus.SESSION_ENDED);
		// One lookup per session, not per socket.
		assertThat(lookups.get("ended")).hasValue(1);
		assertThat(lookups.get("alive")).hasValue(1);
	}

	@Test
	void storeOutageIsNotTheEndOfASession() {
		register("ws-1", "s1");
		SessionEndMonitor monitor = new SessionEndMonitor(this.registry, (id, attribute) -> {
			throw new IllegalStateException("store down");
		}, Duration.ofSeconds(1));
		assertThat(monitor.check()).isZero();
		assertThat(this.sent).isEmpty();
	}

	@Test
	void socketsOfASessionRotatedElsewhereFollowTheSuccessorInsteadOfClosing() {
		register("ws-1", "old");
		InMemorySessionRotationRegistry rotations = new InMemorySessionRotationRegistry(Duration.ofSeconds(10));
		rotations.recordRotation("old", "new");
		Map<String, Object> store = new HashMap<>(Map.of("new", new SecurityContextImpl()));
		SessionEndMonitor monitor = new SessionEndMonitor(this.registry, (id, attribute) -> store.get(id),
				Duration.ofSeconds(1));
		monitor.setRotations(rotations);
		assertThat(monitor.check()).isZero();
		assertThat(this.sent).isEmpty();
		assertThat(this.registry.findByHttpSessionId("new")).hasSize(1);
		store.clear();
		assertThat(monitor.check()).isEqualTo(1);
	}

	@Test
	void rotationLookupOutageIsNotTheEndOfASession() {
		register("ws-1", "old");
		SessionEndMonitor monitor = new SessionEndMonitor(this.registry, (id, attribute) -> null,
				Duration.ofSeconds(1));
		monitor.setRotations(new SessionRotationRegistry() {

			@Override
			public void recordRotation(String oldId, String newId) {
			}

			@Override
			public String successorOf(String oldId) {
				throw new IllegalStateException("store down");
			}

		});
		assertThat(monitor.check()).isZero();
		assertThat(this.sent).isEmpty();
	}

	@Test
	void socketsOfASessionOlderThanTheMaxLifetimeAreClosedWith4002EvenIfItIsAlive() {
		WebSocketSession old = register("ws-1", "old");
		register("ws-2", "young");
		Instant now = Instant.parse("2026-01-01T12:00:00Z");
		Map<String, AtomicInteger> creationLookups = new HashMap<>();
		SessionLookup lookup = new SessionLookup() {

			@Override
			public Object findAttribute(String sessionId, String attributeName) {
				return new SecurityContextImpl();
			}

			@Override
			public Instant findCreationTime(String sessionId) {
				creationLookups.computeIfAbsent(sessionId, (key) -> new AtomicInteger()).incrementAndGet();
				return "old".equals(sessionId) ? now.minus(Duration.ofHours(8)) : now.minus(Duration.ofHours(1));
			}

		};
		SessionEndMonitor monitor = new SessionEndMonitor(this.registry, lookup, Duration.ofSeconds(1));
		monitor.setMaxLifetime(Duration.ofHours(8));
		monitor.setClock(Clock.fixed(now, ZoneOffset.UTC));
		assertThat(monitor.check()).isEqualTo(1);
		assertThat(old.getAttributes()).containsEntry(WsAuthAttributes.PENDING_CLOSE_STATUS,
				WsAuthCloseStatus.SESSION_ENDED);
		assertThat(monitor.check()).isEqualTo(1);
		// The creation time of a session is read once.
		assertThat(creationLookups.get("young")).hasValue(1);
	}

	@Test
	void withoutAMaxLifetimeTheCreationTimeIsNeverRead() {
		register("ws-1", "s1");
		SessionEndMonitor monitor = new SessionEndMonitor(this.registry, new SessionLookup() {

			@Override
			public Object findAttribute(String sessionId, String attributeName) {
				return new SecurityContextImpl();
			}

			@Override
			public Instant findCreationTime(String sessionId) {
				throw new AssertionError("creation time read");
			}

		}, Duration.ofSeconds(1));
		assertThat(monitor.check()).isZero();
	}

	@Test
	void monitorRunsBetweenStartAndStop() {
		SessionEndMonitor monitor = new SessionEndMonitor(this.registry, (id, attribute) -> null,
				Duration.ofMillis(50));
		assertThat(monitor.isRunning()).isFalse();
		monitor.start();
		assertThat(monitor.isRunning()).isTrue();
		monitor.stop();
		assertThat(monitor.isRunning()).isFalse();
	}

	private WebSocketSession register(String id, String httpSessionId) {
		Map<String, Object> attributes = new HashMap<>();
		WsAuthAttributes.bindHttpSessionId(attributes, httpSessionId);
		WebSocketSession session = mock(WebSocketSession.class);
		given(session.getId()).willReturn(id);
		given(session.getAttributes()).willReturn(attributes);
		given(session.isOpen()).willReturn(true);
		this.registry.register(session);
		return session;
	}

}
