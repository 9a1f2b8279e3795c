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
package dev.wsauth.health;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

import dev.wsauth.redis.RedisRevocationBroadcast;

/**
 * Reports whether this node is subscribed to the revocation broadcast: while it is not,
 * logouts and revocations on other nodes do not close this node's sockets until the
 * session end monitor's next reconciliation, so the node is {@code DOWN}.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class RevocationBroadcastHealthIndicator extends AbstractHealthIndicator {

	private final RedisRevocationBroadcast broadcast;

	/**
	 * Create an indicator.
	 * @param broadcast the broadcast
	 */
	public RevocationBroadcastHealthIndicator(RedisRevocationBroadcast broadcast) {
		super("Revocation broadcast health check failed");
		Assert.notNull(broadcast, "'broadcast' must not be null");
		this.broadcast = broadcast;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean subscribed = this.broadcast.isSubscribed();
		(subscribed ? builder.up() : builder.down()).withDetail("broadcast", "redis")
			.withDetail("channel", this.broadcast.getChannel())
			.withDetail("subscribed", subscribed);
	}

}
