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

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;
import org.springframework.web.socket.sockjs.transport.SockJsSession;

/**
 * An open WebSocket connection as wsauth tracks it: who opened it and which HTTP session
 * it is bound to. The HTTP session id follows rotations.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class WebSocketConnection {

	private final TrackedWebSocketSession session;

	private volatile @Nullable String httpSessionId;

	private volatile @Nullable HashedId hashedId;

	private final Instant connectedAt = Instant.now();

	WebSocketConnection(TrackedWebSocketSession session) {
		this.session = session;
		this.httpSessionId = WsAuthAttributes.httpSessionId(session.getAttributes());
	}

	/**
	 * Return the WebSocket session id.
	 * @return the id
	 */
	public String getId() {
		return this.session.getId();
	}

	/**
	 * Return the principal the connection was opened with.
	 * @return the principal, or {@code null} for an unauthenticated connection
	 */
	public @Nullable Principal getPrincipal() {
		return this.session.getPrincipal();
	}

	/**
	 * Return the id of the HTTP session the connection is bound to, following rotations.
	 * @return the session id, or {@code null}
	 */
	public @Nullable String getHttpSessionId() {
		return this.httpSessionId;
	}

	/**
	 * Return when the credential the connection was authenticated with expires.
	 * @return the expiry, or {@code null} for a credential without one
	 */
	public @Nullable Instant getCredentialExpiresAt() {
		return WsAuthAttributes.credentialExpiresAt(this.session.getAttributes());
	}

	/**
	 * Forget the credential expiry, unless a refresh has replaced it meanwhile.
	 * @param expiresAt the expiry the caller read
	 * @return whether that was still the expiry, and is now forgotten
	 */
	public boolean clearCredentialExpiry(Instant expiresAt) {
		return this.session.getAttributes().remove(WsAuthAttributes.CREDENTIAL_EXPIRES_AT, expiresAt);
	}

	/**
	 * Return when the socket was registered, just after its handshake.
	 * @return the instant
	 */
	public Instant getConnectedAt() {
		return this.connectedAt;
	}

	/**
	 * Return the client's address, as the handshake request gave it (behind a proxy, the
	 * forwarded address when Spring Boot's forwarded-header strategy is set).
	 * @return the address, or {@code null} if unknown
	 */
	public @Nullable InetSocketAddress getRemoteAddress() {
		try {
			return this.session.getRemoteAddress();
		}
		catch (RuntimeException ex) {
			// A closed session of some containers no longer knows its address.
			return null;
		}
	}

	/**
	 * Return the transport the socket came over: {@code websocket} for a plain WebSocket,
	 * {@code sockjs} for a SockJS session of any of its transports.
	 * @return the transport name
	 */
	public String getTransport() {
		WebSocketSession delegate = WebSocketSessionDecorator.unwrap(this.session);
		return (delegate instanceof SockJsSession) ? "sockjs" : "websocket";
	}

	/**
	 * Return the socket's live subscriptions, as authorized: subscription id to
	 * destination.
	 * @return a snapshot of the subscriptions, empty if there are none
	 */
	public Map<String, String> getSubscriptions() {
		Map<String, String> subscriptions = WsAuthAttributes.existingSubscriptions(this.session.getAttributes());
		return (subscriptions != null) ? Map.copyOf(subscriptions) : Map.of();
	}

	/**
	 * Return how many live subscriptions the socket has.
	 * @return the count
	 */
	public int getSubscriptionCount() {
		Map<String, String> subscriptions = WsAuthAttributes.existingSubscriptions(this.session.getAttributes());
		return (subscriptions != null) ? subscriptions.size() : 0;
	}

	/**
	 * Return the socket's attributes, the same map its STOMP messages carry as session
	 * attributes (see {@link WsAuthAttributes}).
	 * @return the attributes
	 */
	public Map<String, Object> getAttributes() {
		return this.session.getAttributes();
	}

	/**
	 * Return whether the connection is still open.
	 * @return {@code true} if open
	 */
	public boolean isOpen() {
		return this.session.isOpen();
	}

	TrackedWebSocketSession getSession() {
		return this.session;
	}

	/**
	 * Return the hash of the HTTP session id, as revocations carry it between nodes.
	 * @return the hash, or {@code null} if the connection is not bound to an HTTP session
	 */
	@Nullable String getHttpSessionIdHash() {
		String id = this.httpSessionId;
		if (id == null) {
			return null;
		}
		HashedId hashed = this.hashedId;
		if (hashed == null || !hashed.id().equals(id)) {
			hashed = new HashedId(id, HttpSessionIdHash.of(id));
			this.hashedId = hashed;
		}
		return hashed.hash();
	}

	/**
	 * Bind the connection to a new id of its HTTP session, if it is bound to the old one.
	 * Only the {@link ConnectionRegistry} calls this, so that its index follows.
	 * @return whether the connection was bound to the old id
	 */
	boolean rebind(String oldId, String newId) {
		if (oldId.equals(this.httpSessionId)) {
			this.httpSessionId = newId;
			WsAuthAttributes.bindHttpSessionId(this.session.getAttributes(), newId);
			return true;
		}
		return false;
	}

	@Override
	public String toString() {
		return "WebSocketConnection[" + getId() + "]";
	}

	private record HashedId(String id, String hash) {

	}

}
