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

package dev.wsauth.receipt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Receipts with Spring's simple broker, on a real port with a real STOMP client.
 */
@SpringBootTest(classes = ReceiptTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "wsauth.authorization.rules[0].destination=/topic/allowed.{name}",
		"wsauth.authorization.rules[0].access=isAuthenticated()", "wsauth.authorization.rules[1].destination=/app/echo",
		"wsauth.authorization.rules[1].command=send", "wsauth.authorization.rules[1].access=isAuthenticated()" })
@Import(SimpleBrokerReceiptTests.RegistrationCheck.class)
class SimpleBrokerReceiptTests {

	private static final Duration QUIET = Duration.ofMillis(300);

	@LocalServerPort
	int port;

	@Autowired
	SimpMessagingTemplate messaging;

	@Autowired
	RegistrationCheck registrationCheck;

	private TestSessions sessions;

	private Cookies user;

	@BeforeEach
	void login() {
		this.sessions = TestSessions.on(this.port);
		this.user = this.sessions.login("user", "user-pw");
	}

	@Test
	void allowedSubscribeWithReceiptGetsExactlyOneReceiptAndThenMessages() {
		try (StompTestClient client = connect()) {
			client.subscribe("sub-1", "/topic/allowed.a", "r-1");
			StompFrame receipt = client.nextFrame();
			assertThat(receipt.command()).isEqualTo("RECEIPT");
			assertThat(receipt.header("receipt-id")).isEqualTo("r-1");
			this.messaging.convertAndSend("/topic/allowed.a", (Object) Map.of("n", 1));
			StompFrame message = client.nextFrame();
			assertThat(message.command()).isEqualTo("MESSAGE");
			assertThat(message.header("subscription")).isEqualTo("sub-1");
			assertThat(client.pollFrame(QUIET)).isNull();
		}
	}

	@Test
	void deniedSubscribeWithReceiptGetsADenialCarryingTheReceiptIdAndNoReceipt() {
		try (StompTestClient client = connect()) {
			client.subscribe("sub-1", "/topic/secret", "r-1");
			StompFrame denial = client.nextFrame();
			assertThat(denial.command()).isEqualTo("MESSAGE");
			assertThat(denial.header("wsauth-denied")).isEqualTo("FORBIDDEN");
			assertThat(denial.header("subscription")).isEqualTo("sub-1");
			assertThat(denial.header("receipt-id")).isEqualTo("r-1");
			assertThat(client.pollFrame(QUIET)).isNull();
		}
	}

	@Test
	void unsubscribeWithReceiptIsAcknowledgedAfterTheSubscriptionIsGone() {
		try (StompTestClient client = connect()) {
			client.subscribe("sub-1", "/topic/allowed.b", "r-1");
			assertThat(client.nextFrame().header("receipt-id")).isEqualTo("r-1");
			client.send("UNSUBSCRIBE", Map.of("id", "sub-1", "receipt", "r-2"), "");
			StompFrame receipt = client.nextFrame();
			assertThat(receipt.command()).isEqualTo("RECEIPT");
			assertThat(receipt.header("receipt-id")).isEqualTo("r-2");
			this.messaging.convertAndSend("/topic/allowed.b", (Object) Map.of("n", 1));
			assertThat(client.pollFrame(QUIET)).isNull();
		}
	}

	@Test
	void sendWithReceiptIsAcknowledgedOnceTheApplicationHandledIt() {
		try (StompTestClient client = connect()) {
			client.subscribe("sub-1", "/topic/allowed.echo", "r-1");
			assertThat(client.nextFrame().header("receipt-id")).isEqualTo("r-1");
			client.send("SEND",
					Map.of("destination", "/app/echo", "content-type", "application/json", "receipt", "r-2"),
					"{\"text\":\"hi\"}");
			List<StompFrame> frames = List.of(client.nextFrame(), client.nextFrame());
			assertThat(frames).extracting(StompFrame::command).containsExactlyInAnyOrder("MESSAGE", "RECEIPT");
			assertThat(frames).filteredOn((frame) -> frame.command().equals("RECEIPT"))
				.singleElement()
				.satisfies((frame) -> assertThat(frame.header("receipt-id")).isEqualTo("r-2"));
			assertThat(client.pollFrame(QUIET)).isNull();
		}
	}

	@Test
	void deniedSendWithReceiptGetsADenialCarryingTheReceiptIdAndNoReceipt() {
		try (StompTestClient client = connect()) {
			client.send("SEND", Map.of("destination", "/topic/allowed.a", "receipt", "r-1"), "{}");
			StompFrame denial = client.nextFrame();
			assertThat(denial.header("wsauth-denied")).isEqualTo("FORBIDDEN");
			assertThat(denial.header("wsauth-command")).isEqualTo("SEND");
			assertThat(denial.header("receipt-id")).isEqualTo("r-1");
			assertThat(client.pollFrame(QUIET)).isNull();
		}
	}

