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
package dev.wsauth.connect;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;
import org.springframework.web.socket.WebSocketSession;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.session.DaemonExecutors;
import dev.wsauth.socket.WebSocketConnection;
import dev.wsauth.socket.WsAuthCloseStatus;

/**
 * The connections that wait for their CONNECT frame: each holds a slot of the
 * {@link PendingConnectionLimiter} and a timeout that closes it with 4001 unless it
 * authenticates first. The slot and the timeout end together, exactly once, on
 * authentication, timeout or close.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class PendingConnections implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PendingConnections.class);

	private final PendingConnectionLimiter limiter;

	private final ConnectionRegistry registry;

	private final Duration timeout;

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private volatile @Nullable ScheduledExecutorService executor;

	/**
	 * Create the pending connections.
	 * @param limiter bounds the pending connections
	 * @param registry the open connections, used to close one that timed out
	 * @param timeout how long a connection may wait for an authenticated CONNECT frame
	 */
	public PendingConnections(PendingConnectionLimiter limiter, ConnectionRegistry registry, Duration timeout) {
		Assert.notNull(limiter, "'limiter' must not be null");
		Assert.notNull(registry, "'registry' must not be null");
		Assert.isTrue(timeout != null && timeout.toMillis() > 0, "'timeout' must be positive");
		this.limiter = limiter;
		this.registry = registry;
		this.timeout = timeout;
	}

	/**
	 * Admit a newly established connection that waits for its CONNECT frame: take a slot
	 * and start its timeout.
	 * @param session the WebSocket session
	 * @return {@code false} if a limit is reached (or wsauth is stopped) and the
	 * connection must be closed
	 */
	public boolean admit(WebSocketSession session) {
		ScheduledExecutorService executor = this.executor;
		String address = PendingConnectionLimiter.key(session.getRemoteAddress());
		if (executor == null || !this.limiter.tryAcquire(address)) {
			return false;
		}
		Pending entry = new Pending(session, address);
		this.pending.put(session.getId(), entry);
		try {
			entry.timeout = executor.schedule(() -> expire(session.getId(), entry), this.timeout.toMillis(),
					TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			// Shutting down: do not keep a connection no timeout will close.
			end(session.getId());
			return false;
		}
		return true;
	}

	/**
	 * Return the WebSocket session of a pending connection.
	 * @param sessionId the WebSocket session id
	 * @return the session, or {@code null} if the connection is not pending
	 */
	public @Nullable WebSocketSession session(String sessionId) {
		Pending entry = this.pending.get(sessionId);
		return (entry != null) ? entry.session : null;
	}

	/**
	 * End the wait of a connection, because it authenticated or closed: release its slot
	 * and cancel its timeout.
	 * @param sessionId the WebSocket session id
	 * @return {@code true} if the connection was pending, {@code false} if it was not (or
	 * its timeout already fired)
	 */
	public boolean end(String sessionId) {
		Pending entry = this.pending.remove(sessionId);
		if (entry == null) {
			return false;
		}
		ScheduledFuture<?> timeout = entry.timeout;
		if (timeout != null) {
			timeout.cancel(false);
		}
		this.limiter.release(entry.address);
		return true;
	}

	private void expire(String sessionId, Pending entry) {
		if (!this.pending.remove(sessionId, entry)) {
			return;
		}
		this.limiter.release(entry.address);
		WebSocketConnection connection = this.registry.getConnection(sessionId);
		if (connection != null) {
			this.registry.close(connection, WsAuthCloseStatus.UNAUTHENTICATED);
			return;
		}
		try {
			entry.session.close(WsAuthCloseStatus.UNAUTHENTICATED);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Failed to close a connection that did not authenticate in time", ex);
		}
	}

	@Override
	public void start() {
		synchronized (this.pending) {
			if (this.executor == null) {
				this.executor = DaemonExecutors.singleThread("wsauth-connect-timeout");
			}
		}
	}

	@Override
	public void stop() {
		synchronized (this.pending) {
			ScheduledExecutorService executor = this.executor;
			if (executor != null) {
				executor.shutdownNow();
				this.executor = null;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * Start before the web server accepts connections and stop after it.
	 */
	@Override
	public int getPhase() {
		return 0;
	}

	private static final class Pending {

		private final WebSocketSession session;

		private final String address;

		private volatile @Nullable ScheduledFuture<?> timeout;

		Pending(WebSocketSession session, String address) {
			this.session = session;
			this.address = address;
		}

	}

	/**
	 * Tell the connection registry that an authenticated connection may now have a
	 * credential expiry.
	 * @param sessionId the WebSocket session id
	 */
	void credentialExpiryChanged(String sessionId) {
		this.registry.credentialExpiryChanged(sessionId);
	}

}
