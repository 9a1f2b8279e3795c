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

import java.util.Collection;
import java.util.List;

/**
 * Counts the connections of each user against a limit. The default keeps the count in
 * memory (per node); with a Redis connection factory it is kept in Redis, for the whole
 * cluster. Implementations must take the last slot atomically: two concurrent
 * reservations never both get it.
 *
 * @author wsauth
 * @since 0.1.0
 */
public interface ConnectionLimiter {

	/**
	 * Take a slot for the reservation's user if the user holds fewer than the limit.
	 * @param reservation the reservation
	 * @return {@code true} if the slot was taken, {@code false} if the limit is reached
	 * @throws RuntimeException if the store cannot be reached; the upgrade is then
	 * refused with 503
	 */
	boolean tryReserve(ConnectionReservation reservation);

	/**
	 * Give a slot back. Releasing a slot that is not held does nothing.
	 * @param reservation the reservation
	 */
	void release(ConnectionReservation reservation);

	/**
	 * Keep the given slots, held by open connections of this node, from expiring. A store
	 * that lets the slots of a crashed node expire needs this periodically; a slot that
	 * expired meanwhile is taken again if its user is below the limit.
	 * @param reservations the slots this node holds
	 * @return the slots that could not be kept because their user reached the limit
	 * meanwhile; their connections must close
	 */
	List<ConnectionReservation> renew(Collection<ConnectionReservation> reservations);

}
