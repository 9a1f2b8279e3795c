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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.SessionRepository;

import dev.wsauth.limit.ConnectionLimiter;
import dev.wsauth.redis.RedisConnectionLimiter;
import dev.wsauth.redis.RedisSessionRotationRegistry;
import dev.wsauth.redis.RedisRevocationBroadcast;
import dev.wsauth.revocation.RevocationBroadcast;
import dev.wsauth.session.SessionEndMonitor;
import dev.wsauth.session.SessionRecordRemover;
import dev.wsauth.session.SessionRotationRegistry;
import dev.wsauth.redis.RedisTicketStore;
import dev.wsauth.ticket.TicketStore;

/**
 * Everything wsauth keeps in the application's Redis, so that every node sees it:
 * rotations and ended sessions (with sessions in Redis), revocations, and tickets.
 * Imported ahead of the in-memory defaults these replace.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedisConnectionFactory.class)
class RedisConfiguration {

	/**
	 * With sessions in Redis, rotations are recorded in the same Redis so that every node
	 * follows an old id within the grace period.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ StringRedisTemplate.class, SessionRepository.class })
	@Conditional(OnRedisSessionRepositoryCondition.class)
	static class SessionStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(SessionRotationRegistry.class)
		@ConditionalOnSingleCandidate(StringRedisTemplate.class)
		RedisSessionRotationRegistry wsAuthRedisSessionRotationRegistry(StringRedisTemplate redis,
				WsAuthProperties properties) {
			return new RedisSessionRotationRegistry(redis, WsAuthWiring.rotationGrace(properties),
					WsAuthWiring.endedRetention(properties));
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "wsauth.session.revocations.broadcast", matchIfMissing = true)
	static class RevocationBroadcastConfiguration {

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

	/**
	 * A ticket issued by one node opens a socket on any node, once.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StringRedisTemplate.class)
	@ConditionalOnBooleanProperty(name = "wsauth.ticket.enabled", matchIfMissing = true)
	static class TicketStoreConfiguration {

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

	/**
	 * The connections of each user, counted for the whole cluster.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StringRedisTemplate.class)
	@ConditionalOnProperty("wsauth.limits.connections-per-user")
	static class ConnectionLimiterConfiguration {

		@Bean
		@ConditionalOnMissingBean(ConnectionLimiter.class)
		@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
		RedisConnectionLimiter wsAuthRedisConnectionLimiter(RedisConnectionFactory connectionFactory,
				ObjectProvider<StringRedisTemplate> redis, WsAuthProperties properties) {
			StringRedisTemplate template = redis.getIfUnique(() -> new StringRedisTemplate(connectionFactory));
			RedisConnectionLimiter limiter = new RedisConnectionLimiter(template,
					LimitsConfiguration.connectionsPerUser(properties), LimitsConfiguration.RESERVATION_TIME_TO_LIVE);
			limiter.setKeyPrefix(properties.getLimits().getConnectionsRedisKeyPrefix());
			return limiter;
		}

	}

}
