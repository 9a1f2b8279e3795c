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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;

import dev.wsauth.handshake.UpgradeTicket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TicketServiceTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final Authentication alice = new TestingAuthenticationToken("alice", null, "ROLE_USER");

	private final MutableClock clock = new MutableClock(NOW);

	private final InMemoryTicketStore store = new InMemoryTicketStore(this.clock);

	private final TicketService service = service(Duration.ofSeconds(30));

	@Test
	void ticketIs43CharactersOfBase64Url() {
		String ticket = this.service.issue(this.alice, null, null, "/ws", null);
		assertThat(ticket).matches("[A-Za-z0-9_-]{43}");
		assertThat(TicketService.isWellFormed(ticket)).isTrue();
	}

	@Test
	void ticketsAreNotRepeated() {
		Set<String> tickets = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			tickets.add(this.service.issue(this.alice, null, null, "/ws", null));
		}
		assertThat(tickets).hasSize(1000);
	}

	@Test
	void storeKeepsTheTicketsHashNotTheTicket() {
		String ticket = this.service.issue(this.alice, null, null, "/ws", null);
		assertThat(this.store.take(ticket)).isNull();
		assertThat(TicketSeal.storeKey(ticket)).hasSize(64).doesNotContain(ticket);
	}

	@Test
	void sealedGrantOpensOnlyWithItsOwnTicket() {
		String ticket = this.service.issue(this.alice, null, null, "/ws", null);
		String other = this.service.issue(this.alice, null, null, "/ws", null);
		byte[] sealed = TicketSeal.seal(ticket, new byte[] { 42 });
		assertThat(TicketSeal.open(ticket, sealed)).containsExactly(42);
		assertThat(TicketSeal.open(other, sealed)).isNull();
		assertThat(TicketSeal.open(ticket, new byte[4])).isNull();
		assertThat(TicketSeal.storeKey(ticket)).isNotEqualTo(TicketSeal.storeKey(other));
	}

	@Test
	void redeemReturnsTheGrantWithEverythingItWasIssuedWith() {
		Instant tokenExpiry = NOW.plusSeconds(600);
		String ticket = this.service.issue(this.alice, "session-1", "https://app.example.com", "/ws", tokenExpiry);
		TicketGrant grant = this.service.redeem(ticket);
		assertThat(grant).isNotNull();
		assertThat(grant.authentication()).isEqualTo(this.alice);
		assertThat(grant.httpSessionId()).isEqualTo("session-1");
		assertThat(grant.origin()).isEqualTo("https://app.example.com");
		assertThat(grant.endpoint()).isEqualTo("/ws");
		assertThat(grant.expiresAt()).isEqualTo(NOW.plusSeconds(30));
		assertThat(grant.credentialExpiresAt()).isEqualTo(tokenExpiry);
	}

	@Test
	void ticketIssuedForABearerTokenSaysSoWhenRedeemedForAnUpgrade() {
		String forToken = this.service.issue(this.alice, "session-1", null, "/ws", null, true);
		String forSession = this.service.issue(this.alice, "session-1", null, "/ws", null);
		assertThat(this.service.redeemForUpgrade(forToken)).extracting(UpgradeTicket::bearerToken).isEqualTo(true);
		assertThat(this.service.redeemForUpgrade(forSession)).extracting(UpgradeTicket::bearerToken).isEqualTo(false);
	}

	@Test
	void ticketCanBeRedeemedOnce() {
		String ticket = this.service.issue(this.alice, null, null, "/ws", null);
		assertThat(this.service.redeem(ticket)).isNotNull();
		assertThat(this.service.redeem(ticket)).isNull();
	}

	@Test
	void ticketIsValidUntilJustBeforeItsTimeToLiveEnds() {
		String ticket = this.service.issue(this.alice, null, null, "/ws", null);
		this.clock.advance(Duration.ofSeconds(30).minusMillis(1));
		assertThat(this.service.redeem(ticket)).isNotNull();
	}

	@Test
	void ticketExpiresAfterItsTimeToLive() {
		String ticket = this.service.issue(this.alice, null, null, "/ws", null);
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.service.redeem(ticket)).isNull();
	}

	@Test
	void serviceChecksExpiryEvenWhenTheStoreStillHoldsTheGrant() {
		TicketStore forgetful = new TicketStore() {

			private byte[] grant;

			@Override
			public void save(String key, byte[] sealedGrant, Duration timeToLive) {
				this.grant = sealedGrant;
			}

			@Override
			public byte[] take(String key) {
				return this.grant;
			}

		};
		TicketService service = new TicketService(forgetful, Duration.ofSeconds(30));
		service.setClock(this.clock);
		String ticket = service.issue(this.alice, null, null, "/ws", null);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(service.redeem(ticket)).isNull();
	}

	@Test
	void malformedTicketsAreRefusedWithoutTouchingTheStore() {
		TicketService service = new TicketService(new TicketStore() {

			@Override
			public void save(String key, byte[] sealedGrant, Duration timeToLive) {
				throw new AssertionError();
			}

			@Override
			public byte[] take(String key) {
				throw new AssertionError("store touched");
			}

		}, Duration.ofSeconds(30));
		for (String ticket : new String[] { null, "", "A".repeat(42), "A".repeat(44), "A".repeat(4000),
				"A".repeat(42) + "=", "A".repeat(42) + "\u00e9", "A".repeat(42) + "\0", "A".repeat(42) + "+",
				"A".repeat(42) + "/" }) {
			assertThat(service.redeem(ticket)).as(String.valueOf(ticket)).isNull();
		}
	}

	@Test
	void timeToLiveMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TicketService(this.store, Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> new TicketService(this.store, Duration.ofSeconds(-1)));
	}

	@Test
	void grantToStringNamesNeitherTheSessionNorTheOrigin() {
		TicketGrant grant = new TicketGrant(this.alice, "secret-session-id", "https://app.example.com", "/ws", NOW,
				null, false);
		assertThat(grant.toString()).contains("alice").doesNotContain("secret-session-id");
	}

	private TicketService service(Duration timeToLive) {
		TicketService service = new TicketService(this.store, timeToLive);
		service.setClock(this.clock);
		return service;
	}

	static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
