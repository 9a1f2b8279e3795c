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
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link SessionRotationRegistry} held in memory, for a single node.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class InMemorySessionRotationRegistry implements SessionRotationRegistry {

	private static final int DEFAULT_MAX_ENTRIES = 100_000;

	private final Map<String, Rotation> rotations = new ConcurrentHashMap<>();

	private final Duration grace;

	private final Clock clock;

	private final int maxEntries;

	/**
	 * Create a registry that keeps each rotation for the given grace period.
	 * @param grace how long an old id keeps leading to its successor
	 */
	public InMemorySessionRotationRegistry(Duration grace) {
		this(grace, Clock.systemUTC(), DEFAULT_MAX_ENTRIES);
	}

	InMemorySessionRotationRegistry(Duration grace, Clock clock, int maxEntries) {
		Assert.notNull(grace, "'grace' must not be null");
		Assert.isTrue(!grace.isNegative(), "'grace' must not be negative");
		Assert.notNull(clock, "'clock' must not be null");
		this.grace = grace;
		this.clock = clock;
		this.maxEntries = maxEntries;
	}

	@Override
	public void recordRotation(String oldId, String newId) {
		if (this.grace.isZero()) {
			return;
		}
		Instant now = this.clock.instant();
		if (this.rotations.size() >= this.maxEntries) {
			purgeExpired(now);
		}
		// A full table after purging means a flood of rotations: the oldest grace is
		// sacrificed rather than memory.
		if (this.rotations.size() >= this.maxEntries) {
			Iterator<String> keys = this.rotations.keySet().iterator();
			if (keys.hasNext()) {
				keys.next();
				keys.remove();
			}
		}
		this.rotations.put(oldId, new Rotation(newId, now.plus(this.grace)));
	}

	@Override
	public @Nullable String successorOf(String oldId) {
		Rotation rotation = this.rotations.get(oldId);
		if (rotation == null) {
			return null;
		}
		if (!rotation.expiresAt().isAfter(this.clock.instant())) {
			this.rotations.remove(oldId, rotation);
			return null;
		}
		return rotation.newId();
	}

	int size() {
		return this.rotations.size();
	}

	private void purgeExpired(Instant now) {
		this.rotations.values().removeIf((rotation) -> !rotation.expiresAt().isAfter(now));
	}

	private record Rotation(String newId, Instant expiresAt) {

	}

}
