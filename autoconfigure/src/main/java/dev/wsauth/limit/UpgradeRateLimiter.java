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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.springframework.util.Assert;

/**
 * Limits the rate of upgrades per remote address on this node with a token bucket per
 * address. Memory is bounded: at most {@code maxAddresses} buckets are kept, and the
 * least recently used one is forgotten to make room (a flood from many addresses can only
 * make the limit forget addresses, never grow the node's memory).
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class UpgradeRateLimiter {

	private final double perSecond;

	private final int burst;

	private final LongSupplier clock;

	private final Map<String, TokenBucket> buckets;

	/**
	 * Create a limiter.
	 * @param perSecond upgrades per second an address may open on average
	 * @param burst upgrades an address may open at once
	 * @param maxAddresses most addresses remembered
	 */
	public UpgradeRateLimiter(double perSecond, int burst, int maxAddresses) {
		this(perSecond, burst, maxAddresses, System::nanoTime);
	}

	UpgradeRateLimiter(double perSecond, int burst, int maxAddresses, LongSupplier clock) {
		Assert.isTrue(perSecond > 0, "'perSecond' must be positive");
		Assert.isTrue(burst > 0, "'burst' must be positive");
		Assert.isTrue(maxAddresses > 0, "'maxAddresses' must be positive");
		this.perSecond = perSecond;
		this.burst = burst;
		this.clock = clock;
		this.buckets = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
				return size() > maxAddresses;
			}

		};
	}

	/**
	 * Count one upgrade from an address.
	 * @param address the remote address
	 * @return {@code 0} if the upgrade may proceed, otherwise the whole seconds (at least
	 * one) until the address may try again
	 */
	public long tryAcquire(String address) {
		long now = this.clock.getAsLong();
		TokenBucket bucket;
		synchronized (this.buckets) {
			bucket = this.buckets.computeIfAbsent(address, (key) -> new TokenBucket(this.perSecond, this.burst, now));
		}
		if (bucket.tryTake(now)) {
			return 0;
		}
		long nanos = bucket.nanosUntilAvailable(now);
		return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
	}

	/**
	 * Return the number of addresses remembered.
	 * @return the addresses
	 */
	public int addresses() {
		synchronized (this.buckets) {
			return this.buckets.size();
		}
	}

}
