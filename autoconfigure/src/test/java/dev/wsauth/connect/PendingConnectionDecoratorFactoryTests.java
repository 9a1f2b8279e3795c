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

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.WsAuthAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * Tests for {@link PendingConnectionDecoratorFactory}.
 */
class PendingConnectionDecoratorFactoryTests {

	private final PendingConnectionLimiter limiter = new PendingConnectionLimiter(10, 1);

	private final PendingConnections pending = new PendingConnections(this.limiter, new ConnectionRegistry(() -> null),
			Duration.ofMinutes(1));

	private final WebSocketHandler delegate = mock(WebSocketHandler.class);

	private final WebSocketHandler handler = new PendingConnectionDecoratorFactory(this.pending, () -> null)
		.decorate(this.delegate);

	@BeforeEach
	void start() {
		this.pending.start();
	}

	@AfterEach
	void stop() {
		this.pending.stop();
	}

	@Test
	void pendingConnectionBeyondTheCapIsClosedWith1013AndNeverReachesSpring() throws Exception {
		WebSocketSession first = pendingSession("s1");
		WebSocketSession second = pendingSession("s2");
		this.handler.afterConnectionEstablished(first);
		this.handler.afterConnectionEstablished(second);
		then(this.delegate).should().afterConnectionEstablished(first);
		then(this.delegate).should(never()).afterConnectionEstablished(second);
		then(second).should().close(new CloseStatus(1013, "try again later"));
		this.handler.afterConnectionClosed(second, CloseStatus.SERVICE_OVERLOAD);
		then(this.delegate).should(never()).afterConnectionClosed(any(), any());
		assertThat(this.limiter.pending()).isEqualTo(1);
	}

	@Test
	void closingAPendingConnectionReleasesItsSlot() throws Exception {
		WebSocketSession first = pendingSession("s1");
		this.handler.afterConnectionEstablished(first);
		assertThat(this.limiter.pending()).isEqualTo(1);
		this.handler.afterConnectionClosed(first, CloseStatus.NORMAL);
		assertThat(this.limiter.pending()).isZero();
		this.handler.afterConnectionClosed(first, CloseStatus.NORMAL);
		assertThat(this.limiter.pending()).isZero();
	}

	@Test
	void authenticatedConnectionIsNotCounted() throws Exception {
		WebSocketSession session = session("s1", new HashMap<>());
		this.handler.afterConnectionEstablished(session);
		then(this.delegate).should().afterConnectionEstablished(session);
		assertThat(this.limiter.pending()).isZero();
	}

	@Test
	void connectFrameOfAPendingConnectionIsPassedOn() throws Exception {
		WebSocketSession session = pendingSession("s1");
		this.handler.afterConnectionEstablished(session);
		TextMessage connect = new TextMessage("\r\nCONNECT\naccept-version:1.2\n\n\0");
		this.handler.handleMessage(session, connect);
		then(this.delegate).should().handleMessage(session, connect);
	}

	@Test
	void otherFrameOfAPendingConnectionIsRefusedAndNothingAfterItIsPassedOn() throws Exception {
		WebSocketSession session = pendingSession("s1");
		this.handler.afterConnectionEstablished(session);
		this.handler.handleMessage(session, new TextMessage("SUBSCRIBE\nid:1\ndestination:/topic/a\n\n\0"));
		// Without an outbound channel, the refusal closes the socket itself.
		then(session).should().close(new CloseStatus(4001, "unauthenticated"));
		this.handler.handleMessage(session, new TextMessage("CONNECT\naccept-version:1.2\n\n\0"));
		then(this.delegate).should(never()).handleMessage(any(), any());
	}

	@Test
	void heartBeatOfAPendingConnectionIsIgnored() throws Exception {
		WebSocketSession session = pendingSession("s1");
		this.handler.afterConnectionEstablished(session);
		this.handler.handleMessage(session, new TextMessage("\n"));
		then(this.delegate).should(never()).handleMessage(any(), any());
		then(session).should(never()).close(any());
	}

	@Test
	void firstCommandIsReadFromTheFirstLine() {
		assertThat(ConnectFrames.firstCommand(new TextMessage("\n\nSTOMP\nhost:x\n\n\0"))).isEqualTo("STOMP");
		assertThat(ConnectFrames.firstCommand(new TextMessage("\r\n"))).isEmpty();
		assertThat(ConnectFrames.firstCommand(new TextMessage("CONN"))).isEqualTo("?");
		assertThat(ConnectFrames.firstCommand(new TextMessage("X".repeat(100) + "\n"))).isEqualTo("?");
	}

	@Test
	void firstMessageOfAPendingConnectionIsClassifiedByDecodingIt() {
		assertThat(ConnectFrames.classifyPending(new TextMessage("\n\nCONNECT\nlogin:a\n\n\0SEND\n\n\0")))
			.isEqualTo(ConnectFrames.FirstFrame.CONNECT);
		assertThat(ConnectFrames.classifyPending(new TextMessage("\n\n")))
			.isEqualTo(ConnectFrames.FirstFrame.HEARTBEAT);
		assertThat(ConnectFrames.classifyPending(new TextMessage("CONNECT\nlogin:a\n")))
			.isEqualTo(ConnectFrames.FirstFrame.OTHER);
		assertThat(ConnectFrames.classifyPending(new TextMessage("SEND\ndestination:/a\n\n\0CONNECT\n\n\0")))
			.isEqualTo(ConnectFrames.FirstFrame.OTHER);
		assertThat(ConnectFrames.classifyPending(new TextMessage("CONNECT\nno colon\n\n\0")))
			.isEqualTo(ConnectFrames.FirstFrame.OTHER);
	}

	private WebSocketSession pendingSession(String id) {
		Map<String, Object> attributes = new HashMap<>();
		attributes.put(WsAuthAttributes.AUTHENTICATION_PENDING, Boolean.TRUE);
		return session(id, attributes);
	}

	private static WebSocketSession session(String id, Map<String, Object> attributes) {
		WebSocketSession session = mock(WebSocketSession.class);
		given(session.getId()).willReturn(id);
		given(session.getAttributes()).willReturn(attributes);
		given(session.getRemoteAddress()).willReturn(new InetSocketAddress("127.0.0.1", 50000));
		return session;
	}

}
