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

package dev.wsauth.limit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

import dev.wsauth.session.DaemonExecutors;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.WebSocketConnection;
import dev.wsauth.socket.WsAuthCloseStatus;

/**
 * The connection slots this node holds: taken by the handshake before the 101, attached
 * to the socket when it opens, released when it closes or the upgrade fails. Slots are
 * renewed periodically (so that a store where they expire, such as Redis, keeps them
 * while their socket is open and drops those of a crashed node); a slot that was never
 * attached to a socket within the attach timeout is released; a socket whose slot could
 * not be renewed because its user reached the limit meanwhile is closed with 4029.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class ConnectionLimits implements SmartLifecycle {

	/**
	 * The WebSocket session attribute that holds the socket's
	 * {@link ConnectionReservation}.
	 */
	public static final String RESERVATION_ATTRIBUTE = ConnectionLimits.class.getName() + ".RESERVATION";

	private static final Log logger = LogFactory.getLog(ConnectionLimits.class);

	private final ConnectionLimiter limiter;

	private final ConnectionRegistry registry;

	private final Map<String, Held> held = new ConcurrentHashMap<>();

	private Duration renewInterval = Duration.ofSeconds(10);

	private Duration attachTimeout = Duration.ofSeconds(30);

	private volatile @Nullable ScheduledExecutorService executor;

	private volatile boolean renewFailing;

	/**
	 * Create the limits.
	 * @param limiter counts the slots
	 * @param registry the open connections, used to close one that lost its slot
	 */
	public ConnectionLimits(ConnectionLimiter limiter, ConnectionRegistry registry) {
		Assert.notNull(limiter, "'limiter' must not be null");
		Assert.notNull(registry, "'registry' must not be null");
		this.limiter = limiter;
		this.registry = registry;
	}

	/**
	 * Set how often the slots are renewed. Defaults to 10 seconds; must be well below the
	 * time the store keeps a slot that is not renewed.
	 * @param renewInterval the interval
	 */
	public void setRenewInterval(Duration renewInterval) {
		Assert.isTrue(renewInterval != null && renewInterval.toMillis() > 0, "'renewInterval' must be positive");
		this.renewInterval = renewInterval;
	}

	/**
	 * Set how long a slot taken by an upgrade waits for its socket before it is released.
	 * Defaults to 30 seconds.
	 * @param attachTimeout the timeout
	 */
	public void setAttachTimeout(Duration attachTimeout) {
		Assert.isTrue(attachTimeout != null && !attachTimeout.isNegative(), "'attachTimeout' must not be negative");
		this.attachTimeout = attachTimeout;
	}

	/**
	 * Take a slot for a user's upgrade.
	 * @param user the principal name
	 * @return the reservation, or {@code null} if the user holds the limit already
	 * @throws RuntimeException if the store cannot be reached
	 */
	public @Nullable ConnectionReservation reserve(String user) {
		ConnectionReservation reservation = ConnectionReservation.newReservation(user);
		if (!this.limiter.tryReserve(reservation)) {
			refused(LimitRefusal.CONNECTIONS_PER_USER);
			return null;
		}
		this.held.put(reservation.id(), new Held(reservation, System.nanoTime()));
		return reservation;
	}

	/**
	 * Attach a slot to the socket that opened with it.
	 * @param reservation the reservation
	 * @param webSocketSessionId the socket's WebSocket session id
	 * @return {@code false} if the slot is no longer held (the upgrade took longer than
	 * the attach timeout, or the slot was lost), and the socket must close
	 */
	public boolean attach(ConnectionReservation reservation, String webSocketSessionId) {
		Held entry = this.held.get(reservation.id());
		if (entry == null) {
			return false;
		}
		entry.webSocketSessionId = webSocketSessionId;
		return true;
	}

	/**
	 * Give a slot back, once: its socket closed, or its upgrade failed.
	 * @param reservation the reservation
	 */
	public void release(ConnectionReservation reservation) {
		if (this.held.remove(reservation.id()) == null) {
			return;
		}
		try {
			this.limiter.release(reservation);
		}
		catch (RuntimeException ex) {
			// The slot expires in the store unless renewed, and it no longer is.
			logger.debug("Could not release a connection slot; it expires instead", ex);
		}
	}

	/**
	 * Return the number of slots this node holds.
	 * @return the slots
	 */
	public int held() {
		return this.held.size();
	}

	/**
	 * Renew the slots this node holds, release those that never got a socket, and close
	 * the sockets whose slot was lost. Runs every renew interval.
	 */
	public void renew() {
		long now = System.nanoTime();
		List<ConnectionReservation> kept = new ArrayList<>();
		for (Held entry : this.held.values()) {
			if (entry.webSocketSessionId == null && now - entry.reservedAt > this.attachTimeout.toNanos()) {
				release(entry.reservation);
			}
			else {
				kept.add(entry.reservation);
			}
		}
		if (kept.isEmpty()) {
			return;
		}
		List<ConnectionReservation> lost;
		try {
			lost = this.limiter.renew(kept);
		}
		catch (RuntimeException ex) {
			if (!this.renewFailing) {
				this.renewFailing = true;
				logger.warn("Could not renew connection slots; retrying (" + ex.getClass().getName() + ")");
			}
			return;
		}
		this.renewFailing = false;
		for (ConnectionReservation reservation : lost) {
			Held entry = this.held.remove(reservation.id());
			String sessionId = (entry != null) ? entry.webSocketSessionId : null;
			WebSocketConnection connection = (sessionId != null) ? this.registry.getConnection(sessionId) : null;
			if (connection != null) {
				refused(LimitRefusal.CONNECTIONS_PER_USER);
				this.registry.close(connection, WsAuthCloseStatus.TOO_MANY_CONNECTIONS);
			}
		}
	}

	/**
	 * Every refusal of a connection for its user's limit passes here.
	 */
	private static void refused(LimitRefusal refusal) {
		if (logger.isDebugEnabled()) {
			logger.debug("Connection refused (" + refusal + ")");
		}
	}

	@Override
	public void start() {
		synchronized (this.held) {
			if (this.executor == null) {
				ScheduledExecutorService executor = DaemonExecutors.singleThread("wsauth-connection-limits");
				long interval = this.renewInterval.toMillis();
				executor.scheduleWithFixedDelay(this::renewQuietly, interval, interval, TimeUnit.MILLISECONDS);
				this.executor = executor;
			}
		}
	}

	private void renewQuietly() {
		try {
			renew();
		}
		catch (RuntimeException ex) {
			logger.debug("Connection slot renewal failed", ex);
		}
	}

	@Override
	public void stop() {
		synchronized (this.held) {
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

	private static final class Held {

		private final ConnectionReservation reservation;

		private final long reservedAt;

		private volatile @Nullable String webSocketSessionId;

		Held(ConnectionReservation reservation, long reservedAt) {
			this.reservation = reservation;
			this.reservedAt = reservedAt;
		}

	}

}
