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
package dev.wsauth.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

import dev.wsauth.reauthorization.WebSocketSubscriptionRevokedEvent;
import dev.wsauth.socket.ConnectionListener;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.WebSocketConnection;

/**
 * wsauth's meters that are not derived from its observations:
 * <ul>
 * <li>{@code wsauth.connections}: open authenticated connections on this node
 * (gauge);</li>
 * <li>{@code wsauth.subscriptions}: their live subscriptions (gauge);</li>
 * <li>{@code wsauth.connections.closed}: closes, tagged {@code code} (the close code;
 * codes no part of wsauth or the WebSocket protocol defines are tagged {@code other}, so
 * a client cannot create a series per code) and {@code forced} ({@code true} for a close
 * wsauth forced from the server side: a logout, an expired session or credential, a
 * revocation);</li>
 * <li>{@code wsauth.subscriptions.revoked}: live subscriptions a re-evaluation dropped
 * (counter);</li>
 * <li>{@code wsauth.session.end.lag}: how long after its expiry time a session's sockets
 * were closed (timer);</li>
 * <li>{@code wsauth.revocation.lag}: how long a revocation took from another node to this
 * one (timer).</li>
 * </ul>
 * No tag carries a user name, session id, token, ticket or destination.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class WsAuthMetrics
		implements MeterBinder, ConnectionListener, ApplicationListener<WebSocketSubscriptionRevokedEvent> {

	private final ConnectionRegistry registry;

	private final Map<String, Counter> closes = new ConcurrentHashMap<>();

	private final Set<String> forced = ConcurrentHashMap.newKeySet();

	private volatile @Nullable MeterRegistry meterRegistry;

	private volatile @Nullable Timer sessionEndLag;

	private volatile @Nullable Timer revocationLag;

	private volatile @Nullable Counter revokedSubscriptions;

	/**
	 * Create the meters over the connections of this node; they are registered when bound
	 * to a meter registry.
	 * @param registry the connections of this node
	 */
	public WsAuthMetrics(ConnectionRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
		registry.addConnectionListener(this);
	}

	@Override
	public void bindTo(MeterRegistry meterRegistry) {
		Gauge.builder("wsauth.connections", this.registry, WsAuthMetrics::authenticatedConnections)
			.description("Open authenticated WebSocket connections on this node")
			.baseUnit("connections")
			.register(meterRegistry);
		Gauge.builder("wsauth.subscriptions", this.registry, WsAuthMetrics::subscriptions)
			.description("Live STOMP subscriptions of the authenticated connections on this node")
			.baseUnit("subscriptions")
			.register(meterRegistry);
		this.sessionEndLag = Timer.builder("wsauth.session.end.lag")
			.description("Time from a session's expiry to the close of its sockets")
			.register(meterRegistry);
		this.revocationLag = Timer.builder("wsauth.revocation.lag")
			.description("Time from a revocation's publication on another node to its arrival here")
			.register(meterRegistry);
		this.revokedSubscriptions = Counter.builder("wsauth.subscriptions.revoked")
			.description("Live subscriptions dropped by a re-evaluation")
			.register(meterRegistry);
		this.meterRegistry = meterRegistry;
	}

	@Override
	public void onApplicationEvent(WebSocketSubscriptionRevokedEvent event) {
		Counter counter = this.revokedSubscriptions;
		if (counter != null) {
			counter.increment();
		}
	}

	/**
	 * Record how long after its expiry time a session's sockets were closed.
	 * @param lag the lag
	 */
	public void recordSessionEndLag(Duration lag) {
		Timer timer = this.sessionEndLag;
		if (timer != null) {
			timer.record(lag);
		}
	}

	/**
	 * Record how long a revocation took from another node to this one.
	 * @param lag the lag
	 */
	public void recordRevocationLag(Duration lag) {
		Timer timer = this.revocationLag;
		if (timer != null) {
			timer.record(lag);
		}
	}

	@Override
	public void forciblyClosed(WebSocketConnection connection, CloseStatus status) {
		if (connection.getPrincipal() != null) {
			this.forced.add(connection.getId());
		}
	}

	@Override
	public void closed(WebSocketConnection connection, CloseStatus status) {
		boolean forced = this.forced.remove(connection.getId());
		MeterRegistry meterRegistry = this.meterRegistry;
		if (meterRegistry == null || connection.getPrincipal() == null) {
			return;
		}
		String forcedTag = Boolean.toString(forced);
		String code = codeTag(status.getCode());
		this.closes
			.computeIfAbsent(forcedTag + code,
					(key) -> Counter.builder("wsauth.connections.closed")
						.description("Closed authenticated WebSocket connections, by close code")
						.tag("code", code)
						.tag("forced", forcedTag)
						.register(meterRegistry))
			.increment();
	}

	static String codeTag(int code) {
		return switch (code) {
			case 1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015, 4001, 4002,
					4003, 4029, 4429, 4500 ->
				Integer.toString(code);
			default -> "other";
		};
	}

	private static double authenticatedConnections(ConnectionRegistry registry) {
		int count = 0;
		for (WebSocketConnection connection : registry.getConnections()) {
			if (connection.getPrincipal() != null) {
				count++;
			}
		}
		return count;
	}

	private static double subscriptions(ConnectionRegistry registry) {
		long count = 0;
		for (WebSocketConnection connection : registry.getConnections()) {
			if (connection.getPrincipal() != null) {
				count += connection.getSubscriptionCount();
			}
		}
		return count;
	}

}
