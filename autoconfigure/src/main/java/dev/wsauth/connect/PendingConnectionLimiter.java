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
package dev.wsauth.connect;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Counts the connections that wait for their CONNECT frame, overall and per remote
 * address, so that a flood of sockets that never authenticate cannot exhaust the node.
 * Every acquired slot must be released exactly once: when the connection authenticates,
 * times out or closes.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class PendingConnectionLimiter {

	private final int maxPending;

	private final int maxPendingPerAddress;

	private final Map<String, Integer> perAddress = new HashMap<>();

	private int total;

	/**
	 * Create a limiter.
	 * @param maxPending most pending connections on this node
	 * @param maxPendingPerAddress most pending connections from one remote address
	 */
	public PendingConnectionLimiter(int maxPending, int maxPendingPerAddress) {
		Assert.isTrue(maxPending > 0, "'maxPending' must be positive");
		Assert.isTrue(maxPendingPerAddress > 0, "'maxPendingPerAddress' must be positive");
		this.maxPending = maxPending;
		this.maxPendingPerAddress = maxPendingPerAddress;
	}

	/**
	 * Return whether a connection from the given address would be admitted now, without
	 * taking a slot. Used to refuse an upgrade early; the slot is taken (and the limit
	 * enforced exactly) when the connection is established.
	 * @param address the remote address
	 * @return {@code true} if below both limits
	 */
	public synchronized boolean hasCapacity(String address) {
		return this.total < this.maxPending && this.perAddress.getOrDefault(address, 0) < this.maxPendingPerAddress;
	}

	/**
	 * Take a slot for a connection from the given address.
	 * @param address the remote address
	 * @return {@code true} if a slot was taken, {@code false} if a limit is reached
	 */
	public synchronized boolean tryAcquire(String address) {
		if (!hasCapacity(address)) {
			return false;
		}
		this.total++;
		this.perAddress.merge(address, 1, Integer::sum);
		return true;
	}

	/**
	 * Give back a slot taken with {@link #tryAcquire(String)}.
	 * @param address the remote address the slot was taken for
	 */
	public synchronized void release(String address) {
		Integer count = this.perAddress.get(address);
		if (count == null) {
			return;
		}
		if (count <= 1) {
			this.perAddress.remove(address);
		}
		else {
			this.perAddress.put(address, count - 1);
		}
		this.total--;
	}

	/**
	 * Return the number of slots taken.
	 * @return the pending connections on this node
	 */
	public synchronized int pending() {
		return this.total;
	}

	/**
	 * Return the number of slots taken for one address.
	 * @param address the remote address
	 * @return the pending connections from that address
	 */
	public synchronized int pending(String address) {
		return this.perAddress.getOrDefault(address, 0);
	}

	/**
	 * Return the key a socket address is counted under: its IP address, or its host name
	 * when unresolved.
	 * @param address the socket address
	 * @return the key, {@code "unknown"} when there is no address
	 */
	public static String key(@Nullable InetSocketAddress address) {
		if (address == null) {
			return "unknown";
		}
		return (address.getAddress() != null) ? address.getAddress().getHostAddress() : address.getHostString();
	}

}
