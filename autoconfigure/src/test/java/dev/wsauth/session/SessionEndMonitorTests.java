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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.web.socket.WebSocketSession;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.SocketTestSupport;
import dev.wsauth.socket.WsAuthAttributes;
import dev.wsauth.socket.WsAuthCloseStatus;

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

	private final InMemorySessionRotationRegistryTests.MutableClock clock = new InMemorySessionRotationRegistryTests.MutableClock();

	private final Map<String, Instant> store = new HashMap<>();

	private final List<Collection<String>> reads = new ArrayList<>();

	private final SessionStateReader reader = (ids) -> {
		this.reads.add(List.copyOf(ids));
		Map<String, Instant> states = new HashMap<>();
		for (String id : ids) {
			if (this.store.containsKey(id)) {
				states.put(id, this.store.get(id));
			}
		}
		return states;
	};

	@Test
	void socketsOfAnEndedSessionAreClosedWithAnErrorAnd4002AndOthersStayOpen() {
		WebSocketSession first = register("ws-1", "ended");
		WebSocketSession second = register("ws-2", "ended");
		register("ws-3", "alive");
		this.store.put("alive", this.clock.instant().plus(Duration.ofMinutes(30)));
		SessionEndMonitor monitor = monitor();
		assertThat(monitor.check()).isEqualTo(2);
		assertThat(this.sent).hasSize(2).allSatisfy((message) -> {
			StompHeaderAccessor error = StompHeaderAccessor.wrap(message);
			assertThat(error.getCommand()).isEqualTo(StompCommand.ERROR);
			assertThat(error.getMessage()).isEqualTo("session ended");
		});
		assertThat(this.sent).extracting((message) -> StompHeaderAccessor.wrap(message).getSessionId())
			.containsExactlyInAnyOrder("ws-1", "ws-2");
		assertThat(first.getAttributes()).containsEntry(SocketTestSupport.PENDING_CLOSE_STATUS,
				WsAuthCloseStatus.SESSION_ENDED);
		assertThat(second.getAttributes()).containsEntry(SocketTestSupport.PENDING_CLOSE_STATUS,
				WsAuthCloseStatus.SESSION_ENDED);
		// One batched read, one entry per session, not per socket.
		assertThat(this.reads).hasSize(1);
		assertThat(this.reads.get(0)).containsExactlyInAnyOrder("ended", "alive");
	}

	@Test
	void aLiveSessionIsReadAgainOnlyWhenItIsDueToExpire() {
		register("ws-1", "s1");
		this.store.put("s1", this.clock.instant().plus(Duration.ofMinutes(30)));
		SessionEndMonitor monitor = monitor(Duration.ofDays(1));
		monitor.check();
		this.clock.advance(Duration.ofMinutes(10));
		monitor.check();
		monitor.check();
		assertThat(this.reads).hasSize(1);
		// Activity elsewhere moved its expiry: read when due, then rescheduled.
		this.store.put("s1", this.clock.instant().plus(Duration.ofMinutes(30)));
		this.clock.advance(Duration.ofMinutes(20));
		assertThat(monitor.check()).isZero();
		assertThat(this.reads).hasSize(2);
		this.clock.advance(Duration.ofMinutes(9));
		monitor.check();
		assertThat(this.reads).hasSize(2);
		// Now it idled out: closed when due.
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(monitor.check()).isEqualTo(1);
		assertThat(this.reads).hasSize(3);
	}

	@Test
	void theLagFromASessionsExpiryToTheCloseOfItsSocketsIsReported() {
		register("ws-1", "s1");
		this.store.put("s1", this.clock.instant().plus(Duration.ofMinutes(30)));
		SessionEndMonitor monitor = monitor(Duration.ofDays(1));
		List<Duration> lags = new ArrayList<>();
		monitor.setDetectionLagListener(lags::add);
		monitor.check();
		this.clock.advance(Duration.ofMinutes(30).plusMillis(1500));
		assertThat(monitor.check()).isEqualTo(1);
		assertThat(lags).containsExactly(Duration.ofMillis(1500));
	}

	@Test
	void aSessionDeletedBeforeItsExpiryReportsNoLag() {
		register("ws-1", "s1");
		this.store.put("s1", this.clock.instant().plus(Duration.ofMinutes(30)));
		SessionEndMonitor monitor = monitor();
		List<Duration> lags = new ArrayList<>();
		monitor.setDetectionLagListener(lags::add);
		monitor.check();
		this.store.remove("s1");
		this.clock.advance(Duration.ofSeconds(31));
		monitor.check();
		assertThat(lags).isEmpty();
	}

	@Test
	void anExpiryInThePastClosesTheSocketsEvenIfTheStoreStillHoldsTheSession() {
		register("ws-1", "s1");
		this.store.put("s1", this.clock.instant().minusSeconds(1));
		assertThat(monitor().check()).isEqualTo(1);
	}

	@Test
	void everyReconcileIntervalEverySessionIsReadOnceInBatches() {
		for (int i = 0; i < 1200; i++) {
			register("ws-" + i, "s" + i);
			this.store.put("s" + i, this.clock.instant().plus(Duration.ofHours(1)));
		}
		SessionEndMonitor monitor = monitor();
		monitor.check();
		assertThat(this.reads).extracting(Collection::size).containsExactly(500, 500, 200);
		this.reads.clear();
		this.clock.advance(Duration.ofSeconds(30));
		monitor.check();
		assertThat(this.reads).isEmpty();
		// A session deleted without an event reaching this node is caught up.
		this.store.remove("s7");
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(monitor.check()).isEqualTo(1);
		assertThat(this.reads).extracting(Collection::size).containsExactly(500, 500, 200);
	}

	@Test
	void reconciliationReadsOnlyTheSessionsTheReaderSuspects() {
		List<Collection<String>> asked = new ArrayList<>();
		SessionStateReader cheap = new SessionStateReader() {

			@Override
			public Map<String, Instant> read(Collection<String> ids) {
				return SessionEndMonitorTests.this.reader.read(ids);
			}

			@Override
			public Collection<String> mayHaveEnded(Collection<String> ids) {
				asked.add(List.copyOf(ids));
				return ids.stream().filter((id) -> !SessionEndMonitorTests.this.store.containsKey(id)).toList();
			}

		};
		for (int i = 0; i < 1200; i++) {
			register("ws-" + i, "s" + i);
			this.store.put("s" + i, this.clock.instant().plus(Duration.ofHours(1)));
		}
		SessionEndMonitor monitor = new SessionEndMonitor(this.registry, cheap, Duration.ofSeconds(1),
				Duration.ofMinutes(1));
		monitor.setClock(this.clock);
		monitor.check();
		this.reads.clear();
		this.store.remove("s7");
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(monitor.check()).isEqualTo(1);
		assertThat(asked).extracting(Collection::size).containsExactly(500, 500, 200);
		assertThat(this.reads).containsExactly(List.of("s7"));
	}

	@Test
	void aReconciliationTheStoreCouldNotAnswerIsRetriedAtTheNextCheck() {
		AtomicInteger failures = new AtomicInteger(1);
		SessionStateReader flaky = new SessionStateReader() {

			@Override
			public Map<String, Instant> read(Collection<String> ids) {
				return SessionEndMonitorTests.this.reader.read(ids);
			}

			@Override
			public Collection<String> mayHaveEnded(Collection<String> ids) {
				if (failures.getAndDecrement() > 0) {
					throw new IllegalStateException("store down");
				}
				return ids;
			}

		};
		register("ws-1", "s1");
		this.store.put("s1", this.clock.instant().plus(Duration.ofHours(1)));
		SessionEndMonitor monitor = new SessionEndMonitor(this.registry, flaky, Duration.ofSeconds(1),
				Duration.ofMinutes(1));
		monitor.setClock(this.clock);
		monitor.check();
		this.store.remove("s1");
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(monitor.check()).isZero();
		assertThat(this.sent).isEmpty();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(monitor.check()).isEqualTo(1);
	}

	@Test
	void aSessionSavedWithAShorterIntervalIsReadByItsNewExpiry() {
		register("ws-1", "s1");
		this.store.put("s1", this.clock.instant().plus(Duration.ofMinutes(30)));
		SessionEndMonitor monitor = monitor(Duration.ofDays(1));
		monitor.check();
		monitor.sessionSaved("s1", this.clock.instant().plus(Duration.ofSeconds(5)));
		// A later expiry (ordinary activity) does not postpone the earlier read.
		monitor.sessionSaved("s1", this.clock.instant().plus(Duration.ofHours(1)));
		this.store.put("s1", this.clock.instant().plus(Duration.ofSeconds(5)));
		this.clock.advance(Duration.ofSeconds(4));
		assertThat(monitor.check()).isZero();
		assertThat(this.reads).hasSize(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(monitor.check()).isEqualTo(1);
		assertThat(this.reads).hasSize(2);
	}

	@Test
	void aSessionSavedWithoutASecurityContextIsReadAtOnce() {
		register("ws-1", "s1");
		this.store.put("s1", this.clock.instant().plus(Duration.ofMinutes(30)));
		SessionEndMonitor monitor = monitor(Duration.ofDays(1));
		monitor.check();
		this.store.remove("s1");
		monitor.sessionSaved("s1", Instant.MIN);
		assertThat(monitor.check()).isEqualTo(1);
	}

	@Test
	void anIdJustRotatedIntoIsReadOnceMoreBeforeItsSocketsAreClosed() {
		register("ws-1", "new");
		InMemorySessionRotationRegistry rotations = new InMemorySessionRotationRegistry(Duration.ofSeconds(10));
		rotations.recordRotation("old", "new");
		SessionEndMonitor monitor = monitor();
		monitor.setRotations(rotations);
		// Announced before the renamed session was stored.
		assertThat(monitor.check()).isZero();
		this.store.put("new", this.clock.instant().plus(Duration.ofMinutes(30)));
		assertThat(monitor.check()).isZero();
		assertThat(this.sent).isEmpty();
	}

	@Test
	void anIdJustRotatedIntoThatStaysMissingIsClosedAtTheSecondRead() {
		register("ws-1", "new");
		InMemorySessionRotationRegistry rotations = new InMemorySessionRotationRegistry(Duration.ofSeconds(10));
		rotations.recordRotation("old", "new");
		SessionEndMonitor monitor = monitor();
		monitor.setRotations(rotations);
		assertThat(monitor.check()).isZero();
		assertThat(monitor.check()).isEqualTo(1);
	}

	@Test
	void aSaveOfASessionWithoutSocketsHereIsIgnored() {
		SessionEndMonitor monitor = monitor();
		monitor.sessionSaved("elsewhere", this.clock.instant());
		assertThat(monitor.check()).isZero();
		assertThat(this.reads).isEmpty();
	}

	@Test
	void reconcileSoonReadsEverySessionAtTheNextCheck() {
		register("ws-1", "s1");
		this.store.put("s1", this.clock.instant().plus(Duration.ofHours(1)));
		SessionEndMonitor monitor = monitor();
		monitor.check();
		this.store.remove("s1");
		assertThat(monitor.check()).isZero();
		monitor.reconcileSoon();
		assertThat(monitor.check()).isEqualTo(1);
	}

	@Test
	void storeOutageIsNotTheEndOfASession() {
		register("ws-1", "s1");
		SessionEndMonitor monitor = new SessionEndMonitor(this.registry, (ids) -> {
			throw new IllegalStateException("store down");
		}, Duration.ofSeconds(1), Duration.ofMinutes(1));
		assertThat(monitor.check()).isZero();
		assertThat(this.sent).isEmpty();
	}

	@Test
	void socketsOfASessionRotatedElsewhereFollowTheSuccessorInsteadOfClosing() {
		register("ws-1", "old");
		InMemorySessionRotationRegistry rotations = new InMemorySessionRotationRegistry(Duration.ofSeconds(10));
		rotations.recordRotation("old", "new");
		this.store.put("new", this.clock.instant().plus(Duration.ofMinutes(30)));
		SessionEndMonitor monitor = monitor();
		monitor.setRotations(rotations);
		assertThat(monitor.check()).isZero();
		assertThat(this.sent).isEmpty();
		assertThat(this.registry.findByHttpSessionId("new")).hasSize(1);
		this.store.clear();
		monitor.reconcileSoon();
		// A successor is read once more (its save may not be stored yet), then closed.
		assertThat(monitor.check()).isZero();
		assertThat(monitor.check()).isEqualTo(1);
	}

	@Test
	void rotationLookupOutageIsNotTheEndOfASession() {
		register("ws-1", "old");
		SessionEndMonitor monitor = monitor();
		InMemorySessionRotationRegistry working = new InMemorySessionRotationRegistry(Duration.ofSeconds(10));
		monitor.setRotations(new SessionRotationRegistry() {

			@Override
			public void recordRotation(String oldId, String newId) {
			}

			@Override
			public String successorOf(String oldId) {
				throw new IllegalStateException("store down");
			}

			@Override
			public String rotatedInto(String oldId) {
				throw new IllegalStateException("store down");
			}

			@Override
			public Set<String> endFamily(String sessionId) {
				return working.endFamily(sessionId);
			}

			@Override
			public Set<String> familyOf(String sessionId) {
				return working.familyOf(sessionId);
			}

			@Override
			public boolean isEnded(String sessionId) {
				return false;
			}

		});
		assertThat(monitor.check()).isZero();
		assertThat(this.sent).isEmpty();
	}

	@Test
	void socketsOfASessionOlderThanTheMaxLifetimeAreClosedWith4002EvenIfItIsAlive() {
		WebSocketSession old = register("ws-1", "old");
		register("ws-2", "young");
		this.store.put("old", this.clock.instant().plus(Duration.ofMinutes(30)));
		this.store.put("young", this.clock.instant().plus(Duration.ofMinutes(30)));
		Instant now = this.clock.instant();
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
		SessionEndMonitor monitor = monitor();
		monitor.setMaxLifetime(Duration.ofHours(8), lookup);
		assertThat(monitor.check()).isEqualTo(1);
		assertThat(old.getAttributes()).containsEntry(SocketTestSupport.PENDING_CLOSE_STATUS,
				WsAuthCloseStatus.SESSION_ENDED);
		monitor.reconcileSoon();
		// A closed session is not read again; the creation time of a session is read
		// once.
		assertThat(monitor.check()).isZero();
		assertThat(creationLookups.get("young")).hasValue(1);
	}

	@Test
	void withoutAMaxLifetimeTheCreationTimeIsNeverRead() {
		register("ws-1", "s1");
		this.store.put("s1", this.clock.instant().plus(Duration.ofMinutes(30)));
		SessionEndMonitor monitor = monitor();
		monitor.setMaxLifetime(null, new SessionLookup() {

			@Override
			public Object findAttribute(String sessionId, String attributeName) {
				return new SecurityContextImpl();
			}

			@Override
			public Instant findCreationTime(String sessionId) {
				throw new AssertionError("creation time read");
			}

		});
		assertThat(monitor.check()).isZero();
	}

	@Test
	void monitorRunsBetweenStartAndStop() {
		SessionEndMonitor monitor = new SessionEndMonitor(this.registry, this.reader, Duration.ofMillis(50),
				Duration.ofMinutes(1));
		assertThat(monitor.isRunning()).isFalse();
		monitor.start();
		assertThat(monitor.isRunning()).isTrue();
		monitor.stop();
		assertThat(monitor.isRunning()).isFalse();
	}

	private SessionEndMonitor monitor() {
		return monitor(Duration.ofMinutes(1));
	}

	private SessionEndMonitor monitor(Duration reconcileInterval) {
		SessionEndMonitor monitor = new SessionEndMonitor(this.registry, this.reader, Duration.ofSeconds(1),
				reconcileInterval);
		monitor.setClock(this.clock);
		return monitor;
	}

	private WebSocketSession register(String id, String httpSessionId) {
		Map<String, Object> attributes = new HashMap<>();
		WsAuthAttributes.bindHttpSessionId(attributes, httpSessionId);
		WebSocketSession session = mock(WebSocketSession.class);
		given(session.getId()).willReturn(id);
		given(session.getAttributes()).willReturn(attributes);
		given(session.isOpen()).willReturn(true);
		SocketTestSupport.register(this.registry, session);
		return session;
	}

}
