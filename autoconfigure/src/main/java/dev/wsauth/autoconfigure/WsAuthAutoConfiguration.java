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

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.websocket.autoconfigure.servlet.WebSocketMessagingAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.expression.method.MethodSecurityExpressionHandler;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.socket.config.annotation.DelegatingWebSocketMessageBrokerConfiguration;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for wsauth: cookie-authenticated
 * STOMP upgrades, the pre-connect endpoint and destination authorization, for a servlet
 * application with Spring Security that enabled a STOMP message broker.
 * <p>
 * Each capability is wired by its own configuration in this package. The stores that
 * replace in-memory defaults (Redis, JDBC) are imported first, so that the defaults back
 * off for them.
 *
 * @author wsauth
 * @since 0.1.0
 */
@AutoConfiguration(after = { WebSocketMessagingAutoConfiguration.class, SecurityAutoConfiguration.class }, afterName = {
		"org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ WebSocketMessageBrokerConfigurer.class, DelegatingWebSocketMessageBrokerConfiguration.class,
		MethodSecurityExpressionHandler.class, SecurityContextRepository.class })
@ConditionalOnBean(DelegatingWebSocketMessageBrokerConfiguration.class)
@ConditionalOnBooleanProperty(name = "wsauth.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WsAuthProperties.class)
@Import({ RedisConfiguration.class, JdbcSessionConfiguration.class, SessionConfiguration.class,
		SpringSessionConfiguration.class, LogoutConfiguration.class, SocketConfiguration.class,
		FrameConfiguration.class, HandshakeConfiguration.class, PreflightConfiguration.class, TicketConfiguration.class,
		TokenConfiguration.class, TokenRefreshConfiguration.class, ConnectAuthenticationConfiguration.class,
		DestinationAuthorizationConfiguration.class, ReauthorizationConfiguration.class, ReceiptConfiguration.class,
		LimitsConfiguration.class, BrowserClientConfiguration.class })
public final class WsAuthAutoConfiguration {

	@Bean
	WsAuthStartupReport wsAuthStartupReport(ApplicationContext context, WsAuthProperties properties) {
		return new WsAuthStartupReport(context, properties);
	}

}
