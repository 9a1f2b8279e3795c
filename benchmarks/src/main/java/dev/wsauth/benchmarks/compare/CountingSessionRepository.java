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

package dev.wsauth.benchmarks.compare;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;

/**
 * An in-memory {@link MapSessionRepository} that counts {@code findById} and {@code save}
 * calls, for {@code GET /bench/store}.
 *
 * @author wsauth
 */
final class CountingSessionRepository implements SessionRepository<MapSession> {

	private final MapSessionRepository delegate = new MapSessionRepository(new ConcurrentHashMap<>());

	private final Counts counts;

	CountingSessionRepository(Counts counts) {
		this.counts = counts;
		this.delegate.setDefaultMaxInactiveInterval(Duration.ofMinutes(30));
	}

	@Override
	public MapSession createSession() {
		return this.delegate.createSession();
	}

	@Override
	public void save(MapSession session) {
		this.counts.writes.increment();
		this.delegate.save(session);
	}

	@Override
	public MapSession findById(String id) {
		this.counts.reads.increment();
		return this.delegate.findById(id);
	}

	@Override
	public void deleteById(String id) {
		this.delegate.deleteById(id);
	}

	/**
	 * The calls counted since start.
	 */
	static final class Counts {

		private final LongAdder reads = new LongAdder();

		private final LongAdder writes = new LongAdder();

		long reads() {
			return this.reads.sum();
		}

		long writes() {
			return this.writes.sum();
		}

	}

}
