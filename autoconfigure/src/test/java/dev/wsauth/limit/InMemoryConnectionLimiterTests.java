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

package dev.wsauth.limit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InMemoryConnectionLimiter}.
 */
class InMemoryConnectionLimiterTests {

	@Test
	void aUserGetsExactlyTheLimitAndAReleaseFreesOneSlot() {
		InMemoryConnectionLimiter limiter = new InMemoryConnectionLimiter(3);
		List<ConnectionReservation> held = List.of(ConnectionReservation.newReservation("alice"),
				ConnectionReservation.newReservation("alice"), ConnectionReservation.newReservation("alice"));
		held.forEach((reservation) -> assertThat(limiter.tryReserve(reservation)).isTrue());
		assertThat(limiter.tryReserve(ConnectionReservation.newReservation("alice"))).isFalse();
		assertThat(limiter.tryReserve(ConnectionReservation.newReservation("bob"))).isTrue();
		limiter.release(held.get(0));
		limiter.release(held.get(0));
		assertThat(limiter.held("alice")).isEqualTo(2);
		assertThat(limiter.tryReserve(ConnectionReservation.newReservation("alice"))).isTrue();
		assertThat(limiter.tryReserve(ConnectionReservation.newReservation("alice"))).isFalse();
	}

	@Test
	void concurrentReservationsNeverTakeMoreThanTheLimit() throws Exception {
		InMemoryConnectionLimiter limiter = new InMemoryConnectionLimiter(5);
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			for (int round = 0; round < 20; round++) {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Boolean>> attempts = new ArrayList<>();
				List<ConnectionReservation> reservations = new ArrayList<>();
				for (int i = 0; i < 32; i++) {
					ConnectionReservation reservation = ConnectionReservation.newReservation("alice");
					reservations.add(reservation);
					attempts.add(executor.submit(() -> {
						start.await();
						return limiter.tryReserve(reservation);
					}));
				}
				start.countDown();
				int taken = 0;
				for (Future<Boolean> attempt : attempts) {
					taken += attempt.get(10, TimeUnit.SECONDS) ? 1 : 0;
				}
				assertThat(taken).isEqualTo(5);
				reservations.forEach(limiter::release);
				assertThat(limiter.held("alice")).isZero();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

}
