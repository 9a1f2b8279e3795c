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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.boot.websocket.autoconfigure.servlet.WebSocketMessagingAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.access.PermissionEvaluator;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.expression.method.MethodSecurityExpressionHandler;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authorization.SpringAuthorizationEventPublisher;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.LogoutConfigurer;
import org.springframework.security.config.core.GrantedAuthorityDefaults;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.socket.config.annotation.DelegatingWebSocketMessageBrokerConfiguration;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;

import dev.wsauth.connect.ConnectFrameAuthenticator;
import dev.wsauth.connect.PendingConnectionDecoratorFactory;
import dev.wsauth.connect.PendingConnectionLimiter;
import dev.wsauth.connect.PendingConnections;
import dev.wsauth.connect.TokenRefreshInterceptor;
import dev.wsauth.handshake.HandshakeAuthenticationFilter;
import dev.wsauth.handshake.HandshakeAuthenticator;
import dev.wsauth.handshake.HandshakeInterceptorInstaller;
import dev.wsauth.handshake.OriginPolicy;
import dev.wsauth.handshake.SessionHandshakeInterceptor;
import dev.wsauth.handshake.StompEndpointRequestMatcher;
import dev.wsauth.handshake.WebSocketUser;
import dev.wsauth.handshake.WebSocketUserDataResolver;
import dev.wsauth.preflight.PreflightFilter;
import dev.wsauth.preflight.PreflightHook;
import dev.wsauth.preflight.SessionIdWriter;
import dev.wsauth.receipt.SimpleBrokerReceiptInterceptor;
import dev.wsauth.jdbc.JdbcSessionStateReader;
import dev.wsauth.redis.RedisSessionRotationRegistry;
import dev.wsauth.session.ConnectionRegistry;
import dev.wsauth.session.CredentialExpiryMonitor;
import dev.wsauth.ticket.InMemoryTicketStore;
import dev.wsauth.ticket.RedisTicketStore;
import dev.wsauth.ticket.TicketFilter;
import dev.wsauth.ticket.TicketService;
import dev.wsauth.ticket.TicketStore;
import dev.wsauth.token.BearerTokenAuthenticator;
import dev.wsauth.session.ConnectionTrackingDecoratorFactory;
import dev.wsauth.session.EndedSessionGuardPostProcessor;
import dev.wsauth.session.InMemorySessionRotationRegistry;
import dev.wsauth.session.RepositorySessionStateReader;
import dev.wsauth.session.RequestedSessionIds;
import dev.wsauth.session.SessionEndedFilter;
import dev.wsauth.session.SessionStateReader;
import dev.wsauth.session.SessionTerminator;
import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.session.SessionEndMonitor;
import dev.wsauth.session.SessionRecordRemover;
import dev.wsauth.session.RedisRevocationBroadcast;
import dev.wsauth.session.RevocationBroadcast;
import dev.wsauth.session.SessionEndedLogoutHandler;
import dev.wsauth.session.SessionKeepAlive;
import dev.wsauth.session.SessionKeepAliveDecoratorFactory;
import dev.wsauth.session.SessionLookup;
import dev.wsauth.session.SessionRotationRegistry;
import dev.wsauth.session.ServletSessionRegistry;
import dev.wsauth.session.SpringSessionLookup;
import dev.wsauth.session.WebSocketRevocations;
import dev.wsauth.topic.CanonicalDestinationValidator;
import dev.wsauth.topic.DestinationAuthorizationInterceptor;
import dev.wsauth.topic.DestinationAuthorizationManager;
import dev.wsauth.topic.DestinationRuleDefinition;
import dev.wsauth.topic.DestinationRulesInitializer;
import dev.wsauth.topic.DestinationValidator;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for wsauth: cookie-authenticated
 * STOMP upgrades, the pre-connect endpoint and destination authorization, for a servlet
 * application with Spring Security that enabled a STOMP message broker.
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
public final class WsAuthAutoConfiguration {

	private static final String CLIENT_OUTBOUND_CHANNEL_BEAN_NAME = "clientOutboundChannel";

