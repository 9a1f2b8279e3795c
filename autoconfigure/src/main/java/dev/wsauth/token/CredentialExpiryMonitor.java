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

package dev.wsauth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.session.DaemonExecutors;
import dev.wsauth.socket.WebSocketConnection;
import dev.wsauth.socket.WsAuthCloseStatus;

/**
 * Closes connections whose credential expired: a socket opened with a bearer token (or a
 * ticket issued for one) is closed with {@link WsAuthCloseStatus#CREDENTIALS_EXPIRED}
 * once the token's expiry plus a grace has passed, unless the client refreshed the
 * credential in-band before. Checks every connection on this node once per interval, so a
 * socket is closed at most one interval late.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class CredentialExpiryMonitor implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CredentialExpiryMonitor.class);

	private final ConnectionRegistry registry;

	private final Duration interval;

	private final Duration grace;

	private Clock clock = Clock.systemUTC();

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a monitor.
	 * @param registry the open connections
	 * @param interval how often to check
	 * @param grace how long past its expiry a credential is still accepted
	 */
	public CredentialExpiryMonitor(ConnectionRegistry registry, Duration interval, Duration grace) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.isTrue(interval != null && interval.toMillis() > 0, "'interval' must be positive");
		Assert.isTrue(grace != null && !grace.isNegative(), "'grace' must not be negative");
		this.registry = registry;
		this.interval = interval;
		this.grace = grace;
	}

	/**
	 * Set the clock that decides expiry.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
	}

	/**
	 * Close every connection whose credential expired.
	 * @return the number of connections closed
	 */
	public int check() {
		Instant now = this.clock.instant();
		int closed = 0;
		for (WebSocketConnection connection : this.registry.getConnectionsWithCredentialExpiry()) {
			Instant expiresAt = connection.getCredentialExpiresAt();
			if (expiresAt != null && connection.isOpen() && !now.isBefore(expiresAt.plus(this.grace))) {
				// Only if no refresh replaced the expiry meanwhile; and once is enough:
				// the next check must not send a second ERROR frame.
				if (connection.clearCredentialExpiry(expiresAt)) {
					this.registry.close(connection, WsAuthCloseStatus.CREDENTIALS_EXPIRED);
					closed++;
				}
			}
		}
		return closed;
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = DaemonExecutors.singleThread("wsauth-credential-expiry");
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
			logger.warn("Credential expiry check failed", ex);
		}
	}

}
