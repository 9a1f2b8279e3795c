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

import java.util.UUID;

import org.springframework.util.Assert;

/**
 * One slot of a user's connections, taken before the upgrade's 101 and given back when
 * the socket closes or the upgrade fails.
 *
 * @param user the principal name the slot is counted for
 * @param id the random id of the slot, unique in the cluster
 * @author wsauth
 * @since 0.1.0
 */
public record ConnectionReservation(String user, String id) {

	/**
	 * Create a reservation.
	 * @param user the principal name
	 * @param id the id of the slot
	 */
	public ConnectionReservation {
		Assert.notNull(user, "'user' must not be null");
		Assert.hasText(id, "'id' must not be empty");
	}

	/**
	 * Create a reservation with a new random id.
	 * @param user the principal name
	 * @return the reservation
	 */
	public static ConnectionReservation newReservation(String user) {
		return new ConnectionReservation(user, UUID.randomUUID().toString());
	}

	@Override
	public String toString() {
		return "ConnectionReservation[" + this.id + "]";
	}

}
