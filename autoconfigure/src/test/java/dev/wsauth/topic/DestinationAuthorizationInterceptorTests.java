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

package dev.wsauth.topic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.SpringAuthorizationEventPublisher;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.core.Authentication;

import dev.wsauth.socket.WsAuthAttributes;
import dev.wsauth.socket.WsAuthCloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link DestinationAuthorizationInterceptor}.
 *
 * @author wsauth
 */
class DestinationAuthorizationInterceptorTests {

	private static final Authentication ALICE = new TestingAuthenticationToken("alice", "secret", "ROLE_USER");

	private final List<Message<?>> sent = Collections.synchronizedList(new ArrayList<>());

	private final MessageChannel outbound = (message, timeout) -> this.sent.add(message);

	private final MessageChannel inbound = mock(MessageChannel.class);

	private final DestinationAuthorizationInterceptor interceptor = new DestinationAuthorizationInterceptor(
			manager(new DestinationRuleDefinition(DestinationCommand.SUBSCRIBE, "/topic/open", "permitAll()", "test"),
					new DestinationRuleDefinition(DestinationCommand.SEND, "/app/open", "permitAll()", "test")),
			() -> this.outbound);

	@Test
	void allowedSubscribePassesUnchanged() {
		Message<byte[]> frame = frame(StompCommand.SUBSCRIBE, "/topic/open");
		assertThat(this.interceptor.preSend(frame, this.inbound)).isSameAs(frame);
		assertThat(this.sent).isEmpty();
	}

	@Test
	void allowedSendPassesUnchanged() {
		Message<byte[]> frame = frame(StompCommand.SEND, "/app/open");
		assertThat(this.interceptor.preSend(frame, this.inbound)).isSameAs(frame);
		assertThat(this.sent).isEmpty();
	}

	@Test
	void allowedSendLosesHeadersOnlyWsauthMaySendSoSubscribersCannotBeSentForgedDenials() {
		StompHeaderAccessor accessor = accessor(StompCommand.SEND, "/app/open");
		accessor.setNativeHeader("wsauth-denied", "FORBIDDEN");
		accessor.setNativeHeader("wsauth-command", "SUBSCRIBE");
		accessor.setNativeHeader("receipt-id", "r-1");
		accessor.setNativeHeader("x-app", "kept");
		Message<?> result = this.interceptor.preSend(message(accessor), this.inbound);
		StompHeaderAccessor passed = StompHeaderAccessor.wrap(result);
		assertThat(passed.getFirstNativeHeader("wsauth-denied")).isNull();
		assertThat(passed.getFirstNativeHeader("wsauth-command")).isNull();
		assertThat(passed.getFirstNativeHeader("receipt-id")).isNull();
		assertThat(passed.getFirstNativeHeader("x-app")).isEqualTo("kept");
		assertThat(passed.getDestination()).isEqualTo("/app/open");
		assertThat(passed.getSessionId()).isEqualTo("s1");
		assertThat(passed.getUser()).isSameAs(ALICE);
	}

	@Test
	void allowedSubscribeLosesHeadersThatChangeBrokerQueuesOrDelivery() {
		StompHeaderAccessor accessor = accessor(StompCommand.SUBSCRIBE, "/topic/open");
		accessor.setNativeHeader("x-queue-name", "stolen");
		accessor.setNativeHeader("X-Message-TTL", "1");
		accessor.setNativeHeader("durable", "true");
		accessor.setNativeHeader("auto-delete", "false");
		accessor.setNativeHeader("exclusive", "true");
		accessor.setNativeHeader("selector", "a = 1");
		accessor.setNativeHeader("prefetch-count", "1000");
		accessor.setNativeHeader("persistent", "true");
		accessor.setNativeHeader("ack", "client");
		accessor.setReceipt("r-1");
		Message<?> result = this.interceptor.preSend(message(accessor), this.inbound);
		StompHeaderAccessor passed = StompHeaderAccessor.wrap(result);
		assertThat(passed.toNativeHeaderMap()).doesNotContainKeys("x-queue-name", "X-Message-TTL", "durable",
				"auto-delete", "exclusive", "selector", "prefetch-count", "persistent");
		assertThat(passed.getFirstNativeHeader("ack")).isEqualTo("client");
		assertThat(passed.getReceipt()).isEqualTo("r-1");
		assertThat(passed.getSubscriptionId()).isEqualTo("sub-1");
		assertThat(passed.getDestination()).isEqualTo("/topic/open");
		assertThat(passed.getSessionId()).isEqualTo("s1");
		assertThat(passed.getUser()).isSameAs(ALICE);
		assertThat(this.sent).isEmpty();
	}