	@Bean
	@ConditionalOnMissingBean
	SessionRotationRegistry wsAuthSessionRotationRegistry(WsAuthProperties properties) {
		return new InMemorySessionRotationRegistry(rotationGrace(properties), endedRetention(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	SessionAuthenticationResolver wsAuthSessionAuthenticationResolver(SessionRotationRegistry rotations,
			ObjectProvider<SessionLookup> sessionLookup, ServletSessionRegistry servletSessions,
			ObjectProvider<RequestedSessionIds> requestedSessionIds, Environment environment) {
		SessionAuthenticationResolver resolver = new SessionAuthenticationResolver(rotations,
				sessionLookup.getIfUnique());
		resolver.setServletSessions(servletSessions);
		resolver.setRequestedSessionIds(requestedSessionIds
			.getIfUnique(() -> RequestedSessionIds.cookies(servletSessionCookieName(environment))));
		return resolver;
	}

	@Bean
	@ConditionalOnMissingBean
	SessionTerminator wsAuthSessionTerminator(SessionRotationRegistry rotations, WebSocketRevocations revocations) {
		return new SessionTerminator(rotations, revocations);
	}

	/**
	 * Tracks plain servlet sessions so that a ticket issued from a session is refused
	 * once the session ended; idle with Spring Session, whose sessions the container
	 * never sees.
	 */
	@Bean
	ServletSessionRegistry wsAuthServletSessionRegistry(ObjectProvider<SessionTerminator> terminator) {
		ServletSessionRegistry registry = new ServletSessionRegistry();
		// A plain servlet session that is invalidated or expires ends its family at once.
		registry.setOnDestroyed((id) -> terminator.getObject().end(id));
		return registry;
	}

	@Bean
	ServletListenerRegistrationBean<ServletSessionRegistry> wsAuthServletSessionRegistryListener(
			ServletSessionRegistry servletSessions) {
		return new ServletListenerRegistrationBean<>(servletSessions);
	}

	@Bean
	@ConditionalOnMissingBean
	OriginPolicy wsAuthOriginPolicy(WsAuthProperties properties) {
		// Validated with the properties, which name the one to fix.
		return new OriginPolicy(properties.getAllowedOrigins(), properties.getAllowedOriginPatterns(),
				properties.isAllowMissingOrigin());
	}

	@Bean
	@ConditionalOnMissingBean
	HandshakeAuthenticator wsAuthHandshakeAuthenticator(OriginPolicy originPolicy,
			SessionAuthenticationResolver sessionResolver, StompEndpointRequestMatcher endpoints,
			ObjectProvider<BearerTokenAuthenticator> bearerTokens, ObjectProvider<TicketService> tickets,
			ObjectProvider<PendingConnectionLimiter> pendingLimiter, WsAuthProperties properties) {
		HandshakeAuthenticator authenticator = new HandshakeAuthenticator(originPolicy, sessionResolver);
		authenticator.setEndpoints(endpoints);
		authenticator.setBearerTokenAuthenticator(bearerTokens.getIfUnique());
		tickets.ifUnique((service) -> authenticator.setTicketRedeemer(service::redeemForUpgrade));
		authenticator.setConnectEndpoints(properties.getConnectAuthentication().getEndpoints());
		pendingLimiter.ifAvailable((limiter) -> authenticator.setPendingCapacity(limiter::hasCapacity));
		return authenticator;
	}

	@Bean
	@ConditionalOnMissingBean
	WebSocketUserDataResolver wsAuthWebSocketUserDataResolver() {
		return (authentication, request) -> WebSocketUser.of(authentication);
	}

	@Bean
	@ConditionalOnMissingBean
	SessionHandshakeInterceptor wsAuthSessionHandshakeInterceptor(HandshakeAuthenticator authenticator,
			WebSocketUserDataResolver userDataResolver) {
		return new SessionHandshakeInterceptor(authenticator, userDataResolver);
	}

	@Bean
	StompEndpointRequestMatcher wsAuthStompEndpointRequestMatcher() {
		return new StompEndpointRequestMatcher();
	}

	@Bean
	HandshakeInterceptorInstaller wsAuthHandshakeInterceptorInstaller(ListableBeanFactory beanFactory,
			SessionHandshakeInterceptor interceptor, StompEndpointRequestMatcher endpoints) {
		return new HandshakeInterceptorInstaller(beanFactory, interceptor, endpoints);
	}

	@Bean
	FilterRegistrationBean<HandshakeAuthenticationFilter> wsAuthHandshakeAuthenticationFilter(
			StompEndpointRequestMatcher endpoints, HandshakeAuthenticator authenticator,
			ObjectProvider<SecurityFilterProperties> securityFilterProperties) {
		FilterRegistrationBean<HandshakeAuthenticationFilter> registration = new FilterRegistrationBean<>(
				new HandshakeAuthenticationFilter(endpoints, authenticator));
		registration.setOrder(filterOrder(securityFilterProperties));
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean
	ConnectionRegistry wsAuthConnectionRegistry(BeanFactory beanFactory, SessionRotationRegistry rotations) {
		ConnectionRegistry registry = new ConnectionRegistry(clientOutboundChannel(beanFactory));
		registry.setRotations(rotations);
		return registry;
	}

	@Bean
	WsAuthWebSocketMessageBrokerConfigurer wsAuthWebSocketMessageBrokerConfigurer(ConnectionRegistry registry,
			DestinationAuthorizationInterceptor destinationAuthorizationInterceptor,
			ObjectProvider<SimpleBrokerReceiptInterceptor> receiptInterceptor,
			ObjectProvider<SessionKeepAliveDecoratorFactory> keepAlive,
			ObjectProvider<ConnectFrameAuthenticator> connectFrameAuthenticator,
			ObjectProvider<TokenRefreshInterceptor> tokenRefresh,
			ObjectProvider<PendingConnectionDecoratorFactory> pendingConnectionDecorator) {
		List<ChannelInterceptor> interceptors = new ArrayList<>();
		// CONNECT-frame authentication first: nothing else may see the frames of a
		// connection that has not authenticated yet, nor a refresh frame's token.
		connectFrameAuthenticator.ifAvailable(interceptors::add);
		tokenRefresh.ifAvailable(interceptors::add);
		interceptors.add(destinationAuthorizationInterceptor);
		receiptInterceptor.ifAvailable(interceptors::add);
		List<WebSocketHandlerDecoratorFactory> decorators = new ArrayList<>();
		decorators.add(new ConnectionTrackingDecoratorFactory(registry));
		keepAlive.ifAvailable(decorators::add);
		pendingConnectionDecorator.ifAvailable(decorators::add);
		return new WsAuthWebSocketMessageBrokerConfigurer(decorators.toArray(new WebSocketHandlerDecoratorFactory[0]),
				interceptors.toArray(new ChannelInterceptor[0]));
	}

	@Bean
	@ConditionalOnMissingBean
	WebSocketRevocations wsAuthWebSocketRevocations(ConnectionRegistry registry,
			ObjectProvider<RevocationBroadcast> broadcast) {
		WebSocketRevocations revocations = new WebSocketRevocations(registry);
		revocations.setBroadcast(broadcast.getIfUnique());
		return revocations;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "wsauth.receipts.enabled", matchIfMissing = true)
	SimpleBrokerReceiptInterceptor wsAuthSimpleBrokerReceiptInterceptor(BeanFactory beanFactory) {
		SingletonSupplier<Boolean> simpleBrokerActive = SingletonSupplier
			.of(() -> beanFactory.getBeanProvider(SimpleBrokerMessageHandler.class).getIfAvailable() != null);
		return new SimpleBrokerReceiptInterceptor(clientOutboundChannel(beanFactory), simpleBrokerActive::obtain);
	}

	static Duration endedRetention(WsAuthProperties properties) {
		return properties.getSession().getEndedRetention();
	}

	static String servletSessionCookieName(Environment environment) {
		String name = environment.getProperty("server.servlet.session.cookie.name");
		return StringUtils.hasText(name) ? name : "JSESSIONID";
	}

	static Duration rotationGrace(WsAuthProperties properties) {
		return properties.getPreflight().getRotationGrace();
	}

	static int filterOrder(ObjectProvider<SecurityFilterProperties> securityFilterProperties) {
		SecurityFilterProperties properties = securityFilterProperties.getIfAvailable();
		int securityOrder = (properties != null) ? properties.getOrder()
				: SecurityFilterProperties.DEFAULT_FILTER_ORDER;
		// Ahead of Spring Security, behind Spring Session's filter and
		// ForwardedHeaderFilter.
		return securityOrder - 10;
	}

	static Supplier<@Nullable MessageChannel> clientOutboundChannel(BeanFactory beanFactory) {
		return SingletonSupplier.of(() -> beanFactory.containsBean(CLIENT_OUTBOUND_CHANNEL_BEAN_NAME)
				? beanFactory.getBean(CLIENT_OUTBOUND_CHANNEL_BEAN_NAME, MessageChannel.class) : null);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SessionRepository.class)
	static class SpringSessionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(SessionRepository.class)
		SessionLookup wsAuthSessionLookup(SessionRepository<?> sessionRepository) {
			return new SpringSessionLookup(sessionRepository);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(SessionRepository.class)
		SessionIdWriter wsAuthSessionIdWriter(ObjectProvider<HttpSessionIdResolver> sessionIdResolver,
				ObjectProvider<CookieSerializer> cookieSerializer) {
			HttpSessionIdResolver resolver = sessionIdResolver(sessionIdResolver, cookieSerializer);
			return resolver::setSessionId;
		}

		/**
		 * The application's {@code HttpSessionIdResolver}, or the cookie resolver Spring
		 * Session builds from its {@code CookieSerializer}.
		 */
		private static HttpSessionIdResolver sessionIdResolver(ObjectProvider<HttpSessionIdResolver> sessionIdResolver,
				ObjectProvider<CookieSerializer> cookieSerializer) {
			return sessionIdResolver.getIfUnique(() -> {
				CookieHttpSessionIdResolver cookieResolver = new CookieHttpSessionIdResolver();
				cookieSerializer.ifUnique(cookieResolver::setCookieSerializer);
				return cookieResolver;
			});
		}

		/**
		 * Every Spring Session repository is guarded, so that a logged-out session can
		 * never be saved back by a request that still held it.
		 */
		@Bean
		static EndedSessionGuardPostProcessor wsAuthEndedSessionGuardPostProcessor(
				ObjectProvider<SessionTerminator> terminator, ObjectProvider<SessionEndMonitor> monitor,
				ObjectProvider<SessionRecordRemover> recordRemover) {
			return new EndedSessionGuardPostProcessor(terminator::getObject, monitor::getIfAvailable,
					recordRemover::getIfAvailable);
		}

		@Bean
		@ConditionalOnBean(SessionRepository.class)
		FilterRegistrationBean<SessionEndedFilter> wsAuthSessionEndedFilter(Environment environment) {
			FilterRegistrationBean<SessionEndedFilter> registration = new FilterRegistrationBean<>(
					new SessionEndedFilter());
			// Just outside Spring Session's filter, whose final save may find the session
			// ended.
			int sessionFilterOrder = environment.getProperty("spring.session.servlet.filter-order", Integer.class,
					SessionRepositoryFilter.DEFAULT_ORDER);
			registration.setOrder(sessionFilterOrder - 1);
			return registration;
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(SessionRepository.class)
		RequestedSessionIds wsAuthRequestedSessionIds(ObjectProvider<HttpSessionIdResolver> sessionIdResolver,
				ObjectProvider<CookieSerializer> cookieSerializer) {
			HttpSessionIdResolver resolver = sessionIdResolver(sessionIdResolver, cookieSerializer);
			return resolver::resolveSessionIds;
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(SessionRepository.class)
		SessionStateReader wsAuthSessionStateReader(SessionRepository<?> sessionRepository,
				ObjectProvider<StoreSessionStateReaders> storeReaders) {
			StoreSessionStateReaders readers = storeReaders.getIfAvailable();
			SessionStateReader reader = (readers != null) ? readers.readerFor(sessionRepository) : null;
			return (reader != null) ? reader : new RepositorySessionStateReader(sessionRepository);
		}

		@Bean
		@ConditionalOnBean(SessionRepository.class)
		@ConditionalOnBooleanProperty(name = "wsauth.session.close-on-end", matchIfMissing = true)
		SessionEndMonitor wsAuthSessionEndMonitor(ConnectionRegistry registry, SessionStateReader reader,
				SessionLookup sessionLookup, WsAuthProperties properties, SessionRotationRegistry rotations) {
			WsAuthProperties.Session session = properties.getSession();
			SessionEndMonitor monitor = new SessionEndMonitor(registry, reader, session.getCheckInterval(),
					session.getReconcileInterval());
			monitor.setRotations(rotations);
			monitor.setMaxLifetime(session.getMaxLifetime(), sessionLookup);
			return monitor;
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(SessionRepository.class)
		@ConditionalOnBooleanProperty(name = "wsauth.session.keep-alive", matchIfMissing = true)
		SessionKeepAlive wsAuthSessionKeepAlive(SessionRepository<?> sessionRepository, WsAuthProperties properties) {
			SessionKeepAlive keepAlive = new SessionKeepAlive(sessionRepository,
					properties.getSession().getTouchInterval());
			keepAlive.setMaxLifetime(properties.getSession().getMaxLifetime());
			return keepAlive;
		}

		@Bean
		@ConditionalOnBean(SessionKeepAlive.class)
		SessionKeepAliveDecoratorFactory wsAuthSessionKeepAliveDecoratorFactory(SessionKeepAlive keepAlive,
				WsAuthProperties properties) {
			return new SessionKeepAliveDecoratorFactory(keepAlive::activity,
					properties.getSession().isHeartbeatsKeepAlive());
		}

	}

	/**
	 * With sessions in Redis, rotations are recorded in the same Redis so that every node
	 * follows an old id within the grace period.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ StringRedisTemplate.class, SessionRepository.class })
	@Conditional(OnRedisSessionRepositoryCondition.class)
	static class RedisRotationConfiguration {

		@Bean
		@ConditionalOnMissingBean(SessionRotationRegistry.class)
		@ConditionalOnSingleCandidate(StringRedisTemplate.class)
		RedisSessionRotationRegistry wsAuthRedisSessionRotationRegistry(StringRedisTemplate redis,
				WsAuthProperties properties) {
			return new RedisSessionRotationRegistry(redis, rotationGrace(properties), endedRetention(properties));
		}

		@Bean
		@ConditionalOnSingleCandidate(StringRedisTemplate.class)
		StoreSessionStateReaders wsAuthRedisSessionStateReaders(StringRedisTemplate redis) {
			return (repository) -> RedisSessionStateReaders.readerFor(repository, redis);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnSingleCandidate(StringRedisTemplate.class)
		SessionRecordRemover wsAuthRedisSessionRecordRemover(SessionRepository<?> sessionRepository,
				StringRedisTemplate redis) {
			return RedisSessionStateReaders.removerFor(sessionRepository, redis);
		}

	}

	/**
	 * With sessions in a JDBC database, the session end monitor reads their state with
	 * one query per batch.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.session.jdbc.JdbcIndexedSessionRepository",
			"org.springframework.jdbc.core.JdbcTemplate" })
	@ConditionalOnBean(type = "org.springframework.session.jdbc.JdbcIndexedSessionRepository")
	static class JdbcSessionStateConfiguration {

		@Bean
		@ConditionalOnSingleCandidate(DataSource.class)
		StoreSessionStateReaders wsAuthJdbcSessionStateReaders(DataSource dataSource, Environment environment) {
			String tableName = environment.getProperty("spring.session.jdbc.table-name", "SPRING_SESSION");
			return (repository) -> new JdbcSessionStateReader(dataSource, tableName);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnBooleanProperty(name = "wsauth.session.revocations.broadcast", matchIfMissing = true)
	static class RedisRevocationConfiguration {

		@Bean
		@ConditionalOnMissingBean(RevocationBroadcast.class)
		@ConditionalOnBean(RedisConnectionFactory.class)
		RedisRevocationBroadcast wsAuthRedisRevocationBroadcast(RedisConnectionFactory connectionFactory,
				WsAuthProperties properties, ObjectProvider<SessionEndMonitor> monitor) {
			RedisRevocationBroadcast broadcast = new RedisRevocationBroadcast(connectionFactory,
					properties.getSession().getRevocations().getChannel());
			// Revocations published while the subscription was down were missed.
			broadcast.setOnSubscribed(() -> monitor.ifAvailable(SessionEndMonitor::reconcileSoon));
			return broadcast;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(LogoutConfigurer.class)
	@ConditionalOnBooleanProperty(name = "wsauth.session.close-on-end", matchIfMissing = true)
	static class SessionEndConfiguration {

		/**
		 * Spring Security applies {@code Customizer<LogoutConfigurer>} beans to every
		 * {@code HttpSecurity}, so each filter chain's logout closes the session's
		 * sockets before invalidating it.
		 */
		@Bean
		Customizer<LogoutConfigurer<HttpSecurity>> wsAuthLogoutCustomizer(ConnectionRegistry registry,
				SessionTerminator terminator, SessionRotationRegistry rotations,
				ObjectProvider<SessionRepository<?>> sessionRepository, ServletSessionRegistry servletSessions) {
			Consumer<String> deleter = (id) -> {
				SessionRepository<?> repository = sessionRepository.getIfUnique();
				if (repository != null) {
					repository.deleteById(id);
				}
				else {
					servletSessions.invalidate(id);
				}
			};
			SessionEndedLogoutHandler handler = new SessionEndedLogoutHandler(registry, terminator, rotations, deleter);
			return (logout) -> logout.addLogoutHandler(handler);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "wsauth.ticket.enabled", matchIfMissing = true)
	static class TicketConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TicketStore wsAuthTicketStore() {
			return new InMemoryTicketStore();
		}

		@Bean
		@ConditionalOnMissingBean
		TicketService wsAuthTicketService(TicketStore store, WsAuthProperties properties, BeanFactory beanFactory) {
			TicketService service = new TicketService(store, properties.getTicket().getTimeToLive());
			ClassLoader classLoader = (beanFactory instanceof ConfigurableBeanFactory configurable)
					? configurable.getBeanClassLoader() : null;
			if (classLoader != null) {
				service.setClassLoader(classLoader);
			}
			return service;
		}

		/**
		 * Runs ahead of Spring Security like the preflight: the origin policy is its CSRF
		 * defence, and it never redirects to a login page.
		 */
		@Bean
		FilterRegistrationBean<TicketFilter> wsAuthTicketFilter(WsAuthProperties properties, OriginPolicy originPolicy,
				SessionAuthenticationResolver sessionResolver, TicketService tickets,
				StompEndpointRequestMatcher endpoints, ObjectProvider<BearerTokenAuthenticator> bearerTokens,
				ObjectProvider<SecurityFilterProperties> securityFilterProperties) {
			TicketFilter filter = new TicketFilter(properties.getTicket().getPath(), originPolicy, sessionResolver,
					tickets, endpoints);
			filter.setBearerTokenAuthenticator(bearerTokens.getIfUnique());
			filter.setConnectEndpoints(properties.getConnectAuthentication().getEndpoints());
			filter.setMaxBodySize(properties.getPreflight().getMaxBodySize().toBytes());
			FilterRegistrationBean<TicketFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setOrder(filterOrder(securityFilterProperties));
			return registration;
		}

		/**
		 * With Redis in the application, tickets are kept there so that a ticket issued
		 * by one node opens a socket on any node, once.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(StringRedisTemplate.class)
		static class RedisTicketStoreConfiguration {

			@Bean
			@ConditionalOnMissingBean(TicketStore.class)
			@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
			RedisTicketStore wsAuthRedisTicketStore(RedisConnectionFactory connectionFactory,
					ObjectProvider<StringRedisTemplate> redis, WsAuthProperties properties) {
				StringRedisTemplate template = redis.getIfUnique(() -> new StringRedisTemplate(connectionFactory));
				RedisTicketStore store = new RedisTicketStore(template);
				store.setKeyPrefix(properties.getTicket().getRedisKeyPrefix());
				return store;
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(BearerTokenAuthenticationToken.class)
	@ConditionalOnBooleanProperty(name = "wsauth.token.enabled", matchIfMissing = true)
	static class TokenConfiguration {

		@Bean
		CredentialExpiryMonitor wsAuthCredentialExpiryMonitor(ConnectionRegistry registry,
				WsAuthProperties properties) {
			WsAuthProperties.Token token = properties.getToken();
			return new CredentialExpiryMonitor(registry, token.getCheckInterval(), token.getExpiryGrace());
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(JwtDecoder.class)
		static class JwtConfiguration {

			/**
			 * Tokens are checked like the application's resource server checks them: its
			 * decoder and, when it declares one, its authentication converter.
			 */
			@Bean
			@ConditionalOnMissingBean
			@ConditionalOnSingleCandidate(JwtDecoder.class)
			BearerTokenAuthenticator wsAuthJwtBearerTokenAuthenticator(JwtDecoder jwtDecoder,
					ObjectProvider<JwtAuthenticationConverter> converter) {
				JwtAuthenticationProvider provider = new JwtAuthenticationProvider(jwtDecoder);
				converter.ifUnique(provider::setJwtAuthenticationConverter);
				return new BearerTokenAuthenticator(new ProviderManager(provider));
			}

		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnSingleCandidate(OpaqueTokenIntrospector.class)
		BearerTokenAuthenticator wsAuthOpaqueBearerTokenAuthenticator(OpaqueTokenIntrospector introspector,
				ObjectProvider<OpaqueTokenAuthenticationConverter> converter) {
			OpaqueTokenAuthenticationProvider provider = new OpaqueTokenAuthenticationProvider(introspector);
			converter.ifUnique(provider::setAuthenticationConverter);
			return new BearerTokenAuthenticator(new ProviderManager(provider));
		}

	}

	/**
	 * Only with endpoints that authenticate by CONNECT frame: otherwise no application
	 * pays for the interceptor and the timeout thread.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(OnConnectAuthenticationEndpointsCondition.class)
	static class ConnectAuthenticationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PendingConnectionLimiter wsAuthPendingConnectionLimiter(WsAuthProperties properties) {
			WsAuthProperties.ConnectAuthentication connect = properties.getConnectAuthentication();
			return new PendingConnectionLimiter(connect.getMaxPending(), connect.getMaxPendingPerAddress());
		}

		@Bean
		PendingConnections wsAuthPendingConnections(PendingConnectionLimiter limiter, ConnectionRegistry registry,
				WsAuthProperties properties) {
			return new PendingConnections(limiter, registry, properties.getConnectAuthentication().getTimeout());
		}

		@Bean
		PendingConnectionDecoratorFactory wsAuthPendingConnectionDecoratorFactory(PendingConnections pending,
				BeanFactory beanFactory) {
			return new PendingConnectionDecoratorFactory(pending, clientOutboundChannel(beanFactory));
		}

		/**
		 * Login and passcode are checked by the application's authentication manager, or
		 * by one built the way Spring Boot builds the default one: from its single user
		 * details service and password encoder.
		 */
		@Bean
		ConnectFrameAuthenticator wsAuthConnectFrameAuthenticator(PendingConnections pending,
				WebSocketUserDataResolver userDataResolver, BeanFactory beanFactory,
				ObjectProvider<BearerTokenAuthenticator> bearerTokens,
				ObjectProvider<AuthenticationManager> authenticationManager,
				ObjectProvider<UserDetailsService> userDetailsService,
				ObjectProvider<PasswordEncoder> passwordEncoder) {
			ConnectFrameAuthenticator authenticator = new ConnectFrameAuthenticator(pending, userDataResolver,
					clientOutboundChannel(beanFactory));
			authenticator.setBearerTokenAuthenticator(bearerTokens.getIfUnique());
			authenticator.setAuthenticationManager(authenticationManager.getIfUnique(() -> {
				UserDetailsService users = userDetailsService.getIfUnique();
				if (users == null) {
					return null;
				}
				DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
				passwordEncoder.ifUnique(provider::setPasswordEncoder);
				return new ProviderManager(provider);
			}));
			return authenticator;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "wsauth.token.refresh-enabled", matchIfMissing = true)
	static class TokenRefreshConfiguration {

		@Bean
		TokenRefreshInterceptor wsAuthTokenRefreshInterceptor(ObjectProvider<BearerTokenAuthenticator> bearerTokens,
				WsAuthProperties properties, BeanFactory beanFactory) {
			return new TokenRefreshInterceptor(bearerTokens.getIfUnique(),
					properties.getToken().getRefreshDestination(), clientOutboundChannel(beanFactory));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "wsauth.preflight.enabled", matchIfMissing = true)
	static class PreflightConfiguration {

		@Bean
		FilterRegistrationBean<PreflightFilter> wsAuthPreflightFilter(WsAuthProperties properties,
				OriginPolicy originPolicy, SessionAuthenticationResolver sessionResolver,
				SessionRotationRegistry rotations, ApplicationEventPublisher eventPublisher,
				ObjectProvider<PreflightHook> hooks, ObjectProvider<SessionIdWriter> sessionIdWriter,
				ObjectProvider<SecurityFilterProperties> securityFilterProperties, Environment environment) {
			WsAuthProperties.Preflight preflight = properties.getPreflight();
			PreflightFilter filter = new PreflightFilter(preflight.getPath(), originPolicy, sessionResolver, rotations,
					eventPublisher);
			filter.setRotate(preflight.isRotate());
			filter.setRotationGrace(rotationGrace(properties));
			filter.setMaxBodySize(preflight.getMaxBodySize().toBytes());
			filter.setHooks(hooks.orderedStream().toList());
			filter.setSessionIdWriter(sessionIdWriter.getIfUnique());
			Set<String> cookieNames = new LinkedHashSet<>(Set.of("SESSION", "JSESSIONID"));
			String configuredName = environment.getProperty("server.servlet.session.cookie.name");
			if (StringUtils.hasText(configuredName)) {
				cookieNames.add(configuredName);
			}
			filter.setSessionCookieNames(cookieNames);
			FilterRegistrationBean<PreflightFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setOrder(filterOrder(securityFilterProperties));
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TopicAuthorizationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DestinationValidator wsAuthDestinationValidator() {
			return new CanonicalDestinationValidator();
		}

		@Bean
		@ConditionalOnMissingBean
		DestinationAuthorizationManager wsAuthDestinationAuthorizationManager(ApplicationContext context,
				DestinationValidator validator, ObjectProvider<MethodSecurityExpressionHandler> expressionHandler,
				ObjectProvider<RoleHierarchy> roleHierarchy, ObjectProvider<PermissionEvaluator> permissionEvaluator,
				ObjectProvider<GrantedAuthorityDefaults> grantedAuthorityDefaults) {
			// The application's own handler when it declares one; otherwise one built the
			// way method security builds its default, so that role hierarchies,
			// permission evaluators and @bean references work in rules.
			MethodSecurityExpressionHandler handler = expressionHandler.getIfUnique(() -> {
				DefaultMethodSecurityExpressionHandler defaultHandler = new DefaultMethodSecurityExpressionHandler();
				defaultHandler.setApplicationContext(context);
				roleHierarchy.ifUnique(defaultHandler::setRoleHierarchy);
				permissionEvaluator.ifUnique(defaultHandler::setPermissionEvaluator);
				grantedAuthorityDefaults
					.ifUnique((defaults) -> defaultHandler.setDefaultRolePrefix(defaults.getRolePrefix()));
				return defaultHandler;
			});
			return new DestinationAuthorizationManager(handler, validator);
		}

		@Bean
		DestinationRulesInitializer wsAuthDestinationRulesInitializer(DestinationAuthorizationManager manager,
				WsAuthProperties properties) {
			List<DestinationRuleDefinition> definitions = new ArrayList<>();
			List<WsAuthProperties.Authorization.Rule> rules = properties.getAuthorization().getRules();
			for (int i = 0; i < rules.size(); i++) {
				WsAuthProperties.Authorization.Rule rule = rules.get(i);
				String source = "wsauth.authorization.rules[" + i + "]";
				// Validated with the properties.
				definitions
					.add(new DestinationRuleDefinition(rule.getCommand(), Objects.requireNonNull(rule.getDestination()),
							Objects.requireNonNull(rule.getAccess()), source));
			}
			return new DestinationRulesInitializer(manager, definitions);
		}

		@Bean
		@ConditionalOnMissingBean
		DestinationAuthorizationInterceptor wsAuthDestinationAuthorizationInterceptor(
				DestinationAuthorizationManager manager, WsAuthProperties properties, BeanFactory beanFactory,
				ApplicationEventPublisher eventPublisher) {
			DestinationAuthorizationInterceptor interceptor = new DestinationAuthorizationInterceptor(manager,
					clientOutboundChannel(beanFactory));
			interceptor.setDenialMode(properties.getAuthorization().getDenialMode());
			interceptor.setAuthorizationEventPublisher(new SpringAuthorizationEventPublisher(eventPublisher));
			return interceptor;
		}

	}

}
