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

import org.springframework.web.socket.CloseStatus;

/**
 * WebSocket close codes used by wsauth, in the 4000-4999 range reserved for applications.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class WsAuthCloseStatus {

	/**
	 * The connection has no valid credentials. Terminal: a client should not reconnect
	 * until the user has logged in again.
	 */
	public static final CloseStatus UNAUTHENTICATED = new CloseStatus(4001, "unauthenticated");

	/**
	 * The HTTP session behind the connection ended (logout, expiry, revocation). A client
	 * may run the preflight once and reconnect only if it succeeds.
	 */
	public static final CloseStatus SESSION_ENDED = new CloseStatus(4002, "session ended");

	/**
	 * The bearer token the connection was authenticated with expired and was not
	 * refreshed in time. Same code as {@link #SESSION_ENDED}: a client fetches a fresh
	 * credential once and reconnects only if that succeeds.
	 */
	public static final CloseStatus CREDENTIALS_EXPIRED = new CloseStatus(4002, "credentials expired");

	/**
	 * The connection was closed because a frame was denied in strict mode. Terminal.
	 */
	public static final CloseStatus FORBIDDEN = new CloseStatus(4003, "forbidden");

	/**
	 * Credentials could not be checked (the token issuer or user store failed), or too
	 * many connections are waiting for their CONNECT frame. A client retries with
	 * back-off.
	 */
	public static final CloseStatus TRY_AGAIN_LATER = CloseStatus.SERVICE_OVERLOAD.withReason("try again later");

	/**
	 * A frame broke the STOMP grammar, lacked a header its command requires, or came out
	 * of order (before CONNECT, or a second CONNECT). Terminal: the client is broken.
	 */
	public static final CloseStatus MALFORMED_FRAME = CloseStatus.PROTOCOL_ERROR.withReason("malformed frame");

	/**
	 * A STOMP frame, or a WebSocket message, was larger than the frame size limit.
	 * Terminal for that payload: the client must send smaller frames.
	 */
	public static final CloseStatus FRAME_TOO_LARGE = CloseStatus.TOO_BIG_TO_PROCESS.withReason("frame too large");

	/**
	 * The user's connection slot was lost to other connections of the same user (the slot
	 * expired in the store during an outage and the user reached
	 * {@code wsauth.limits.connections-per-user} meanwhile). A client backs off and
	 * reconnects; the upgrade answers 429 while the user is at the limit.
	 */
	public static final CloseStatus TOO_MANY_CONNECTIONS = new CloseStatus(4029, "too many connections");

	/**
	 * The connection sent frames faster than {@code wsauth.limits.frames-per-second}. A
	 * client backs off, reconnects and sends more slowly.
	 */
	public static final CloseStatus TOO_MANY_FRAMES = new CloseStatus(4029, "too many frames");

	private WsAuthCloseStatus() {
	}

}
