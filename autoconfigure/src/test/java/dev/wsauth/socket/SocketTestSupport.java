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
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketSession;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Lets tests of other packages register sockets as Spring's handler decoration does, and
 * read what a close has requested.
 *
 * @author wsauth
 */
public final class SocketTestSupport {

	/**
	 * The attribute holding the close status requested for the next protocol-error close.
	 */
	public static final String PENDING_CLOSE_STATUS = WsAuthAttributes.PENDING_CLOSE_STATUS;

	private SocketTestSupport() {
	}

	/**
	 * Create an open socket, a mock, whose credential expires at the given time.
	 * @param id the WebSocket session id
	 * @param credentialExpiresAt the expiry, or {@code null} for none
	 * @return the socket
	 */
	public static WebSocketSession openSession(String id, @Nullable Instant credentialExpiresAt) {
		Map<String, Object> attributes = new HashMap<>();
		WsAuthAttributes.setCredentialExpiresAt(attributes, credentialExpiresAt);
		WebSocketSession session = mock(WebSocketSession.class);
		given(session.getId()).willReturn(id);
		given(session.getAttributes()).willReturn(attributes);
		given(session.isOpen()).willReturn(true);
		return session;
	}

	/**
	 * Register a socket.
	 * @param registry the registry
	 * @param session the socket
	 * @return the session Spring's handlers would see
	 */
	public static WebSocketSession register(ConnectionRegistry registry, WebSocketSession session) {
		return registry.register(session);
	}

}
