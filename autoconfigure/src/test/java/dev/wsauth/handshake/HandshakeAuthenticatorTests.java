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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

import dev.wsauth.session.InMemorySessionRotationRegistry;
import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.ticket.InMemoryTicketStore;
import dev.wsauth.ticket.TicketService;
import dev.wsauth.token.BearerTokenAuthenticator;
import dev.wsauth.token.SubprotocolBearerToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests for the credential rules of {@link HandshakeAuthenticator}.
 */
class HandshakeAuthenticatorTests {

	private static final Instant EXPIRY = Instant.now().plus(Duration.ofMinutes(5));

	private final TicketService tickets = new TicketService(new InMemoryTicketStore(), Duration.ofSeconds(30));

	private final HandshakeAuthenticator authenticator = authenticator(
			new BearerTokenAuthenticator((authentication) -> {
				String token = ((BearerTokenAuthenticationToken) authentication).getToken();
				return switch (token) {
					case "alice-token" -> jwt("alice");
					case "bob-token" -> jwt("bob");
					case "unavailable" -> throw new AuthenticationServiceException("issuer down");
					default -> throw new BadCredentialsException("bad");
				};
			}));

	@Test
	void bearerHeaderAuthenticatesWithTheTokensExpiry() {
		HandshakeAuthenticator.Decision decision = decide(upgrade().header("Authorization", "Bearer alice-token"));
		assertThat(decision.isAccepted()).isTrue();
		assertThat(decision.authentication().getName()).isEqualTo("alice");
		assertThat(decision.credentialExpiresAt()).isEqualTo(EXPIRY);
		assertThat(decision.httpSessionId()).isNull();
	}

	@Test
	void bearerSchemeIsCaseInsensitive() {
		assertThat(decide(upgrade().header("Authorization", "bearer alice-token")).isAccepted()).isTrue();
	}

