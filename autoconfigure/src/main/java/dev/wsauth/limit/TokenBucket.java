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

package dev.wsauth.limit;

import org.springframework.util.Assert;

/**
 * A token bucket: it holds at most {@code capacity} tokens, starts full, and refills
 * continuously at {@code perSecond} tokens per second. Thread-safe.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class TokenBucket {

	private static final double NANOS_PER_SECOND = 1_000_000_000d;

	private final double capacity;

	private final double tokensPerNano;

	private double tokens;

	private long refilledAt;

	/**
	 * Create a full bucket.
	 * @param perSecond tokens added per second
	 * @param capacity most tokens held, the largest burst
	 * @param now the current {@link System#nanoTime()}
	 */
	public TokenBucket(double perSecond, int capacity, long now) {
		Assert.isTrue(perSecond > 0, "'perSecond' must be positive");
		Assert.isTrue(capacity > 0, "'capacity' must be positive");
		this.capacity = capacity;
		this.tokensPerNano = perSecond / NANOS_PER_SECOND;
		this.tokens = capacity;
		this.refilledAt = now;
	}

	/**
	 * Take one token.
	 * @param now the current {@link System#nanoTime()}
	 * @return {@code true} if a token was taken, {@code false} if the bucket is empty
	 */
	public synchronized boolean tryTake(long now) {
		refill(now);
		if (this.tokens < 1) {
			return false;
		}
		this.tokens -= 1;
		return true;
	}

	/**
	 * Return how long until a token is available.
	 * @param now the current {@link System#nanoTime()}
	 * @return nanoseconds, {@code 0} if one is available now
	 */
	public synchronized long nanosUntilAvailable(long now) {
		refill(now);
		return (this.tokens >= 1) ? 0 : (long) Math.ceil((1 - this.tokens) / this.tokensPerNano);
	}

	/**
	 * Return whether the bucket is full, so that forgetting it loses nothing.
	 * @param now the current {@link System#nanoTime()}
	 * @return {@code true} if full
	 */
	public synchronized boolean isFull(long now) {
		refill(now);
		return this.tokens >= this.capacity;
	}

	private void refill(long now) {
		long elapsed = now - this.refilledAt;
		if (elapsed > 0) {
			this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.tokensPerNano);
			this.refilledAt = now;
		}
	}

}