	@Test
	void subscribeToExchangeIsDeniedAsInvalidDestination() {
		Message<byte[]> frame = frame(StompCommand.SUBSCRIBE, "/exchange/amq.topic/orders");
		assertThat(this.interceptor.preSend(frame, this.inbound)).isNull();
		StompHeaderAccessor notice = StompHeaderAccessor.wrap(this.sent.get(0));
		assertThat(notice.getFirstNativeHeader("wsauth-denied")).isEqualTo("INVALID_DESTINATION");
	}

	@Test
	void deniedSubscribeIsDroppedWithDenialNotice() {
		Message<byte[]> frame = frame(StompCommand.SUBSCRIBE, "/topic/secret");
		assertThat(this.interceptor.preSend(frame, this.inbound)).isNull();
		assertThat(this.sent).hasSize(1);
		StompHeaderAccessor notice = StompHeaderAccessor.wrap(this.sent.get(0));
		assertThat(notice.getCommand()).isEqualTo(StompCommand.MESSAGE);
		assertThat(notice.getSessionId()).isEqualTo("s1");
		assertThat(notice.getSubscriptionId()).isEqualTo("sub-1");
		assertThat(notice.getDestination()).isEqualTo("/topic/secret");
		assertThat(notice.getMessageId()).startsWith("wsauth-denied-");
		assertThat(notice.getFirstNativeHeader("wsauth-denied")).isEqualTo("FORBIDDEN");
		assertThat(notice.getFirstNativeHeader("wsauth-command")).isEqualTo("SUBSCRIBE");
		assertThat(notice.getFirstNativeHeader("receipt-id")).isNull();
		assertThat(notice.getContentType()).hasToString("application/json");
		assertThat(body(this.sent.get(0))).isEqualTo("{\"type\":\"denied\",\"command\":\"SUBSCRIBE\","
				+ "\"subscription\":\"sub-1\",\"destination\":\"/topic/secret\",\"reason\":\"FORBIDDEN\"}");
	}

	@Test
	void deniedSubscribeWithReceiptCarriesReceiptId() {
		StompHeaderAccessor accessor = accessor(StompCommand.SUBSCRIBE, "/topic/secret");
		accessor.setReceipt("r-7");
		assertThat(this.interceptor.preSend(message(accessor), this.inbound)).isNull();
		StompHeaderAccessor notice = StompHeaderAccessor.wrap(this.sent.get(0));
		assertThat(notice.getFirstNativeHeader("receipt-id")).isEqualTo("r-7");
	}

	@Test
	void deniedSendUsesDenialsSubscription() {
		Message<byte[]> frame = frame(StompCommand.SEND, "/app/secret");
		assertThat(this.interceptor.preSend(frame, this.inbound)).isNull();
		StompHeaderAccessor notice = StompHeaderAccessor.wrap(this.sent.get(0));
		assertThat(notice.getCommand()).isEqualTo(StompCommand.MESSAGE);
		assertThat(notice.getSubscriptionId()).isEqualTo("wsauth-denials");
		assertThat(notice.getFirstNativeHeader("wsauth-command")).isEqualTo("SEND");
		assertThat(JsonPath.<String>read(body(this.sent.get(0)), "$.subscription")).isEqualTo("wsauth-denials");
	}

	@Test
	void invalidDestinationIsEscapedInNotice() {
		Message<byte[]> frame = frame(StompCommand.SUBSCRIBE, "/topic/a\"b\\c\nd");
		assertThat(this.interceptor.preSend(frame, this.inbound)).isNull();
		StompHeaderAccessor notice = StompHeaderAccessor.wrap(this.sent.get(0));
		assertThat(notice.getFirstNativeHeader("wsauth-denied")).isEqualTo("INVALID_DESTINATION");
		String body = body(this.sent.get(0));
		assertThat(body).contains("\"destination\":\"/topic/a\\\"b\\\\c\\u000ad\"");
		assertThat(JsonPath.<String>read(body, "$.destination")).isEqualTo("/topic/a\"b\\c\nd");
		assertThat(JsonPath.<String>read(body, "$.reason")).isEqualTo("INVALID_DESTINATION");
	}

