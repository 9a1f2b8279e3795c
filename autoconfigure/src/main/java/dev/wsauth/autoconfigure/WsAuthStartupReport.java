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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.messaging.simp.SimpMessageMappingInfo;
import org.springframework.messaging.simp.SimpMessageTypeMessageCondition;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.annotation.support.SimpAnnotationMethodMessageHandler;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.session.SessionRepository;
import org.springframework.util.ClassUtils;

import dev.wsauth.handshake.StompEndpointRequestMatcher;
import dev.wsauth.revocation.RevocationBroadcast;
import dev.wsauth.topic.DestinationAuthorizationManager;
import dev.wsauth.topic.DestinationCommand;

/**
 * Says at startup, in one INFO line, what wsauth secured, and warns of configuration that
 * cannot be what was meant: a CONNECT-authentication endpoint that is not a registered
 * STOMP endpoint, and destinations no rule covers (frames to them are always denied).
 * With {@code wsauth.authorization.require-coverage=true} the latter fails startup
 * instead.
 *
 * @author wsauth
 */
final class WsAuthStartupReport implements ApplicationListener<ContextRefreshedEvent> {

	private static final Log logger = LogFactory.getLog(WsAuthStartupReport.class);

	private final ApplicationContext context;

	private final WsAuthProperties properties;

	private final AtomicBoolean reported = new AtomicBoolean();

	WsAuthStartupReport(ApplicationContext context, WsAuthProperties properties) {
		this.context = context;
		this.properties = properties;
	}

	@Override
	public void onApplicationEvent(ContextRefreshedEvent event) {
		if (event.getApplicationContext() != this.context || !this.reported.compareAndSet(false, true)) {
			return;
		}
		List<String> endpoints = endpoints();
		warnOfUnknownConnectEndpoints(endpoints);
		DestinationAuthorizationManager manager = this.context.getBeanProvider(DestinationAuthorizationManager.class)
			.getIfUnique();
		if (manager != null) {
			checkCoverage(manager, uncovered(manager));
		}
		if (logger.isInfoEnabled()) {
			logger.info(summary(endpoints, manager));
		}
	}

	private List<String> endpoints() {
		StompEndpointRequestMatcher matcher = this.context.getBeanProvider(StompEndpointRequestMatcher.class)
			.getIfUnique();
		return (matcher != null) ? matcher.getEndpoints() : List.of();
	}

	private void warnOfUnknownConnectEndpoints(List<String> endpoints) {
		for (String endpoint : this.properties.getConnectAuthentication().getEndpoints()) {
			if (!endpoints.contains(endpoint)) {
				logger.warn("wsauth.connect-authentication.endpoints entry '" + endpoint
						+ "' matches no registered STOMP endpoint " + endpoints);
			}
		}
	}

	private String summary(List<String> endpoints, DestinationAuthorizationManager manager) {
		WsAuthProperties.Preflight preflight = this.properties.getPreflight();
		StringBuilder summary = new StringBuilder("wsauth secured STOMP endpoints ").append(endpoints);
		summary.append(preflight.isEnabled() ? "; preflight POST " + preflight.getPath() : "; no preflight");
		summary.append("; ").append((manager != null) ? manager.getRuleCount() : 0).append(" destination rules");
		summary.append("; sessions in ").append(sessionStore());
		summary.append("; revocation broadcast ")
			.append(this.context.getBeanProvider(RevocationBroadcast.class).getIfUnique() != null ? "on" : "off");
		return summary.toString();
	}

	private String sessionStore() {
		ListableBeanFactory beanFactory = this.context;
		String[] names = beanFactory.getBeanNamesForType(SessionRepository.class, false, false);
		if (names.length == 0) {
			return "the servlet container";
		}
		Class<?> type = beanFactory.getType(names[0]);
		// Configuration classes may be proxied: name the user's class, not the proxy.
		return (type != null) ? ClassUtils.getUserClass(type).getSimpleName() : names[0];
	}

	List<String> uncovered(DestinationAuthorizationManager manager) {
		Set<String> uncovered = new LinkedHashSet<>();
		for (AbstractBrokerMessageHandler broker : this.context.getBeansOfType(AbstractBrokerMessageHandler.class)
			.values()) {
			for (String prefix : broker.getDestinationPrefixes()) {
				if (!manager.hasRuleUnder(DestinationCommand.SUBSCRIBE, prefix)) {
					uncovered.add("SUBSCRIBE " + (prefix.endsWith("/") ? prefix : prefix + "/") + "** (broker prefix)");
				}
			}
		}
		for (SimpAnnotationMethodMessageHandler handler : this.context
			.getBeansOfType(SimpAnnotationMethodMessageHandler.class)
			.values()) {
			for (SimpMessageMappingInfo mapping : handler.getHandlerMethods().keySet()) {
				DestinationCommand command = command(mapping);
				for (String pattern : mapping.getDestinationConditions().getPatterns()) {
					for (String prefix : handler.getDestinationPrefixes()) {
						String destination = join(prefix, pattern);
						if (!manager.hasRuleFor(command, sample(destination))) {
							uncovered.add(command + " " + destination + " (@MessageMapping)");
						}
					}
				}
			}
		}
		return new ArrayList<>(uncovered);
	}

	private void checkCoverage(DestinationAuthorizationManager manager, List<String> uncovered) {
		if (uncovered.isEmpty()) {
			return;
		}
		if (this.properties.getAuthorization().isRequireCoverage()) {
			throw new InvalidWsAuthPropertyException("wsauth.authorization.require-coverage",
					"no destination rule covers " + String.join(", ", uncovered),
					"Add a rule (wsauth.authorization.rules, @SubscribeRule or @SendRule) for each, "
							+ "or set wsauth.authorization.require-coverage=false",
					null);
		}
		logger.warn("No wsauth destination rule covers " + String.join(", ", uncovered)
				+ "; frames to these destinations are always denied");
	}

	private static DestinationCommand command(SimpMessageMappingInfo mapping) {
		SimpMessageTypeMessageCondition type = mapping.getMessageTypeMessageCondition();
		return (type.getMessageType() == SimpMessageType.SUBSCRIBE) ? DestinationCommand.SUBSCRIBE
				: DestinationCommand.SEND;
	}

	private static String join(String prefix, String pattern) {
		if (prefix.endsWith("/") && pattern.startsWith("/")) {
			return prefix + pattern.substring(1);
		}
		return (prefix.endsWith("/") || pattern.startsWith("/")) ? prefix + pattern : prefix + "/" + pattern;
	}

	/**
	 * One concrete destination a mapping pattern matches: each variable and wildcard
	 * replaced by a plain value.
	 */
	static String sample(String pattern) {
		return pattern.replaceAll("\\{[^}]*}", "x").replace("**", "x").replace("*", "x").replace("?", "x");
	}

}
