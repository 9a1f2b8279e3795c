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

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.wsauth.metrics.WsAuthMetrics;
import dev.wsauth.redis.RedisRevocationBroadcast;
import dev.wsauth.session.SessionEndMonitor;
import dev.wsauth.socket.ConnectionRegistry;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for wsauth's Micrometer meters. The
 * decisions themselves (upgrades, preflights, tickets, SUBSCRIBE and SEND) are
 * observations, which Spring Boot turns into timers.
 *
 * @author wsauth
 * @since 0.1.0
 */
@AutoConfiguration(after = WsAuthAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, ConnectionRegistry.class })
public final class WsAuthMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WsAuthMetrics wsAuthMetrics(ConnectionRegistry registry, ObjectProvider<SessionEndMonitor> monitor,
			ObjectProvider<RedisRevocationBroadcast> broadcast) {
		WsAuthMetrics metrics = new WsAuthMetrics(registry);
		monitor.ifAvailable((endMonitor) -> endMonitor.setDetectionLagListener(metrics::recordSessionEndLag));
		broadcast.ifAvailable((redis) -> redis.setLagListener(metrics::recordRevocationLag));
		return metrics;
	}

}
