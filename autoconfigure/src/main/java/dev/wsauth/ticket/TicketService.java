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

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializationFailedException;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

import dev.wsauth.handshake.UpgradeTicket;

/**
 * Issues and redeems one-time tickets. A ticket is 256 random bits in base64url. The
 * store keeps its grant under a hash of the ticket, encrypted with a key derived from the
 * ticket, so a dump of the store opens no socket and reveals no token or session id.
 * Redeeming takes the grant out of the store, so a ticket opens at most one socket
 * however many nodes race for it.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class TicketService {

	private static final Log logger = LogFactory.getLog(TicketService.class);

	private static final int TICKET_BYTES = 32;

	private static final Pattern TICKET = Pattern.compile("[A-Za-z0-9_-]{43}");

	private final SecureRandom random = new SecureRandom();

	private final TicketStore store;

	private final Duration timeToLive;

	private final SerializingConverter serializer = new SerializingConverter();

	private DeserializingConverter deserializer = new DeserializingConverter();

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a service.
	 * @param store where outstanding tickets are kept
	 * @param timeToLive how long a ticket stays valid
	 */
	public TicketService(TicketStore store, Duration timeToLive) {
		Assert.notNull(store, "'store' must not be null");
		Assert.isTrue(timeToLive != null && !timeToLive.isNegative() && !timeToLive.isZero(),
				"'timeToLive' must be positive");
		this.store = store;
		this.timeToLive = timeToLive;
	}

	/**
	 * Set the class loader that resolves the classes of the authentications in grants
	 * (the application's, when they come back from Redis).
	 * @param classLoader the class loader
	 */
	public void setClassLoader(ClassLoader classLoader) {
		Assert.notNull(classLoader, "'classLoader' must not be null");
		this.deserializer = new DeserializingConverter(classLoader);
	}

	/**
	 * Set the clock that decides expiry.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
	}

	/**
	 * Return how long a ticket stays valid.
	 * @return the time-to-live
	 */
	public Duration getTimeToLive() {
		return this.timeToLive;
	}

	/**
	 * Issue a ticket whose authentication no bearer token gave (a session's, or one a
	 * test built).
	 * @param authentication the authentication of the client asking for it
	 * @param httpSessionId the HTTP session it is issued from, or {@code null}
	 * @param origin the {@code Origin} of the request, or {@code null}
	 * @param endpoint the STOMP endpoint path it may be used on
	 * @param credentialExpiresAt when the bearer token it is issued for expires, or
	 * {@code null}
	 * @return the ticket, to be handed to the client and nowhere else
	 */
	public String issue(Authentication authentication, @Nullable String httpSessionId, @Nullable String origin,
			String endpoint, @Nullable Instant credentialExpiresAt) {
		return issue(authentication, httpSessionId, origin, endpoint, credentialExpiresAt, false);
	}

	/**
	 * Issue a ticket, saying whether a bearer token gave its authentication: a socket
	 * opened with it keeps the token's authorities on re-evaluation.
	 * @param authentication the authentication the ticket grants
	 * @param httpSessionId the HTTP session the ticket is bound to, or {@code null}
	 * @param origin the origin the upgrade must come from, or {@code null}
	 * @param endpoint the STOMP endpoint the ticket opens
	 * @param credentialExpiresAt when the credential expires, or {@code null}
	 * @param bearerToken whether a bearer token gave the authentication
	 * @return the ticket, to be handed to the client and nowhere else
	 */
	public String issue(Authentication authentication, @Nullable String httpSessionId, @Nullable String origin,
			String endpoint, @Nullable Instant credentialExpiresAt, boolean bearerToken) {
		byte[] bytes = new byte[TICKET_BYTES];
		this.random.nextBytes(bytes);
		String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Instant expiresAt = this.clock.instant().plus(this.timeToLive);
		TicketGrant grant = new TicketGrant(authentication, httpSessionId, origin, endpoint, expiresAt,
				credentialExpiresAt, bearerToken);
		this.store.save(TicketSeal.storeKey(ticket), TicketSeal.seal(ticket, this.serializer.convert(grant)),
				this.timeToLive);
		return ticket;
	}

	/**
	 * Redeem a ticket for a WebSocket upgrade: what {@link #redeem(String)} grants, as
	 * the handshake reads it.
	 * @param ticket the ticket as presented by a client
	 * @return what it grants, or {@code null} if the ticket is malformed, unknown,
	 * already redeemed or expired
	 */
	public @Nullable UpgradeTicket redeemForUpgrade(@Nullable String ticket) {
		TicketGrant grant = redeem(ticket);
		return (grant != null) ? new UpgradeTicket(grant.authentication(), grant.httpSessionId(), grant.origin(),
				grant.endpoint(), grant.credentialExpiresAt(), grant.bearerToken()) : null;
	}

	/**
	 * Redeem a ticket: return its grant and make sure no one can redeem it again.
	 * @param ticket the ticket as presented by a client
	 * @return the grant, or {@code null} if the ticket is malformed, unknown, already
	 * redeemed or expired
	 */
	public @Nullable TicketGrant redeem(@Nullable String ticket) {
		if (!isWellFormed(ticket)) {
			return null;
		}
		byte[] sealed = this.store.take(TicketSeal.storeKey(ticket));
		byte[] serialized = (sealed != null) ? TicketSeal.open(ticket, sealed) : null;
		if (serialized == null) {
			return null;
		}
		TicketGrant grant;
		try {
			grant = (this.deserializer.convert(serialized) instanceof TicketGrant deserialized) ? deserialized : null;
		}
		catch (SerializationFailedException ex) {
			// Sealed by another version of the application: spent either way.
			logger.warn("Unreadable ticket grant (" + ex.getClass().getName() + ")");
			return null;
		}
		return (grant != null && this.clock.instant().isBefore(grant.expiresAt())) ? grant : null;
	}

	/**
	 * Return whether a string has the form of a ticket.
	 * @param ticket the candidate
	 * @return {@code true} if it could be a ticket
	 */
	public static boolean isWellFormed(@Nullable String ticket) {
		return ticket != null && TICKET.matcher(ticket).matches();
	}

}
