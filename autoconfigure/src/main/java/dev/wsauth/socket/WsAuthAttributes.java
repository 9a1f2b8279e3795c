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

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.security.core.Authentication;
import org.springframework.web.socket.CloseStatus;

/**
 * Names and accessors of the WebSocket session attributes wsauth binds to a socket during
 * the handshake. The same map is visible as STOMP session attributes, so
 * {@code @MessageMapping} methods can read them through
 * {@link SimpMessageHeaderAccessor}.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class WsAuthAttributes {

	/**
	 * Attribute holding the {@link Authentication} the socket was opened with.
	 */
	public static final String AUTHENTICATION = "dev.wsauth.AUTHENTICATION";

	/**
	 * Attribute holding the id of the HTTP session the socket is bound to.
	 */
	public static final String HTTP_SESSION_ID = "dev.wsauth.HTTP_SESSION_ID";

	/**
	 * Attribute holding the user data returned by the {@code WebSocketUserDataResolver}.
	 */
	public static final String USER_DATA = "dev.wsauth.USER_DATA";

	/**
	 * Attribute holding the {@link Instant} at which the credential the socket was
	 * authenticated with (a bearer token, or a ticket issued for one) expires.
	 */
	public static final String CREDENTIAL_EXPIRES_AT = "dev.wsauth.CREDENTIAL_EXPIRES_AT";

	/**
	 * Attribute marking a socket whose authentication a bearer token gave (on the
	 * upgrade, through a ticket issued for one, or in the CONNECT frame): its authorities
	 * are the token's, whatever session cookie came beside it.
	 */
	public static final String TOKEN_AUTHENTICATED = "dev.wsauth.TOKEN_AUTHENTICATED";

	/**
	 * Attribute marking a socket opened on a CONNECT-authentication endpoint whose
	 * CONNECT frame has not authenticated it yet.
	 */
	public static final String AUTHENTICATION_PENDING = "dev.wsauth.AUTHENTICATION_PENDING";

	/**
	 * Attribute holding the socket's live subscriptions: subscription id to destination.
	 */
	public static final String SUBSCRIPTIONS = "dev.wsauth.SUBSCRIPTIONS";

	/**
	 * Attribute holding the ids of the socket's subscriptions that a re-evaluation
	 * revoked: nothing more is delivered to them until the client subscribes with that id
	 * again and is granted.
	 */
	public static final String REVOKED_SUBSCRIPTIONS = "dev.wsauth.REVOKED_SUBSCRIPTIONS";

	static final String PENDING_CLOSE_STATUS = "dev.wsauth.PENDING_CLOSE_STATUS";

	private static final String REFUSED = "dev.wsauth.CONNECT_REFUSED";

	static final String PENDING_ERROR_FRAME = "dev.wsauth.PENDING_ERROR_FRAME";

	private WsAuthAttributes() {
	}

	/**
	 * Return the authentication bound to the socket.
	 * @param attributes the WebSocket or STOMP session attributes
	 * @return the authentication, or {@code null} if the socket was not authenticated by
	 * wsauth
	 */
	public static @Nullable Authentication authentication(@Nullable Map<String, Object> attributes) {
		return (attributes != null && attributes.get(AUTHENTICATION) instanceof Authentication authentication)
				? authentication : null;
	}

	/**
	 * Mark the socket's authentication as a bearer token's.
	 * @param attributes the WebSocket session attributes
	 */
	public static void markTokenAuthenticated(Map<String, Object> attributes) {
		attributes.put(TOKEN_AUTHENTICATED, Boolean.TRUE);
	}

	/**
	 * Return whether a bearer token gave the socket its authentication.
	 * @param attributes the WebSocket or STOMP session attributes
	 * @return {@code true} for a token's authentication
	 */
	public static boolean isTokenAuthenticated(@Nullable Map<String, Object> attributes) {
		return attributes != null && Boolean.TRUE.equals(attributes.get(TOKEN_AUTHENTICATED));
	}

	/**
	 * Return the id of the HTTP session the socket is bound to.
	 * @param attributes the WebSocket or STOMP session attributes
	 * @return the session id, or {@code null}
	 */
	public static @Nullable String httpSessionId(@Nullable Map<String, Object> attributes) {
		return (attributes != null && attributes.get(HTTP_SESSION_ID) instanceof BoundSessionId id) ? id.value() : null;
	}

	/**
	 * Bind a socket to an HTTP session id. The id is stored in a holder whose
	 * {@code toString()} hides it, because Spring prints STOMP session attributes in
	 * exception messages and logs, and a session id is a credential.
	 * @param attributes the WebSocket session attributes
	 * @param sessionId the HTTP session id
	 */
	public static void bindHttpSessionId(Map<String, Object> attributes, String sessionId) {
		attributes.put(HTTP_SESSION_ID, new BoundSessionId(sessionId));
	}

	/**
	 * Return when the credential the socket was authenticated with expires.
	 * @param attributes the WebSocket or STOMP session attributes
	 * @return the expiry, or {@code null} if the credential does not expire by itself (a
	 * session cookie)
	 */
	public static @Nullable Instant credentialExpiresAt(@Nullable Map<String, Object> attributes) {
		return (attributes != null && attributes.get(CREDENTIAL_EXPIRES_AT) instanceof Instant expiresAt) ? expiresAt
				: null;
	}

	/**
	 * Set or clear when the socket's credential expires.
	 * @param attributes the WebSocket or STOMP session attributes
	 * @param expiresAt the expiry, or {@code null} for a credential without one
	 */
	public static void setCredentialExpiresAt(Map<String, Object> attributes, @Nullable Instant expiresAt) {
		if (expiresAt != null) {
			attributes.put(CREDENTIAL_EXPIRES_AT, expiresAt);
		}
		else {
			attributes.remove(CREDENTIAL_EXPIRES_AT);
		}
	}

	/**
	 * Return whether the socket still waits for its CONNECT frame to authenticate it.
	 * @param attributes the WebSocket or STOMP session attributes
	 * @return {@code true} if authentication is pending
	 */
	public static boolean isAuthenticationPending(@Nullable Map<String, Object> attributes) {
		return attributes != null && Boolean.TRUE.equals(attributes.get(AUTHENTICATION_PENDING));
	}

	/**
	 * Return the user data bound to the socket.
	 * @param attributes the WebSocket or STOMP session attributes
	 * @return the user data, or {@code null}
	 */
	public static @Nullable Object userData(@Nullable Map<String, Object> attributes) {
		return (attributes != null) ? attributes.get(USER_DATA) : null;
	}

	/**
	 * Return the user data bound to the socket a message came from.
	 * @param message an inbound STOMP message
	 * @return the user data, or {@code null}
	 */
	public static @Nullable Object userData(Message<?> message) {
		return userData(SimpMessageHeaderAccessor.getSessionAttributes(message.getHeaders()));
	}

	/**
	 * Mark a socket refused and about to be closed: nothing it sends is processed any
	 * more.
	 * @param attributes the WebSocket or STOMP session attributes
	 */
	public static void markRefused(Map<String, Object> attributes) {
		attributes.put(REFUSED, Boolean.TRUE);
	}

	/**
	 * Return whether a socket was refused.
	 * @param attributes the WebSocket or STOMP session attributes
	 * @return whether {@link #markRefused(Map)} was called for it
	 */
	public static boolean isRefused(Map<String, Object> attributes) {
		return attributes.containsKey(REFUSED);
	}

	/**
	 * Ask for the next protocol-error close of the socket to use the given status
	 * instead. Spring's STOMP handler always closes with 1002 after an ERROR frame; this
	 * lets wsauth send an ERROR frame first and still close with its own code.
	 * @param attributes the WebSocket or STOMP session attributes
	 * @param status the close status to use
	 */
	public static void requestCloseStatus(Map<String, Object> attributes, CloseStatus status) {
		attributes.put(PENDING_CLOSE_STATUS, status);
	}

	/**
	 * Ask for the next protocol-error close of the socket to use the given status, and to
	 * deliver the given ERROR frame first if it has not gone out by then.
	 * @param attributes the WebSocket or STOMP session attributes
	 * @param status the close status to use
	 * @param errorFrame the encoded ERROR frame that precedes the close
	 * @see ClientFrameSender#sendError
	 */
	static void requestClose(Map<String, Object> attributes, CloseStatus status, byte[] errorFrame) {
		attributes.put(PENDING_ERROR_FRAME, errorFrame);
		attributes.put(PENDING_CLOSE_STATUS, status);
	}

	/**
	 * Return the socket's live subscriptions, created empty on first use. Frames of one
	 * connection may be handled on several threads at once, so the map is concurrent;
	 * callers that check and change it together synchronize on it.
	 * @param attributes the WebSocket or STOMP session attributes
	 * @return subscription id to destination
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, String> subscriptions(Map<String, Object> attributes) {
		return (Map<String, String>) attributes.computeIfAbsent(SUBSCRIPTIONS, (key) -> new ConcurrentHashMap<>());
	}

	/**
	 * Return the socket's live subscriptions, if it ever had any.
	 * @param attributes the WebSocket or STOMP session attributes
	 * @return subscription id to destination, or {@code null}
	 */
	@SuppressWarnings("unchecked")
	public static @Nullable Map<String, String> existingSubscriptions(@Nullable Map<String, Object> attributes) {
		return (attributes != null) ? (Map<String, String>) attributes.get(SUBSCRIPTIONS) : null;
	}

	/**
	 * Return the ids of the socket's revoked subscriptions, created empty on first use.
	 * Callers that change it together with {@link #subscriptions(Map)} synchronize on the
	 * subscriptions map.
	 * @param attributes the WebSocket or STOMP session attributes
	 * @return the revoked subscription ids
	 */
	@SuppressWarnings("unchecked")
	public static Set<String> revokedSubscriptions(Map<String, Object> attributes) {
		return (Set<String>) attributes.computeIfAbsent(REVOKED_SUBSCRIPTIONS, (key) -> ConcurrentHashMap.newKeySet());
	}

	/**
	 * Return the ids of the socket's revoked subscriptions, if any was ever revoked.
	 * @param attributes the WebSocket or STOMP session attributes
	 * @return the revoked subscription ids, or {@code null}
	 */
	@SuppressWarnings("unchecked")
	public static @Nullable Set<String> existingRevokedSubscriptions(@Nullable Map<String, Object> attributes) {
		return (attributes != null) ? (Set<String>) attributes.get(REVOKED_SUBSCRIPTIONS) : null;
	}

	private record BoundSessionId(String value) {

		@Override
		public String toString() {
			return "[PROTECTED]";
		}

	}

}
