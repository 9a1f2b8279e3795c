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

package dev.wsauth.socket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.messaging.MessageChannel;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The WebSocket connections open on this node, with the principal and HTTP session each
 * is bound to. Follows session id rotations so that a connection opened before a rotation
 * can still be found by the session's current id.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class ConnectionRegistry implements ApplicationListener<SessionRotatedEvent> {

	private static final Log logger = LogFactory.getLog(ConnectionRegistry.class);

	private final Map<String, WebSocketConnection> connections = new ConcurrentHashMap<>();

	/**
	 * The connections of each HTTP session id, so that closing, rotating or checking one
	 * session never scans every connection of the node.
	 */
	private final Map<String, Set<WebSocketConnection>> byHttpSessionId = new ConcurrentHashMap<>();

	/** The HTTP session id of each id hash, as revocations from other nodes name them. */
	private final Map<String, String> httpSessionIdsByHash = new ConcurrentHashMap<>();

	private final List<SessionBindingListener> bindingListeners = new CopyOnWriteArrayList<>();

	private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();

	private @Nullable ApplicationEventPublisher eventPublisher;

	/**
	 * The connections whose credential can expire (a token's), so that the expiry check
	 * does not read every connection of the node.
	 */
	private final Set<WebSocketConnection> expiring = ConcurrentHashMap.newKeySet();

	private final ClientFrameSender frames;

	private volatile @Nullable SessionSuccession rotations;

	/**
	 * Create a registry.
	 * @param clientOutboundChannel supplies the channel that carries frames to clients,
	 * used to send an ERROR frame before closing
	 */
	public ConnectionRegistry(Supplier<@Nullable MessageChannel> clientOutboundChannel) {
		this.frames = new ClientFrameSender(clientOutboundChannel);
	}

	/**
	 * Set the registry of recent rotations. A socket whose upgrade resolved its session
	 * just before a concurrent rotation is registered after the rotation event; it is
	 * then bound to the successor id here.
	 * @param rotations the rotation registry
	 */
	public void setRotations(@Nullable SessionSuccession rotations) {
		this.rotations = rotations;
	}

	WebSocketSession register(WebSocketSession session) {
		TrackedWebSocketSession tracked = new TrackedWebSocketSession(session);
		WebSocketConnection connection = new WebSocketConnection(tracked);
		String httpSessionId = connection.getHttpSessionId();
		synchronized (connection) {
			this.connections.put(session.getId(), connection);
			if (connection.getCredentialExpiresAt() != null) {
				this.expiring.add(connection);
			}
			if (httpSessionId != null) {
				// Before the successor lookup: a rotation event after it finds this.
				index(connection, httpSessionId);
			}
		}
		if (httpSessionId != null) {
			this.bindingListeners.forEach((listener) -> listener.bound(httpSessionId));
		}
		for (ConnectionListener listener : this.connectionListeners) {
			listener.opened(connection);
		}
		SessionSuccession rotations = this.rotations;
		String successor = (rotations != null && httpSessionId != null) ? rotations.successorOf(httpSessionId) : null;
		if (httpSessionId != null && successor != null) {
			rebind(httpSessionId, successor);
		}
		String boundId = connection.getHttpSessionId();
		// Registered before the check: a logout that ends the family after this check
		// finds the connection, one that ended it before is seen by the check.
		if (rotations != null && boundId != null && endedQuietly(rotations, boundId)) {
			closeQuietly(tracked, WsAuthCloseStatus.SESSION_ENDED);
		}
		return tracked;
	}

	/**
	 * Add a listener told of every connection as it opens and closes.
	 * @param listener the listener
	 */
	public void addConnectionListener(ConnectionListener listener) {
		Assert.notNull(listener, "'listener' must not be null");
		this.connectionListeners.add(listener);
	}

	/**
	 * Set the publisher of a {@link WebSocketForcedCloseEvent} for each close wsauth
	 * forces.
	 * @param eventPublisher the publisher, or {@code null} for none
	 */
	public void setEventPublisher(@Nullable ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Tell a listener of every HTTP session id a connection is bound to, as it registers
	 * or follows a rotation, and of every id whose last connection went away.
	 * @param listener the listener
	 */
	public void addBindingListener(SessionBindingListener listener) {
		this.bindingListeners.add(listener);
	}

	/**
	 * Bind every connection of an HTTP session id to its new id.
	 * @param oldId the old id
	 * @param newId the new id
	 */
	public void rebind(String oldId, String newId) {
		boolean rebound = false;
		for (WebSocketConnection connection : findByHttpSessionId(oldId)) {
			synchronized (connection) {
				if (connection.rebind(oldId, newId)) {
					unindex(connection, oldId);
					if (this.connections.containsKey(connection.getId())) {
						index(connection, newId);
						rebound = true;
					}
				}
			}
		}
		if (rebound) {
			this.bindingListeners.forEach((listener) -> listener.bound(newId));
		}
	}

	/**
	 * Note that a connection was given a credential expiry after it registered (its
	 * CONNECT frame authenticated it with a token), so that the expiry check sees it.
	 * @param webSocketSessionId the WebSocket session id
	 */
	public void credentialExpiryChanged(String webSocketSessionId) {
		WebSocketConnection connection = this.connections.get(webSocketSessionId);
		if (connection != null && connection.getCredentialExpiresAt() != null) {
			this.expiring.add(connection);
			if (!this.connections.containsKey(webSocketSessionId)) {
				// Unregistered meanwhile.
				this.expiring.remove(connection);
			}
		}
	}

	/**
	 * Return the connections whose credential can expire.
	 * @return the connections, a snapshot
	 */
	public List<WebSocketConnection> getConnectionsWithCredentialExpiry() {
		return List.copyOf(this.expiring);
	}

	/**
	 * Whether any registered connection is bound to an HTTP session id.
	 * @param httpSessionId the id
	 * @return whether it has connections on this node
	 */
	public boolean isBound(String httpSessionId) {
		return this.byHttpSessionId.containsKey(httpSessionId);
	}

	private void index(WebSocketConnection connection, String httpSessionId) {
		this.byHttpSessionId.compute(httpSessionId, (id, connections) -> {
			Set<WebSocketConnection> set = (connections != null) ? connections : ConcurrentHashMap.newKeySet();
			set.add(connection);
			this.httpSessionIdsByHash.put(HttpSessionIdHash.of(id), id);
			return set;
		});
	}

	private void unindex(WebSocketConnection connection, String httpSessionId) {
		boolean[] last = new boolean[1];
		this.byHttpSessionId.computeIfPresent(httpSessionId, (id, connections) -> {
			connections.remove(connection);
			if (!connections.isEmpty()) {
				return connections;
			}
			this.httpSessionIdsByHash.remove(HttpSessionIdHash.of(id), id);
			last[0] = true;
			return null;
		});
		if (last[0]) {
			this.bindingListeners.forEach((listener) -> listener.unbound(httpSessionId));
		}
	}

	private static boolean endedQuietly(SessionSuccession rotations, String httpSessionId) {
		try {
			return rotations.isEnded(httpSessionId);
		}
		catch (RuntimeException ex) {
			// A store outage is not a logout: the session end monitor checks again.
			logger.debug("Could not check whether a session ended", ex);
			return false;
		}
	}

	@Nullable WebSocketSession tracked(String sessionId) {
		WebSocketConnection connection = this.connections.get(sessionId);
		return (connection != null) ? connection.getSession() : null;
	}

	@Nullable WebSocketSession closed(String sessionId, CloseStatus status) {
		WebSocketConnection connection = this.connections.get(sessionId);
		WebSocketSession session = unregister(sessionId);
		if (connection != null && session != null) {
			for (ConnectionListener listener : this.connectionListeners) {
				listener.closed(connection, status);
			}
		}
		return session;
	}

	@Nullable WebSocketSession unregister(String sessionId) {
		WebSocketConnection connection = this.connections.remove(sessionId);
		if (connection == null) {
			return null;
		}
		this.expiring.remove(connection);
		synchronized (connection) {
			String httpSessionId = connection.getHttpSessionId();
			if (httpSessionId != null) {
				unindex(connection, httpSessionId);
			}
		}
		return connection.getSession();
	}

	/**
	 * Return every open connection on this node.
	 * @return the connections
	 */
	public Collection<WebSocketConnection> getConnections() {
		return List.copyOf(this.connections.values());
	}

	/**
	 * Return the connection with the given WebSocket session id.
	 * @param id the WebSocket session id
	 * @return the connection, or {@code null}
	 */
	public @Nullable WebSocketConnection getConnection(String id) {
		return this.connections.get(id);
	}

	/**
	 * Return the connections bound to an HTTP session.
	 * @param httpSessionId the current id of the HTTP session
	 * @return the connections
	 */
	public List<WebSocketConnection> findByHttpSessionId(String httpSessionId) {
		Set<WebSocketConnection> connections = this.byHttpSessionId.get(httpSessionId);
		return (connections != null) ? List.copyOf(connections) : List.of();
	}

	/**
	 * Return the connections bound to an HTTP session, by the hash of its id.
	 * @param httpSessionIdHash the {@linkplain HttpSessionIdHash hash} of the current id
	 * of the HTTP session
	 * @return the connections
	 */
	public List<WebSocketConnection> findByHttpSessionIdHash(String httpSessionIdHash) {
		String httpSessionId = this.httpSessionIdsByHash.get(httpSessionIdHash);
		return (httpSessionId != null) ? findByHttpSessionId(httpSessionId) : List.of();
	}

	/**
	 * Return the connections opened by a principal.
	 * @param principalName the principal name
	 * @return the connections
	 */
	public List<WebSocketConnection> findByPrincipalName(String principalName) {
		return find((connection) -> connection.getPrincipal() != null
				&& principalName.equals(Objects.requireNonNull(connection.getPrincipal()).getName()));
	}

	/**
	 * Close a connection: a STOMP ERROR frame whose message is the status reason, then a
	 * WebSocket close with the status code. From the moment this method is called the
	 * socket gets no other frame, although the ERROR frame and the close travel through
	 * Spring's outbound channel and may go out after this method returns: a message
	 * published right after a logout never reaches a socket the logout closed.
	 * @param connection the connection
	 * @param status the close status; its reason must not reveal anything secret
	 */
	public void close(WebSocketConnection connection, CloseStatus status) {
		Assert.notNull(connection, "'connection' must not be null");
		Assert.notNull(status, "'status' must not be null");
		TrackedWebSocketSession session = connection.getSession();
		if (!session.isOpen()) {
			return;
		}
		session.acceptOnlyError();
		forciblyClosed(connection, status);
		if (!sendError(session, status)) {
			closeQuietly(session, status);
		}
	}

	/**
	 * Close every connection bound to an HTTP session, and wait (briefly) until they are
	 * closed. Used before the session is invalidated, so that wsauth's close code reaches
	 * the client before a container closes the sockets of an invalidated session itself.
	 * @param httpSessionId the current id of the HTTP session
	 * @param status the close status
	 * @param timeout how long to wait for the ERROR frame and close to go out before
	 * closing directly
	 * @return the number of connections closed
	 */
	public int closeHttpSession(String httpSessionId, CloseStatus status, Duration timeout) {
		List<WebSocketConnection> connections = findByHttpSessionId(httpSessionId);
		for (WebSocketConnection connection : connections) {
			close(connection, status);
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		for (WebSocketConnection connection : connections) {
			while (connection.isOpen() && System.nanoTime() < deadline) {
				LockSupport.parkNanos(1_000_000);
			}
			if (connection.isOpen()) {
				closeQuietly(connection.getSession(), status);
			}
		}
		return connections.size();
	}

	private void forciblyClosed(WebSocketConnection connection, CloseStatus status) {
		for (ConnectionListener listener : this.connectionListeners) {
			listener.forciblyClosed(connection, status);
		}
		ApplicationEventPublisher eventPublisher = this.eventPublisher;
		if (eventPublisher != null) {
			Principal principal = connection.getPrincipal();
			InetSocketAddress address = connection.getRemoteAddress();
			eventPublisher
				.publishEvent(new WebSocketForcedCloseEvent(this, (principal != null) ? principal.getName() : null,
						(address != null) ? address.getHostString() : null, connection.getTransport(), status.getCode(),
						(status.getReason() != null) ? status.getReason() : ""));
		}
	}

	private boolean sendError(WebSocketSession session, CloseStatus status) {
		String reason = (status.getReason() != null) ? status.getReason() : "closed";
		return this.frames.sendError(session.getAttributes(), ClientFrameSender.error(session.getId(), reason, null),
				status);
	}

	private void closeQuietly(WebSocketSession session, CloseStatus status) {
		try {
			session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Failed to close WebSocket connection", ex);
		}
	}

	@Override
	public void onApplicationEvent(SessionRotatedEvent event) {
		rebind(event.getOldId(), event.getNewId());
	}

	private List<WebSocketConnection> find(Predicate<WebSocketConnection> predicate) {
		List<WebSocketConnection> result = new ArrayList<>();
		for (WebSocketConnection connection : this.connections.values()) {
			if (predicate.test(connection)) {
				result.add(connection);
			}
		}
		return result;
	}

}
