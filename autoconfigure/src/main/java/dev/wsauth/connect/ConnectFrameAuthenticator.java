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
package dev.wsauth.connect;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

import dev.wsauth.handshake.WebSocketUserDataResolver;
import dev.wsauth.socket.ClientFrameSender;
import dev.wsauth.socket.StompCredentials;
import dev.wsauth.socket.WsAuthAttributes;
import dev.wsauth.socket.WsAuthCloseStatus;
import dev.wsauth.token.BearerTokenAuthenticator;
import dev.wsauth.token.BearerTokenSyntax;

/**
 * Authenticates a connection opened on a CONNECT-authentication endpoint with the
 * credentials of its STOMP CONNECT frame: an {@code Authorization: Bearer} header checked
 * like the application's resource server checks tokens, or {@code login} and
 * {@code passcode} headers checked by the application's {@link AuthenticationManager}.
 * The authentication, its user data and the token's expiry are bound to the socket, the
 * frame's user is set (Spring uses it for the rest of the session) and the credential
 * headers are removed before anything else sees the frame.
 *
 * <p>
 * A refused CONNECT is answered with a STOMP ERROR whose message is
 * {@value ConnectFrames#UNAUTHENTICATED}, then close code 4001; when the credentials
 * could not be checked (the token issuer or the user store failed), with close code 1013
 * so that the client retries later. Any other frame of a connection still waiting for its
 * CONNECT is refused the same way and never processed, and so is a second CONNECT on an
 * authenticated connection. Must run ahead of every other inbound interceptor.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class ConnectFrameAuthenticator implements ChannelInterceptor {

	private static final Log logger = LogFactory.getLog(ConnectFrameAuthenticator.class);

	// StompHeaderAccessor keeps the passcode out of the native headers, under this name.
	private final PendingConnections pendingConnections;

	private final WebSocketUserDataResolver userDataResolver;

	private final ClientFrameSender frames;

	private @Nullable BearerTokenAuthenticator bearerTokens;

	private @Nullable AuthenticationManager authenticationManager;

	/**
	 * Create an authenticator.
	 * @param pendingConnections the connections waiting for their CONNECT frame
	 * @param userDataResolver produces the user data of an authenticated connection
	 * @param clientOutboundChannel supplies the channel that carries frames to clients
	 */
	public ConnectFrameAuthenticator(PendingConnections pendingConnections, WebSocketUserDataResolver userDataResolver,
			Supplier<@Nullable MessageChannel> clientOutboundChannel) {
		Assert.notNull(pendingConnections, "'pendingConnections' must not be null");
		Assert.notNull(userDataResolver, "'userDataResolver' must not be null");
		this.pendingConnections = pendingConnections;
		this.userDataResolver = userDataResolver;
		this.frames = new ClientFrameSender(clientOutboundChannel);
	}

	/**
	 * Set the authenticator of bearer tokens. Without one, a CONNECT frame carrying an
	 * {@code Authorization} header is refused.
	 * @param bearerTokens the authenticator
	 */
	public void setBearerTokenAuthenticator(@Nullable BearerTokenAuthenticator bearerTokens) {
		this.bearerTokens = bearerTokens;
	}

	/**
	 * Set the manager that checks {@code login} and {@code passcode}. Without one, a
	 * CONNECT frame carrying them is refused.
	 * @param authenticationManager the authentication manager
	 */
	public void setAuthenticationManager(@Nullable AuthenticationManager authenticationManager) {
		this.authenticationManager = authenticationManager;
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		Map<String, Object> attributes = (accessor != null) ? accessor.getSessionAttributes() : null;
		if (accessor == null || attributes == null) {
			return message;
		}
		boolean connect = StompCommand.CONNECT.equals(accessor.getCommand())
				|| StompCommand.STOMP.equals(accessor.getCommand());
		boolean refused = WsAuthAttributes.isRefused(attributes);
		if (WsAuthAttributes.isAuthenticationPending(attributes)) {
			if (connect && !refused) {
				return authenticate(message, accessor, attributes);
			}
			if (!refused && accessor.getCommand() != null && !StompCommand.DISCONNECT.equals(accessor.getCommand())) {
				refuse(accessor, attributes);
			}
			// Nothing a connection sends before it authenticates is processed, not even a
			// heart-beat or the DISCONNECT Spring sends when it closes.
			return null;
		}
		if (refused && !StompCommand.DISCONNECT.equals(accessor.getCommand())) {
			// About to be closed; the DISCONNECT still goes on so that the broker cleans
			// up.
			return null;
		}
		if (connect && attributes.containsKey(ConnectFrames.CONNECT_AUTHENTICATED)) {
			throw refusal(attributes, WsAuthCloseStatus.UNAUTHENTICATED);
		}
		if (connect) {
			// A socket authenticated at its upgrade does not use CONNECT credentials;
			// they go no further than here. In place: Spring publishes its
			// SessionConnectEvent with this very message, not with what we return.
			StompCredentials.removeCredentials(accessor);
		}
		return message;
	}

	private Message<?> authenticate(Message<?> message, StompHeaderAccessor accessor, Map<String, Object> attributes) {
		String sessionId = accessor.getSessionId();
		WebSocketSession session = (sessionId != null) ? this.pendingConnections.session(sessionId) : null;
		if (sessionId == null || session == null) {
			throw refusal(attributes, WsAuthCloseStatus.UNAUTHENTICATED);
		}
		Authentication authentication;
		boolean bearer;
		try {
			List<String> authorization = StompCredentials.authorizationValues(accessor);
			bearer = !authorization.isEmpty();
			authentication = bearer ? authenticateBearer(authorization, accessor) : authenticateLogin(accessor);
		}
		catch (AuthenticationServiceException ex) {
			logger.warn("Could not check CONNECT credentials; closing with 1013 (" + ex.getClass().getName() + ")");
			throw refusal(attributes, WsAuthCloseStatus.TRY_AGAIN_LATER);
		}
		catch (AuthenticationException ex) {
			logger.debug("CONNECT frame refused: invalid credentials");
			throw refusal(attributes, WsAuthCloseStatus.UNAUTHENTICATED);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not check CONNECT credentials; closing with 1013 (" + ex.getClass().getName() + ")");
			throw refusal(attributes, WsAuthCloseStatus.TRY_AGAIN_LATER);
		}
		Object userData = this.userDataResolver.resolve(authentication, new HandshakeRequest(session));
		if (userData == null || !this.pendingConnections.end(sessionId)) {
			// Refused by the application, or the timeout closed the connection meanwhile.
			throw refusal(attributes, WsAuthCloseStatus.UNAUTHENTICATED);
		}
		attributes.put(WsAuthAttributes.AUTHENTICATION, authentication);
		attributes.put(WsAuthAttributes.USER_DATA, userData);
		WsAuthAttributes.setCredentialExpiresAt(attributes,
				bearer ? BearerTokenAuthenticator.expiresAt(authentication) : null);
		if (bearer) {
			WsAuthAttributes.markTokenAuthenticated(attributes);
		}
		this.pendingConnections.credentialExpiryChanged(sessionId);
		attributes.put(ConnectFrames.CONNECT_AUTHENTICATED, Boolean.TRUE);
		attributes.remove(WsAuthAttributes.AUTHENTICATION_PENDING);
		accessor.setUser(authentication);
		StompCredentials.removeCredentials(accessor);
		return message;
	}

	private Authentication authenticateBearer(List<String> authorization, StompHeaderAccessor accessor) {
		if (authorization.size() > 1 || accessor.getPasscode() != null || this.bearerTokens == null) {
			// Two credentials are refused rather than letting one of them win.
			throw new BadCredentialsException("Refused");
		}
		String token = BearerTokenSyntax.fromAuthorization(authorization.get(0));
		if (token == null) {
			throw new BadCredentialsException("Refused");
		}
		return this.bearerTokens.authenticate(token);
	}

	private Authentication authenticateLogin(StompHeaderAccessor accessor) {
		String login = accessor.getLogin();
		String passcode = accessor.getPasscode();
		AuthenticationManager manager = this.authenticationManager;
		if (login == null || passcode == null || manager == null) {
			throw new BadCredentialsException("Refused");
		}
		Authentication result = manager
			.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(login, passcode));
		if (result == null || !result.isAuthenticated()) {
			throw new BadCredentialsException("Refused");
		}
		if (result instanceof CredentialsContainer container) {
			// The socket keeps its authentication for hours: not with the password in it.
			container.eraseCredentials();
		}
		return result;
	}

	private void refuse(StompHeaderAccessor accessor, Map<String, Object> attributes) {
		WsAuthAttributes.markRefused(attributes);
		String sessionId = accessor.getSessionId();
		if (sessionId != null) {
			this.frames.sendError(attributes, ClientFrameSender.error(sessionId, ConnectFrames.UNAUTHENTICATED, null),
					WsAuthCloseStatus.UNAUTHENTICATED);
		}
		else {
			WsAuthAttributes.requestCloseStatus(attributes, WsAuthCloseStatus.UNAUTHENTICATED);
		}
	}

	/**
	 * Refuse a CONNECT frame by throwing: Spring's STOMP handler then answers with an
	 * ERROR frame carrying the exception's message at once, skips the rest of the
	 * WebSocket message, logs the refusal at debug level only and closes with 1002, which
	 * the tracked session turns into the requested status.
	 */
	private static RefusedException refusal(Map<String, Object> attributes, CloseStatus status) {
		WsAuthAttributes.markRefused(attributes);
		String reason = (status.getReason() != null) ? status.getReason() : ConnectFrames.UNAUTHENTICATED;
		ClientFrameSender.expectError(attributes, reason, status);
		return new RefusedException(reason);
	}

	/**
	 * A refused CONNECT frame. Carries neither the frame (whose headers hold the
	 * credentials) nor a stack trace.
	 */
	static final class RefusedException extends MessagingException {

		RefusedException(String reason) {
			super(reason);
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

}
