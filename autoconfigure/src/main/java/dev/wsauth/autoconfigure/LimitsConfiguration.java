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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.wsauth.handshake.StompEndpointRequestMatcher;
import dev.wsauth.handshake.UpgradeObserver;
import dev.wsauth.handshake.UpgradeOutcome;
import dev.wsauth.limit.ConnectionLimitDecoratorFactory;
import dev.wsauth.limit.ConnectionLimiter;
import dev.wsauth.limit.ConnectionLimits;
import dev.wsauth.limit.InMemoryConnectionLimiter;
import dev.wsauth.limit.UpgradeRateFilter;
import dev.wsauth.limit.UpgradeRateLimiter;
import dev.wsauth.socket.ConnectionRegistry;

/**
 * Connections per user (in Redis when the application has one, imported ahead of this,
 * per node otherwise) and the upgrade rate per remote address. The frame rate is the
 * frame guard's.
 */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

	/**
	 * How often a node renews the connection slots it holds.
	 */
	static final Duration RENEW_INTERVAL = Duration.ofSeconds(10);

	/**
	 * How long a slot lasts unless renewed: three renewals, so that a slow renewal or a
	 * short store outage does not lose it, while a crashed node's slots free within it.
	 */
	static final Duration RESERVATION_TIME_TO_LIVE = RENEW_INTERVAL.multipliedBy(3);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("wsauth.limits.connections-per-user")
	static class ConnectionsPerUserConfiguration {

		@Bean
		@ConditionalOnMissingBean(ConnectionLimiter.class)
		InMemoryConnectionLimiter wsAuthInMemoryConnectionLimiter(WsAuthProperties properties) {
			return new InMemoryConnectionLimiter(connectionsPerUser(properties));
		}

		@Bean
		@ConditionalOnMissingBean
		ConnectionLimits wsAuthConnectionLimits(ConnectionLimiter limiter, ConnectionRegistry registry) {
			ConnectionLimits limits = new ConnectionLimits(limiter, registry);
			limits.setRenewInterval(RENEW_INTERVAL);
			return limits;
		}

		@Bean
		ConnectionLimitDecoratorFactory wsAuthConnectionLimitDecoratorFactory(ConnectionLimits limits) {
			return new ConnectionLimitDecoratorFactory(limits);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("wsauth.limits.upgrades-per-address.rate")
	static class UpgradesPerAddressConfiguration {

		@Bean
		@ConditionalOnMissingBean
		UpgradeRateLimiter wsAuthUpgradeRateLimiter(WsAuthProperties properties) {
			WsAuthProperties.Limits.UpgradesPerAddress upgrades = properties.getLimits().getUpgradesPerAddress();
			Integer rate = upgrades.getRate();
			return new UpgradeRateLimiter((rate != null) ? rate : 1, upgrades.getBurst(), upgrades.getMaxAddresses());
		}

		@Bean
		FilterRegistrationBean<UpgradeRateFilter> wsAuthUpgradeRateFilter(UpgradeRateLimiter limiter,
				StompEndpointRequestMatcher endpoints, UpgradeObserver observer,
				ObjectProvider<SecurityFilterProperties> securityFilterProperties) {
			UpgradeRateFilter filter = new UpgradeRateFilter(limiter, endpoints::matches);
			filter.setRefusalListener((request) -> observer.refused(request, UpgradeOutcome.RATE_LIMITED));
			FilterRegistrationBean<UpgradeRateFilter> registration = new FilterRegistrationBean<>(filter);
			// Before the handshake filter checks any credential, after
			// ForwardedHeaderFilter (highest precedence) set the client's address.
			registration.setOrder(WsAuthWiring.filterOrder(securityFilterProperties) - 1);
			return registration;
		}

	}

	static int connectionsPerUser(WsAuthProperties properties) {
		Integer limit = properties.getLimits().getConnectionsPerUser();
		return (limit != null) ? limit : Integer.MAX_VALUE;
	}

}
