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

package dev.wsauth.reauthorization;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.socket.WebSocketSession;

import dev.wsauth.revocation.Revocation;
import dev.wsauth.revocation.RevocationBroadcast;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.SocketTestSupport;
import dev.wsauth.socket.WebSocketConnection;
import dev.wsauth.socket.WsAuthAttributes;
import dev.wsauth.topic.CanonicalDestinationValidator;
import dev.wsauth.topic.DenialNotifier;
import dev.wsauth.topic.DestinationAuthorizationManager;
import dev.wsauth.topic.DestinationCommand;
import dev.wsauth.topic.DestinationRuleDefinition;
import dev.wsauth.topic.DestinationRulesInitializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketAuthorizations}.
 *
 * @author wsauth
 */
class WebSocketAuthorizationsTests {

	private static final Authentication ALICE = new TestingAuthenticationToken("alice", null, "ROLE_USER");

	private static final Authentication ALICE_ADMIN = new TestingAuthenticationToken("alice", null, "ROLE_USER",
			"ROLE_ADMIN");

	private final List<Message<?>> inbound = Collections.synchronizedList(new ArrayList<>());

	private final List<Message<?>> outbound = Collections.synchronizedList(new ArrayList<>());

	private final MessageChannel outboundChannel = (message, timeout) -> this.outbound.add(message);

	private final ConnectionRegistry registry = new ConnectionRegistry(() -> this.outboundChannel);

	private final WebSocketAuthorizations authorizations = new WebSocketAuthorizations(this.registry, manager(),
			() -> (message, timeout) -> this.inbound.add(message), () -> this.outboundChannel);

	@Test
	void deniedSubscriptionIsRemovedUnsubscribedAtTheBrokerAndTheClientToldRevoked() {
		WebSocketConnection connection = connection("ws-1", ALICE_ADMIN);
		subscribe(connection, "sub-admin", "/topic/admin");
		subscribe(connection, "sub-open", "/topic/open");
		connection.getAttributes().put(WsAuthAttributes.AUTHENTICATION, ALICE);
		assertThat(this.authorizations.reevaluate(connection)).isEqualTo(1);
		assertThat(connection.getSubscriptions()).containsOnlyKeys("sub-open");
		assertThat(WsAuthAttributes.revokedSubscriptions(connection.getAttributes())).containsExactly("sub-admin");
		assertThat(this.inbound).hasSize(1);
		StompHeaderAccessor unsubscribe = StompHeaderAccessor.wrap(this.inbound.get(0));
		assertThat(unsubscribe.getMessageType()).isEqualTo(SimpMessageType.UNSUBSCRIBE);
		assertThat(unsubscribe.getCommand()).isEqualTo(StompCommand.UNSUBSCRIBE);
		assertThat(unsubscribe.getSessionId()).isEqualTo("ws-1");
		assertThat(unsubscribe.getSubscriptionId()).isEqualTo("sub-admin");
		assertThat(unsubscribe.getFirstNativeHeader("id")).isEqualTo("sub-admin");
		assertThat(unsubscribe.getUser()).isSameAs(ALICE);
		assertThat(this.outbound).hasSize(1);
		Message<?> notice = this.outbound.get(0);
		StompHeaderAccessor denial = StompHeaderAccessor.wrap(notice);
		assertThat(denial.getCommand()).isEqualTo(StompCommand.MESSAGE);
		assertThat(denial.getSessionId()).isEqualTo("ws-1");
		assertThat(denial.getSubscriptionId()).isEqualTo("sub-admin");
		assertThat(denial.getDestination()).isEqualTo("/topic/admin");
		assertThat(denial.getFirstNativeHeader("wsauth-denied")).isEqualTo("REVOKED");
		assertThat(denial.getFirstNativeHeader("wsauth-command")).isEqualTo("SUBSCRIBE");
		assertThat(notice.getHeaders()).containsKey(DenialNotifier.NOTICE_HEADER);
	}

	@Test
	void reloadedAuthenticationIsBoundToTheSocketAndDecides() {
		WebSocketConnection connection = connection("ws-1", ALICE_ADMIN);
		subscribe(connection, "sub-admin", "/topic/admin");
		this.authorizations.setAuthenticationResolver((candidate, current) -> ALICE);
		assertThat(this.authorizations.reevaluate(connection)).isEqualTo(1);
		assertThat(WsAuthAttributes.authentication(connection.getAttributes())).isSameAs(ALICE);
	}

	@Test
	void reloadedAuthenticationOfAnotherPrincipalIsIgnored() {
		WebSocketConnection connection = connection("ws-1", ALICE_ADMIN);
		subscribe(connection, "sub-admin", "/topic/admin");
		this.authorizations.setAuthenticationResolver(
				(candidate, current) -> new TestingAuthenticationToken("mallory", null, "ROLE_USER"));
		assertThat(this.authorizations.reevaluate(connection)).isZero();
		assertThat(WsAuthAttributes.authentication(connection.getAttributes())).isSameAs(ALICE_ADMIN);
		assertThat(this.inbound).isEmpty();
		assertThat(this.outbound).isEmpty();
	}

