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

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.env.Environment;
import org.springframework.messaging.MessageChannel;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * What several of wsauth's configurations need from the application: the channel to
 * clients, the order of wsauth's filters, and the session settings they share.
 */
final class WsAuthWiring {

	private static final String CLIENT_OUTBOUND_CHANNEL_BEAN_NAME = "clientOutboundChannel";

	private static final String CLIENT_INBOUND_CHANNEL_BEAN_NAME = "clientInboundChannel";

	private WsAuthWiring() {
	}

	/**
	 * The channel that carries frames to clients, looked up on first use: it is created
	 * by the broker configuration after wsauth's beans.
	 */
	static Supplier<@Nullable MessageChannel> clientOutboundChannel(BeanFactory beanFactory) {
		return SingletonSupplier.of(() -> beanFactory.containsBean(CLIENT_OUTBOUND_CHANNEL_BEAN_NAME)
				? beanFactory.getBean(CLIENT_OUTBOUND_CHANNEL_BEAN_NAME, MessageChannel.class) : null);
	}

	/**
	 * The channel that carries client frames to the broker and the application, looked up
	 * on first use.
	 */
	static Supplier<@Nullable MessageChannel> clientInboundChannel(BeanFactory beanFactory) {
		return SingletonSupplier.of(() -> beanFactory.containsBean(CLIENT_INBOUND_CHANNEL_BEAN_NAME)
				? beanFactory.getBean(CLIENT_INBOUND_CHANNEL_BEAN_NAME, MessageChannel.class) : null);
	}

	static int filterOrder(ObjectProvider<SecurityFilterProperties> securityFilterProperties) {
		SecurityFilterProperties properties = securityFilterProperties.getIfAvailable();
		int securityOrder = (properties != null) ? properties.getOrder()
				: SecurityFilterProperties.DEFAULT_FILTER_ORDER;
		// Ahead of Spring Security, behind Spring Session's filter and
		// ForwardedHeaderFilter.
		return securityOrder - 10;
	}

	static Duration rotationGrace(WsAuthProperties properties) {
		return properties.getPreflight().getRotationGrace();
	}

	static Duration endedRetention(WsAuthProperties properties) {
		return properties.getSession().getEndedRetention();
	}

	static @Nullable String configuredServletSessionCookieName(Environment environment) {
		String name = environment.getProperty("server.servlet.session.cookie.name");
		return StringUtils.hasText(name) ? name : null;
	}

	static String servletSessionCookieName(Environment environment) {
		String name = configuredServletSessionCookieName(environment);
		return (name != null) ? name : "JSESSIONID";
	}

}
