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

import java.security.Principal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

import dev.wsauth.socket.WsAuthAttributes;

/**
 * Authorizes every client SUBSCRIBE and SEND before it reaches the broker or the
 * application. A denied frame is dropped, published as a Spring Security
 * {@code AuthorizationDeniedEvent}, and the client is told according to the
 * {@link DenialMode}: by default the connection and its other subscriptions stay open.
 *
 * <p>
 * An allowed SUBSCRIBE loses the headers with which a client could change what a broker
 * such as RabbitMQ does behind the subscription ({@code selector}, {@code durable},
 * {@code auto-delete}, {@code exclusive}, {@code persistent}, {@code prefetch-count} and
 * every {@code x-*} header, such as {@code x-queue-name} or {@code x-message-ttl}): the
 * subscription itself is kept, as the broker's defaults. An allowed SEND loses the
 * headers only wsauth may send.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class DestinationAuthorizationInterceptor implements ChannelInterceptor {

	private static final Log logger = LogFactory.getLog(DestinationAuthorizationInterceptor.class);

	private static final Predicate<Object> RESERVED_HEADER = (name) -> name instanceof String header
			&& (header.startsWith("wsauth-") || header.equals("receipt-id"));

	private static final Set<String> BROKER_SUBSCRIBE_HEADERS = Set.of("selector", "durable", "auto-delete",
			"exclusive", "persistent", "prefetch-count");

	private static final Predicate<Object> BROKER_SUBSCRIBE_HEADER = (name) -> name instanceof String header
			&& (BROKER_SUBSCRIBE_HEADERS.contains(header.toLowerCase(Locale.ROOT))
					|| header.regionMatches(true, 0, "x-", 0, 2));

	/**
	 * Name of the observation around each SUBSCRIBE and SEND decision.
	 */
	public static final String OBSERVATION_NAME = "wsauth.authorization";

	private static final String COMMAND = "command";

	private static final String OUTCOME = "outcome";

	private static final String REASON = "reason";

	private static final String RULE = "rule";

	private final DestinationAuthorizationManager authorizationManager;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private final DenialNotifier notifier;

	private AuthorizationEventPublisher eventPublisher = new NoOpAuthorizationEventPublisher();

	private DenialMode denialMode = DenialMode.NOTIFY;

	private boolean exposeRule;

	private int maxSubscriptions = 1000;

	/**
	 * Create an interceptor.
	 * @param authorizationManager decides each frame
	 * @param clientOutboundChannel supplies the channel that carries frames to clients
	 */
	public DestinationAuthorizationInterceptor(DestinationAuthorizationManager authorizationManager,
			Supplier<@Nullable MessageChannel> clientOutboundChannel) {
		Assert.notNull(authorizationManager, "'authorizationManager' must not be null");
		Assert.notNull(clientOutboundChannel, "'clientOutboundChannel' must not be null");
		this.authorizationManager = authorizationManager;
		this.notifier = new DenialNotifier(clientOutboundChannel);
	}

	/**
	 * Set the publisher of authorization events.
	 * @param eventPublisher the publisher
	 */
	public void setAuthorizationEventPublisher(AuthorizationEventPublisher eventPublisher) {
		Assert.notNull(eventPublisher, "'eventPublisher' must not be null");
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Set the registry of the {@value #OBSERVATION_NAME} observation around each
	 * decision. By default none.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "'observationRegistry' must not be null");
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Set what happens to the connection on denial. Default {@link DenialMode#NOTIFY}.
	 * @param denialMode the mode
	 */
	public void setDenialMode(DenialMode denialMode) {
		Assert.notNull(denialMode, "'denialMode' must not be null");
		this.denialMode = denialMode;
	}

	/**
	 * Set whether a denial notice names the pattern of the rule that denied the frame.
	 * Default {@code false}: the pattern tells every client the shape of the
	 * application's destination namespace.
	 * @param exposeRule whether to name the rule
	 */
	public void setExposeRule(boolean exposeRule) {
		this.exposeRule = exposeRule;
	}

	/**
	 * Set how many live subscriptions one connection may hold; a SUBSCRIBE beyond them is
	 * denied with {@link DenialReason#TOO_MANY_SUBSCRIPTIONS}. Default 1,000.
	 * @param maxSubscriptions the limit
	 */
	public void setMaxSubscriptionsPerConnection(int maxSubscriptions) {
		Assert.isTrue(maxSubscriptions > 0, "'maxSubscriptions' must be positive");
		this.maxSubscriptions = maxSubscriptions;
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
		if (type == SimpMessageType.UNSUBSCRIBE) {
			release(message);
			return message;
		}
		if (type != SimpMessageType.SUBSCRIBE && type != SimpMessageType.MESSAGE) {
			return message;
		}
		Principal user = SimpMessageHeaderAccessor.getUser(message.getHeaders());
		Authentication authentication = current(user,
				SimpMessageHeaderAccessor.getSessionAttributes(message.getHeaders()));
		Supplier<Authentication> supplier = () -> authentication;
		Reservation reservation = (type == SimpMessageType.SUBSCRIBE) ? reserveSubscription(message)
				: Reservation.NOT_COUNTED;
		DestinationCommand command = DestinationCommand.of(type);
		String commandTag = (command == DestinationCommand.SUBSCRIBE) ? "subscribe" : "send";
		Observation observation = Observation.createNotStarted(OBSERVATION_NAME, this.observationRegistry);
		if (!observation.isNoop()) {
			observation.contextualName("wsauth authorize " + commandTag).lowCardinalityKeyValue(COMMAND, commandTag);
		}
		observation.start();
		AuthorizationResult result;
		if (reservation == Reservation.LIMIT_REACHED) {
			result = DestinationAuthorizationDecision.denied(DenialReason.TOO_MANY_SUBSCRIPTIONS, null);
		}
		else {
			try (Observation.Scope scope = observation.openScope()) {
				result = this.authorizationManager.authorize(supplier, message);
			}
			catch (RuntimeException ex) {
				logger.debug("Destination authorization failed; denying", ex);
				result = DestinationAuthorizationDecision.denied(DenialReason.FORBIDDEN, null);
			}
		}
		stop(observation, result);
		this.eventPublisher.publishAuthorizationEvent(supplier, message, result);
		if (result.isGranted()) {
			if (type == SimpMessageType.SUBSCRIBE && !confirmSubscription(message)) {
				// A re-evaluation revoked it while it was being decided: it was told so.
				return null;
			}
			Message<?> granted = (type == SimpMessageType.MESSAGE) ? without(message, RESERVED_HEADER)
					: without(message, BROKER_SUBSCRIBE_HEADER);
			return (authentication != null && authentication != user) ? withUser(granted, authentication) : granted;
		}
		if (reservation == Reservation.ADDED) {
			release(message);
		}
		DenialReason reason = (result instanceof DestinationAuthorizationDecision decision
				&& decision.getReason() != null) ? decision.getReason() : DenialReason.FORBIDDEN;
		if (logger.isDebugEnabled()) {
			logger.debug("Denied " + command + " (" + reason + ")");
		}
		this.notifier.deny(message, command, reason, this.denialMode, this.exposeRule ? pattern(result) : null);
		return null;
	}

	/** The pattern of the rule that decided, without its command, or null. */
	private static @Nullable String pattern(AuthorizationResult result) {
		String rule = (result instanceof DestinationAuthorizationDecision decision) ? decision.getRule() : null;
		return (rule != null) ? rule.substring(rule.indexOf(' ') + 1) : null;
	}

	private static void stop(Observation observation, AuthorizationResult result) {
		if (observation.isNoop()) {
			return;
		}
		DestinationAuthorizationDecision decision = (result instanceof DestinationAuthorizationDecision d) ? d : null;
		String rule = pattern(result);
		DenialReason reason = (decision != null && decision.getReason() != null) ? decision.getReason()
				: DenialReason.FORBIDDEN;
		observation.lowCardinalityKeyValue(OUTCOME, result.isGranted() ? "granted" : "denied")
			.lowCardinalityKeyValue(REASON,
					result.isGranted() ? "none" : reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))
			// The pattern, never the destination: that may carry ids.
			.lowCardinalityKeyValue(RULE, (rule != null) ? rule : "none")
			.stop();
	}

	/**
	 * Count a SUBSCRIBE against the connection's limit before it is authorized, so that a
	 * client over the limit costs no rule evaluation.
	 */
	private Reservation reserveSubscription(Message<?> message) {
		Map<String, Object> attributes = SimpMessageHeaderAccessor.getSessionAttributes(message.getHeaders());
		String id = SimpMessageHeaderAccessor.getSubscriptionId(message.getHeaders());
		String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
		if (attributes == null || id == null || destination == null) {
			return Reservation.NOT_COUNTED;
		}
		Map<String, String> subscriptions = WsAuthAttributes.subscriptions(attributes);
		// Frames of one connection may be handled on several threads at once.
		synchronized (subscriptions) {
			if (subscriptions.containsKey(id)) {
				subscriptions.put(id, destination);
				return Reservation.LIVE;
			}
			if (subscriptions.size() >= this.maxSubscriptions) {
				return Reservation.LIMIT_REACHED;
			}
			subscriptions.put(id, destination);
			return Reservation.ADDED;
		}
	}

	/**
	 * The authentication a frame is decided with: the one bound to the socket, which a
	 * re-evaluation may have replaced with the user's current one. Spring keeps the
	 * principal a CONNECT frame authenticated on its own and puts it on every frame, so
	 * the frame's user is the fallback, and the bound authentication is used only for the
	 * same principal.
	 */
	private static @Nullable Authentication current(@Nullable Principal user,
			@Nullable Map<String, Object> attributes) {
		if (!(user instanceof Authentication frameUser)) {
			return null;
		}
		Authentication bound = WsAuthAttributes.authentication(attributes);
		return (bound != null && bound != frameUser && bound.getName().equals(frameUser.getName())) ? bound : frameUser;
	}

	/**
	 * Confirm a granted SUBSCRIBE: it is still the connection's subscription of that id
	 * (a re-evaluation or an UNSUBSCRIBE did not remove it meanwhile), and the id is no
	 * longer revoked.
	 */
	private static boolean confirmSubscription(Message<?> message) {
		Map<String, Object> attributes = SimpMessageHeaderAccessor.getSessionAttributes(message.getHeaders());
		Map<String, String> subscriptions = WsAuthAttributes.existingSubscriptions(attributes);
		String id = SimpMessageHeaderAccessor.getSubscriptionId(message.getHeaders());
		String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
		if (subscriptions == null || id == null || destination == null) {
			return true;
		}
		synchronized (subscriptions) {
			if (!destination.equals(subscriptions.get(id))) {
				return false;
			}
			Set<String> revoked = WsAuthAttributes.existingRevokedSubscriptions(attributes);
			if (revoked != null) {
				revoked.remove(id);
			}
			return true;
		}
	}

	/**
	 * Pass the socket's current authentication on with a frame, so that
	 * {@code @MessageMapping} methods see the same user the frame was decided with.
	 */
	private static Message<?> withUser(Message<?> message, Authentication authentication) {
		StompHeaderAccessor accessor = StompHeaderAccessor.wrap(message);
		accessor.setUser(authentication);
		return MessageBuilder.createMessage(message.getPayload(), accessor.getMessageHeaders());
	}

	private static void release(Message<?> message) {
		Map<String, String> subscriptions = WsAuthAttributes
			.existingSubscriptions(SimpMessageHeaderAccessor.getSessionAttributes(message.getHeaders()));
		String id = SimpMessageHeaderAccessor.getSubscriptionId(message.getHeaders());
		if (subscriptions != null && id != null) {
			subscriptions.remove(id);
		}
	}

	/**
	 * Remove the native headers a client must not pass on: on a SEND those only wsauth
	 * may send (the broker copies a SEND's headers to every subscriber, so a client could
	 * otherwise forge a denial notice or a receipt), on a SUBSCRIBE those that change the
	 * broker's queues and delivery.
	 */
	@SuppressWarnings("unchecked")
	private static Message<?> without(Message<?> message, Predicate<Object> header) {
		Object nativeHeaders = message.getHeaders().get(NativeMessageHeaderAccessor.NATIVE_HEADERS);
		if (!(nativeHeaders instanceof Map<?, ?> map) || !containsAny(map.keySet(), header)) {
			return message;
		}
		StompHeaderAccessor accessor = StompHeaderAccessor.wrap(message);
		for (String name : Set.copyOf((Set<String>) map.keySet())) {
			if (header.test(name)) {
				accessor.removeNativeHeader(name);
			}
		}
		return MessageBuilder.createMessage(message.getPayload(), accessor.getMessageHeaders());
	}

	private static boolean containsAny(Set<?> names, Predicate<Object> header) {
		for (Object name : names) {
			if (header.test(name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What counting a SUBSCRIBE against the limit did.
	 */
	private enum Reservation {

		/**
		 * The id was added; it is released again if the frame is denied.
		 */
		ADDED,

		/**
		 * The id is live already: the frame replaces a subscription, it adds none.
		 */
		LIVE,

		LIMIT_REACHED,

		/**
		 * Not a SUBSCRIBE, or one without a session or id to count.
		 */
		NOT_COUNTED

	}

	private static final class NoOpAuthorizationEventPublisher implements AuthorizationEventPublisher {

		@Override
		public <T> void publishAuthorizationEvent(Supplier<Authentication> authentication, T object,
				@Nullable AuthorizationResult result) {
		}

	}

}
