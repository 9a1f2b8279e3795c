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

package dev.wsauth.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.util.Assert;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;
import org.springframework.web.socket.sockjs.SockJsService;
import org.springframework.web.socket.sockjs.support.SockJsHttpRequestHandler;
import org.springframework.web.socket.sockjs.transport.TransportHandlingSockJsService;

/**
 * Puts the {@link SessionHandshakeInterceptor} first on every STOMP endpoint the
 * application registered, WebSocket and SockJS alike, without the application changing
 * its {@code registerStompEndpoints}. This is how Spring Security's own messaging
 * configuration reaches the endpoints.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class HandshakeInterceptorInstaller implements SmartInitializingSingleton {

	/**
	 * Name of the handler mapping bean Spring's STOMP support registers endpoints in.
	 */
	public static final String HANDLER_MAPPING_BEAN_NAME = "stompWebSocketHandlerMapping";

	private final ListableBeanFactory beanFactory;

	private final HandshakeInterceptor interceptor;

	private final StompEndpointRequestMatcher endpoints;

	/**
	 * Create an installer.
	 * @param beanFactory the bean factory holding the handler mapping
	 * @param interceptor the interceptor to install
	 * @param endpoints the matcher to fill with the endpoints' paths
	 */
	public HandshakeInterceptorInstaller(ListableBeanFactory beanFactory, HandshakeInterceptor interceptor,
			StompEndpointRequestMatcher endpoints) {
		Assert.notNull(beanFactory, "'beanFactory' must not be null");
		Assert.notNull(interceptor, "'interceptor' must not be null");
		Assert.notNull(endpoints, "'endpoints' must not be null");
		this.beanFactory = beanFactory;
		this.interceptor = interceptor;
		this.endpoints = endpoints;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!this.beanFactory.containsBean(HANDLER_MAPPING_BEAN_NAME)) {
			return;
		}
		Object mapping = this.beanFactory.getBean(HANDLER_MAPPING_BEAN_NAME);
		if (!(mapping instanceof AbstractUrlHandlerMapping urlMapping)) {
			return;
		}
		List<String> paths = new ArrayList<>();
		for (Map.Entry<String, Object> entry : urlMapping.getHandlerMap().entrySet()) {
			if (install(entry.getValue())) {
				paths.add(entry.getKey());
			}
		}
		this.endpoints.setPatterns(paths);
	}

	private boolean install(Object handler) {
		if (handler instanceof WebSocketHttpRequestHandler webSocketHandler) {
			webSocketHandler.setHandshakeInterceptors(prepend(webSocketHandler.getHandshakeInterceptors()));
			return true;
		}
		if (handler instanceof SockJsHttpRequestHandler sockJsHandler) {
			SockJsService service = sockJsHandler.getSockJsService();
			Assert.state(service instanceof TransportHandlingSockJsService,
					() -> "Expected a TransportHandlingSockJsService but got " + service);
			TransportHandlingSockJsService transportService = (TransportHandlingSockJsService) service;
			transportService.setHandshakeInterceptors(prepend(transportService.getHandshakeInterceptors()));
			return true;
		}
		return false;
	}

	private List<HandshakeInterceptor> prepend(List<HandshakeInterceptor> existing) {
		List<HandshakeInterceptor> interceptors = new ArrayList<>(existing.size() + 1);
		interceptors.add(this.interceptor);
		for (HandshakeInterceptor candidate : existing) {
			if (candidate != this.interceptor && !(candidate instanceof SessionHidingInterceptor)) {
				interceptors.add(candidate);
			}
		}
		// Last: the application's interceptors still see the HTTP session.
		interceptors.add(new SessionHidingInterceptor());
		return interceptors;
	}

	/**
	 * Hides the HTTP session from the handshake itself, once every interceptor has run.
	 */
	private static final class SessionHidingInterceptor implements HandshakeInterceptor {

		@Override
		public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
				WebSocketHandler wsHandler, Map<String, Object> attributes) {
			if (request instanceof ServletServerHttpRequest servletRequest) {
				servletRequest.getServletRequest().setAttribute(CredentialHidingRequest.HIDE_SESSION, Boolean.TRUE);
			}
			return true;
		}

		@Override
		public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
				@Nullable Exception exception) {
		}

	}

}
