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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SessionKeepAlive}.
 */
class SessionKeepAliveTests {

	private final CountingRepository repository = new CountingRepository();

	@Test
	void manyFramesWithinTheTouchIntervalTouchTheSessionOnce() {
		MapSession session = this.repository.createSession();
		session.setLastAccessedTime(Instant.now().minus(Duration.ofMinutes(5)));
		this.repository.save(session);
		this.repository.saves.set(0);
		SessionKeepAlive keepAlive = new SessionKeepAlive(this.repository, Duration.ofMinutes(1));
		for (int i = 0; i < 200; i++) {
			keepAlive.activity(session.getId());
		}
		assertThat(this.repository.saves).hasValue(1);
		assertThat(this.repository.findById(session.getId()).getLastAccessedTime())
			.isAfter(Instant.now().minus(Duration.ofMinutes(1)));
	}

	@Test
	void activityAfterTheTouchIntervalTouchesAgain() {
		MapSession session = this.repository.createSession();
		this.repository.save(session);
		this.repository.saves.set(0);
		SessionKeepAlive keepAlive = new SessionKeepAlive(this.repository, Duration.ofMillis(20));
		keepAlive.activity(session.getId());
		await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
			keepAlive.activity(session.getId());
			assertThat(this.repository.saves.get()).isGreaterThanOrEqualTo(2);
		});
	}

	@Test
	void startedKeepAliveTouchesOffTheCallingThread() {
		MapSession session = this.repository.createSession();
		session.setLastAccessedTime(Instant.now().minus(Duration.ofMinutes(5)));
		this.repository.save(session);
		this.repository.saves.set(0);
		SessionKeepAlive keepAlive = new SessionKeepAlive(this.repository, Duration.ofMinutes(1));
		keepAlive.start();
		try {
			keepAlive.activity(session.getId());
			await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(this.repository.saves).hasValue(1));
			assertThat(this.repository.savingThread).startsWith("wsauth-session-keep-alive");
		}
		finally {
			keepAlive.stop();
		}
		assertThat(keepAlive.isRunning()).isFalse();
	}

	@Test
	void touchNeverMovesIdleExpiryPastTheMaxLifetime() {
		Instant now = Instant.now();
		Instant created = now.minus(Duration.ofMinutes(45));
		MapSession session = new MapSession();
		session.setCreationTime(created);
		session.setLastAccessedTime(now.minus(Duration.ofMinutes(25)));
		session.setMaxInactiveInterval(Duration.ofMinutes(30));
		this.repository.save(session);
		SessionKeepAlive keepAlive = new SessionKeepAlive(this.repository, Duration.ofMinutes(1));
		keepAlive.setMaxLifetime(Duration.ofHours(1));
		keepAlive.setClock(Clock.fixed(now, ZoneOffset.UTC));
		assertThat(keepAlive.touch(session.getId())).isTrue();
		MapSession touched = this.repository.findById(session.getId());
		assertThat(touched.getLastAccessedTime().plus(touched.getMaxInactiveInterval()))
			.isEqualTo(created.plus(Duration.ofHours(1)));
	}

	@Test
	void sessionPastItsMaxLifetimeIsNotTouched() {
		Instant now = Instant.now();
		MapSession session = new MapSession();
		session.setCreationTime(now.minus(Duration.ofMinutes(61)));
		session.setLastAccessedTime(now.minus(Duration.ofMinutes(1)));
		session.setMaxInactiveInterval(Duration.ofMinutes(30));
		this.repository.save(session);
		this.repository.saves.set(0);
		SessionKeepAlive keepAlive = new SessionKeepAlive(this.repository, Duration.ofMinutes(1));
		keepAlive.setMaxLifetime(Duration.ofHours(1));
		keepAlive.setClock(Clock.fixed(now, ZoneOffset.UTC));
		assertThat(keepAlive.touch(session.getId())).isFalse();
		assertThat(this.repository.saves).hasValue(0);
		assertThat(this.repository.findById(session.getId()).getLastAccessedTime())
			.isEqualTo(now.minus(Duration.ofMinutes(1)));
	}

	@Test
	void sessionAccessedWithinHalfTheTouchIntervalIsNotWritten() {
		MapSession session = this.repository.createSession();
		session.setLastAccessedTime(Instant.now().minus(Duration.ofSeconds(20)));
		this.repository.save(session);
		this.repository.saves.set(0);
		SessionKeepAlive keepAlive = new SessionKeepAlive(this.repository, Duration.ofMinutes(1));
		assertThat(keepAlive.touch(session.getId())).isFalse();
		assertThat(this.repository.saves).hasValue(0);
		session.setLastAccessedTime(Instant.now().minus(Duration.ofSeconds(40)));
		this.repository.save(session);
		assertThat(keepAlive.touch(session.getId())).isTrue();
	}

	@Test
	void missingSessionIsNotRecreated() {
		SessionKeepAlive keepAlive = new SessionKeepAlive(this.repository, Duration.ofMinutes(1));
		keepAlive.activity("gone");
		assertThat(this.repository.saves).hasValue(0);
		assertThat(this.repository.findById("gone")).isNull();
	}

	@Test
	void storeOutageIsRetriedOnTheNextActivity() {
		AtomicInteger lookups = new AtomicInteger();
		SessionKeepAlive keepAlive = new SessionKeepAlive(new MapSessionRepository(new ConcurrentHashMap<>()) {

			@Override
			public MapSession findById(String id) {
				lookups.incrementAndGet();
				throw new IllegalStateException("store down");
			}

		}, Duration.ofMinutes(1));
		keepAlive.activity("s1");
		keepAlive.activity("s1");
		assertThat(lookups).hasValue(2);
	}

	@Test
	void sweepForgetsTouchesOlderThanTheInterval() {
		SessionKeepAlive keepAlive = new SessionKeepAlive(this.repository, Duration.ofMillis(10));
		keepAlive.activity("s1");
		assertThat(keepAlive.tracked()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
			keepAlive.sweep();
			assertThat(keepAlive.tracked()).isZero();
		});
	}

	static final class CountingRepository extends MapSessionRepository {

		final AtomicInteger saves = new AtomicInteger();

		volatile String savingThread = "";

		CountingRepository() {
			super(new ConcurrentHashMap<>());
		}

		@Override
		public void save(MapSession session) {
			this.saves.incrementAndGet();
			this.savingThread = Thread.currentThread().getName();
			super.save(session);
		}

	}

}
