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

import java.security.Principal;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;
import org.springframework.web.socket.messaging.SessionUnsubscribeEvent;

import dev.wsauth.revocation.Revocation;
import dev.wsauth.revocation.RevocationBroadcast;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.WebSocketConnection;
import dev.wsauth.socket.WsAuthAttributes;
import dev.wsauth.topic.DenialMode;
import dev.wsauth.topic.DenialNotifier;
import dev.wsauth.topic.DenialReason;
import dev.wsauth.topic.DestinationAuthorizationManager;
import dev.wsauth.topic.DestinationCommand;

/**
 * Re-evaluates live subscriptions against the current rules and the user's current
 * authentication, so that a role removed, a membership revoked or a login step done over
 * HTTP takes effect on open connections without a reconnect.
 * <p>
 * For each connection, the authentication is reloaded through the
 * {@link CurrentAuthenticationResolver} and bound to the socket (later SUBSCRIBE and SEND
 * frames are decided with it too), then every live subscription is decided again as its
 * SUBSCRIBE was. Each one now denied is dropped: removed from the connection,
 * unsubscribed at the broker (an UNSUBSCRIBE sent through the client inbound channel as
 * if the client had sent it, so the simple broker and a broker relay both see it), and
 * the client gets the denial MESSAGE of a denied SUBSCRIBE with reason
 * {@link DenialReason#REVOKED}, whatever the denial mode. The connection and its other
 * subscriptions stay. A {@link RevokedSubscriptionGuard} on the client outbound channel
 * drops what the broker still delivers to a dropped subscription.
 * <p>
 * {@link #reevaluate(String)} acts on every node through the {@link RevocationBroadcast}
 * when there is one; it also answers {@link WebSocketReauthorizationRequestedEvent}s.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class WebSocketAuthorizations implements ApplicationListener<WebSocketReauthorizationRequestedEvent> {

	private static final Log logger = LogFactory.getLog(WebSocketAuthorizations.class);

	private static final byte[] EMPTY = new byte[0];

	private final ConnectionRegistry registry;

	private final DestinationAuthorizationManager authorizationManager;

	private final Supplier<@Nullable MessageChannel> clientInboundChannel;

	private final DenialNotifier notifier;

	private CurrentAuthenticationResolver authenticationResolver = (connection, current) -> null;

	private @Nullable ApplicationEventPublisher eventPublisher;

	private volatile @Nullable RevocationBroadcast broadcast;

	/**
	 * Create re-authorizations over the connections of this node.
	 * @param registry the connections of this node
	 * @param authorizationManager decides each subscription, as for its SUBSCRIBE
	 * @param clientInboundChannel supplies the channel that carries client frames to the
	 * broker
	 * @param clientOutboundChannel supplies the channel that carries frames to clients
	 */
	public WebSocketAuthorizations(ConnectionRegistry registry, DestinationAuthorizationManager authorizationManager,
			Supplier<@Nullable MessageChannel> clientInboundChannel,
			Supplier<@Nullable MessageChannel> clientOutboundChannel) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(authorizationManager, "'authorizationManager' must not be null");
		Assert.notNull(clientInboundChannel, "'clientInboundChannel' must not be null");
		Assert.notNull(clientOutboundChannel, "'clientOutboundChannel' must not be null");
		this.registry = registry;
		this.authorizationManager = authorizationManager;
		this.clientInboundChannel = clientInboundChannel;
		this.notifier = new DenialNotifier(clientOutboundChannel);
	}

	/**
	 * Set how a connection's current authentication is found. By default the connection
	 * keeps the authentication it holds.
	 * @param authenticationResolver the resolver
	 */
	public void setAuthenticationResolver(CurrentAuthenticationResolver authenticationResolver) {
		Assert.notNull(authenticationResolver, "'authenticationResolver' must not be null");
		this.authenticationResolver = authenticationResolver;
	}

	/**
	 * Set the publisher of the {@link SessionUnsubscribeEvent} sent for each dropped
	 * subscription, as Spring sends one for a client's UNSUBSCRIBE (so that the
	 * {@code SimpUserRegistry} forgets the subscription).
	 * @param eventPublisher the publisher, or {@code null} for no events
	 */
	public void setApplicationEventPublisher(@Nullable ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Set the broadcast that carries re-evaluation requests to other nodes, and start
	 * answering theirs.
	 * @param broadcast the broadcast, or {@code null} to act on this node only
	 */
	public void setBroadcast(@Nullable RevocationBroadcast broadcast) {
		this.broadcast = broadcast;
		if (broadcast != null) {
			broadcast.subscribe(this::apply);
		}
	}

	/**
	 * Re-evaluate every live subscription of a user, on this node and on every other.
	 * @param user the principal name
	 * @return the number of subscriptions dropped on this node
	 */
	public int reevaluate(String user) {
		Assert.hasText(user, "'user' must not be empty");
		int dropped = reevaluateLocally(user);
		RevocationBroadcast broadcast = this.broadcast;
		if (broadcast != null) {
			try {
				broadcast.publish(Revocation.reevaluation(user));
			}
			catch (RuntimeException ex) {
				logger.warn("Could not publish a re-evaluation to other nodes", ex);
			}
		}
		return dropped;
	}

	/**
	 * Re-evaluate every live subscription of every connection on this node only.
	 * @return the number of subscriptions dropped
	 */
	public int reevaluateAll() {
		int dropped = 0;
		for (WebSocketConnection connection : this.registry.getConnections()) {
			dropped += reevaluateQuietly(connection);
		}
		return dropped;
	}

	/**
	 * Re-evaluate the live subscriptions of one connection of this node.
	 * @param connection the connection
	 * @return the number of subscriptions dropped
	 */
	public int reevaluate(WebSocketConnection connection) {
		Assert.notNull(connection, "'connection' must not be null");
		Map<String, Object> attributes = connection.getAttributes();
		if (!connection.isOpen() || WsAuthAttributes.isAuthenticationPending(attributes)
				|| WsAuthAttributes.isRefused(attributes)) {
			return 0;
		}
		Authentication authentication = currentAuthentication(connection);
		int dropped = 0;
		for (Map.Entry<String, String> subscription : connection.getSubscriptions().entrySet()) {
			Message<byte[]> subscribe = subscribe(connection, subscription.getKey(), subscription.getValue(),
					authentication);
			if (!isGranted(subscribe, authentication) && drop(connection, subscribe, authentication)) {
				dropped++;
			}
		}
		if (dropped > 0 && logger.isDebugEnabled()) {
			logger.debug("Re-evaluation dropped " + dropped + " subscription(s) of a connection");
		}
		return dropped;
	}

	@Override
	public void onApplicationEvent(WebSocketReauthorizationRequestedEvent event) {
		reevaluate(event.getUser());
	}

	private void apply(Revocation revocation) {
		if (revocation.kind() == Revocation.Kind.REEVALUATE) {
			reevaluateLocally(revocation.target());
		}
	}

	private int reevaluateLocally(String user) {
		int dropped = 0;
		for (WebSocketConnection connection : this.registry.findByPrincipalName(user)) {
			dropped += reevaluateQuietly(connection);
		}
		return dropped;
	}

	private int reevaluateQuietly(WebSocketConnection connection) {
		try {
			return reevaluate(connection);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not re-evaluate the subscriptions of a connection (" + ex.getClass().getName() + ")");
			logger.debug("Re-evaluation failed", ex);
			return 0;
		}
	}

	/**
	 * Reload the connection's authentication and bind it to the socket, so that later
	 * frames are decided with it too. The principal name never changes.
	 */
	private @Nullable Authentication currentAuthentication(WebSocketConnection connection) {
		Map<String, Object> attributes = connection.getAttributes();
		Authentication current = WsAuthAttributes.authentication(attributes);
		if (current == null) {
			Principal principal = connection.getPrincipal();
			return (principal instanceof Authentication authentication) ? authentication : null;
		}
		Authentication reloaded = this.authenticationResolver.resolve(connection, current);
		if (reloaded == null || reloaded == current) {
			return current;
		}
		if (!current.getName().equals(reloaded.getName())) {
			logger.debug("Ignoring a reloaded authentication for another principal");
			return current;
		}
		attributes.put(WsAuthAttributes.AUTHENTICATION, reloaded);
		return reloaded;
	}

	private boolean isGranted(Message<byte[]> subscribe, @Nullable Authentication authentication) {
		try {
			AuthorizationResult result = this.authorizationManager.authorize(() -> authentication, subscribe);
			return result.isGranted();
		}
		catch (RuntimeException ex) {
			// As for a SUBSCRIBE: a decision that fails denies.
			logger.debug("Destination authorization failed; revoking", ex);
			return false;
		}
	}

	/**
	 * Drop a subscription now denied: nothing more is delivered to it, the broker is told
	 * to unsubscribe it, and the client gets the denial MESSAGE with reason
	 * {@link DenialReason#REVOKED}.
	 * @return whether it was dropped here (not unsubscribed or replaced meanwhile)
	 */
	private boolean drop(WebSocketConnection connection, Message<byte[]> subscribe,
			@Nullable Authentication authentication) {
		Map<String, Object> attributes = connection.getAttributes();
		StompHeaderAccessor frame = StompHeaderAccessor.wrap(subscribe);
		String id = frame.getSubscriptionId();
		String destination = frame.getDestination();
		if (id == null || destination == null) {
			return false;
		}
		Map<String, String> subscriptions = WsAuthAttributes.subscriptions(attributes);
		// As the SUBSCRIBE interceptor: frames of the connection may be handled
		// meanwhile.
		synchronized (subscriptions) {
			if (!subscriptions.remove(id, destination)) {
				return false;
			}
			WsAuthAttributes.revokedSubscriptions(attributes).add(id);
		}
		unsubscribe(connection, id, authentication);
		this.notifier.deny(subscribe, DestinationCommand.SUBSCRIBE, DenialReason.REVOKED, DenialMode.NOTIFY);
		ApplicationEventPublisher eventPublisher = this.eventPublisher;
		if (eventPublisher != null) {
			Principal principal = connection.getPrincipal();
			eventPublisher.publishEvent(new WebSocketSubscriptionRevokedEvent(this,
					(principal != null) ? principal.getName() : null, destination));
		}
		return true;
	}

	private void unsubscribe(WebSocketConnection connection, String id, @Nullable Authentication authentication) {
		StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.UNSUBSCRIBE);
		accessor.setSessionId(connection.getId());
		accessor.setSubscriptionId(id);
		accessor.setSessionAttributes(connection.getAttributes());
		accessor.setUser(authentication);
		Message<byte[]> unsubscribe = MessageBuilder.createMessage(EMPTY, accessor.getMessageHeaders());
		MessageChannel channel = this.clientInboundChannel.get();
		try {
			if (channel == null || !channel.send(unsubscribe)) {
				logger.debug("Could not unsubscribe a revoked subscription at the broker");
			}
		}
		catch (RuntimeException ex) {
			// The guard still drops whatever the broker delivers to it.
			logger.debug("Could not unsubscribe a revoked subscription at the broker", ex);
		}
		ApplicationEventPublisher eventPublisher = this.eventPublisher;
		if (eventPublisher != null) {
			eventPublisher.publishEvent(new SessionUnsubscribeEvent(this, unsubscribe, authentication));
		}
	}

	private static Message<byte[]> subscribe(WebSocketConnection connection, String id, String destination,
			@Nullable Authentication authentication) {
		StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.SUBSCRIBE);
		accessor.setSessionId(connection.getId());
		accessor.setSubscriptionId(id);
		accessor.setDestination(destination);
		accessor.setSessionAttributes(connection.getAttributes());
		accessor.setUser(authentication);
		return MessageBuilder.createMessage(EMPTY, accessor.getMessageHeaders());
	}

}
