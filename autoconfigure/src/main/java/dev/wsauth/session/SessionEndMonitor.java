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
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.util.Assert;

/**
 * Closes sockets whose HTTP session ended without a logout on this node: expired, deleted
 * from the store, or stripped of its security context. Every check interval it looks up
 * each distinct session id the node's sockets are bound to (one lookup per session, not
 * per socket), so an idle socket is closed by the server, not only when its client next
 * sends a frame.
 *
 * <p>
 * A session that is gone because its id was rotated (on this node or, with a shared
 * {@link SessionRotationRegistry}, on another) is not an ended session: when the rotation
 * registry knows a successor, the sockets are re-bound to it and checked under the new id
 * from then on. With several nodes this is how sockets follow a rotation made elsewhere,
 * so the rotation grace must be longer than the check interval.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SessionEndMonitor implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SessionEndMonitor.class);

	private final ConnectionRegistry registry;

	private final SessionLookup lookup;

	private final Duration interval;

	private @Nullable SessionRotationRegistry rotations;

	private final Map<String, Instant> creationTimes = new ConcurrentHashMap<>();

	private @Nullable Duration maxLifetime;

	private Clock clock = Clock.systemUTC();

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a monitor.
	 * @param registry the connections of this node
	 * @param lookup finds sessions by id
	 * @param interval how often sessions are checked
	 */
	public SessionEndMonitor(ConnectionRegistry registry, SessionLookup lookup, Duration interval) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(lookup, "'lookup' must not be null");
		Assert.isTrue(interval.toMillis() >= 10, "'interval' must be at least 10ms");
		this.registry = registry;
		this.lookup = lookup;
		this.interval = interval;
	}

	/**
	 * Set the registry of recent rotations, consulted before treating a missing session
	 * as ended.
	 * @param rotations the rotation registry
	 */
	public void setRotations(@Nullable SessionRotationRegistry rotations) {
		this.rotations = rotations;

	}

	/**
	 * Set the absolute maximum lifetime of a session, counted from its creation: sockets
	 * of an older session are closed with 4002 however active they are. The creation time
	 * is read once per session id.
	 * @param maxLifetime the maximum lifetime, or {@code null} for none
	 */
	public void setMaxLifetime(@Nullable Duration maxLifetime) {
		this.maxLifetime = maxLifetime;
	}

	/**
	 * Set the clock, for tests.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
	}

	/**
	 * Check every session once now and close the sockets of those that ended.
	 * @return the number of sockets closed
	 */
	public int check() {
		Set<String> sessionIds = new LinkedHashSet<>();
		for (WebSocketConnection connection : this.registry.getConnections()) {
			String id = connection.getHttpSessionId();
			if (id != null && connection.isOpen()) {
				sessionIds.add(id);
			}
		}
		int closed = 0;
		for (String id : sessionIds) {
			Object context;
			boolean outlived;
			try {
				context = this.lookup.findAttribute(id,
						HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
				outlived = (context != null) && outlived(id);
			}
			catch (RuntimeException ex) {
				// A store outage is not the end of the session: check again next time.
				logger.debug("Could not check a session; will retry", ex);
				continue;
			}
			if (context == null && followedRotation(id)) {
				continue;
			}
			if (context == null || outlived) {
				for (WebSocketConnection connection : this.registry.findByHttpSessionId(id)) {
					this.registry.close(connection, WsAuthCloseStatus.SESSION_ENDED);
					closed++;
				}
			}
		}
		this.creationTimes.keySet().retainAll(sessionIds);
		return closed;
	}

	/**
	 * Re-bind the sockets of a session that was rotated rather than ended.
	 * @return {@code true} if the session has a successor, or if that could not be told
	 */
	private boolean followedRotation(String id) {
		if (this.rotations == null) {
			return false;
		}
		String successor;
		try {
			successor = this.rotations.successorOf(id);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not look up a rotation; will retry", ex);
			return true;
		}
		if (successor == null) {
			return false;
		}
		for (WebSocketConnection connection : this.registry.findByHttpSessionId(id)) {
			connection.rebind(id, successor);
		}
		return true;

	}

	private boolean outlived(String sessionId) {
		Duration maxLifetime = this.maxLifetime;
		if (maxLifetime == null) {
			return false;
		}
		Instant created = this.creationTimes.get(sessionId);
		if (created == null) {
			created = this.lookup.findCreationTime(sessionId);
			if (created == null) {
				return false;
			}
			this.creationTimes.put(sessionId, created);
		}
		return !this.clock.instant().isBefore(created.plus(maxLifetime));
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = DaemonExecutors.singleThread("wsauth-session-end-monitor");
		long millis = this.interval.toMillis();
		executor.scheduleWithFixedDelay(this::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	private void checkQuietly() {
		try {
			check();
		}
		catch (RuntimeException ex) {
			logger.warn("Session end check failed", ex);
		}
	}

}
