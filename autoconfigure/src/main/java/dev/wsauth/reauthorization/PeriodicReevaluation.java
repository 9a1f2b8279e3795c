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

package dev.wsauth.reauthorization;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

import dev.wsauth.session.DaemonExecutors;

/**
 * Re-evaluates every connection of this node at a fixed interval, on one daemon thread,
 * for rules whose answer depends on data the application does not signal. Each node
 * re-evaluates its own connections; nothing is broadcast.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class PeriodicReevaluation implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PeriodicReevaluation.class);

	private final WebSocketAuthorizations authorizations;

	private final Duration interval;

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * Create a periodic re-evaluation.
	 * @param authorizations re-evaluates the connections
	 * @param interval the time between the end of one pass and the start of the next
	 */
	public PeriodicReevaluation(WebSocketAuthorizations authorizations, Duration interval) {
		Assert.notNull(authorizations, "'authorizations' must not be null");
		Assert.isTrue(interval != null && interval.toMillis() > 0, "'interval' must be positive");
		this.authorizations = authorizations;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null) {
			return;
		}
		ScheduledExecutorService scheduler = DaemonExecutors.singleThread("wsauth-reevaluation");
		long millis = this.interval.toMillis();
		scheduler.scheduleWithFixedDelay(this::reevaluate, millis, millis, TimeUnit.MILLISECONDS);
		this.scheduler = scheduler;
	}

	private void reevaluate() {
		try {
			int dropped = this.authorizations.reevaluateAll();
			if (dropped > 0 && logger.isDebugEnabled()) {
				logger.debug("Periodic re-evaluation dropped " + dropped + " subscription(s)");
			}
		}
		catch (RuntimeException ex) {
			// The next pass runs anyway.
			logger.warn("Periodic re-evaluation failed (" + ex.getClass().getName() + ")");
		}
	}

	@Override
	public synchronized void stop() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

}