	@Test
	void framesWithoutReceiptHeaderGetNoReceipt() {
		try (StompTestClient client = connect()) {
			client.subscribe("sub-1", "/topic/allowed.c");
			client.send("SEND", Map.of("destination", "/app/echo", "content-type", "application/json"), "{}");
			// A subscription with a receipt afterwards proves the earlier frames were
			// processed; nothing else may have been answered.
			client.subscribe("sub-2", "/topic/allowed.d", "control");
			List<StompFrame> frames = new ArrayList<>();
			StompFrame frame;
			while ((frame = client.pollFrame(QUIET)) != null) {
				frames.add(frame);
			}
			assertThat(frames).filteredOn((f) -> f.command().equals("RECEIPT"))
				.extracting((f) -> f.header("receipt-id"))
				.containsExactly("control");
		}
	}

	@Test
	void fiftyConnectionsSubscribingAHundredTimesGetEveryReceiptNeverAheadOfItsRegistration() throws Exception {
		int connections = 50;
		int subscriptions = 100;
		this.registrationCheck.reset();
		ExecutorService executor = Executors.newFixedThreadPool(connections);
		try {
			List<Future<Set<String>>> results = new ArrayList<>();
			for (int c = 0; c < connections; c++) {
				int connection = c;
				results.add(executor.submit(() -> {
					try (StompTestClient client = connect()) {
						for (int s = 0; s < subscriptions; s++) {
							client.subscribe("s" + s, "/topic/allowed.c" + connection + "s" + s,
									"r-" + connection + "-" + s);
						}
						Set<String> receipts = new HashSet<>();
						while (receipts.size() < subscriptions) {
							StompFrame frame = client.nextFrame(Duration.ofSeconds(30));
							assertThat(frame.command()).isEqualTo("RECEIPT");
							assertThat(receipts.add(frame.header("receipt-id"))).isTrue();
						}
						assertThat(client.pollFrame(QUIET)).isNull();
						return receipts;
					}
				}));
			}
			for (int c = 0; c < connections; c++) {
				Set<String> expected = new HashSet<>();
				for (int s = 0; s < subscriptions; s++) {
					expected.add("r-" + c + "-" + s);
				}
				assertThat(results.get(c).get()).isEqualTo(expected);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.registrationCheck.receiptsChecked()).isEqualTo(connections * subscriptions);
		assertThat(this.registrationCheck.receiptsAheadOfRegistration()).isZero();
	}

	private StompTestClient connect() {
		return StompTestClient.connect(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", this.user.header(), "Origin", this.sessions.origin()));
	}

	/**
	 * Checks, as each RECEIPT leaves the server, that the subscription it acknowledges is
	 * already registered with the simple broker.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class RegistrationCheck implements WebSocketMessageBrokerConfigurer, Ordered {

		private final Map<String, String[]> subscribesByReceipt = new ConcurrentHashMap<>();

		private final AtomicInteger checked = new AtomicInteger();

		private final AtomicInteger ahead = new AtomicInteger();

		private final ObjectProvider<SimpleBrokerMessageHandler> broker;

		RegistrationCheck(ObjectProvider<SimpleBrokerMessageHandler> broker) {
			this.broker = broker;
		}

		@Override
		public int getOrder() {
			// Record each SUBSCRIBE before wsauth's interceptors see it.
			return Ordered.HIGHEST_PRECEDENCE;
		}

		void reset() {
			this.subscribesByReceipt.clear();
			this.checked.set(0);
			this.ahead.set(0);
		}

		int receiptsChecked() {
			return this.checked.get();
		}

		int receiptsAheadOfRegistration() {
			return this.ahead.get();
		}

		@Override
		public void configureClientInboundChannel(ChannelRegistration registration) {
			registration.interceptors(new ChannelInterceptor() {

				@Override
				public Message<?> preSend(Message<?> message, MessageChannel channel) {
					StompHeaderAccessor accessor = StompHeaderAccessor.wrap(message);
					if (accessor.getMessageType() == SimpMessageType.SUBSCRIBE && accessor.getReceipt() != null) {
						RegistrationCheck.this.subscribesByReceipt.put(
								accessor.getSessionId() + "/" + accessor.getReceipt(),
								new String[] { accessor.getSubscriptionId(), accessor.getDestination() });
					}
					return message;
				}

			});
		}

		@Override
		public void configureClientOutboundChannel(ChannelRegistration registration) {
			registration.interceptors(new ChannelInterceptor() {

				@Override
				public Message<?> preSend(Message<?> message, MessageChannel channel) {
					StompHeaderAccessor accessor = StompHeaderAccessor.wrap(message);
					if (accessor.getCommand() == StompCommand.RECEIPT) {
						check(accessor.getSessionId(), accessor.getReceiptId());
					}
					return message;
				}

			});
		}

		private void check(String sessionId, String receiptId) {
			String[] subscribe = this.subscribesByReceipt.get(sessionId + "/" + receiptId);
			if (subscribe == null) {
				return;
			}
			this.checked.incrementAndGet();
			SimpMessageHeaderAccessor probe = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
			probe.setDestination(subscribe[1]);
			Message<byte[]> message = MessageBuilder.createMessage(new byte[0], probe.getMessageHeaders());
			boolean registered = this.broker.getObject()
				.getSubscriptionRegistry()
				.findSubscriptions(message)
				.getOrDefault(sessionId, List.of())
				.contains(subscribe[0]);
			if (!registered) {
				this.ahead.incrementAndGet();
			}
		}

	}

}
