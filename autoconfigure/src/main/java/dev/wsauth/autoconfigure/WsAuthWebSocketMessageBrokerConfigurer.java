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

import org.springframework.core.Ordered;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;

/**
 * Adds wsauth's inbound and outbound interceptors and connection tracking to the
 * application's STOMP configuration. Ordered ahead of Spring Security's messaging
 * configuration, so that a denied frame is dropped before anything else sees it.
 */
final class WsAuthWebSocketMessageBrokerConfigurer implements WebSocketMessageBrokerConfigurer, Ordered {

	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 99;

	private final ChannelInterceptor[] inboundInterceptors;

	private ChannelInterceptor[] outboundInterceptors = new ChannelInterceptor[0];

	private final WebSocketHandlerDecoratorFactory[] decoratorFactories;

	private final WsAuthProperties.Limits limits;

	WsAuthWebSocketMessageBrokerConfigurer(WsAuthProperties.Limits limits,
			WebSocketHandlerDecoratorFactory[] decoratorFactories, ChannelInterceptor... inboundInterceptors) {
		this.limits = limits;
		this.decoratorFactories = decoratorFactories;
		this.inboundInterceptors = inboundInterceptors;
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(this.inboundInterceptors);
	}

	/**
	 * Set the interceptors of the channel to clients.
	 */
	void setOutboundInterceptors(ChannelInterceptor... outboundInterceptors) {
		this.outboundInterceptors = outboundInterceptors;
	}

	@Override
	public void configureClientOutboundChannel(ChannelRegistration registration) {
		registration.interceptors(this.outboundInterceptors);
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		// An application's own configurer runs later and may override these.
		registration.setMessageSizeLimit((int) this.limits.getFrameSize().toBytes());
		registration.setSendBufferSizeLimit((int) this.limits.getSendBufferSize().toBytes());
		registration.setSendTimeLimit((int) Math.min(this.limits.getSendTimeLimit().toMillis(), Integer.MAX_VALUE));
		for (WebSocketHandlerDecoratorFactory factory : this.decoratorFactories) {
			registration.addDecoratorFactory(factory);
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
