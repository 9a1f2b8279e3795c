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

package dev.wsauth.revocation;

import java.security.Principal;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.HttpSessionIdHash;
import dev.wsauth.socket.WebSocketConnection;

/**
 * Closes sockets from the server side: every socket of an HTTP session or of a user, with
 * a close code of your choice, on this node and, with a {@link RevocationBroadcast}
 * (Redis pub/sub when Redis is available), on every node. Each socket gets a STOMP ERROR
 * frame whose message is the close reason, then the WebSocket close.
 *
 * <p>
 * Between nodes only a principal name or a hash of the session id travels, with the code
 * and reason; session ids are never logged.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class WebSocketRevocations {

	private static final Log logger = LogFactory.getLog(WebSocketRevocations.class);

	private final ConnectionRegistry registry;

	private volatile @Nullable RevocationBroadcast broadcast;

	private @Nullable ApplicationEventPublisher eventPublisher;

	/**
	 * Create revocations over the connections of this node.
	 * @param registry the connections of this node
	 */
	public WebSocketRevocations(ConnectionRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
	}

	/**
	 * Set the broadcast that carries revocations to other nodes, and start receiving
	 * theirs.
	 * @param broadcast the broadcast, or {@code null} to act on this node only
	 */
	public void setBroadcast(@Nullable RevocationBroadcast broadcast) {
		this.broadcast = broadcast;
		if (broadcast != null) {
			broadcast.subscribe((revocation) -> apply(revocation, true));
		}
	}

	/**
	 * Set the publisher of a {@link WebSocketRevokedEvent} for each revocation applied on
	 * this node.
	 * @param eventPublisher the publisher, or {@code null} for none
	 */
	public void setEventPublisher(@Nullable ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Close every socket of an HTTP session, on every node.
	 * @param httpSessionId the current id of the HTTP session
	 * @param status the close status; its reason is sent to the client
	 * @return the number of sockets closed on this node
	 */
	public int revokeSession(String httpSessionId, CloseStatus status) {
		Assert.hasText(httpSessionId, "'httpSessionId' must not be empty");
		return revoke(new Revocation(Revocation.Kind.SESSION, HttpSessionIdHash.of(httpSessionId), status.getCode(),
				reason(status)));
	}

	/**
	 * Close every socket bound to any of the given HTTP session ids, on every node: one
	 * revocation per id, so a family's sockets close wherever they were bound to an older
	 * or newer id of it.
	 * @param httpSessionIds the session ids
	 * @param status the close status; its reason is sent to the client
	 * @return the number of sockets closed on this node
	 */
	public int revokeSessions(Collection<String> httpSessionIds, CloseStatus status) {
		Assert.notNull(httpSessionIds, "'httpSessionIds' must not be null");
		int closed = 0;
		for (String httpSessionId : httpSessionIds) {
			closed += revokeSession(httpSessionId, status);
		}
		return closed;
	}

	/**
	 * Close every socket of a user, on every node.
	 * @param principalName the principal name
	 * @param status the close status; its reason is sent to the client
	 * @return the number of sockets closed on this node
	 */
	public int revokeUser(String principalName, CloseStatus status) {
		Assert.hasText(principalName, "'principalName' must not be empty");
		return revoke(new Revocation(Revocation.Kind.USER, principalName, status.getCode(), reason(status)));
	}

	/**
	 * Close the sockets a revocation names, on this node only.
	 * @param revocation the revocation
	 * @return the number of sockets closed
	 */
	public int apply(Revocation revocation) {
		return apply(revocation, false);
	}

	private int apply(Revocation revocation, boolean fromAnotherNode) {
		Assert.notNull(revocation, "'revocation' must not be null");
		List<WebSocketConnection> connections = switch (revocation.kind()) {
			case USER -> this.registry.findByPrincipalName(revocation.target());
			case SESSION -> this.registry.findByHttpSessionIdHash(revocation.target());
			// Closes nothing: the live re-authorization listens for these.
			case REEVALUATE -> List.of();
		};
		CloseStatus status = revocation.closeStatus();
		Set<String> principalNames = new LinkedHashSet<>();
		if (revocation.kind() == Revocation.Kind.USER) {
			principalNames.add(revocation.target());
		}
		for (WebSocketConnection connection : connections) {
			Principal principal = connection.getPrincipal();
			if (principal != null) {
				principalNames.add(principal.getName());
			}
			this.registry.close(connection, status);
		}
		ApplicationEventPublisher eventPublisher = this.eventPublisher;
		if (eventPublisher != null) {
			eventPublisher.publishEvent(new WebSocketRevokedEvent(this, revocation.kind(), List.copyOf(principalNames),
					revocation.code(), revocation.reason(), connections.size(), fromAnotherNode));
		}
		return connections.size();
	}

	private int revoke(Revocation revocation) {
		int closed = apply(revocation);
		RevocationBroadcast broadcast = this.broadcast;
		if (broadcast != null) {
			try {
				broadcast.publish(revocation);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not publish a revocation to other nodes", ex);
			}
		}
		return closed;
	}

	private static String reason(CloseStatus status) {
		Assert.notNull(status, "'status' must not be null");
		return (status.getReason() != null) ? status.getReason() : "";
	}

}
