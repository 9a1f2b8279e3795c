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

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

import dev.wsauth.handshake.WebSocketUser;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.WsAuthAttributes;
import dev.wsauth.token.BearerTokenAuthenticator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link ConnectFrameAuthenticator}.
 */
class ConnectFrameAuthenticatorTests {

	private static final String PENDING_CLOSE_STATUS = "dev.wsauth.PENDING_CLOSE_STATUS";

	private final PendingConnectionLimiter limiter = new PendingConnectionLimiter(10, 10);

	private final PendingConnections pending = new PendingConnections(this.limiter, new ConnectionRegistry(() -> null),
			Duration.ofMinutes(1));

	private final AuthenticationManager tokens = mock(AuthenticationManager.class);

	private final AuthenticationManager logins = mock(AuthenticationManager.class);

	private final Map<String, Object> attributes = new HashMap<>();

	private Object userData = new Object();

	private ConnectFrameAuthenticator authenticator;

	@BeforeEach
	void setUp() {
		this.pending.start();
		this.authenticator = new ConnectFrameAuthenticator(this.pending,
				(authentication, request) -> (this.userData != null) ? WebSocketUser.of(authentication) : null,
				() -> null);
		this.authenticator.setBearerTokenAuthenticator(new BearerTokenAuthenticator(this.tokens));
		this.authenticator.setAuthenticationManager(this.logins);
		this.attributes.put(WsAuthAttributes.AUTHENTICATION_PENDING, Boolean.TRUE);
		WebSocketSession session = mock(WebSocketSession.class);
		given(session.getId()).willReturn("s1");
		given(session.getAttributes()).willReturn(this.attributes);
		given(session.getRemoteAddress()).willReturn(new InetSocketAddress("127.0.0.1", 50000));
		assertThat(this.pending.admit(session)).isTrue();
	}

	@AfterEach
	void tearDown() {
		this.pending.stop();
	}

	@Test
	void successfulLoginBindsTheAuthenticationAndStripsThePasscode() {
		Authentication alice = new TestingAuthenticationToken("alice", null, "ROLE_USER");
		alice.setAuthenticated(true);
		given(this.logins.authenticate(any())).willReturn(alice);
		Message<?> result = this.authenticator.preSend(connect(Map.of("login", "alice", "passcode", "secret")),
				mock(MessageChannel.class));
		assertThat(result).isNotNull();
		StompHeaderAccessor accessor = StompHeaderAccessor.wrap(result);
		assertThat(accessor.getUser()).isSameAs(alice);
		assertThat(accessor.getPasscode()).isNull();
		assertThat(accessor.toNativeHeaderMap()).doesNotContainKey("passcode");
		assertThat(WsAuthAttributes.authentication(this.attributes)).isSameAs(alice);
		assertThat(WsAuthAttributes.isAuthenticationPending(this.attributes)).isFalse();
		assertThat(WsAuthAttributes.userData(this.attributes)).isInstanceOf(WebSocketUser.class);
		assertThat(this.limiter.pending()).isZero();
	}

	@Test
	void tokenIssuerOutageClosesWith1013() {
		given(this.tokens.authenticate(any())).willThrow(new AuthenticationServiceException("JWKS down"));
		assertThatExceptionOfType(ConnectFrameAuthenticator.RefusedException.class)
			.isThrownBy(() -> this.authenticator.preSend(connect(Map.of("Authorization", "Bearer abc.def.ghi")),
					mock(MessageChannel.class)))
			.withMessage("try again later");
		assertThat(this.attributes.get(PENDING_CLOSE_STATUS)).isEqualTo(new CloseStatus(1013, "try again later"));
	}

	@Test
	void userStoreFailureClosesWith1013() {
		given(this.logins.authenticate(any())).willThrow(new IllegalStateException("database down"));
		assertThatExceptionOfType(ConnectFrameAuthenticator.RefusedException.class).isThrownBy(() -> this.authenticator
			.preSend(connect(Map.of("login", "alice", "passcode", "secret")), mock(MessageChannel.class)));
		assertThat(this.attributes.get(PENDING_CLOSE_STATUS)).isEqualTo(new CloseStatus(1013, "try again later"));
	}

	@Test
	void badCredentialsCloseWith4001AndKeepTheConnectionUnauthenticated() {
		given(this.logins.authenticate(any())).willThrow(new BadCredentialsException("Bad credentials"));
		assertThatExceptionOfType(ConnectFrameAuthenticator.RefusedException.class)
			.isThrownBy(() -> this.authenticator.preSend(connect(Map.of("login", "alice", "passcode", "secret")),
					mock(MessageChannel.class)))
			.withMessage("unauthenticated");
		assertThat(this.attributes.get(PENDING_CLOSE_STATUS)).isEqualTo(new CloseStatus(4001, "unauthenticated"));
		assertThat(WsAuthAttributes.authentication(this.attributes)).isNull();
	}

	@Test
	void userDataResolverReturningNullRefusesTheConnection() {
		this.userData = null;
		Authentication alice = new TestingAuthenticationToken("alice", null, "ROLE_USER");
		alice.setAuthenticated(true);
		given(this.logins.authenticate(any())).willReturn(alice);
		assertThatExceptionOfType(ConnectFrameAuthenticator.RefusedException.class).isThrownBy(() -> this.authenticator
			.preSend(connect(Map.of("login", "alice", "passcode", "secret")), mock(MessageChannel.class)));
		assertThat(WsAuthAttributes.authentication(this.attributes)).isNull();
	}

	@Test
	void connectAfterTheTimeoutFiredIsRefused() {
		Authentication alice = new TestingAuthenticationToken("alice", null, "ROLE_USER");
		alice.setAuthenticated(true);
		given(this.logins.authenticate(any())).willReturn(alice);
		this.pending.end("s1");
		assertThatExceptionOfType(ConnectFrameAuthenticator.RefusedException.class).isThrownBy(() -> this.authenticator
			.preSend(connect(Map.of("login", "alice", "passcode", "secret")), mock(MessageChannel.class)));
		assertThat(WsAuthAttributes.authentication(this.attributes)).isNull();
	}

	@Test
	void refusalCarriesNoStackTrace() {
		assertThat(new ConnectFrameAuthenticator.RefusedException("unauthenticated").getStackTrace()).isEmpty();
	}

	private Message<byte[]> connect(Map<String, String> headers) {
		StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.CONNECT);
		headers.forEach(accessor::addNativeHeader);
		if (headers.containsKey("passcode")) {
			accessor.setPasscode(headers.get("passcode"));
		}
		accessor.setSessionId("s1");
		accessor.setSessionAttributes(this.attributes);
		accessor.setLeaveMutable(true);
		return MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
	}

}
