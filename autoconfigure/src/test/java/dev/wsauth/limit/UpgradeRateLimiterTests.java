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

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UpgradeRateLimiter}.
 */
class UpgradeRateLimiterTests {

	private static final long SECOND = 1_000_000_000L;

	private final AtomicLong now = new AtomicLong();

	@Test
	void anAddressGetsItsBurstThenIsToldWhenToRetry() {
		UpgradeRateLimiter limiter = new UpgradeRateLimiter(0.5, 3, 100, this.now::get);
		for (int i = 0; i < 3; i++) {
			assertThat(limiter.tryAcquire("192.0.2.1")).isZero();
		}
		assertThat(limiter.tryAcquire("192.0.2.1")).isEqualTo(2);
		this.now.addAndGet(2 * SECOND);
		assertThat(limiter.tryAcquire("192.0.2.1")).isZero();
	}

	@Test
	void addressesAreCountedApart() {
		UpgradeRateLimiter limiter = new UpgradeRateLimiter(1, 1, 100, this.now::get);
		assertThat(limiter.tryAcquire("192.0.2.1")).isZero();
		assertThat(limiter.tryAcquire("192.0.2.1")).isEqualTo(1);
		assertThat(limiter.tryAcquire("192.0.2.2")).isZero();
	}

	@Test
	void aFloodOfAddressesNeverGrowsTheTablePastItsBound() {
		UpgradeRateLimiter limiter = new UpgradeRateLimiter(1, 1, 50, this.now::get);
		for (int i = 0; i < 10_000; i++) {
			limiter.tryAcquire("10.0." + (i / 256) + "." + (i % 256));
		}
		assertThat(limiter.addresses()).isEqualTo(50);
	}

	@Test
	void theLeastRecentlySeenAddressIsForgottenFirst() {
		UpgradeRateLimiter limiter = new UpgradeRateLimiter(1, 1, 2, this.now::get);
		limiter.tryAcquire("a");
		limiter.tryAcquire("b");
		// "a" is used again, so "b" is the one to go.
		assertThat(limiter.tryAcquire("a")).isEqualTo(1);
		limiter.tryAcquire("c");
		assertThat(limiter.tryAcquire("a")).isEqualTo(1);
		assertThat(limiter.tryAcquire("b")).isZero();
	}

}
