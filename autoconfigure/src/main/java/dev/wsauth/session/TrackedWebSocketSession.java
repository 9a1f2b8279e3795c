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

package dev.wsauth.session;

import java.io.IOException;
import java.security.Principal;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * The session object Spring's messaging handlers see: it reports the authentication
 * wsauth bound during the handshake as the principal, and lets wsauth choose the close
 * code that follows an ERROR frame.
 */
final class TrackedWebSocketSession extends WebSocketSessionDecorator {

	TrackedWebSocketSession(WebSocketSession delegate) {
		super(delegate);
	}

	@Override
	public @Nullable Principal getPrincipal() {
		if (WsAuthAttributes.isAuthenticationPending(getAttributes())) {
			// Until its CONNECT frame authenticates it, the socket is nobody's, whoever
			// the upgrade request's own principal was (a cookie is not a credential on
			// a CONNECT-authentication endpoint).
			return null;
		}
		Authentication authentication = WsAuthAttributes.authentication(getAttributes());
		return (authentication != null) ? authentication : super.getPrincipal();
	}

	@Override
	public void close(CloseStatus status) throws IOException {
		CloseStatus effective = status;
		if (CloseStatus.PROTOCOL_ERROR.equals(status)
				&& getAttributes().remove(WsAuthAttributes.PENDING_CLOSE_STATUS) instanceof CloseStatus pending) {
			effective = pending;
		}
		super.close(effective);
	}

}
