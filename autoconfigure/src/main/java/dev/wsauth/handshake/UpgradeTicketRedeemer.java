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

package dev.wsauth.handshake;

import org.jspecify.annotations.Nullable;

/**
 * Redeems the one-time ticket an upgrade carries, so that the handshake can accept
 * tickets without knowing how they are issued or stored ({@code TicketService} is the one
 * wsauth provides).
 *
 * @author wsauth
 * @since 0.1.0
 */
@FunctionalInterface
public interface UpgradeTicketRedeemer {

	/**
	 * Redeem a ticket, once.
	 * @param ticket the ticket as presented by the client
	 * @return what it grants, or {@code null} if it is malformed, unknown, already
	 * redeemed or expired
	 */
	@Nullable UpgradeTicket redeem(String ticket);

}
