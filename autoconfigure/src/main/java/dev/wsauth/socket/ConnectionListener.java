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
 * Told of every authenticated connection of this node as it opens and closes, and of
 * every close wsauth forces on one; for metrics and audit. Called on the thread that
 * opens or closes the socket, so an implementation must be quick and must not block.
 *
 * @author wsauth
 * @since 0.1.0
 * @see ConnectionRegistry#addConnectionListener(ConnectionListener)
 */
public interface ConnectionListener {

	/**
	 * Called after a connection registered.
	 * @param connection the connection
	 */
	default void opened(WebSocketConnection connection) {
	}

	/**
	 * Called when wsauth closes a connection from the server side (a logout, an expired
	 * session or credential, a revocation), before the close goes out.
	 * @param connection the connection
	 * @param status the close status it is closed with
	 */
	default void forciblyClosed(WebSocketConnection connection, CloseStatus status) {
	}

	/**
	 * Called after a connection closed, however it closed.
	 * @param connection the connection
	 * @param status the close status the container reported
	 */
	default void closed(WebSocketConnection connection, CloseStatus status) {
	}

}