	@Test
	void stillAllowedSubscriptionsAreLeftAlone() {
		WebSocketConnection connection = connection("ws-1", ALICE_ADMIN);
		subscribe(connection, "sub-admin", "/topic/admin");
		subscribe(connection, "sub-open", "/topic/open");
		assertThat(this.authorizations.reevaluate(connection)).isZero();
		assertThat(connection.getSubscriptions()).containsOnlyKeys("sub-admin", "sub-open");
		assertThat(this.inbound).isEmpty();
		assertThat(this.outbound).isEmpty();
	}

	@Test
	void reevaluatingAUserActsOnThatUsersConnectionsOnlyAndAsksTheOtherNodes() {
		RecordingBroadcast broadcast = new RecordingBroadcast();
		this.authorizations.setBroadcast(broadcast);
		WebSocketConnection alice = connection("ws-1", ALICE);
		WebSocketConnection bob = connection("ws-2", new TestingAuthenticationToken("bob", null, "ROLE_USER"));
		subscribe(alice, "sub-admin", "/topic/admin");
		subscribe(bob, "sub-admin", "/topic/admin");
		assertThat(this.authorizations.reevaluate("alice")).isEqualTo(1);
		assertThat(bob.getSubscriptions()).containsOnlyKeys("sub-admin");
		assertThat(broadcast.published).containsExactly(Revocation.reevaluation("alice"));
	}

	@Test
	void requestFromAnotherNodeIsAppliedHereAndNotPublishedAgain() {
		RecordingBroadcast broadcast = new RecordingBroadcast();
		this.authorizations.setBroadcast(broadcast);
		WebSocketConnection alice = connection("ws-1", ALICE);
		subscribe(alice, "sub-admin", "/topic/admin");
		broadcast.listener.accept(Revocation.reevaluation("alice"));
		assertThat(alice.getSubscriptions()).isEmpty();
		assertThat(broadcast.published).isEmpty();
	}

	@Test
	void closingRevocationsFromAnotherNodeAreNotReevaluations() {
		RecordingBroadcast broadcast = new RecordingBroadcast();
		this.authorizations.setBroadcast(broadcast);
		WebSocketConnection alice = connection("ws-1", ALICE);
		subscribe(alice, "sub-admin", "/topic/admin");
		broadcast.listener.accept(new Revocation(Revocation.Kind.USER, "alice", 4003, "revoked"));
		assertThat(alice.getSubscriptions()).containsOnlyKeys("sub-admin");
	}

	@Test
	void requestEventReevaluatesTheUser() {
		WebSocketConnection alice = connection("ws-1", ALICE);
		subscribe(alice, "sub-admin", "/topic/admin");
		this.authorizations.onApplicationEvent(new WebSocketReauthorizationRequestedEvent(this, "alice"));
		assertThat(alice.getSubscriptions()).isEmpty();
	}

	@Test
	void reevaluatingEveryConnectionCoversEachUser() {
		WebSocketConnection alice = connection("ws-1", ALICE);
		WebSocketConnection bob = connection("ws-2", new TestingAuthenticationToken("bob", null, "ROLE_USER"));
		subscribe(alice, "sub-admin", "/topic/admin");
		subscribe(bob, "sub-admin", "/topic/admin");
		assertThat(this.authorizations.reevaluateAll()).isEqualTo(2);
	}

	@Test
	void subscriptionReplacedByTheClientMeanwhileIsNotDropped() {
		WebSocketConnection alice = connection("ws-1", ALICE_ADMIN);
		subscribe(alice, "sub-1", "/topic/admin");
		this.authorizations.setAuthenticationResolver((candidate, current) -> {
			// The client re-subscribes the id to an allowed destination while the
			// re-evaluation is under way.
			subscribe(alice, "sub-1", "/topic/open");
			return ALICE;
		});
		assertThat(this.authorizations.reevaluate(alice)).isZero();
		assertThat(alice.getSubscriptions()).containsEntry("sub-1", "/topic/open");
		assertThat(this.inbound).isEmpty();
	}

	private WebSocketConnection connection(String id, Authentication authentication) {
		WebSocketSession session = SocketTestSupport.openSession(id, null);
		session.getAttributes().put(WsAuthAttributes.AUTHENTICATION, authentication);
		SocketTestSupport.register(this.registry, session);
		WebSocketConnection connection = this.registry.getConnection(id);
		assertThat(connection).isNotNull();
		return connection;
	}

	private static void subscribe(WebSocketConnection connection, String id, String destination) {
		WsAuthAttributes.subscriptions(connection.getAttributes()).put(id, destination);
	}

	private static DestinationAuthorizationManager manager() {
		DestinationAuthorizationManager manager = new DestinationAuthorizationManager(
				new DefaultMethodSecurityExpressionHandler(), new CanonicalDestinationValidator());
		new DestinationRulesInitializer(manager,
				List.of(new DestinationRuleDefinition(DestinationCommand.SUBSCRIBE, "/topic/open", "isAuthenticated()",
						"test"),
						new DestinationRuleDefinition(DestinationCommand.SUBSCRIBE, "/topic/admin", "hasRole('ADMIN')",
								"test")))
			.afterSingletonsInstantiated();
		return manager;
	}

	private static final class RecordingBroadcast implements RevocationBroadcast {

		private final List<Revocation> published = new ArrayList<>();

		private Consumer<Revocation> listener = (revocation) -> {
		};

		@Override
		public void publish(Revocation revocation) {
			this.published.add(revocation);
		}

		@Override
		public void subscribe(Consumer<Revocation> listener) {
			this.listener = listener;
		}

	}

}
