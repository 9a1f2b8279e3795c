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
package dev.wsauth.connect;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PendingConnectionLimiter}.
 */
class PendingConnectionLimiterTests {

	@Test
	void acquireBeyondThePerAddressCapFails() {
		PendingConnectionLimiter limiter = new PendingConnectionLimiter(10, 2);
		assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
		assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
		assertThat(limiter.hasCapacity("10.0.0.1")).isFalse();
		assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
		assertThat(limiter.tryAcquire("10.0.0.2")).isTrue();
		assertThat(limiter.pending("10.0.0.1")).isEqualTo(2);
		assertThat(limiter.pending()).isEqualTo(3);
	}

	@Test
	void acquireBeyondTheOverallCapFailsForEveryAddress() {
		PendingConnectionLimiter limiter = new PendingConnectionLimiter(3, 2);
		assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
		assertThat(limiter.tryAcquire("10.0.0.2")).isTrue();
		assertThat(limiter.tryAcquire("10.0.0.3")).isTrue();
		assertThat(limiter.hasCapacity("10.0.0.4")).isFalse();
		assertThat(limiter.tryAcquire("10.0.0.4")).isFalse();
		assertThat(limiter.pending()).isEqualTo(3);
	}

	@Test
	void releasedSlotsCanBeTakenAgainWithoutLeaks() {
		PendingConnectionLimiter limiter = new PendingConnectionLimiter(2, 2);
		for (int i = 0; i < 100; i++) {
			assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
			assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
			assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
			limiter.release("10.0.0.1");
			limiter.release("10.0.0.1");
		}
		assertThat(limiter.pending()).isZero();
		assertThat(limiter.pending("10.0.0.1")).isZero();
	}

	@Test
	void releaseOfAnAddressWithoutSlotsChangesNothing() {
		PendingConnectionLimiter limiter = new PendingConnectionLimiter(2, 1);
		limiter.tryAcquire("10.0.0.1");
		limiter.release("10.0.0.2");
		assertThat(limiter.pending()).isEqualTo(1);
		assertThat(limiter.hasCapacity("10.0.0.2")).isTrue();
		assertThat(limiter.tryAcquire("10.0.0.2")).isTrue();
		assertThat(limiter.tryAcquire("10.0.0.3")).isFalse();
	}

	@Test
	void concurrentAcquiresNeverExceedTheCap() throws InterruptedException {
		PendingConnectionLimiter limiter = new PendingConnectionLimiter(50, 50);
		AtomicInteger acquired = new AtomicInteger();
		Thread[] threads = new Thread[8];
		for (int t = 0; t < threads.length; t++) {
			threads[t] = new Thread(() -> {
				for (int i = 0; i < 100; i++) {
					if (limiter.tryAcquire("10.0.0.1")) {
						acquired.incrementAndGet();
					}
				}
			});
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(acquired.get()).isEqualTo(50);
		assertThat(limiter.pending()).isEqualTo(50);
	}

	@Test
	void nonPositiveLimitsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PendingConnectionLimiter(0, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new PendingConnectionLimiter(1, 0));
	}

	@Test
	void addressesAreCountedByIp() {
		assertThat(PendingConnectionLimiter.key(new InetSocketAddress("127.0.0.1", 4711))).isEqualTo("127.0.0.1");
		assertThat(PendingConnectionLimiter.key(InetSocketAddress.createUnresolved("example.test", 80)))
			.isEqualTo("example.test");
		assertThat(PendingConnectionLimiter.key(null)).isEqualTo("unknown");
	}

}
