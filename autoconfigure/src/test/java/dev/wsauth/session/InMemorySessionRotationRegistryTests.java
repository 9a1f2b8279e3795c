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
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link InMemorySessionRotationRegistry}.
 *
 * @author wsauth
 */
class InMemorySessionRotationRegistryTests {

	private final MutableClock clock = new MutableClock();

	@Test
	void successorIsFoundWithinGrace() {
		InMemorySessionRotationRegistry registry = registry(Duration.ofSeconds(10), 100);
		registry.recordRotation("old", "new");
		this.clock.advance(Duration.ofSeconds(9));
		assertThat(registry.successorOf("old")).isEqualTo("new");
	}

	@Test
	void successorIsGoneWhenGraceIsOver() {
		InMemorySessionRotationRegistry registry = registry(Duration.ofSeconds(10), 100);
		registry.recordRotation("old", "new");
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(registry.successorOf("old")).isNull();
		assertThat(registry.size()).isZero();
	}

	@Test
	void unknownIdHasNoSuccessor() {
		InMemorySessionRotationRegistry registry = registry(Duration.ofSeconds(10), 100);
		registry.recordRotation("old", "new");
		assertThat(registry.successorOf("new")).isNull();
		assertThat(registry.successorOf("other")).isNull();
	}

	@Test
	void zeroGraceRecordsNothing() {
		InMemorySessionRotationRegistry registry = registry(Duration.ZERO, 100);
		registry.recordRotation("old", "new");
		assertThat(registry.successorOf("old")).isNull();
		assertThat(registry.size()).isZero();
	}

	@Test
	void negativeGraceIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> registry(Duration.ofSeconds(-1), 100));
	}

	@Test
	void sizeIsBoundedWhenAllEntriesAreLive() {
		InMemorySessionRotationRegistry registry = registry(Duration.ofSeconds(10), 3);
		for (int i = 0; i < 10; i++) {
			registry.recordRotation("old" + i, "new" + i);
		}
		assertThat(registry.size()).isEqualTo(3);
		assertThat(registry.successorOf("old9")).isEqualTo("new9");
	}

	@Test
	void expiredEntriesArePurgedBeforeLiveOnesAreDropped() {
		InMemorySessionRotationRegistry registry = registry(Duration.ofSeconds(10), 3);
		registry.recordRotation("old0", "new0");
		registry.recordRotation("old1", "new1");
		this.clock.advance(Duration.ofSeconds(5));
		registry.recordRotation("old2", "new2");
		this.clock.advance(Duration.ofSeconds(6));
		registry.recordRotation("old3", "new3");
		assertThat(registry.size()).isEqualTo(2);
		assertThat(registry.successorOf("old2")).isEqualTo("new2");
		assertThat(registry.successorOf("old3")).isEqualTo("new3");
	}

	private InMemorySessionRotationRegistry registry(Duration grace, int maxEntries) {
		return new InMemorySessionRotationRegistry(grace, this.clock, maxEntries);
	}

	static final class MutableClock extends Clock {

		private Instant instant = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.instant = this.instant.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

	}

}
