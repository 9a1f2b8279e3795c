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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.util.Assert;

/**
 * Keeps the HTTP session of a socket in use from idling out, without a repository write
 * per frame: at most one touch ({@code findById}, {@code setLastAccessedTime},
 * {@code save}) per session per touch interval, and no write when the session was
 * accessed within the last half interval, done on a background thread so that frame
 * handling never waits for the store. A touch never moves a session's expiry past its
 * maximum lifetime.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SessionKeepAlive implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SessionKeepAlive.class);

	private final SessionRepository<? extends Session> repository;

	private final Duration touchInterval;

	private final Map<String, Long> lastTouch = new ConcurrentHashMap<>();

	private @Nullable Duration maxLifetime;

	private Clock clock = Clock.systemUTC();

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a keep-alive.
	 * @param repository the session repository
	 * @param touchInterval the shortest time between two touches of one session
	 */
	public SessionKeepAlive(SessionRepository<? extends Session> repository, Duration touchInterval) {
		Assert.notNull(repository, "'repository' must not be null");
		Assert.notNull(touchInterval, "'touchInterval' must not be null");
		Assert.isTrue(touchInterval.toMillis() >= 10, "'touchInterval' must be at least 10ms");
		this.repository = repository;
		this.touchInterval = touchInterval;
	}

	/**
	 * Set the absolute maximum lifetime of a session, counted from its creation. A touch
	 * never extends a session past it.
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
	 * Record activity on a socket bound to an HTTP session. Cheap: touches the session in
	 * the background only if it was not touched within the touch interval.
	 * @param httpSessionId the current id of the HTTP session, or {@code null}
	 */
	public void activity(@Nullable String httpSessionId) {
		if (httpSessionId == null) {
			return;
		}
		long now = System.nanoTime();
		long interval = this.touchInterval.toNanos();
		Long previous = this.lastTouch.get(httpSessionId);
		if (previous != null && now - previous < interval) {
			return;
		}
		boolean claimed = (previous != null) ? this.lastTouch.replace(httpSessionId, previous, now)
				: this.lastTouch.putIfAbsent(httpSessionId, now) == null;
		if (!claimed) {
			return;
		}
		ScheduledExecutorService executor = this.executor;
		if (executor == null) {
			touch(httpSessionId);
			return;
		}
		try {
			executor.execute(() -> touch(httpSessionId));
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Keep-alive is stopped; session not touched");
		}
	}

	/**
	 * Touch a session now: mark it accessed, unless it is gone, expired, or past its
	 * maximum lifetime.
	 * @param httpSessionId the id of the HTTP session
	 * @return whether the session was saved
	 */
	public boolean touch(String httpSessionId) {
		try {
			return doTouch(this.repository, httpSessionId);
		}
		catch (RuntimeException ex) {
			// A store outage is not the end of the session; the next activity retries.
			this.lastTouch.remove(httpSessionId);
			logger.debug("Could not touch a session; will retry on the next activity", ex);
			return false;
		}
	}

	private <S extends Session> boolean doTouch(SessionRepository<S> repository, String httpSessionId) {
		S session = repository.findById(httpSessionId);
		if (session == null || session.isExpired()) {
			return false;
		}
		Instant now = this.clock.instant();
		Instant accessed = now;
		if (this.maxLifetime != null) {
			Instant deadline = session.getCreationTime().plus(this.maxLifetime);
			if (!now.isBefore(deadline)) {
				return false;
			}
			Duration maxInactive = session.getMaxInactiveInterval();
			if (!maxInactive.isNegative() && !maxInactive.isZero()) {
				// Idle expiry after this touch must not come later than the deadline.
				Instant latest = deadline.minus(maxInactive);
				if (accessed.isAfter(latest)) {
					accessed = latest;
				}
			}
		}
		// Accessed within the last half interval (by the login or request just before the
		// upgrade, say): no write yet, the next activity touches it again. This also
		// spares
		// a session just renamed by a preflight a write under its old id.
		if (!accessed.isAfter(session.getLastAccessedTime().plus(this.touchInterval.dividedBy(2)))) {
			return false;
		}
		session.setLastAccessedTime(accessed);
		repository.save(session);
		return true;
	}

	/**
	 * Forget touch times older than the touch interval, so that the memory this needs is
	 * bounded by the sessions active within the last interval.
	 */
	void sweep() {
		long now = System.nanoTime();
		long interval = this.touchInterval.toNanos();
		this.lastTouch.values().removeIf((touched) -> now - touched >= interval);
	}

	int tracked() {
		return this.lastTouch.size();
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = DaemonExecutors.singleThread("wsauth-session-keep-alive");
		long millis = this.touchInterval.toMillis();
		executor.scheduleWithFixedDelay(this::sweep, millis, millis, TimeUnit.MILLISECONDS);
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

}
