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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenBucket}.
 */
class TokenBucketTests {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void aFullBucketGivesExactlyItsCapacityAtOnce() {
		TokenBucket bucket = new TokenBucket(2, 5, 0);
		for (int i = 0; i < 5; i++) {
			assertThat(bucket.tryTake(0)).isTrue();
		}
		assertThat(bucket.tryTake(0)).isFalse();
	}

	@Test
	void anEmptyBucketRefillsAtItsRate() {
		TokenBucket bucket = new TokenBucket(2, 2, 0);
		bucket.tryTake(0);
		bucket.tryTake(0);
		assertThat(bucket.nanosUntilAvailable(0)).isEqualTo(SECOND / 2);
		assertThat(bucket.tryTake(SECOND / 2 - 1)).isFalse();
		assertThat(bucket.tryTake(SECOND / 2)).isTrue();
		assertThat(bucket.tryTake(SECOND / 2)).isFalse();
	}

	@Test
	void aBucketNeverHoldsMoreThanItsCapacity() {
		TokenBucket bucket = new TokenBucket(100, 3, 0);
		assertThat(bucket.isFull(60 * SECOND)).isTrue();
		for (int i = 0; i < 3; i++) {
			assertThat(bucket.tryTake(60 * SECOND)).isTrue();
		}
		assertThat(bucket.tryTake(60 * SECOND)).isFalse();
	}

}
