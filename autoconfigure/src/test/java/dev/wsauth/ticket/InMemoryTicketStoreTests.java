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

package dev.wsauth.ticket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.wsauth.ticket.TicketServiceTests.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryTicketStoreTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final InMemoryTicketStore store = new InMemoryTicketStore(this.clock);

	@Test
	void takeReturnsTheSavedGrantOnce() {
		byte[] grant = grant();
		this.store.save("k", grant, Duration.ofSeconds(30));
		assertThat(this.store.take("k")).isSameAs(grant);
		assertThat(this.store.take("k")).isNull();
	}

	@Test
	void unknownKeyGivesNothing() {
		assertThat(this.store.take("unknown")).isNull();
	}

	@Test
	void expiredGrantIsNotReturnedAndIsRemoved() {
		this.store.save("k", grant(), Duration.ofSeconds(30));
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.store.take("k")).isNull();
		assertThat(this.store.size()).isZero();
	}

	@Test
	void expiredGrantsArePurgedAsNewOnesAreSaved() {
		for (int i = 0; i < 300; i++) {
			this.store.save("old-" + i, grant(), Duration.ofSeconds(30));
		}
		this.clock.advance(Duration.ofMinutes(1));
		for (int i = 0; i < 256; i++) {
			this.store.save("new-" + i, grant(), Duration.ofSeconds(30));
		}
		assertThat(this.store.size()).isLessThanOrEqualTo(256);
	}

	@Test
	void concurrentTakesOfOneKeyReturnTheGrantExactlyOnce() throws Exception {
		int threads = 16;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 50; round++) {
				String key = "k-" + round;
				this.store.save(key, grant(), Duration.ofSeconds(30));
				CountDownLatch start = new CountDownLatch(1);
				List<Future<byte[]>> takes = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					takes.add(executor.submit(() -> {
						start.await();
						return this.store.take(key);
					}));
				}
				start.countDown();
				int granted = 0;
				for (Future<byte[]> take : takes) {
					granted += (take.get(10, TimeUnit.SECONDS) != null) ? 1 : 0;
				}
				assertThat(granted).isEqualTo(1);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static byte[] grant() {
		return new byte[] { 1, 2, 3 };
	}

}
