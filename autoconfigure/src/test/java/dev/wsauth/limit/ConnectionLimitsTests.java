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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.wsauth.socket.ConnectionRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionLimits}.
 */
class ConnectionLimitsTests {

	private final InMemoryConnectionLimiter limiter = new InMemoryConnectionLimiter(2);

	private final ConnectionLimits limits = new ConnectionLimits(this.limiter, new ConnectionRegistry(() -> null));

	@Test
	void reserveRefusesTheUserPastTheLimitAndReleaseGivesTheSlotBackOnce() {
		ConnectionReservation first = this.limits.reserve("alice");
		ConnectionReservation second = this.limits.reserve("alice");
		assertThat(first).isNotNull();
		assertThat(second).isNotNull();
		assertThat(this.limits.reserve("alice")).isNull();
		this.limits.release(first);
		this.limits.release(first);
		assertThat(this.limiter.held("alice")).isEqualTo(1);
		assertThat(this.limits.held()).isEqualTo(1);
		assertThat(this.limits.reserve("alice")).isNotNull();
	}

	@Test
	void aSlotThatNeverGetsASocketIsReleasedAfterTheAttachTimeout() {
		this.limits.setAttachTimeout(Duration.ZERO);
		ConnectionReservation orphan = this.limits.reserve("alice");
		ConnectionReservation attached = this.limits.reserve("alice");
		assertThat(this.limits.attach(attached, "ws-1")).isTrue();
		this.limits.renew();
		assertThat(this.limiter.held("alice")).isEqualTo(1);
		assertThat(this.limits.attach(orphan, "ws-2")).isFalse();
		assertThat(this.limits.held()).isEqualTo(1);
	}

	@Test
	void aSlotTheStoreLostIsForgotten() {
		List<ConnectionReservation> renewed = new ArrayList<>();
		ConnectionLimiter losing = new ConnectionLimiter() {

			@Override
			public boolean tryReserve(ConnectionReservation reservation) {
				return true;
			}

			@Override
			public void release(ConnectionReservation reservation) {
			}

			@Override
			public List<ConnectionReservation> renew(Collection<ConnectionReservation> reservations) {
				renewed.addAll(reservations);
				return List.copyOf(reservations);
			}

		};
		ConnectionLimits limits = new ConnectionLimits(losing, new ConnectionRegistry(() -> null));
		ConnectionReservation reservation = limits.reserve("alice");
		limits.attach(reservation, "ws-1");
		limits.renew();
		assertThat(renewed).containsExactly(reservation);
		assertThat(limits.held()).isZero();
	}

	@Test
	void aStoreThatFailsOnRenewalKeepsTheSlots() {
		ConnectionLimiter failing = new ConnectionLimiter() {

			@Override
			public boolean tryReserve(ConnectionReservation reservation) {
				return true;
			}

			@Override
			public void release(ConnectionReservation reservation) {
			}

			@Override
			public List<ConnectionReservation> renew(Collection<ConnectionReservation> reservations) {
				throw new IllegalStateException("down");
			}

		};
		ConnectionLimits limits = new ConnectionLimits(failing, new ConnectionRegistry(() -> null));
		ConnectionReservation reservation = limits.reserve("alice");
		limits.attach(reservation, "ws-1");
		limits.renew();
		assertThat(limits.held()).isEqualTo(1);
	}

}
