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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.SessionBindingListener;
import dev.wsauth.socket.WebSocketConnection;
import dev.wsauth.socket.WsAuthCloseStatus;

/**
 * Closes sockets whose HTTP session ended without an event reaching this node: expired,
 * deleted from the store behind wsauth's back, or ended while this node missed the
 * broadcast (a pub/sub disconnect). Logouts and deletions close sockets at once through
 * the {@link SessionTerminator}; this monitor only has to catch up.
 *
 * <p>
 * It does not poll every session. Each session of an open socket is read once when its
 * socket opens (batched with the others that opened since), and from then on only when it
 * is due: when, by its last access and maximum inactive interval, it would expire. A
 * session whose expiry moved (activity on any node) is rescheduled; one saved on this
 * node with a shorter interval is rescheduled at once ({@link #sessionSaved}). Every
 * reconcile interval the reader is asked, batched and as cheaply as the store allows,
 * which sessions may have ended ({@link SessionStateReader#mayHaveEnded}), and those are
 * read: this heals missed events. A store that cannot be read is never taken for a
 * logout: the sessions are read again next time.
 *
 * <p>
 * A session that is gone because its id was rotated (on this node or, with a shared
 * {@link SessionRotationRegistry}, on another) is not an ended session: when the rotation
 * registry knows a successor, the sockets are re-bound to it and checked under the new id
 * from then on.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SessionEndMonitor implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SessionEndMonitor.class);

	private static final int BATCH_SIZE = 500;

	private final ConnectionRegistry registry;

	private final SessionStateReader reader;

	private final Duration checkInterval;

	private final Duration reconcileInterval;

	private @Nullable SessionRotationRegistry rotations;

	private @Nullable SessionLookup lookup;

	/** When each session bound to a socket here is read next. */
	private final Map<String, Instant> dueAt = new ConcurrentHashMap<>();

	/**
	 * The same times in order; an entry whose time is no longer the session's in
	 * {@link #dueAt} is stale and skipped.
	 */
	private final NavigableSet<Due> schedule = new ConcurrentSkipListSet<>();

	/** Ids just rotated into that were missing at their first read. */
	private final Set<String> missedOnce = ConcurrentHashMap.newKeySet();

	/** Sessions bound since the last check (or to be read again after a failure). */
	private final Queue<String> arrivals = new ConcurrentLinkedQueue<>();

	private final Map<String, Instant> creationTimes = new ConcurrentHashMap<>();

	private @Nullable Duration maxLifetime;

	private Clock clock = Clock.systemUTC();

	private volatile @Nullable Consumer<Duration> detectionLagListener;

	private volatile @Nullable Instant nextReconcile;

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a monitor.
	 * @param registry the connections of this node
	 * @param reader reads the state of sessions, batched
	 * @param checkInterval how often due and newly bound sessions are read
	 * @param reconcileInterval how often every session is checked, to heal missed events
	 */
	public SessionEndMonitor(ConnectionRegistry registry, SessionStateReader reader, Duration checkInterval,
			Duration reconcileInterval) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(reader, "'reader' must not be null");
		Assert.isTrue(checkInterval.toMillis() >= 10, "'checkInterval' must be at least 10ms");
		Assert.isTrue(reconcileInterval.compareTo(checkInterval) >= 0,
				"'reconcileInterval' must not be shorter than 'checkInterval'");
		this.registry = registry;
		this.reader = reader;
		this.checkInterval = checkInterval;
		this.reconcileInterval = reconcileInterval;
		registry.addBindingListener(new SessionBindingListener() {

			@Override
			public void bound(String httpSessionId) {
				SessionEndMonitor.this.arrivals.add(httpSessionId);
			}

			@Override
			public void unbound(String httpSessionId) {
				forget(httpSessionId);
			}

		});
		for (WebSocketConnection connection : registry.getConnections()) {
			String id = connection.getHttpSessionId();
			if (id != null) {
				this.arrivals.add(id);
			}
		}
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
	 * is read once per session id, through the lookup.
	 * @param maxLifetime the maximum lifetime, or {@code null} for none
	 * @param lookup reads a session's creation time
	 */
	public void setMaxLifetime(@Nullable Duration maxLifetime, @Nullable SessionLookup lookup) {
		Assert.isTrue(maxLifetime == null || lookup != null, "A maximum lifetime needs a session lookup");
		this.maxLifetime = maxLifetime;
		this.lookup = lookup;
	}

	/**
	 * Set what is told, for each session found ended after its expiry time, how long
	 * after that time its sockets were closed.
	 * @param detectionLagListener called with each lag, or {@code null}
	 */
	public void setDetectionLagListener(@Nullable Consumer<Duration> detectionLagListener) {
		this.detectionLagListener = detectionLagListener;
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
	 * Read every session at the next check, not only the due ones: after a gap in the
	 * broadcast, say.
	 */
	public void reconcileSoon() {
		this.nextReconcile = Instant.MIN;
	}

	/**
	 * Note that a session was saved on this node and when it should be read next: a
	 * session whose maximum inactive interval was shortened is then read by its new
	 * expiry, one that lost its security context at once ({@link Instant#MIN}). A later
	 * time changes nothing, since the session is read again when the earlier one comes.
	 * @param sessionId the session id
	 * @param readAt when the session expires if nothing touches it again, or earlier
	 */
	public void sessionSaved(String sessionId, Instant readAt) {
		this.dueAt.computeIfPresent(sessionId, (id, due) -> {
			if (!readAt.isBefore(due)) {
				return due;
			}
			this.schedule.add(new Due(readAt, id));
			return readAt;
		});
	}

	/**
	 * Read the sessions that are due (newly bound, past their expiry, or, when a
	 * reconciliation is due, suspected by the reader) and close the sockets of those that
	 * ended.
	 * @return the number of sockets closed
	 */
	public int check() {
		Instant now = this.clock.instant();
		Set<String> due = new LinkedHashSet<>();
		String arrived;
		while ((arrived = this.arrivals.poll()) != null) {
			if (this.registry.isBound(arrived)) {
				due.add(arrived);
			}
		}
		Due next;
		while ((next = this.schedule.pollFirst()) != null) {
			if (now.isBefore(next.at())) {
				this.schedule.add(next);
				break;
			}
			if (next.at().equals(this.dueAt.get(next.id()))) {
				due.add(next.id());
			}
		}
		Instant reconcileAt = this.nextReconcile;
		boolean reconcile = reconcileAt == null || !now.isBefore(reconcileAt);
		boolean complete = true;
		if (reconcile) {
			List<String> undue = new ArrayList<>();
			for (String id : this.dueAt.keySet()) {
				if (!due.contains(id)) {
					undue.add(id);
				}
			}
			for (int from = 0; from < undue.size(); from += BATCH_SIZE) {
				List<String> batch = undue.subList(from, Math.min(undue.size(), from + BATCH_SIZE));
				try {
					due.addAll(this.reader.mayHaveEnded(batch));
				}
				catch (RuntimeException ex) {
					logger.debug("Could not reconcile session states; will retry", ex);
					complete = false;
				}
			}
		}
		int closed = 0;
		List<String> ids = new ArrayList<>(due);
		for (int from = 0; from < ids.size(); from += BATCH_SIZE) {
			List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH_SIZE));
			Map<String, Instant> states;
			try {
				states = this.reader.read(batch);
			}
			catch (RuntimeException ex) {
				// A store outage is not the end of the session: read again next time.
				logger.debug("Could not read session states; will retry", ex);
				this.arrivals.addAll(batch);
				complete = false;
				continue;
			}
			Instant readAt = this.clock.instant();
			for (String id : batch) {
				Instant expiresAt = states.get(id);
				if (expiresAt != null && readAt.isBefore(expiresAt) && !outlived(id, readAt)) {
					this.missedOnce.remove(id);
					schedule(id, dueTime(id, expiresAt));
				}
				else if (followedRotation(id)) {
					this.missedOnce.remove(id);
				}
				else if (expiresAt == null && firstMissOfARotatedId(id)) {
					// The rotation that named it can be announced before its save is
					// stored: read it once more at the next check.
					this.arrivals.add(id);
				}
				else {
					closed += close(id);
				}
			}
		}
		if (reconcile && complete) {
			this.nextReconcile = now.plus(this.reconcileInterval);
		}
		return closed;
	}

	private boolean firstMissOfARotatedId(String id) {
		SessionRotationRegistry rotations = this.rotations;
		if (rotations == null || !this.missedOnce.add(id)) {
			return false;
		}
		try {
			return !rotations.isEnded(id) && rotations.familyOf(id).size() > 1;
		}
		catch (RuntimeException ex) {
			logger.debug("Could not look up a rotation; will retry", ex);
			return true;
		}
	}

	private void schedule(String id, Instant at) {
		this.dueAt.put(id, at);
		this.schedule.add(new Due(at, id));
		if (!this.registry.isBound(id)) {
			// The last socket went away meanwhile.
			forget(id);
		}
	}

	private void forget(String id) {
		Instant at = this.dueAt.remove(id);
		if (at != null) {
			this.schedule.remove(new Due(at, id));
		}
		this.creationTimes.remove(id);
		this.missedOnce.remove(id);
	}

	private Instant dueTime(String id, Instant expiresAt) {
		Instant due = expiresAt;
		Duration maxLifetime = this.maxLifetime;
		Instant created = this.creationTimes.get(id);
		if (maxLifetime != null && created != null && created.plus(maxLifetime).isBefore(due)) {
			due = created.plus(maxLifetime);
		}
		return due;
	}

	private int close(String id) {
		Instant due = this.dueAt.get(id);
		forget(id);
		Consumer<Duration> detectionLagListener = this.detectionLagListener;
		Instant now = this.clock.instant();
		if (detectionLagListener != null && due != null && !due.isAfter(now) && this.registry.isBound(id)) {
			detectionLagListener.accept(Duration.between(due, now));
		}
		int closed = 0;
		for (WebSocketConnection connection : this.registry.findByHttpSessionId(id)) {
			this.registry.close(connection, WsAuthCloseStatus.SESSION_ENDED);
			closed++;
		}
		return closed;
	}

	/**
	 * Re-bind the sockets of a session that was rotated rather than ended.
	 * @return {@code true} if the session has a successor, or if that could not be told
	 */
	private boolean followedRotation(String id) {
		SessionRotationRegistry rotations = this.rotations;
		if (rotations == null) {
			return false;
		}
		String successor;
		try {
			successor = rotations.rotatedInto(id);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not look up a rotation; will retry", ex);
			return true;
		}
		if (successor == null) {
			return false;
		}
		forget(id);
		// The registry tells this monitor of the successor, read at the
		// next check.
		this.registry.rebind(id, successor);
		return true;
	}

	private boolean outlived(String sessionId, Instant now) {
		Duration maxLifetime = this.maxLifetime;
		SessionLookup lookup = this.lookup;
		if (maxLifetime == null || lookup == null) {
			return false;
		}
		Instant created = this.creationTimes.get(sessionId);
		if (created == null) {
			created = lookup.findCreationTime(sessionId);
			if (created == null) {
				return false;
			}
			this.creationTimes.put(sessionId, created);
		}
		return !now.isBefore(created.plus(maxLifetime));
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = DaemonExecutors.singleThread("wsauth-session-end-monitor");
		long millis = this.checkInterval.toMillis();
		this.nextReconcile = this.clock.instant().plus(this.reconcileInterval);
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
			logger.warn("Session end check failed (" + ex.getClass().getName() + ")");
			logger.debug("Session end check failure", ex);
		}
	}

	private record Due(Instant at, String id) implements Comparable<Due> {

		@Override
		public int compareTo(Due other) {
			int byTime = this.at.compareTo(other.at);
			return (byTime != 0) ? byTime : this.id.compareTo(other.id);
		}

	}

}
