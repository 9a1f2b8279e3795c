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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link TicketStore} in this node's memory: atomic on one node only. Expired entries
 * are dropped as new tickets are stored, so memory stays bounded by the tickets issued
 * within one time-to-live.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class InMemoryTicketStore implements TicketStore {

	private static final int PURGE_EVERY = 256;

	private final Map<String, Entry> tickets = new ConcurrentHashMap<>();

	private final AtomicInteger saves = new AtomicInteger();

	private final Clock clock;

	/**
	 * Create a store on the system clock.
	 */
	public InMemoryTicketStore() {
		this(Clock.systemUTC());
	}

	/**
	 * Create a store.
	 * @param clock the clock that decides expiry
	 */
	public InMemoryTicketStore(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
	}

	@Override
	public void save(String key, byte[] sealedGrant, Duration timeToLive) {
		Instant now = this.clock.instant();
		if (this.saves.incrementAndGet() % PURGE_EVERY == 0) {
			this.tickets.values().removeIf((entry) -> entry.isExpired(now));
		}
		this.tickets.put(key, new Entry(sealedGrant, now.plus(timeToLive)));
	}

	@Override
	public byte @Nullable [] take(String key) {
		Entry entry = this.tickets.remove(key);
		return (entry != null && !entry.isExpired(this.clock.instant())) ? entry.sealedGrant() : null;
	}

	int size() {
		return this.tickets.size();
	}

	private record Entry(byte[] sealedGrant, Instant expiresAt) {

		boolean isExpired(Instant now) {
			return !now.isBefore(this.expiresAt);
		}

	}

}
