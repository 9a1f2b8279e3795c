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

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompEncoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * Tests for {@link TrackedWebSocketSession} behind Spring's
 * {@link ConcurrentWebSocketSessionDecorator}, as Spring's STOMP handler uses it.
 *
 * @author wsauth
 */
class TrackedWebSocketSessionTests {

	private static final TextMessage BROADCAST = new TextMessage("MESSAGE\ndestination:/topic/x\n\nhi\0");

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final List<String> written = new CopyOnWriteArrayList<>();

	private final CountDownLatch writing = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private final WebSocketSession raw = mock(WebSocketSession.class);

	@Test
	void errorFrameHeldInSpringsSendBufferAtTheCloseIsWrittenBeforeTheClose() throws Exception {
		blockFirstWrite();
		TrackedWebSocketSession tracked = new TrackedWebSocketSession(this.raw);
		ConcurrentWebSocketSessionDecorator session = new ConcurrentWebSocketSessionDecorator(tracked, 10_000, 65_536);
		Thread broadcaster = new Thread(() -> sendQuietly(session, BROADCAST));
		broadcaster.start();
		assertThat(this.writing.await(10, TimeUnit.SECONDS)).isTrue();
		// What Spring's STOMP handler does with wsauth's ERROR frame while another thread
		// is still writing: the frame waits in the buffer, then the handler closes.
		ClientFrameSender.expectError(this.attributes, "unauthenticated", WsAuthCloseStatus.UNAUTHENTICATED);
		session.sendMessage(springEncodedError("unauthenticated"));
		session.close(CloseStatus.PROTOCOL_ERROR);
		then(this.raw).should(never()).close(any());
		this.release.countDown();
		broadcaster.join(10_000);
		assertThat(this.written).hasSize(2);
		assertThat(this.written.get(0)).isEqualTo(BROADCAST.getPayload());
		assertThat(this.written.get(1)).startsWith("ERROR\n").contains("message:unauthenticated\n");
		then(this.raw).should().close(WsAuthCloseStatus.UNAUTHENTICATED);
	}

	@Test
	void errorFrameThatWentOutIsNotWrittenAgainAtTheClose() throws Exception {
		recordWrites();
		TrackedWebSocketSession tracked = new TrackedWebSocketSession(this.raw);
		ConcurrentWebSocketSessionDecorator session = new ConcurrentWebSocketSessionDecorator(tracked, 10_000, 65_536);
		ClientFrameSender.expectError(this.attributes, "FORBIDDEN", WsAuthCloseStatus.FORBIDDEN);
		session.sendMessage(springEncodedError("FORBIDDEN"));
		session.close(CloseStatus.PROTOCOL_ERROR);
		assertThat(this.written).singleElement().asString().startsWith("ERROR\n");
		then(this.raw).should().close(WsAuthCloseStatus.FORBIDDEN);
	}

	@Test
	void framesArrivingAfterTheHeldBackErrorAreNotWritten() throws Exception {
		recordWrites();
		TrackedWebSocketSession tracked = new TrackedWebSocketSession(this.raw);
		ClientFrameSender.expectError(this.attributes, "unauthenticated", WsAuthCloseStatus.UNAUTHENTICATED);
		tracked.close(CloseStatus.PROTOCOL_ERROR);
		tracked.sendMessage(BROADCAST);
		assertThat(this.written).singleElement().asString().startsWith("ERROR\n");
		then(this.raw).should().close(WsAuthCloseStatus.UNAUTHENTICATED);
	}

	@Test
	void aSocketTheRegistryClosesGetsNoFrameButItsErrorFrame() throws Exception {
		recordWrites();
		List<Message<?>> outbound = new CopyOnWriteArrayList<>();
		ConnectionRegistry registry = new ConnectionRegistry(() -> (message, timeout) -> outbound.add(message));
		WebSocketSession tracked = registry.register(this.raw);
		registry.close(registry.getConnection("ws-1"), WsAuthCloseStatus.SESSION_ENDED);
		// The ERROR frame is still on its way through the outbound channel when a
		// broadcast published after the logout reaches the socket.
		tracked.sendMessage(BROADCAST);
		tracked.sendMessage(springEncodedError("session ended"));
		assertThat(outbound).hasSize(1);
		assertThat(this.written).singleElement().asString().startsWith("ERROR\n");
	}

	@Test
	void closeWithoutAnExpectedErrorIsPassedOn() throws Exception {
		recordWrites();
		TrackedWebSocketSession tracked = new TrackedWebSocketSession(this.raw);
		ClientFrameSender.expectError(this.attributes, "unauthenticated", WsAuthCloseStatus.UNAUTHENTICATED);
		tracked.close(CloseStatus.GOING_AWAY);
		assertThat(this.written).isEmpty();
		then(this.raw).should().close(CloseStatus.GOING_AWAY);
	}

	private void recordWrites() throws Exception {
		given(this.raw.getAttributes()).willReturn(this.attributes);
		given(this.raw.getId()).willReturn("ws-1");
		given(this.raw.isOpen()).willReturn(true);
		willAnswer((invocation) -> {
			this.written.add(payload(invocation.getArgument(0)));
			return null;
		}).given(this.raw).sendMessage(any());
	}

	private void blockFirstWrite() throws Exception {
		recordWrites();
		willAnswer((invocation) -> {
			String payload = payload(invocation.getArgument(0));
			if (this.written.isEmpty()) {
				this.writing.countDown();
				this.release.await(10, TimeUnit.SECONDS);
			}
			this.written.add(payload);
			return null;
		}).given(this.raw).sendMessage(any());
	}

	private static String payload(WebSocketMessage<?> message) {
		return ((TextMessage) message).getPayload();
	}

	private static TextMessage springEncodedError(String message) {
		StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
		error.setMessage(message);
		byte[] frame = new StompEncoder().encode(error.getMessageHeaders(), new byte[0]);
		return new TextMessage(new String(frame, StandardCharsets.UTF_8));
	}

	private static void sendQuietly(WebSocketSession session, TextMessage message) {
		try {
			session.sendMessage(message);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
