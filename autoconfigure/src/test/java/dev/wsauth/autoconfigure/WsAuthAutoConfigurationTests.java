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

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.websocket.autoconfigure.servlet.WebSocketMessagingAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.PermissionEvaluator;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.expression.method.MethodSecurityExpressionHandler;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.config.core.GrantedAuthorityDefaults;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.SessionRepository;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import dev.wsauth.handshake.HandshakeAuthenticationFilter;
import dev.wsauth.handshake.HandshakeAuthenticator;
import dev.wsauth.handshake.HandshakeInterceptorInstaller;
import dev.wsauth.handshake.OriginPolicy;
import dev.wsauth.handshake.SessionHandshakeInterceptor;
import dev.wsauth.handshake.StompEndpointRequestMatcher;
import dev.wsauth.handshake.WebSocketUserDataResolver;
import dev.wsauth.preflight.PreflightFilter;
import dev.wsauth.preflight.SessionIdWriter;
import dev.wsauth.session.AuthenticatedSession;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.redis.RedisSessionRotationRegistry;
import dev.wsauth.session.InMemorySessionRotationRegistry;
import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.revocation.RevocationBroadcast;
import dev.wsauth.session.SessionEndMonitor;
import dev.wsauth.session.SessionKeepAlive;
import dev.wsauth.session.SessionKeepAliveDecoratorFactory;
import dev.wsauth.revocation.WebSocketRevocations;
import dev.wsauth.session.SessionLookup;
import dev.wsauth.session.SessionRotationRegistry;
import dev.wsauth.socket.WsAuthCloseStatus;
import dev.wsauth.topic.DenialReason;
import dev.wsauth.topic.DestinationAuthorizationDecision;
import dev.wsauth.topic.DestinationAuthorizationInterceptor;
import dev.wsauth.topic.DestinationAuthorizationManager;
import dev.wsauth.topic.DestinationRulesInitializer;
import dev.wsauth.topic.DestinationValidator;
import dev.wsauth.topic.SubscribeRule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link WsAuthAutoConfiguration}.
 *
 * @author wsauth
 */
class WsAuthAutoConfigurationTests {

	private static final Authentication ALICE = new TestingAuthenticationToken("alice", "secret", "ROLE_USER");

