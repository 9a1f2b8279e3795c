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
package dev.wsauth.token;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

import dev.wsauth.socket.ClientFrameSender;
import dev.wsauth.socket.StompCredentials;
import dev.wsauth.socket.WsAuthAttributes;
import dev.wsauth.socket.WsAuthCloseStatus;

/**
 * Lets a client replace the token of an open connection before it expires: a {@code SEND}
 * to the refresh destination with an {@code Authorization: Bearer} header, on a
 * connection authenticated by a token (one with a credential expiry). The frame is
 * consumed here and never reaches the broker or the application. A valid token for the
 * same principal moves the connection's expiry to the new token's (the connection keeps
 * its original authentication) and is answered with a RECEIPT when the frame asks for
 * one; an invalid token, or one for another principal, with a STOMP ERROR and close code
 * 4001; a token that could not be checked (issuer down) with close code 1013. On a
 * connection without a credential expiry the frame goes on like any other, so the
 * destination rules deny it as usual.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class TokenRefreshInterceptor implements ChannelInterceptor {

	private static final Log logger = LogFactory.getLog(TokenRefreshInterceptor.class);

	private final @Nullable BearerTokenAuthenticator bearerTokens;

	private final String destination;

	private final ClientFrameSender frames;

	/**
	 * Create an interceptor.
	 * @param bearerTokens authenticates the new token; without one (the application has
	 * no resource server) refresh frames go on like any other
	 * @param destination the refresh destination
	 * @param clientOutboundChannel supplies the channel that carries frames to clients
	 */
	public TokenRefreshInterceptor(@Nullable BearerTokenAuthenticator bearerTokens, String destination,
			Supplier<@Nullable MessageChannel> clientOutboundChannel) {
		Assert.hasText(destination, "'destination' must not be empty");
		this.bearerTokens = bearerTokens;
		this.destination = destination;
		this.frames = new ClientFrameSender(clientOutboundChannel);
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		BearerTokenAuthenticator bearerTokens = this.bearerTokens;
		if (accessor == null || !StompCommand.SEND.equals(accessor.getCommand())
				|| !this.destination.equals(accessor.getDestination())) {
			return message;
		}
		Map<String, Object> attributes = accessor.getSessionAttributes();
		Authentication current = WsAuthAttributes.authentication(attributes);
		String sessionId = accessor.getSessionId();
		if (bearerTokens == null || attributes == null || current == null || sessionId == null
				|| WsAuthAttributes.credentialExpiresAt(attributes) == null) {
			// Not a refresh: the frame goes on like any other SEND (the destination rules
			// decide), but not with the token in it.
			return StompCredentials.withoutCredentials(message);
		}
		refresh(bearerTokens, accessor, attributes, current, sessionId);
		return null;
	}

	private void refresh(BearerTokenAuthenticator bearerTokens, StompHeaderAccessor accessor,
			Map<String, Object> attributes, Authentication current, String sessionId) {
		Authentication refreshed;
		try {
			refreshed = bearerTokens.authenticate(token(accessor));
		}
		catch (AuthenticationServiceException ex) {
			logger.warn("Could not check a refreshed token; closing with 1013 (" + ex.getClass().getName() + ")");
			refuse(attributes, sessionId, accessor.getReceipt(), WsAuthCloseStatus.TRY_AGAIN_LATER);
			return;
		}
		catch (AuthenticationException ex) {
			logger.debug("Token refresh refused: invalid token");
			refuse(attributes, sessionId, accessor.getReceipt(), WsAuthCloseStatus.UNAUTHENTICATED);
			return;
		}
		if (!current.getName().equals(refreshed.getName())) {
			// The identity of a connection never changes.
			logger.debug("Token refresh refused: another principal");
			refuse(attributes, sessionId, accessor.getReceipt(), WsAuthCloseStatus.UNAUTHENTICATED);
			return;
		}
		WsAuthAttributes.setCredentialExpiresAt(attributes, BearerTokenAuthenticator.expiresAt(refreshed));
		String receipt = accessor.getReceipt();
		if (receipt != null) {
			StompHeaderAccessor answer = StompHeaderAccessor.create(StompCommand.RECEIPT);
			answer.setSessionId(sessionId);
			answer.setReceiptId(receipt);
			this.frames.send(answer);
		}
	}

	private static String token(StompHeaderAccessor accessor) {
		List<String> values = StompCredentials.authorizationValues(accessor);
		if (values.size() != 1) {
			return "";
		}
		String token = BearerTokenSyntax.fromAuthorization(values.get(0));
		return (token != null) ? token : "";
	}

	private void refuse(Map<String, Object> attributes, String sessionId, @Nullable String receipt,
			CloseStatus status) {
		WsAuthAttributes.markRefused(attributes);
		String reason = (status.getReason() != null) ? status.getReason()
				: WsAuthCloseStatus.UNAUTHENTICATED.getReason();
		this.frames.sendError(attributes, ClientFrameSender.error(sessionId, reason, receipt), status);
	}

}
