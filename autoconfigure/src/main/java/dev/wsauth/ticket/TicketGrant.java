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

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

/**
 * What a ticket grants: the authentication it was issued for and where it may be used.
 * Stored under the ticket's hash until it is redeemed or expires.
 *
 * @param authentication the authentication of the client the ticket was issued to
 * @param httpSessionId the HTTP session the ticket was issued from, to which the socket
 * is bound, or {@code null} if it was issued for a bearer token
 * @param origin the {@code Origin} of the issuing request, which the upgrade must carry
 * too, or {@code null} if it had none
 * @param endpoint the STOMP endpoint path the ticket may open a socket on
 * @param expiresAt when the ticket expires
 * @param credentialExpiresAt when the bearer token the ticket was issued for expires, or
 * {@code null}
 * @param bearerToken whether a bearer token, not the session, gave the authentication
 * @author wsauth
 * @since 0.1.0
 */
public record TicketGrant(Authentication authentication, @Nullable String httpSessionId, @Nullable String origin,
		String endpoint, Instant expiresAt, @Nullable Instant credentialExpiresAt,
		boolean bearerToken) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Validate a grant.
	 */
	public TicketGrant {
		Assert.notNull(authentication, "'authentication' must not be null");
		Assert.hasText(endpoint, "'endpoint' must not be empty");
		Assert.notNull(expiresAt, "'expiresAt' must not be null");
	}

	@Override
	public String toString() {
		// The session id is a credential.
		return "TicketGrant[principal=" + this.authentication.getName() + ", endpoint=" + this.endpoint + "]";
	}

}
