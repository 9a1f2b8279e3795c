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

package dev.wsauth.ticket;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Stores outstanding tickets' grants, keyed by a hash of the ticket and encrypted with a
 * key derived from it, so that the store never holds anything usable without the ticket.
 * Taking a ticket must be atomic across every node sharing the store: of two concurrent
 * takes of one key, exactly one returns the grant.
 *
 * @author wsauth
 * @since 0.1.0
 */
public interface TicketStore {

	/**
	 * Store a sealed grant.
	 * @param key the ticket's hash
	 * @param sealedGrant the grant, serialized and encrypted with a key only the ticket
	 * gives
	 * @param timeToLive how long the store must keep it at least
	 */
	void save(String key, byte[] sealedGrant, Duration timeToLive);

	/**
	 * Remove a sealed grant and return it, atomically.
	 * @param key the ticket's hash
	 * @return the sealed grant, or {@code null} if there is none (never issued, already
	 * taken, or expired)
	 */
	byte @Nullable [] take(String key);

}