	@Test
	void subscriptionIdIsEscapedInNotice() {
		StompHeaderAccessor accessor = accessor(StompCommand.SUBSCRIBE, "/topic/secret");
		accessor.setSubscriptionId("x\",\"reason\":\"NONE");
		this.interceptor.preSend(message(accessor), this.inbound);
		String body = body(this.sent.get(0));
		assertThat(JsonPath.<String>read(body, "$.subscription")).isEqualTo("x\",\"reason\":\"NONE");
		assertThat(JsonPath.<String>read(body, "$.reason")).isEqualTo("FORBIDDEN");
	}

	@Test
	void unauthenticatedFrameIsDeniedAsUnauthenticated() {
		StompHeaderAccessor accessor = accessor(StompCommand.SUBSCRIBE, "/topic/open");
		accessor.setUser(null);
		assertThat(this.interceptor.preSend(message(accessor), this.inbound)).isNull();
		StompHeaderAccessor notice = StompHeaderAccessor.wrap(this.sent.get(0));
		assertThat(notice.getFirstNativeHeader("wsauth-denied")).isEqualTo("UNAUTHENTICATED");
	}

	@Test
	void principalThatIsNotAuthenticationIsDenied() {
		StompHeaderAccessor accessor = accessor(StompCommand.SUBSCRIBE, "/topic/open");
		accessor.setUser(() -> "alice");
		assertThat(this.interceptor.preSend(message(accessor), this.inbound)).isNull();
	}

	@Test
	void closeModeSendsErrorAndRequestsForbiddenCloseStatus() {
		this.interceptor.setDenialMode(DenialMode.CLOSE);
		StompHeaderAccessor accessor = accessor(StompCommand.SUBSCRIBE, "/topic/secret");
		accessor.setReceipt("r-1");
		Map<String, Object> attributes = accessor.getSessionAttributes();
		assertThat(this.interceptor.preSend(message(accessor), this.inbound)).isNull();
		assertThat(this.sent).hasSize(1);
		StompHeaderAccessor error = StompHeaderAccessor.wrap(this.sent.get(0));
		assertThat(error.getCommand()).isEqualTo(StompCommand.ERROR);
		assertThat(error.getSessionId()).isEqualTo("s1");
		assertThat(error.getMessage()).isEqualTo("FORBIDDEN");
		assertThat(error.getFirstNativeHeader("wsauth-denied")).isEqualTo("FORBIDDEN");
		assertThat(error.getFirstNativeHeader("wsauth-command")).isEqualTo("SUBSCRIBE");
		assertThat(error.getFirstNativeHeader("receipt-id")).isEqualTo("r-1");
		assertThat(attributes).containsValue(WsAuthCloseStatus.FORBIDDEN);
		assertThat(WsAuthCloseStatus.FORBIDDEN.getCode()).isEqualTo(4003);
	}

	@Test
	void notifyModeDoesNotRequestClose() {
		StompHeaderAccessor accessor = accessor(StompCommand.SUBSCRIBE, "/topic/secret");
		Map<String, Object> attributes = accessor.getSessionAttributes();
		this.interceptor.preSend(message(accessor), this.inbound);
		assertThat(attributes).doesNotContainValue(WsAuthCloseStatus.FORBIDDEN);
	}

	@Test
	void framesWithoutDestinationAuthorizationPassWithoutEvaluation() {
		DestinationAuthorizationManager manager = mock(DestinationAuthorizationManager.class);
		DestinationAuthorizationInterceptor interceptor = new DestinationAuthorizationInterceptor(manager,
				() -> this.outbound);
		for (StompCommand command : List.of(StompCommand.CONNECT, StompCommand.STOMP, StompCommand.UNSUBSCRIBE,
				StompCommand.DISCONNECT)) {
			Message<byte[]> frame = frame(command, null);
			assertThat(interceptor.preSend(frame, this.inbound)).isSameAs(frame);
		}
		then(manager).shouldHaveNoInteractions();
		assertThat(this.sent).isEmpty();
	}

