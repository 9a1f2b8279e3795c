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

package dev.wsauth.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;

import dev.wsauth.connect.ConnectFrameAuthenticator;
import dev.wsauth.connect.PendingConnectionDecoratorFactory;
import dev.wsauth.frame.StompFrameGuard;
import dev.wsauth.token.TokenRefreshInterceptor;
import dev.wsauth.reauthorization.RevokedSubscriptionGuard;
import dev.wsauth.receipt.SimpleBrokerReceiptInterceptor;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.ConnectionTrackingDecoratorFactory;
import dev.wsauth.revocation.RevocationBroadcast;
import dev.wsauth.session.SessionKeepAliveDecoratorFactory;
import dev.wsauth.session.SessionRotationRegistry;
import dev.wsauth.limit.ConnectionLimitDecoratorFactory;
import dev.wsauth.revocation.WebSocketRevocations;
import dev.wsauth.topic.DestinationAuthorizationInterceptor;

/**
 * The sockets themselves: the registry of open connections, closing them on this node and
 * the others, and the one place where wsauth's interceptors and decorators join Spring's
 * STOMP configuration, in the order they must run.
 */
@Configuration(proxyBeanMethods = false)
class SocketConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConnectionRegistry wsAuthConnectionRegistry(BeanFactory beanFactory, SessionRotationRegistry rotations,
			ApplicationEventPublisher eventPublisher) {
		ConnectionRegistry registry = new ConnectionRegistry(WsAuthWiring.clientOutboundChannel(beanFactory));
		registry.setRotations(rotations);
		registry.setEventPublisher(eventPublisher);
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	WebSocketRevocations wsAuthWebSocketRevocations(ConnectionRegistry registry,
			ObjectProvider<RevocationBroadcast> broadcast, ApplicationEventPublisher eventPublisher) {
		WebSocketRevocations revocations = new WebSocketRevocations(registry);
		revocations.setEventPublisher(eventPublisher);
		revocations.setBroadcast(broadcast.getIfUnique());
		return revocations;
	}

	@Bean
	WsAuthWebSocketMessageBrokerConfigurer wsAuthWebSocketMessageBrokerConfigurer(ConnectionRegistry registry,
			DestinationAuthorizationInterceptor destinationAuthorizationInterceptor,
			ObjectProvider<SimpleBrokerReceiptInterceptor> receiptInterceptor,
			ObjectProvider<SessionKeepAliveDecoratorFactory> keepAlive,
			ObjectProvider<ConnectFrameAuthenticator> connectFrameAuthenticator,
			ObjectProvider<TokenRefreshInterceptor> tokenRefresh,
			ObjectProvider<PendingConnectionDecoratorFactory> pendingConnectionDecorator,
			ObjectProvider<ConnectionLimitDecoratorFactory> connectionLimitDecorator, StompFrameGuard frameGuard,
			ObjectProvider<RevokedSubscriptionGuard> revokedSubscriptionGuard, WsAuthProperties properties) {
		List<ChannelInterceptor> interceptors = new ArrayList<>();
		// CONNECT-frame authentication first: nothing else may see the frames of a
		// connection that has not authenticated yet, nor a refresh frame's token.
		connectFrameAuthenticator.ifAvailable(interceptors::add);
		tokenRefresh.ifAvailable(interceptors::add);
		interceptors.add(destinationAuthorizationInterceptor);
		receiptInterceptor.ifAvailable(interceptors::add);
		List<WebSocketHandlerDecoratorFactory> decorators = new ArrayList<>();
		// Each factory wraps those before it: the frame guard sees the messages the
		// CONNECT-authentication guard has let through.
		decorators.add(new ConnectionTrackingDecoratorFactory(registry));
		decorators.add(frameGuard);
		keepAlive.ifAvailable(decorators::add);
		pendingConnectionDecorator.ifAvailable(decorators::add);
		// Outermost: every socket that opens gives its connection slot back when it
		// closes, whatever else refuses it.
		connectionLimitDecorator.ifAvailable(decorators::add);
		WsAuthWebSocketMessageBrokerConfigurer configurer = new WsAuthWebSocketMessageBrokerConfigurer(
				properties.getLimits(), decorators.toArray(new WebSocketHandlerDecoratorFactory[0]),
				interceptors.toArray(new ChannelInterceptor[0]));
		List<ChannelInterceptor> outboundInterceptors = new ArrayList<>();
		revokedSubscriptionGuard.ifAvailable(outboundInterceptors::add);
		configurer.setOutboundInterceptors(outboundInterceptors.toArray(new ChannelInterceptor[0]));
		return configurer;
	}

}
