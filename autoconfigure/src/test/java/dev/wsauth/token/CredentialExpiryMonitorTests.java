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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.SocketTestSupport;
import dev.wsauth.socket.WsAuthAttributes;
import dev.wsauth.socket.WsAuthCloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.then;

/**
 * Tests for {@link CredentialExpiryMonitor}.
 */
class CredentialExpiryMonitorTests {

	private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	private final List<Message<?>> sent = new ArrayList<>();

	private final MessageChannel outbound = (message, timeout) -> this.sent.add(message);

	private final ConnectionRegistry registry = new ConnectionRegistry(() -> this.outbound);

	private final Map<String, WebSocketSession> tracked = new HashMap<>();

	@Test
	void connectionWhoseCredentialExpiredIsClosedWith4002Once() throws Exception {
		WebSocketSession expired = register("a", NOW.minusSeconds(1));
		register("b", NOW.plusSeconds(60));
		register("c", null);
		CredentialExpiryMonitor monitor = monitor(Duration.ZERO);
		assertThat(monitor.check()).isEqualTo(1);
		assertThat(this.sent).singleElement().satisfies((message) -> {
			StompHeaderAccessor error = StompHeaderAccessor.wrap(message);
			assertThat(error.getCommand()).isEqualTo(StompCommand.ERROR);
			assertThat(error.getSessionId()).isEqualTo("a");
			assertThat(error.getMessage()).isEqualTo("credentials expired");
		});
		// Spring's STOMP handler closes with 1002 after the ERROR frame; the socket gets
		// 4002.
		this.tracked.get("a").close(CloseStatus.PROTOCOL_ERROR);
		then(expired).should().close(WsAuthCloseStatus.CREDENTIALS_EXPIRED);
		assertThat(monitor.check()).isZero();
	}

	@Test
	void graceKeepsAnExpiredCredentialsConnectionOpenUntilItEnds() {
		register("a", NOW.minusSeconds(10));
		assertThat(monitor(Duration.ofSeconds(30)).check()).isZero();
		assertThat(monitor(Duration.ofSeconds(10)).check()).isEqualTo(1);
	}

	@Test
	void refreshedCredentialIsJudgedByItsNewExpiry() {
		WebSocketSession session = register("a", NOW.minusSeconds(1));
		WsAuthAttributes.setCredentialExpiresAt(session.getAttributes(), NOW.plusSeconds(60));
		assertThat(monitor(Duration.ZERO).check()).isZero();
	}

	@Test
	void aCredentialGivenAfterRegistrationIsCheckedOnceTheRegistryIsTold() {
		WebSocketSession session = register("a", null);
		CredentialExpiryMonitor monitor = monitor(Duration.ZERO);
		// Authenticated by its CONNECT frame with a token that has since expired.
		WsAuthAttributes.setCredentialExpiresAt(session.getAttributes(), NOW.minusSeconds(1));
		this.registry.credentialExpiryChanged("a");
		assertThat(monitor.check()).isEqualTo(1);
	}

	@Test
	void closeStatusIs4002() {
		assertThat(WsAuthCloseStatus.CREDENTIALS_EXPIRED).isEqualTo(new CloseStatus(4002, "credentials expired"));
	}

	private CredentialExpiryMonitor monitor(Duration grace) {
		CredentialExpiryMonitor monitor = new CredentialExpiryMonitor(this.registry, Duration.ofSeconds(1), grace);
		monitor.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
		return monitor;
	}

	private WebSocketSession register(String id, @Nullable Instant expiresAt) {
		WebSocketSession session = SocketTestSupport.openSession(id, expiresAt);
		this.tracked.put(id, SocketTestSupport.register(this.registry, session));
		return session;
	}

}
