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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link SessionRotationRegistry} held in memory, for a single node. Every operation
 * holds one lock, which makes the family operations linearizable; they are a map lookup
 * or two, far cheaper than the session store round trip beside them.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class InMemorySessionRotationRegistry implements SessionRotationRegistry {

	private static final int DEFAULT_MAX_ENTRIES = 100_000;

	private static final Duration DEFAULT_ENDED_RETENTION = Duration.ofMinutes(10);

	/**
	 * Longest rotation chain followed; a chain is one rotation per grace period, so this
	 * is never reached by a real session.
	 */
	private static final int MAX_HOPS = 64;

	/**
	 * Old id to new id, within the grace period: what a request with the old id is led
	 * to.
	 */
	private final Map<String, Link> successors = new LinkedHashMap<>();

	/**
	 * The links of a family, both ways, within the ended-retention period.
	 */
	private final Map<String, Link> rotatedInto = new LinkedHashMap<>();

	private final Map<String, Link> predecessors = new LinkedHashMap<>();

	private final Map<String, Instant> ended = new LinkedHashMap<>();

	private final Duration grace;

	private final Duration endedRetention;

	private final Clock clock;

	private final int maxEntries;

	/**
	 * Create a registry that keeps each rotation for the given grace period and each
	 * ended family for ten minutes.
	 * @param grace how long an old id keeps leading to its successor
	 */
	public InMemorySessionRotationRegistry(Duration grace) {
		this(grace, DEFAULT_ENDED_RETENTION);
	}

	/**
	 * Create a registry.
	 * @param grace how long an old id keeps leading to its successor
	 * @param endedRetention how long an ended id is remembered as ended; longer than any
	 * request that may still hold the session it named
	 */
	public InMemorySessionRotationRegistry(Duration grace, Duration endedRetention) {
		this(grace, endedRetention, Clock.systemUTC(), DEFAULT_MAX_ENTRIES);
	}

	InMemorySessionRotationRegistry(Duration grace, Clock clock, int maxEntries) {
		this(grace, DEFAULT_ENDED_RETENTION, clock, maxEntries);
	}

	InMemorySessionRotationRegistry(Duration grace, Duration endedRetention, Clock clock, int maxEntries) {
		Assert.notNull(grace, "'grace' must not be null");
		Assert.isTrue(!grace.isNegative(), "'grace' must not be negative");
		Assert.notNull(endedRetention, "'endedRetention' must not be null");
		Assert.isTrue(endedRetention.compareTo(grace) >= 0, "'endedRetention' must not be shorter than 'grace'");
		Assert.notNull(clock, "'clock' must not be null");
		this.grace = grace;
		this.endedRetention = endedRetention;
		this.clock = clock;
		this.maxEntries = maxEntries;
	}

	@Override
	public synchronized void recordRotation(String oldId, String newId) {
		Instant now = this.clock.instant();
		if (isEnded(oldId, now)) {
			// The family ended while this rotation was in flight: the new id
			// is born ended.
			put(this.ended, newId, now.plus(this.endedRetention), now);
		}
		Instant retainedUntil = now.plus(this.endedRetention);
		put(this.rotatedInto, oldId, new Link(newId, retainedUntil), now);
		put(this.predecessors, newId, new Link(oldId, retainedUntil), now);
		if (!this.grace.isZero()) {
			put(this.successors, oldId, new Link(newId, now.plus(this.grace)), now);
		}
	}

	@Override
	public synchronized @Nullable String successorOf(String oldId) {
		return linked(this.successors, oldId, this.clock.instant());
	}

	@Override
	public synchronized @Nullable String rotatedInto(String oldId) {
		return linked(this.rotatedInto, oldId, this.clock.instant());
	}

	@Override
	public synchronized Set<String> endFamily(String sessionId) {
		Instant now = this.clock.instant();
		Set<String> family = family(sessionId, now);
		Instant until = now.plus(this.endedRetention);
		for (String id : family) {
			put(this.ended, id, until, now);
		}
		return family;
	}

	@Override
	public synchronized Set<String> familyOf(String sessionId) {
		return family(sessionId, this.clock.instant());
	}

	@Override
	public synchronized boolean isEnded(String sessionId) {
		return isEnded(sessionId, this.clock.instant());
	}

	synchronized int size() {
		return this.successors.size();
	}

	private Set<String> family(String sessionId, Instant now) {
		Set<String> family = new LinkedHashSet<>();
		Deque<String> pending = new ArrayDeque<>();
		pending.add(sessionId);
		while (!pending.isEmpty() && family.size() < MAX_HOPS) {
			String id = pending.poll();
			if (family.add(id)) {
				String next = linked(this.rotatedInto, id, now);
				String previous = linked(this.predecessors, id, now);
				if (next != null) {
					pending.add(next);
				}
				if (previous != null) {
					pending.add(previous);
				}
			}
		}
		return family;
	}

	private boolean isEnded(String sessionId, Instant now) {
		Instant until = this.ended.get(sessionId);
		if (until == null) {
			return false;
		}
		if (!until.isAfter(now)) {
			this.ended.remove(sessionId);
			return false;
		}
		return true;
	}

	private static @Nullable String linked(Map<String, Link> links, String id, Instant now) {
		Link link = links.get(id);
		if (link == null) {
			return null;
		}
		if (!link.expiresAt().isAfter(now)) {
			links.remove(id);
			return null;
		}
		return link.id();
	}

	private <V> void put(Map<String, V> map, String key, V value, Instant now) {
		if (map.size() >= this.maxEntries) {
			map.values().removeIf((entry) -> !expiresAt(entry).isAfter(now));
		}
		// A full table after purging means a flood: the oldest entry is sacrificed rather
		// than memory (insertion order).
		if (map.size() >= this.maxEntries) {
			Iterator<String> keys = map.keySet().iterator();
			if (keys.hasNext()) {
				keys.next();
				keys.remove();
			}
		}
		map.remove(key);
		map.put(key, value);
	}

	private static Instant expiresAt(Object entry) {
		return (entry instanceof Link link) ? link.expiresAt() : (Instant) entry;
	}

	private record Link(String id, Instant expiresAt) {

	}

}
