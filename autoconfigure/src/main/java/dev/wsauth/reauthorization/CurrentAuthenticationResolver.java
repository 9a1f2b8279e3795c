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

package dev.wsauth.reauthorization;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;

import dev.wsauth.socket.WebSocketConnection;

/**
 * Finds the authentication a connection's subscriptions are re-evaluated with: the user's
 * current one, which may carry other authorities than the one the socket was opened with.
 * Declare a bean of this type to replace wsauth's {@link StoredAuthenticationResolver}.
 *
 * @author wsauth
 * @since 0.1.0
 */
@FunctionalInterface
public interface CurrentAuthenticationResolver {

	/**
	 * Return the current authentication of a connection's user. Its name must be the
	 * connection's principal name; one for another name is ignored.
	 * @param connection the connection
	 * @param current the authentication the connection holds now
	 * @return the current authentication, or {@code null} to keep {@code current}
	 */
	@Nullable Authentication resolve(WebSocketConnection connection, Authentication current);

}