	@Test
	void managerFailureDenies() {
		DestinationAuthorizationManager manager = mock(DestinationAuthorizationManager.class);
		given(manager.authorize(any(), any())).willThrow(new IllegalStateException("boom"));
		DestinationAuthorizationInterceptor interceptor = new DestinationAuthorizationInterceptor(manager,
				() -> this.outbound);
		assertThat(interceptor.preSend(frame(StompCommand.SUBSCRIBE, "/topic/open"), this.inbound)).isNull();
		assertThat(StompHeaderAccessor.wrap(this.sent.get(0)).getFirstNativeHeader("wsauth-denied"))
			.isEqualTo("FORBIDDEN");
	}

	@Test
	void denialWithoutOutboundChannelStillDrops() {
		DestinationAuthorizationInterceptor interceptor = new DestinationAuthorizationInterceptor(
				manager(new DestinationRuleDefinition[0]), () -> null);
		assertThat(interceptor.preSend(frame(StompCommand.SUBSCRIBE, "/topic/secret"), this.inbound)).isNull();
	}

	@Test
	void denialPublishesAuthorizationDeniedEvent() {
		ApplicationEventPublisher applicationEvents = mock(ApplicationEventPublisher.class);
		this.interceptor.setAuthorizationEventPublisher(new SpringAuthorizationEventPublisher(applicationEvents));
		Message<byte[]> frame = frame(StompCommand.SUBSCRIBE, "/topic/secret");
		this.interceptor.preSend(frame, this.inbound);
		ArgumentCaptor<ApplicationEvent> events = ArgumentCaptor.forClass(ApplicationEvent.class);
		then(applicationEvents).should().publishEvent(events.capture());
		assertThat(events.getAllValues()).singleElement()
			.isInstanceOfSatisfying(AuthorizationDeniedEvent.class, (denied) -> {
				assertThat(denied.getSource()).isSameAs(frame);
				assertThat(denied.getAuthentication().get()).isSameAs(ALICE);
				AuthorizationResult result = denied.getAuthorizationResult();
				assertThat(result).isInstanceOfSatisfying(DestinationAuthorizationDecision.class,
						(decision) -> assertThat(decision.getReason()).isEqualTo(DenialReason.FORBIDDEN));
			});
	}

	@Test
	void grantPublishesNoEvent() {
		ApplicationEventPublisher applicationEvents = mock(ApplicationEventPublisher.class);
		this.interceptor.setAuthorizationEventPublisher(new SpringAuthorizationEventPublisher(applicationEvents));
		this.interceptor.preSend(frame(StompCommand.SUBSCRIBE, "/topic/open"), this.inbound);
		then(applicationEvents).shouldHaveNoInteractions();
	}

	@Test
	void aSubscribeBeyondTheLimitIsDeniedWithTooManySubscriptionsAndOneAtTheLimitIsNot() {
		this.interceptor.setMaxSubscriptionsPerConnection(3);
		Map<String, Object> attributes = new ConcurrentHashMap<>();
		for (int i = 0; i < 3; i++) {
			assertThat(this.interceptor.preSend(subscribe(attributes, "sub-" + i, "/topic/open"), this.inbound))
				.isNotNull();
		}
		assertThat(this.sent).isEmpty();
		assertThat(this.interceptor.preSend(subscribe(attributes, "sub-3", "/topic/open"), this.inbound)).isNull();
		StompHeaderAccessor notice = StompHeaderAccessor.wrap(this.sent.get(0));
		assertThat(notice.getFirstNativeHeader("wsauth-denied")).isEqualTo("TOO_MANY_SUBSCRIPTIONS");
		assertThat(notice.getSubscriptionId()).isEqualTo("sub-3");
	}

	@Test
	void anUnsubscribeFreesItsSlotAndResubscribingALiveIdDoesNotCountTwice() {
		this.interceptor.setMaxSubscriptionsPerConnection(2);
		Map<String, Object> attributes = new ConcurrentHashMap<>();
		this.interceptor.preSend(subscribe(attributes, "sub-0", "/topic/open"), this.inbound);
		this.interceptor.preSend(subscribe(attributes, "sub-1", "/topic/open"), this.inbound);
		assertThat(this.interceptor.preSend(subscribe(attributes, "sub-1", "/topic/open"), this.inbound)).isNotNull();
		StompHeaderAccessor unsubscribe = StompHeaderAccessor.create(StompCommand.UNSUBSCRIBE);
		unsubscribe.setSessionId("s1");
		unsubscribe.setSessionAttributes(attributes);
		unsubscribe.setSubscriptionId("sub-0");
		this.interceptor.preSend(message(unsubscribe), this.inbound);
		assertThat(this.interceptor.preSend(subscribe(attributes, "sub-2", "/topic/open"), this.inbound)).isNotNull();
		assertThat(this.sent).isEmpty();
	}

