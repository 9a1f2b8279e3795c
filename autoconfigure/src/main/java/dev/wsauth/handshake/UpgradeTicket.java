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

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

/**
 * What a redeemed one-time ticket grants an upgrade: the authentication it was issued
 * for, and the session, origin and endpoint it is bound to.
 *
 * @param authentication the authentication the ticket was issued for
 * @param httpSessionId the HTTP session the ticket was issued from, or {@code null}
 * @param origin the origin the ticket may be used from, or {@code null} for a client that
 * sends none
 * @param endpoint the path of the STOMP endpoint the ticket opens
 * @param credentialExpiresAt when the credential behind the ticket expires, or
 * {@code null}
 * @param bearerToken whether a bearer token, not a session, gave the authentication
 * @author wsauth
 * @since 0.1.0
 */
public record UpgradeTicket(Authentication authentication, @Nullable String httpSessionId, @Nullable String origin,
		String endpoint, @Nullable Instant credentialExpiresAt, boolean bearerToken) {

	/**
	 * Validate a ticket.
	 */
	public UpgradeTicket {
		Assert.notNull(authentication, "'authentication' must not be null");
		Assert.hasText(endpoint, "'endpoint' must not be empty");
	}

	@Override
	public String toString() {
		// The session id is a credential.
		return "UpgradeTicket[principal=" + this.authentication.getName() + ", endpoint=" + this.endpoint + "]";
	}

}