	private static final Authentication ADMIN = new TestingAuthenticationToken("root", "secret", "ROLE_ADMIN");

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebSocketMessagingAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				SecurityFilterAutoConfiguration.class, WsAuthAutoConfiguration.class))
		.withUserConfiguration(BrokerConfiguration.class);

	@Test
	void servletApplicationWithBrokerGetsAllBeans() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(WsAuthProperties.class)
				.hasSingleBean(SessionRotationRegistry.class)
				.hasSingleBean(SessionAuthenticationResolver.class)
				.hasSingleBean(OriginPolicy.class)
				.hasSingleBean(HandshakeAuthenticator.class)
				.hasSingleBean(WebSocketUserDataResolver.class)
				.hasSingleBean(SessionHandshakeInterceptor.class)
				.hasSingleBean(StompEndpointRequestMatcher.class)
				.hasSingleBean(HandshakeInterceptorInstaller.class)
				.hasSingleBean(ConnectionRegistry.class)
				.hasSingleBean(DestinationValidator.class)
				.hasSingleBean(DestinationAuthorizationManager.class)
				.hasSingleBean(DestinationRulesInitializer.class)
				.hasSingleBean(DestinationAuthorizationInterceptor.class)
				.hasBean("wsAuthHandshakeAuthenticationFilter")
				.hasBean("wsAuthPreflightFilter");
			assertThat(context.getBean(SessionRotationRegistry.class))
				.isInstanceOf(InMemorySessionRotationRegistry.class);
		});
	}

	@Test
	void handshakeInterceptorIsInstalledFirstOnStompEndpoint() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(StompEndpointRequestMatcher.class).getPatterns()).containsExactly("/ws");
			AbstractUrlHandlerMapping mapping = context.getBean(HandshakeInterceptorInstaller.HANDLER_MAPPING_BEAN_NAME,
					AbstractUrlHandlerMapping.class);
			Object handler = mapping.getHandlerMap().get("/ws");
			assertThat(handler).isInstanceOf(WebSocketHttpRequestHandler.class);
			assertThat(((WebSocketHttpRequestHandler) handler).getHandshakeInterceptors()).first()
				.isSameAs(context.getBean(SessionHandshakeInterceptor.class));
		});
	}

	@Test
	void endpointRequestMatcherMatchesStompEndpointOnly() {
		this.contextRunner.run((context) -> {
			StompEndpointRequestMatcher matcher = context.getBean(StompEndpointRequestMatcher.class);
			assertThat(matcher.matches(new MockHttpServletRequest("GET", "/ws"))).isTrue();
			assertThat(matcher.matches(new MockHttpServletRequest("GET", "/api"))).isFalse();
		});
	}

	@Test
	void destinationAuthorizationInterceptorIsOnClientInboundChannel() {
		this.contextRunner.run((context) -> {
			AbstractSubscribableChannel inbound = context.getBean("clientInboundChannel",
					AbstractSubscribableChannel.class);
			assertThat(inbound.getInterceptors()).contains(context.getBean(DestinationAuthorizationInterceptor.class));
		});
	}

	@Test
	void filtersAreOrderedAheadOfSpringSecurity() {
		this.contextRunner.run((context) -> {
			assertThat(filterRegistration(context, "wsAuthHandshakeAuthenticationFilter").getOrder())
				.isEqualTo(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
			assertThat(filterRegistration(context, "wsAuthPreflightFilter").getOrder())
				.isEqualTo(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
			assertThat(filterRegistration(context, "wsAuthHandshakeAuthenticationFilter").getFilter())
				.isInstanceOf(HandshakeAuthenticationFilter.class);
		});
	}

	@Test
	void filtersFollowCustomSecurityFilterOrder() {
		this.contextRunner.withPropertyValues("spring.security.filter.order=5")
			.run((context) -> assertThat(filterRegistration(context, "wsAuthPreflightFilter").getOrder())
				.isEqualTo(-5));
	}

	@Test
	void preflightPropertiesAreApplied() {
		this.contextRunner.withPropertyValues("wsauth.preflight.path=/auth/ws")
			.run((context) -> assertThat(
					((PreflightFilter) filterRegistration(context, "wsAuthPreflightFilter").getFilter()).getPath())
				.isEqualTo("/auth/ws"));
	}

	@Test
	void backsOffInNonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(WebSocketMessagingAutoConfiguration.class, WsAuthAutoConfiguration.class))
			.withUserConfiguration(BrokerConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(WsAuthAutoConfiguration.class)
				.doesNotHaveBean(DestinationAuthorizationInterceptor.class));
	}

	@Test
	void backsOffWithoutSpringSecurity() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(WebSocketMessagingAutoConfiguration.class, WsAuthAutoConfiguration.class))
			.withUserConfiguration(BrokerConfiguration.class)
			.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(WsAuthAutoConfiguration.class)
				.doesNotHaveBean(DestinationAuthorizationInterceptor.class));
	}

	@Test
	void backsOffWithoutMethodSecurityExpressionHandler() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MethodSecurityExpressionHandler.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(WsAuthAutoConfiguration.class)
				.doesNotHaveBean(DestinationAuthorizationInterceptor.class));
	}

	@Test
	void backsOffWithoutSecurityContextRepository() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(WebSocketMessagingAutoConfiguration.class, WsAuthAutoConfiguration.class))
			.withUserConfiguration(BrokerConfiguration.class)
			.withClassLoader(new FilteredClassLoader(SecurityContextRepository.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WsAuthAutoConfiguration.class));
	}

	@Test
	void backsOffWithoutMessageBroker() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebSocketMessagingAutoConfiguration.class,
					SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
					SecurityFilterAutoConfiguration.class, WsAuthAutoConfiguration.class))
			.withUserConfiguration(PlainConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(WsAuthAutoConfiguration.class)
				.doesNotHaveBean("wsAuthPreflightFilter"));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("wsauth.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(WsAuthAutoConfiguration.class)
				.doesNotHaveBean("wsAuthHandshakeAuthenticationFilter")
				.doesNotHaveBean("wsAuthPreflightFilter"));
	}

	@Test
	void preflightCanBeDisabled() {
		this.contextRunner.withPropertyValues("wsauth.preflight.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("wsAuthPreflightFilter")
				.hasBean("wsAuthHandshakeAuthenticationFilter"));
	}

	@Test
	void userWebSocketUserDataResolverReplacesDefault() {
		this.contextRunner.withUserConfiguration(UserDataResolverConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(WebSocketUserDataResolver.class)
				.hasBean("customUserDataResolver"));
	}

	@Test
	void userDestinationValidatorReplacesDefault() {
		this.contextRunner.withUserConfiguration(DestinationValidatorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(DestinationValidator.class).hasBean("customValidator");
			DestinationAuthorizationDecision decision = context.getBean(DestinationAuthorizationManager.class)
				.authorize(() -> ALICE, subscribe("/topic/boards.b1"));
			assertThat(decision.getReason()).isEqualTo(DenialReason.INVALID_DESTINATION);
		});
	}

	@Test
	void theApplicationsTrustResolverDecidesWhoIsAnonymous() {
		this.contextRunner.withUserConfiguration(TrustResolverConfiguration.class).run((context) -> {
			DestinationAuthorizationDecision decision = context.getBean(DestinationAuthorizationManager.class)
				.authorize(() -> ALICE, subscribe("/topic/boards.b1"));
			assertThat(decision.getReason()).isEqualTo(DenialReason.UNAUTHENTICATED);
		});
	}

	@Test
	void userOriginPolicyReplacesDefault() {
		this.contextRunner.withUserConfiguration(OriginPolicyConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(OriginPolicy.class).hasBean("customOriginPolicy"));
	}

	@Test
	void userSessionRotationRegistryReplacesDefault() {
		this.contextRunner.withUserConfiguration(RotationRegistryConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(SessionRotationRegistry.class)
				.hasBean("customRotations"));
	}

	@Test
	void userSessionAuthenticationResolverReplacesDefault() {
		this.contextRunner.withUserConfiguration(SessionResolverConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(SessionAuthenticationResolver.class)
				.hasBean("customResolver"));
	}

	@Test
	void userConnectionRegistryReplacesDefault() {
		this.contextRunner.withUserConfiguration(ConnectionRegistryConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ConnectionRegistry.class).hasBean("customConnections"));
	}

	@Test
	void userAuthorizationManagerAndInterceptorReplaceDefaults() {
		this.contextRunner.withUserConfiguration(AuthorizationConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(DestinationAuthorizationManager.class).hasBean("customManager");
			assertThat(context).hasSingleBean(DestinationAuthorizationInterceptor.class).hasBean("customInterceptor");
			AbstractSubscribableChannel inbound = context.getBean("clientInboundChannel",
					AbstractSubscribableChannel.class);
			assertThat(inbound.getInterceptors())
				.contains(context.getBean("customInterceptor", DestinationAuthorizationInterceptor.class));
		});
	}

	@Test
	void userSessionLookupAndSessionIdWriterReplaceDefaults() {
		this.contextRunner.withUserConfiguration(SessionRepositoryConfiguration.class, SessionBeansConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(SessionLookup.class).hasBean("customLookup");
				assertThat(context).hasSingleBean(SessionIdWriter.class).hasBean("customWriter");
			});
	}

	@Test
	void sessionLookupAndSessionIdWriterRequireSessionRepository() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(SessionLookup.class)
			.doesNotHaveBean(SessionIdWriter.class));
	}

	@Test
	void sessionEndMonitorAndLogoutCustomizerExistWithSessionRepository() {
		this.contextRunner.withUserConfiguration(SessionRepositoryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionEndMonitor.class);
			assertThat(context.getBean(SessionEndMonitor.class).isRunning()).isTrue();
			assertThat(context).hasBean("wsAuthLogoutCustomizer");
		});
	}

	@Test
	void sessionEndMonitorNeedsSessionRepositoryButLogoutCustomizerDoesNot() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(SessionEndMonitor.class)
			.hasBean("wsAuthLogoutCustomizer"));
	}

	@Test
	void closeOnEndCanBeSwitchedOff() {
		this.contextRunner.withUserConfiguration(SessionRepositoryConfiguration.class)
			.withPropertyValues("wsauth.session.close-on-end=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SessionEndMonitor.class)
				.doesNotHaveBean("wsAuthLogoutCustomizer"));
	}

	@Test
	void sessionLookupAndSessionIdWriterExistWithSessionRepository() {
		this.contextRunner.withUserConfiguration(SessionRepositoryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionLookup.class).hasSingleBean(SessionIdWriter.class);
			MockHttpServletResponse response = new MockHttpServletResponse();
			context.getBean(SessionIdWriter.class).write(new MockHttpServletRequest(), response, "current-id");
			assertThat(response.getHeader("Set-Cookie"))
				.startsWith("SESSION=" + Base64.getEncoder().encodeToString("current-id".getBytes()));
		});
	}

	@Test
	void oldSessionIdLeadsToSuccessorThroughSessionRepository() {
		this.contextRunner.withUserConfiguration(SessionRepositoryConfiguration.class).run((context) -> {
			MapSessionRepository repository = context.getBean(MapSessionRepository.class);
			MapSession session = repository.createSession();
			session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
					new SecurityContextImpl(ALICE));
			repository.save(session);
			context.getBean(SessionRotationRegistry.class).recordRotation("old-id", session.getId());
			MockHttpServletRequest request = new MockHttpServletRequest();
			request.setRequestedSessionId("old-id");
			request.setRequestedSessionIdFromCookie(true);
			AuthenticatedSession resolved = context.getBean(SessionAuthenticationResolver.class).resolve(request);
			assertThat(resolved).isNotNull();
			assertThat(resolved.sessionId()).isEqualTo(session.getId());
			assertThat(resolved.successor()).isTrue();
		});
	}

	@Test
	void keepAliveExistsWithSessionRepositoryAndStartsWithTheContext() {
		this.contextRunner.withUserConfiguration(SessionRepositoryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionKeepAlive.class)
				.hasSingleBean(SessionKeepAliveDecoratorFactory.class);
			assertThat(context.getBean(SessionKeepAlive.class).isRunning()).isTrue();
		});
	}

	@Test
	void keepAliveNeedsSessionRepositoryAndCanBeSwitchedOff() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(SessionKeepAlive.class)
			.doesNotHaveBean(SessionKeepAliveDecoratorFactory.class));
		this.contextRunner.withUserConfiguration(SessionRepositoryConfiguration.class)
			.withPropertyValues("wsauth.session.keep-alive=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SessionKeepAlive.class)
				.doesNotHaveBean(SessionKeepAliveDecoratorFactory.class));
	}

	@Test
	void revocationsActOnThisNodeWithoutRedis() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(WebSocketRevocations.class)
			.doesNotHaveBean(RevocationBroadcast.class));
	}

	@Test
	void revocationsBackOffWithoutRedisOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(WebSocketRevocations.class)
				.doesNotHaveBean(RevocationBroadcast.class));
	}

	@Test
	void sessionBeansBackOffWithoutSpringSession() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SessionRepository.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SessionLookup.class)
				.doesNotHaveBean(SessionIdWriter.class)
				.hasSingleBean(SessionAuthenticationResolver.class));
	}

	@Test
	void allowedOriginsAreApplied() {
		this.contextRunner
			.withPropertyValues("wsauth.allowed-origins=https://a.example",
					"wsauth.allowed-origin-patterns=https://*.b.example")
			.run((context) -> {
				OriginPolicy policy = context.getBean(OriginPolicy.class);
				assertThat(policy.isExplicitlyAllowed("https://a.example")).isTrue();
				assertThat(policy.isExplicitlyAllowed("https://x.b.example")).isTrue();
				assertThat(policy.isExplicitlyAllowed("https://c.example")).isFalse();
			});
	}

	@Test
	void allowedOriginWithTrailingSlashFailsStartup() {
		this.contextRunner.withPropertyValues("wsauth.allowed-origins=https://a.example/")
			.run((context) -> assertStartupFailure(context, "wsauth.allowed-origins", "https://a.example/"));
	}

	@Test
	void catchAllOriginPatternFailsStartup() {
		this.contextRunner.withPropertyValues("wsauth.allowed-origin-patterns=*")
			.run((context) -> assertStartupFailure(context, "wsauth.allowed-origin-patterns"));
	}

	@Test
	void rotationGraceOverFiveMinutesFailsStartup() {
		this.contextRunner.withPropertyValues("wsauth.preflight.rotation-grace=10m")
			.run((context) -> assertStartupFailure(context, "wsauth.preflight.rotation-grace"));
	}

	@Test
	void rotationGraceOfFiveMinutesIsAccepted() {
		this.contextRunner.withPropertyValues("wsauth.preflight.rotation-grace=5m")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void ruleWithoutAccessFailsStartup() {
		this.contextRunner.withPropertyValues("wsauth.authorization.rules[0].destination=/topic/admin")
			.run((context) -> assertStartupFailure(context, "wsauth.authorization.rules[0].access"));
	}

	@Test
	void ruleWithEmptyAccessFailsStartup() {
		this.contextRunner
			.withPropertyValues("wsauth.authorization.rules[0].destination=/topic/admin",
					"wsauth.authorization.rules[0].access= ")
			.run((context) -> assertStartupFailure(context, "wsauth.authorization.rules[0].access"));
	}

	@Test
	void ruleWithoutDestinationFailsStartup() {
		this.contextRunner.withPropertyValues("wsauth.authorization.rules[0].access=permitAll()")
			.run((context) -> assertStartupFailure(context, "wsauth.authorization.rules[0].destination"));
	}

	@Test
	void propertyRuleDuplicatingAnnotatedRuleFailsStartup() {
		this.contextRunner.withUserConfiguration(BoardRules.class)
			.withPropertyValues("wsauth.authorization.rules[0].destination=/topic/boards.{boardId}",
					"wsauth.authorization.rules[0].access=permitAll()")
			.run((context) -> assertStartupFailure(context, "wsauth.authorization.rules[0]", "BoardRules#read"));
	}

	@Test
	void propertyRuleDuplicatingAnnotatedRuleWithOtherVariableNameFailsStartup() {
		this.contextRunner.withUserConfiguration(BoardRules.class)
			.withPropertyValues("wsauth.authorization.rules[0].destination=/topic/boards.{id}",
					"wsauth.authorization.rules[0].access=permitAll()")
			.run((context) -> assertStartupFailure(context, "wsauth.authorization.rules[0]", "BoardRules#read"));
	}

	@Test
	void ruleMethodWithoutPreAuthorizeFailsStartup() {
		this.contextRunner.withUserConfiguration(UnguardedRules.class)
			.run((context) -> assertStartupFailure(context, "UnguardedRules#open", "@PreAuthorize"));
	}

	@Test
	void ruleMethodWithUnknownParameterFailsStartup() {
		this.contextRunner.withUserConfiguration(MismatchedRules.class)
			.run((context) -> assertStartupFailure(context, "MismatchedRules#read", "id"));
	}

	@Test
	void propertyRulesAndAnnotatedRulesDecide() {
		this.contextRunner.withUserConfiguration(BoardRules.class)
			.withPropertyValues("wsauth.authorization.rules[0].destination=/topic/users.{name}",
					"wsauth.authorization.rules[0].access=#name == authentication.name")
			.run((context) -> {
				DestinationAuthorizationManager manager = context.getBean(DestinationAuthorizationManager.class);
				assertThat(manager.getRuleDescriptions()).containsExactlyInAnyOrder("SUBSCRIBE /topic/users.{name}",
						"SUBSCRIBE /topic/boards.{boardId}");
				assertThat(manager.authorize(() -> ALICE, subscribe("/topic/users.alice")).isGranted()).isTrue();
				assertThat(manager.authorize(() -> ALICE, subscribe("/topic/users.bob")).isGranted()).isFalse();
				assertThat(manager.authorize(() -> ALICE, subscribe("/topic/boards.b1")).isGranted()).isTrue();
				assertThat(manager.authorize(() -> ALICE, subscribe("/topic/boards.b2")).isGranted()).isFalse();
			});
	}

	@Test
	void sendRulesComeFromProperties() {
		this.contextRunner
			.withPropertyValues("wsauth.authorization.rules[0].destination=/app/chat",
					"wsauth.authorization.rules[0].command=send", "wsauth.authorization.rules[0].access=permitAll()")
			.run((context) -> {
				DestinationAuthorizationManager manager = context.getBean(DestinationAuthorizationManager.class);
				assertThat(manager.authorize(() -> ALICE, send("/app/chat")).isGranted()).isTrue();
				assertThat(manager.authorize(() -> ALICE, subscribe("/app/chat")).isGranted()).isFalse();
			});
	}

	@Test
	void userDestinationPrefixFollowsBrokerConfiguration() {
		this.contextRunner.withUserConfiguration(CustomUserPrefixConfiguration.class).run((context) -> {
			DestinationAuthorizationManager manager = context.getBean(DestinationAuthorizationManager.class);
			assertThat(manager.authorize(() -> ALICE, subscribe("/me/queue/x")).isGranted()).isTrue();
			assertThat(manager.authorize(() -> ALICE, subscribe("/user/queue/x")).isGranted()).isFalse();
		});
	}

	@Test
	void roleHierarchyBeanAppliesToRules() {
		this.contextRunner.withUserConfiguration(RoleHierarchyConfiguration.class)
			.withPropertyValues("wsauth.authorization.rules[0].destination=/topic/users",
					"wsauth.authorization.rules[0].access=hasRole('USER')")
			.run((context) -> assertThat(context.getBean(DestinationAuthorizationManager.class)
				.authorize(() -> ADMIN, subscribe("/topic/users"))
				.isGranted()).isTrue());
	}

	@Test
	void adminIsNotUserWithoutRoleHierarchyBean() {
		this.contextRunner
			.withPropertyValues("wsauth.authorization.rules[0].destination=/topic/users",
					"wsauth.authorization.rules[0].access=hasRole('USER')")
			.run((context) -> assertThat(context.getBean(DestinationAuthorizationManager.class)
				.authorize(() -> ADMIN, subscribe("/topic/users"))
				.isGranted()).isFalse());
	}

	@Test
	void permissionEvaluatorBeanAppliesToRules() {
		this.contextRunner.withUserConfiguration(PermissionEvaluatorConfiguration.class)
			.withPropertyValues("wsauth.authorization.rules[0].destination=/topic/boards.{boardId}",
					"wsauth.authorization.rules[0].access=hasPermission(#boardId, 'read')")
			.run((context) -> {
				DestinationAuthorizationManager manager = context.getBean(DestinationAuthorizationManager.class);
				assertThat(manager.authorize(() -> ALICE, subscribe("/topic/boards.b1")).isGranted()).isTrue();
				assertThat(manager.authorize(() -> ALICE, subscribe("/topic/boards.b2")).isGranted()).isFalse();
			});
	}

	@Test
	void grantedAuthorityDefaultsApplyToRules() {
		this.contextRunner.withUserConfiguration(GrantedAuthorityDefaultsConfiguration.class)
			.withPropertyValues("wsauth.authorization.rules[0].destination=/topic/users",
					"wsauth.authorization.rules[0].access=hasRole('USER')")
			.run((context) -> {
				DestinationAuthorizationManager manager = context.getBean(DestinationAuthorizationManager.class);
				Authentication custom = new TestingAuthenticationToken("carol", "secret", "GROUP_USER");
				assertThat(manager.authorize(() -> custom, subscribe("/topic/users")).isGranted()).isTrue();
				assertThat(manager.authorize(() -> ALICE, subscribe("/topic/users")).isGranted()).isFalse();
			});
	}

	@Test
	void beanReferencesWorkInRules() {
		this.contextRunner.withUserConfiguration(BoardsConfiguration.class)
			.withPropertyValues("wsauth.authorization.rules[0].destination=/topic/boards.{boardId}",
					"wsauth.authorization.rules[0].access=@boards.isMember(authentication.name, #boardId)")
			.run((context) -> {
				DestinationAuthorizationManager manager = context.getBean(DestinationAuthorizationManager.class);
				assertThat(manager.authorize(() -> ALICE, subscribe("/topic/boards.b1")).isGranted()).isTrue();
				assertThat(manager.authorize(() -> ALICE, subscribe("/topic/boards.b2")).isGranted()).isFalse();
			});
	}

	@Test
	void userExpressionHandlerIsUsed() {
		this.contextRunner.withUserConfiguration(ExpressionHandlerConfiguration.class)
			.withPropertyValues("wsauth.authorization.rules[0].destination=/topic/users",
					"wsauth.authorization.rules[0].access=hasRole('USER')")
			.run((context) -> assertThat(context.getBean(DestinationAuthorizationManager.class)
				.authorize(() -> ADMIN, subscribe("/topic/users"))
				.isGranted()).isTrue());
	}

	@Test
	void denialModeCloseIsApplied() {
		this.contextRunner.withPropertyValues("wsauth.authorization.denial-mode=close").run((context) -> {
			Map<String, Object> attributes = new HashMap<>();
			Message<byte[]> frame = subscribe("/topic/secret", attributes);
			assertThat(context.getBean(DestinationAuthorizationInterceptor.class).preSend(frame, null)).isNull();
			assertThat(attributes).containsValue(WsAuthCloseStatus.FORBIDDEN);
		});
	}

	@Test
	void denialPublishesAuthorizationDeniedEventInContext() {
		this.contextRunner.withUserConfiguration(DeniedEventsConfiguration.class).run((context) -> {
			Message<byte[]> frame = subscribe("/topic/secret");
			assertThat(context.getBean(DestinationAuthorizationInterceptor.class).preSend(frame, null)).isNull();
			assertThat(context.getBean(DeniedEventsConfiguration.class).events).singleElement()
				.satisfies((event) -> assertThat(event.getSource()).isSameAs(frame));
		});
	}

	private static FilterRegistrationBean<?> filterRegistration(AssertableWebApplicationContext context, String name) {
		return context.getBean(name, FilterRegistrationBean.class);
	}

	private static void assertStartupFailure(AssertableWebApplicationContext context, String... expected) {
		assertThat(context).hasFailed();
		StringBuilder messages = new StringBuilder();
		for (Throwable failure = context.getStartupFailure(); failure != null; failure = failure.getCause()) {
			messages.append(failure.getMessage()).append('\n');
		}
		assertThat(messages.toString()).contains(expected);
	}

	private static Message<byte[]> subscribe(String destination) {
		return subscribe(destination, null);
	}

	private static Message<byte[]> subscribe(String destination, Map<String, Object> attributes) {
		return message(SimpMessageType.SUBSCRIBE, destination, attributes);
	}

	private static Message<byte[]> send(String destination) {
		return message(SimpMessageType.MESSAGE, destination, null);
	}

	private static Message<byte[]> message(SimpMessageType type, String destination, Map<String, Object> attributes) {
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(type);
		accessor.setDestination(destination);
		accessor.setSessionId("s1");
		accessor.setSubscriptionId("sub-1");
		accessor.setUser(ALICE);
		if (attributes != null) {
			accessor.setSessionAttributes(attributes);
		}
		return MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	static class BrokerConfiguration implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/ws");
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.setApplicationDestinationPrefixes("/app");
			registry.enableSimpleBroker("/topic", "/queue");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	static class CustomUserPrefixConfiguration implements WebSocketMessageBrokerConfigurer {

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.setUserDestinationPrefix("/me");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDataResolverConfiguration {

		@Bean
		WebSocketUserDataResolver customUserDataResolver() {
			return (authentication, request) -> authentication.getName();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DestinationValidatorConfiguration {

		@Bean
		DestinationValidator customValidator() {
			return (destination) -> false;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TrustResolverConfiguration {

		@Bean
		AuthenticationTrustResolver everyoneIsAnonymous() {
			AuthenticationTrustResolverImpl resolver = new AuthenticationTrustResolverImpl();
			resolver.setAnonymousClass(ALICE.getClass());
			return resolver;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OriginPolicyConfiguration {

		@Bean
		OriginPolicy customOriginPolicy() {
			return new OriginPolicy(List.of("https://a.example"), List.of(), false);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RotationRegistryConfiguration {

		@Bean
		SessionRotationRegistry customRotations() {
			return new InMemorySessionRotationRegistry(Duration.ofSeconds(1));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SessionResolverConfiguration {

		@Bean
		SessionAuthenticationResolver customResolver() {
			return new SessionAuthenticationResolver(new InMemorySessionRotationRegistry(Duration.ZERO), null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConnectionRegistryConfiguration {

		@Bean
		ConnectionRegistry customConnections() {
			return new ConnectionRegistry(() -> null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AuthorizationConfiguration {

		@Bean
		DestinationAuthorizationManager customManager() {
			return new DestinationAuthorizationManager(new DefaultMethodSecurityExpressionHandler(),
					(destination) -> true);
		}

		@Bean
		DestinationAuthorizationInterceptor customInterceptor(DestinationAuthorizationManager manager) {
			return new DestinationAuthorizationInterceptor(manager, () -> null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SessionRepositoryConfiguration {

		@Bean
		MapSessionRepository sessionRepository() {
			return new MapSessionRepository(new ConcurrentHashMap<>());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SessionBeansConfiguration {

		@Bean
		SessionLookup customLookup() {
			return (sessionId, attributeName) -> null;
		}

		@Bean
		SessionIdWriter customWriter() {
			return (request, response, sessionId) -> {
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RoleHierarchyConfiguration {

		@Bean
		RoleHierarchy roleHierarchy() {
			return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_USER");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PermissionEvaluatorConfiguration {

		@Bean
		PermissionEvaluator permissionEvaluator() {
			return new PermissionEvaluator() {

				@Override
				public boolean hasPermission(Authentication authentication, Object target, Object permission) {
					return "b1".equals(target) && "read".equals(permission);
				}

				@Override
				public boolean hasPermission(Authentication authentication, Serializable targetId, String targetType,
						Object permission) {
					return false;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GrantedAuthorityDefaultsConfiguration {

		@Bean
		GrantedAuthorityDefaults grantedAuthorityDefaults() {
			return new GrantedAuthorityDefaults("GROUP_");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ExpressionHandlerConfiguration {

		@Bean
		MethodSecurityExpressionHandler methodSecurityExpressionHandler() {
			DefaultMethodSecurityExpressionHandler handler = new DefaultMethodSecurityExpressionHandler();
			handler.setRoleHierarchy(RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_USER"));
			return handler;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BoardsConfiguration {

		@Bean
		Boards boards() {
			return new Boards();
		}

	}

	static class Boards {

		public boolean isMember(String user, String boardId) {
			return "alice".equals(user) && "b1".equals(boardId);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DeniedEventsConfiguration implements ApplicationListener<AuthorizationDeniedEvent<?>> {

		final List<AuthorizationDeniedEvent<?>> events = new ArrayList<>();

		@Override
		public void onApplicationEvent(AuthorizationDeniedEvent<?> event) {
			this.events.add(event);
		}

	}

	@Test
	void redisSessionsGetTheRotationRegistryInRedis() {
		this.contextRunner.withUserConfiguration(RedisSessionsConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionRotationRegistry.class);
			assertThat(context.getBean(SessionRotationRegistry.class)).isInstanceOf(RedisSessionRotationRegistry.class);
			assertThat(context.getBean(SessionEndMonitor.class)).isNotNull();
		});
	}

	@Test
	void redisWithoutRedisSessionsKeepsTheInMemoryRotationRegistry() {
		this.contextRunner.withBean(StringRedisTemplate.class, () -> mock(StringRedisTemplate.class))
			.run((context) -> assertThat(context.getBean(SessionRotationRegistry.class))
				.isInstanceOf(InMemorySessionRotationRegistry.class));
	}

	@Test
	void withoutSpringDataRedisTheInMemoryRotationRegistryIsUsed() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(StringRedisTemplate.class))
			.withUserConfiguration(SessionRepositoryOnlyConfiguration.class)
			.run((context) -> assertThat(context.getBean(SessionRotationRegistry.class))
				.isInstanceOf(InMemorySessionRotationRegistry.class));
	}

	@Test
	void userRotationRegistryReplacesTheRedisOne() {
		this.contextRunner.withUserConfiguration(RedisSessionsConfiguration.class)
			.withBean(SessionRotationRegistry.class, () -> new InMemorySessionRotationRegistry(Duration.ofSeconds(1)))
			.run((context) -> assertThat(context.getBean(SessionRotationRegistry.class))
				.isInstanceOf(InMemorySessionRotationRegistry.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class RedisSessionsConfiguration {

		@Bean
		RedisSessionRepository sessionRepository() {
			return mock(RedisSessionRepository.class);
		}

		@Bean
		StringRedisTemplate stringRedisTemplate() {
			return mock(StringRedisTemplate.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SessionRepositoryOnlyConfiguration {

		@Bean
		MapSessionRepository sessionRepository() {
			return new MapSessionRepository(new java.util.concurrent.ConcurrentHashMap<>());
		}

	}

	static class BoardRules {

		@SubscribeRule("/topic/boards.{boardId}")
		@PreAuthorize("authentication.name == 'alice' and #boardId == 'b1'")
		void read(String boardId) {
		}

	}

	static class UnguardedRules {

		@SubscribeRule("/topic/open")
		void open() {
		}

	}

	static class MismatchedRules {

		@SubscribeRule("/topic/boards.{boardId}")
		@PreAuthorize("permitAll()")
		void read(String id) {
		}

	}

}
