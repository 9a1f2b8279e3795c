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
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.wsauth.health.RevocationBroadcastHealthIndicator;
import dev.wsauth.redis.RedisRevocationBroadcast;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for wsauth's health indicator
 * ({@code wsauth}): whether this node receives the revocation broadcast. Disabled with
 * {@code management.health.wsauth.enabled=false}.
 *
 * @author wsauth
 * @since 0.1.0
 */
@AutoConfiguration(after = WsAuthAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(RedisRevocationBroadcast.class)
@ConditionalOnEnabledHealthIndicator("wsauth")
public final class WsAuthHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "wsauthHealthIndicator")
	RevocationBroadcastHealthIndicator wsauthHealthIndicator(RedisRevocationBroadcast broadcast) {
		return new RevocationBroadcastHealthIndicator(broadcast);
	}

}
