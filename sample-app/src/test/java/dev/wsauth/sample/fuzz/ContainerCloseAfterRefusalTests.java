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

package dev.wsauth.sample.fuzz;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

import dev.wsauth.sample.fuzz.RawWebSocket.Exchange;
import dev.wsauth.sample.fuzz.RawWebSocket.ServerFrame;
import dev.wsauth.sample.fuzz.StompStreamModel.Outgoing;
import dev.wsauth.sample.fuzz.StompStreamModel.Plan;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays connection 848 of seed 15122026 on a server whose close after an ERROR frame
 * waits, as it can on a loaded machine, between Spring writing the ERROR frame and
 * closing: the container's own close for a message the client sent meanwhile comes first.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(ContainerCloseAfterRefusalTests.SlowCloseAfterError.class)
@ExtendWith(OutputCaptureExtension.class)
class ContainerCloseAfterRefusalTests {

	@LocalServerPort
	int port;

	@Test
	void aMessageNotUtf8SentBeforeARefusalsErrorArrivedIsClosedWith1007AfterThatErrorAndTheFuzzOracleAgrees(
			CapturedOutput output) throws IOException {
		FuzzAccounts accounts = new FuzzAccounts(this.port);
		LogCheck log = new LogCheck(output);
		Outgoing connect = Outgoing.text("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0");
		Outgoing refused = Outgoing.text("SEND\ndestination:/topic/announcements\nreceipt:r-FUZZ-MARK-e1\n"
				+ "content-type:FUZZ-MARK-e1\ncontent-length:2\n\n{}\0");
		Outgoing dropped = Outgoing.text("SEND\ndestination:/app/boards.b2.typing\ncontent-type:FUZZ-MARK-e2\n\n{}\0");
		byte[] head = StompStreamModel.bytes("SUBSCRIBE\nid:FUZZ-MARK-e3\ndestination:/topic/announcements\nx");
		byte[] invalid = Arrays.copyOf(head, head.length + 6);
		// 0xC3 starts a two-byte sequence that 0x28 does not continue.
		invalid[head.length] = (byte) 0xC3;
		invalid[head.length + 1] = 0x28;
		invalid[head.length + 2] = ':';
		invalid[head.length + 3] = '\n';
		invalid[head.length + 4] = '\n';
		invalid[head.length + 5] = 0;
		Outgoing notUtf8 = Outgoing.of(Outgoing.Kind.INVALID_UTF8, invalid);
		Exchange exchange = RawWebSocket.upgrade(this.port, "/ws", List.of("Cookie: " + accounts.cookieHeader("alice"),
				"Origin: " + accounts.sessions().origin(), "Sec-WebSocket-Protocol: v12.stomp"));
		assertThat(exchange.response().status()).as("upgrade").isEqualTo(101);
		List<ServerFrame> seen = new ArrayList<>();
		try (RawWebSocket socket = exchange.socket()) {
			FrameFuzzer.send(socket, connect);
			FrameFuzzer.send(socket, refused);
			FrameFuzzer.send(socket, dropped);
			assertThat(FrameFuzzer.await(socket, seen,
					(frames) -> frames.stream().anyMatch((frame) -> frame.command().equals("ERROR")),
					FrameFuzzer.ANSWER_TIMEOUT))
				.as("an ERROR frame for the SEND whose content-type is not a media type")
				.isTrue();
			// Sent before the client could see the ERROR frame on a loaded machine.
			FrameFuzzer.send(socket, notUtf8);
			FrameFuzzer.await(socket, seen, (frames) -> false, FrameFuzzer.ANSWER_TIMEOUT);
			int code = socket.closeCode(Duration.ZERO);
			List<String> errors = seen.stream()
				.filter((frame) -> frame.command().equals("ERROR"))
				.map((frame) -> String.valueOf(frame.header("message")))
				.toList();
			assertThat(code).as("close code").isEqualTo(1007);
			assertThat(errors).as("ERROR frames").containsExactly("malformed frame");
			assertThat(seen).as("frames other than CONNECTED and the ERROR")
				.allMatch((frame) -> frame.command().equals("CONNECTED") || frame.command().equals("ERROR"));
			Plan plan = StompStreamModel.plan("alice", List.of(connect, refused, dropped, notUtf8));
			assertThat(FrameFuzzer.endingStep(plan, code, errors)).as("the step the oracle ends the plan at")
				.isNotNegative();
		}
		assertThat(log.check(accounts.secrets(), FrameGrammar.MARKER, 1)).as("the log").isEmpty();
	}

	/**
	 * Holds the close Spring's STOMP handler makes after an ERROR frame (1002) until the
	 * container has closed the connection itself, for at most five seconds.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class SlowCloseAfterError implements WebSocketMessageBrokerConfigurer {

		@Override
		public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
			// Registered after wsauth's decorators, so it wraps them and the session they
			// see.
			registration.addDecoratorFactory(HeldCloseHandler::new);
		}

	}

	private static final class HeldCloseHandler extends WebSocketHandlerDecorator {

		private final Map<String, HeldCloseSession> sessions = new ConcurrentHashMap<>();

		HeldCloseHandler(WebSocketHandler delegate) {
			super(delegate);
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) throws Exception {
			HeldCloseSession held = new HeldCloseSession(session);
			this.sessions.put(session.getId(), held);
			super.afterConnectionEstablished(held);
		}

		@Override
		public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
			super.handleMessage(this.sessions.getOrDefault(session.getId(), new HeldCloseSession(session)), message);
		}

		@Override
		public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
			super.handleTransportError(this.sessions.getOrDefault(session.getId(), new HeldCloseSession(session)),
					exception);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
			HeldCloseSession held = this.sessions.remove(session.getId());
			if (held == null) {
				super.afterConnectionClosed(session, closeStatus);
				return;
			}
			held.closed.countDown();
			super.afterConnectionClosed(held, closeStatus);
		}

	}

	private static final class HeldCloseSession extends WebSocketSessionDecorator {

		private final CountDownLatch closed = new CountDownLatch(1);

		HeldCloseSession(WebSocketSession delegate) {
			super(delegate);
		}

		@Override
		public void close(CloseStatus status) throws IOException {
			if (status.getCode() == CloseStatus.PROTOCOL_ERROR.getCode()) {
				try {
					this.closed.await(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			super.close(status);
		}

	}

}
