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

package dev.wsauth.handshake;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.security.core.Authentication;

/**
 * Produces the user data bound to a socket once its upgrade is authenticated, and may
 * refuse the upgrade. The returned object is available for the life of the connection
 * through {@code WsAuthAttributes.userData(...)}. Declare a bean of this type to replace
 * the default, which binds a {@link WebSocketUser}.
 *
 * @author wsauth
 * @since 0.1.0
 */
@FunctionalInterface
public interface WebSocketUserDataResolver {

	/**
	 * Return the user data for a socket.
	 * @param authentication the authentication stored in the request's session
	 * @param request the upgrade request
	 * @return the user data, or {@code null} to refuse the upgrade with 401
	 */
	@Nullable Object resolve(Authentication authentication, ServerHttpRequest request);

}
