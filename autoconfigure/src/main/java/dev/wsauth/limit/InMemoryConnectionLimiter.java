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

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.util.Assert;

/**
 * A {@link ConnectionLimiter} for one node: each node counts only its own connections.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class InMemoryConnectionLimiter implements ConnectionLimiter {

	private final int limit;

	private final Map<String, Set<String>> slots = new HashMap<>();

	/**
	 * Create a limiter.
	 * @param limit most connections per user
	 */
	public InMemoryConnectionLimiter(int limit) {
		Assert.isTrue(limit > 0, "'limit' must be positive");
		this.limit = limit;
	}

	@Override
	public synchronized boolean tryReserve(ConnectionReservation reservation) {
		Set<String> held = this.slots.computeIfAbsent(reservation.user(), (user) -> new HashSet<>());
		if (held.contains(reservation.id())) {
			return true;
		}
		if (held.size() >= this.limit) {
			return false;
		}
		held.add(reservation.id());
		return true;
	}

	@Override
	public synchronized void release(ConnectionReservation reservation) {
		Set<String> held = this.slots.get(reservation.user());
		if (held != null && held.remove(reservation.id()) && held.isEmpty()) {
			this.slots.remove(reservation.user());
		}
	}

	@Override
	public List<ConnectionReservation> renew(Collection<ConnectionReservation> reservations) {
		// Nothing expires in memory.
		return List.of();
	}

	/**
	 * Return the number of slots a user holds.
	 * @param user the principal name
	 * @return the slots held
	 */
	public synchronized int held(String user) {
		Set<String> held = this.slots.get(user);
		return (held != null) ? held.size() : 0;
	}

}