	@Test
	void aDeniedSubscribeDoesNotCountAgainstTheLimit() {
		this.interceptor.setMaxSubscriptionsPerConnection(1);
		Map<String, Object> attributes = new ConcurrentHashMap<>();
		assertThat(this.interceptor.preSend(subscribe(attributes, "sub-0", "/topic/closed"), this.inbound)).isNull();
		assertThat(this.interceptor.preSend(subscribe(attributes, "sub-1", "/topic/open"), this.inbound)).isNotNull();
		assertThat(this.sent).hasSize(1);
		assertThat(StompHeaderAccessor.wrap(this.sent.get(0)).getFirstNativeHeader("wsauth-denied"))
			.isEqualTo("FORBIDDEN");
	}

	@Test
	void concurrentSubscribesOfOneConnectionNeverPassTheLimit() throws Exception {
		this.interceptor.setMaxSubscriptionsPerConnection(100);
		Map<String, Object> attributes = new ConcurrentHashMap<>();
		AtomicInteger granted = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> tasks = new ArrayList<>();
			for (int thread = 0; thread < 4; thread++) {
				int offset = thread * 1000;
				tasks.add(executor.submit(() -> {
					for (int i = 0; i < 1000; i++) {
						if (this.interceptor.preSend(subscribe(attributes, "sub-" + (offset + i), "/topic/open"),
								this.inbound) != null) {
							granted.incrementAndGet();
						}
					}
				}));
			}
			for (Future<?> task : tasks) {
				task.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(granted).hasValue(100);
	}

	private static Message<byte[]> subscribe(Map<String, Object> attributes, String id, String destination) {
		StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.SUBSCRIBE);
		accessor.setSessionId("s1");
		accessor.setSessionAttributes(attributes);
		accessor.setUser(ALICE);
		accessor.setDestination(destination);
		accessor.setSubscriptionId(id);
		return message(accessor);
	}

	@Test
	void grantedSubscribeWithARevokedIdLiftsTheRevocation() {
		StompHeaderAccessor accessor = accessor(StompCommand.SUBSCRIBE, "/topic/open");
		Map<String, Object> attributes = accessor.getSessionAttributes();
		WsAuthAttributes.revokedSubscriptions(attributes).add("sub-1");
		assertThat(this.interceptor.preSend(message(accessor), this.inbound)).isNotNull();
		assertThat(WsAuthAttributes.revokedSubscriptions(attributes)).doesNotContain("sub-1");
		assertThat(WsAuthAttributes.subscriptions(attributes)).containsEntry("sub-1", "/topic/open");
	}

	@Test
	void subscribeThatARevocationDroppedWhileItWasDecidedIsNotPassedOn() {
		Map<String, Object> attributes = new ConcurrentHashMap<>();
		// Not equal to the accessor's empty map, which it would otherwise keep.
		attributes.put("test", "raced");
		StaticApplicationContext context = new StaticApplicationContext();
		// The rule's evaluation is where a concurrent re-evaluation drops the id.
		context.getBeanFactory().registerSingleton("revoker", new Revoker(attributes));
		DefaultMethodSecurityExpressionHandler handler = new DefaultMethodSecurityExpressionHandler();
		handler.setApplicationContext(context);
		DestinationAuthorizationManager manager = new DestinationAuthorizationManager(handler,
				new CanonicalDestinationValidator());
		new DestinationRulesInitializer(manager, List.of(new DestinationRuleDefinition(DestinationCommand.SUBSCRIBE,
				"/topic/raced", "@revoker.revokeWhileDeciding()", "test")))
			.afterSingletonsInstantiated();
		DestinationAuthorizationInterceptor interceptor = new DestinationAuthorizationInterceptor(manager,
				() -> this.outbound);
		StompHeaderAccessor accessor = accessor(StompCommand.SUBSCRIBE, "/topic/raced");
		accessor.setSessionAttributes(attributes);
		assertThat(interceptor.preSend(message(accessor), this.inbound)).isNull();
		assertThat(WsAuthAttributes.revokedSubscriptions(attributes)).contains("sub-1");
	}