	@Test
	void emptyBearerHeaderIsRefusedEvenWithAValidSession() {
		assertThat(decide(upgrade().session("alice").header("Authorization", "Bearer")).status())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(decide(upgrade().session("alice").header("Authorization", "Bearer   ")).status())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void bearerTokenIsRefusedWithoutATokenAuthenticator() {
		HandshakeAuthenticator withoutTokens = authenticator(null);
		assertThat(withoutTokens.authenticate(upgrade().header("Authorization", "Bearer alice-token").build()).status())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void unavailableTokenIssuerAnswers503() {
		assertThat(decide(upgrade().header("Authorization", "Bearer unavailable")).status())
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void sessionAuthenticationIsUsedAsIsWithoutOtherCredentials() {
		MockHttpServletRequest request = upgrade().session("alice").build();
		HandshakeAuthenticator.Decision decision = this.authenticator.authenticate(request);
		assertThat(decision.authentication().getName()).isEqualTo("alice");
		assertThat(decision.httpSessionId()).isEqualTo(request.getSession(false).getId());
		assertThat(decision.credentialExpiresAt()).isNull();
	}

	@Test
	void tokenOfTheSessionsUserGivesTheSocketTheTokenAndKeepsItBoundToTheSession() {
		MockHttpServletRequest request = upgrade().session("alice")
			.header("Authorization", "Bearer alice-token")
			.build();
		HandshakeAuthenticator.Decision decision = this.authenticator.authenticate(request);
		assertThat(decision.authentication()).isInstanceOf(JwtAuthenticationToken.class);
		assertThat(decision.httpSessionId()).isEqualTo(request.getSession(false).getId());
		assertThat(decision.credentialExpiresAt()).isEqualTo(EXPIRY);
	}

	@Test
	void credentialsNamingDifferentPrincipalsAreRefused() {
		assertThat(decide(upgrade().session("alice").header("Authorization", "Bearer bob-token")).status())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		String bobTicket = ticket("bob", null, "/ws");
		assertThat(decide(upgrade().session("alice").query("ticket=" + bobTicket)).status())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void ticketAuthenticatesOnceAndOnlyOnItsEndpointAndOrigin() {
		String ticket = ticket("alice", null, "/ws");
		assertThat(decide(upgrade().query("ticket=" + ticket)).authentication().getName()).isEqualTo("alice");
		assertThat(decide(upgrade().query("ticket=" + ticket)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
		String other = ticket("alice", null, "/other");
		assertThat(decide(upgrade().query("ticket=" + other)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
		String fromOrigin = ticket("alice", "https://app.example", "/ws");
		assertThat(decide(upgrade().query("ticket=" + fromOrigin)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void ticketIssuedForAnExpiredTokenIsRefused() {
		String ticket = this.tickets.issue(jwt("alice"), null, null, "/ws", Instant.now().minusSeconds(1));
		assertThat(decide(upgrade().query("ticket=" + ticket)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void malformedTicketParametersAreRefusedWith401() {
		String ticket = ticket("alice", null, "/ws");
		for (String query : List.of("ticket=", "ticket", "ticket=" + "a".repeat(4000), "ticket=%C3%A9" + ticket,
				"ticket=%00", "ticket=%zz", "ticket=" + ticket + "&ticket=" + ticket, "%74icket=x&ticket=" + ticket,
				"ticket=a%2", "ticket=" + ticket.substring(1))) {
			assertThat(decide(upgrade().query(query)).status()).as(query).isEqualTo(HttpStatus.UNAUTHORIZED);
		}
		// None of those spent the ticket.
		assertThat(decide(upgrade().query("ticket=" + ticket)).isAccepted()).isTrue();
	}

	@Test
	void ticketOnARequestThatIsNotAWebSocketUpgradeIsRefused() {
		String ticket = ticket("alice", null, "/ws");
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws/info");
		request.setQueryString("ticket=" + ticket);
		assertThat(this.authenticator.authenticate(request).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void connectEndpointAcceptsTheUpgradeWithoutCredentialsAndIgnoresTheCookie() {
		this.authenticator.setConnectEndpoints(Set.of("/ws-connect"));
		MockHttpServletRequest request = upgrade().session("alice").build();
		request.setRequestURI("/ws-connect");
		HandshakeAuthenticator.Decision decision = this.authenticator.authenticate(request);
		assertThat(decision.isAccepted()).isTrue();
		assertThat(decision.pending()).isTrue();
		assertThat(decision.authentication()).isNull();
	}

	@Test
	void connectEndpointRefusesCredentialsOnTheUpgrade() {
		this.authenticator.setConnectEndpoints(Set.of("/ws-connect"));
		for (RequestBuilder builder : List.of(upgrade().header("Authorization", "Bearer alice-token"),
				upgrade().header("Sec-WebSocket-Protocol",
						"v12.stomp, " + SubprotocolBearerToken.encode("alice-token")),
				upgrade().query("ticket=" + ticket("alice", null, "/ws-connect")), upgrade().query("ticket="))) {
			MockHttpServletRequest request = builder.build();
			request.setRequestURI("/ws-connect");
			assertThat(this.authenticator.authenticate(request).status()).isEqualTo(HttpStatus.BAD_REQUEST);
		}
	}

	@Test
	void connectEndpointCountsOnlyUpgradesAgainstThePendingCapacity() {
		this.authenticator.setConnectEndpoints(Set.of("/ws-connect"));
		this.authenticator.setPendingCapacity((address) -> false);
		MockHttpServletRequest upgrade = upgrade().build();
		upgrade.setRequestURI("/ws-connect");
		assertThat(this.authenticator.authenticate(upgrade).status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		// A SockJS request of a session that already exists must reach it.
		MockHttpServletRequest sockJs = new MockHttpServletRequest("POST", "/ws-connect/123/abc/xhr_send");
		assertThat(this.authenticator.authenticate(sockJs).isAccepted()).isTrue();
	}

	@Test
	void connectEndpointStillChecksTheOrigin() {
		this.authenticator.setConnectEndpoints(Set.of("/ws-connect"));
		MockHttpServletRequest request = upgrade().header("Origin", "https://evil.example").build();
		request.setRequestURI("/ws-connect");
		assertThat(this.authenticator.authenticate(request).status()).isEqualTo(HttpStatus.FORBIDDEN);
	}

	@Test
	void subprotocolTokenDecisionCarriesTheRemainingProtocols() {
		HandshakeAuthenticator.Decision decision = decide(upgrade().header("Sec-WebSocket-Protocol",
				"v12.stomp, " + SubprotocolBearerToken.encode("alice-token") + ", v11.stomp"));
		assertThat(decision.isAccepted()).isTrue();
		assertThat(decision.protocols()).containsExactly("v12.stomp", "v11.stomp");
	}

	@Test
	void decisionDoesNotPrintItsAuthentication() {
		assertThat(decide(upgrade().header("Authorization", "Bearer alice-token")).toString()).doesNotContain("alice");
	}

	private HandshakeAuthenticator.Decision decide(RequestBuilder builder) {
		return this.authenticator.authenticate(builder.build());
	}

	private String ticket(String name, String origin, String endpoint) {
		return this.tickets.issue(new TestingAuthenticationToken(name, null, "ROLE_USER"), null, origin, endpoint,
				null);
	}

	private HandshakeAuthenticator authenticator(BearerTokenAuthenticator bearerTokens) {
		HandshakeAuthenticator authenticator = new HandshakeAuthenticator(new OriginPolicy(List.of(), List.of(), true),
				new SessionAuthenticationResolver(new InMemorySessionRotationRegistry(Duration.ZERO), null));
		StompEndpointRequestMatcher endpoints = new StompEndpointRequestMatcher();
		endpoints.setPatterns(List.of("/ws", "/ws-connect/**", "/other"));
		authenticator.setEndpoints(endpoints);
		authenticator.setBearerTokenAuthenticator(bearerTokens);
		authenticator.setTicketRedeemer(this.tickets::redeemForUpgrade);
		return authenticator;
	}

	private static Authentication jwt(String subject) {
		Jwt jwt = Jwt.withTokenValue(subject + "-token")
			.header("alg", "HS256")
			.subject(subject)
			.issuedAt(EXPIRY.minusSeconds(600))
			.expiresAt(EXPIRY)
			.build();
		return new JwtAuthenticationToken(jwt, List.of(), subject);
	}

	private static RequestBuilder upgrade() {
		return new RequestBuilder();
	}

	private static final class RequestBuilder {

		private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");

		RequestBuilder() {
			this.request.addHeader("Upgrade", "websocket");
			this.request.addHeader("Connection", "Upgrade");
		}

		RequestBuilder header(String name, String value) {
			this.request.addHeader(name, value);
			return this;
		}

		RequestBuilder query(String query) {
			this.request.setQueryString(query);
			return this;
		}

		RequestBuilder session(String name) {
			MockHttpSession session = new MockHttpSession();
			session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
					new SecurityContextImpl(new TestingAuthenticationToken(name, null, "ROLE_USER")));
			this.request.setSession(session);
			this.request.setRequestedSessionId(session.getId());
			this.request.setRequestedSessionIdFromCookie(true);
			return this;
		}

		MockHttpServletRequest build() {
			return this.request;
		}

	}

}