	@Test
	void deniedSubscribeWithARevokedIdKeepsTheRevocation() {
		StompHeaderAccessor accessor = accessor(StompCommand.SUBSCRIBE, "/topic/unruled");
		Map<String, Object> attributes = accessor.getSessionAttributes();
		WsAuthAttributes.revokedSubscriptions(attributes).add("sub-1");
		assertThat(this.interceptor.preSend(message(accessor), this.inbound)).isNull();
		assertThat(WsAuthAttributes.revokedSubscriptions(attributes)).contains("sub-1");
	}

	@Test
	void authenticationBoundToTheSocketDecidesForTheSamePrincipalAndIsPassedOn() {
		DestinationAuthorizationInterceptor interceptor = new DestinationAuthorizationInterceptor(manager(
				new DestinationRuleDefinition(DestinationCommand.SEND, "/app/admin", "hasRole('ADMIN')", "test")),
				() -> this.outbound);
		Authentication promoted = new TestingAuthenticationToken("alice", null, "ROLE_USER", "ROLE_ADMIN");
		StompHeaderAccessor accessor = accessor(StompCommand.SEND, "/app/admin");
		accessor.getSessionAttributes().put(WsAuthAttributes.AUTHENTICATION, promoted);
		Message<?> result = interceptor.preSend(message(accessor), this.inbound);
		assertThat(result).isNotNull();
		assertThat(StompHeaderAccessor.wrap(result).getUser()).isSameAs(promoted);
	}

	@Test
	void authenticationBoundToTheSocketForAnotherPrincipalIsIgnored() {
		DestinationAuthorizationInterceptor interceptor = new DestinationAuthorizationInterceptor(manager(
				new DestinationRuleDefinition(DestinationCommand.SEND, "/app/admin", "hasRole('ADMIN')", "test")),
				() -> this.outbound);
		StompHeaderAccessor accessor = accessor(StompCommand.SEND, "/app/admin");
		accessor.getSessionAttributes()
			.put(WsAuthAttributes.AUTHENTICATION, new TestingAuthenticationToken("mallory", null, "ROLE_ADMIN"));
		assertThat(interceptor.preSend(message(accessor), this.inbound)).isNull();
	}

	/**
	 * Drops the subscription {@code sub-1} as a re-evaluation would, and grants.
	 */
	public static final class Revoker {

		private final Map<String, Object> attributes;

		Revoker(Map<String, Object> attributes) {
			this.attributes = attributes;
		}

		public boolean revokeWhileDeciding() {
			Map<String, String> subscriptions = WsAuthAttributes.subscriptions(this.attributes);
			synchronized (subscriptions) {
				subscriptions.remove("sub-1");
				WsAuthAttributes.revokedSubscriptions(this.attributes).add("sub-1");
			}
			return true;
		}

	}

	private static DestinationAuthorizationManager manager(DestinationRuleDefinition... rules) {
		DestinationAuthorizationManager manager = new DestinationAuthorizationManager(
				new DefaultMethodSecurityExpressionHandler(), new CanonicalDestinationValidator());
		new DestinationRulesInitializer(manager, List.of(rules)).afterSingletonsInstantiated();
		return manager;
	}

	private static Message<byte[]> frame(StompCommand command, String destination) {
		return message(accessor(command, destination));
	}

	private static StompHeaderAccessor accessor(StompCommand command, String destination) {
		StompHeaderAccessor accessor = StompHeaderAccessor.create(command);
		accessor.setSessionId("s1");
		accessor.setSessionAttributes(new HashMap<>());
		accessor.setUser(ALICE);
		if (destination != null) {
			accessor.setDestination(destination);
		}
		if (command == StompCommand.SUBSCRIBE || command == StompCommand.UNSUBSCRIBE) {
			accessor.setSubscriptionId("sub-1");
		}
		accessor.setLeaveMutable(true);
		return accessor;
	}

	private static Message<byte[]> message(StompHeaderAccessor accessor) {
		return MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
	}

	private static String body(Message<?> message) {
		return new String((byte[]) message.getPayload(), StandardCharsets.UTF_8);
	}

}
