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

package dev.wsauth.it.ticket;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.it.token.TokenApplication;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;
import dev.wsauth.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ticket endpoint's answers, on an application with one ticket endpoint ({@code /ws})
 * and one CONNECT-authentication endpoint ({@code /ws-connect}).
 */
@SpringBootTest(classes = TokenApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = TokenApplication.PROPERTIES)
class TicketEndpointTests {

	@LocalServerPort
	int port;

	TestSessions sessions;

	Tickets tickets;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
		this.tickets = new Tickets(this.sessions);
	}

	@Test
	void sessionGetsATicketAsJsonThatIsNeverCached() {
		HttpResponse<String> response = this.tickets.request(null, this.sessions.login("alice", "alice-pw"), "Origin",
				this.sessions.origin());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.body()).matches("\\{\"ticket\":\"[A-Za-z0-9_-]{43}\",\"expiresIn\":30\\}");
	}

	@Test
	void eachRequestGetsADifferentTicket() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		assertThat(this.tickets.forSession(alice)).isNotEqualTo(this.tickets.forSession(alice));
	}

	@Test
	void bearerTokenGetsATicket() {
		HttpResponse<String> response = this.tickets.request(null, new Cookies(), "Authorization",
				"Bearer " + TestTokens.token("dave", Duration.ofMinutes(5)));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
	}

	@Test
	void requestWithoutCredentialsIsRefusedWith401NotRedirectedToTheLoginPage() {
		HttpResponse<String> response = this.tickets.request(null, new Cookies(), "Origin", this.sessions.origin());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
	}

	@Test
	void unknownSessionCookieIsRefusedWith401() {
		HttpResponse<String> response = this.tickets.request(null, new Cookies().with("JSESSIONID", "0123456789ABCDEF"),
				"Origin", this.sessions.origin());
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void crossSiteRequestWithAValidSessionIsRefusedWith403() {
		HttpResponse<String> response = this.tickets.request(null, this.sessions.login("alice", "alice-pw"), "Origin",
				"https://evil.example");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(response.body()).isEmpty();
	}

	@Test
	void nullOriginIsRefusedWith403() {
		HttpResponse<String> response = this.tickets.request(null, this.sessions.login("alice", "alice-pw"), "Origin",
				"null");
		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void getIsRefusedWith405AndAllowPost() {
		HttpResponse<String> response = this.sessions.send(HttpRequest.newBuilder(this.sessions.uri(Tickets.PATH)),
				this.sessions.login("alice", "alice-pw"));
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("POST");
		assertThat(response.body()).isEmpty();
	}

	@Test
	void invalidBearerTokenIsRefusedWith401EvenBesideAValidSession() {
		HttpResponse<String> response = this.tickets.request(null, this.sessions.login("alice", "alice-pw"), "Origin",
				this.sessions.origin(), "Authorization", "Bearer " + TestTokens.foreignToken("alice"));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void malformedBearerTokenIsRefusedWith401() {
		HttpResponse<String> response = this.tickets.request(null, new Cookies(), "Authorization",
				"Bearer not a token");
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void expiredBearerTokenIsRefusedWith401() {
		HttpResponse<String> response = this.tickets.request(null, new Cookies(), "Authorization",
				"Bearer " + TestTokens.token("dave", java.time.Instant.now().minusSeconds(5)));
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void sessionAndBearerTokenForDifferentPrincipalsAreRefusedWith401() {
		HttpResponse<String> response = this.tickets.request(null, this.sessions.login("alice", "alice-pw"), "Origin",
				this.sessions.origin(), "Authorization", "Bearer " + TestTokens.token("bob", Duration.ofMinutes(5)));
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void sessionAndBearerTokenForTheSamePrincipalGetATicket() {
		HttpResponse<String> response = this.tickets.request(null, this.sessions.login("alice", "alice-pw"), "Origin",
				this.sessions.origin(), "Authorization", "Bearer " + TestTokens.token("alice", Duration.ofMinutes(5)));
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void explicitlyRequestedEndpointGetsATicket() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		String ticket = Tickets
			.ticketOf(this.tickets.request("endpoint=%2Fws", alice, "Origin", this.sessions.origin()));
		assertThat(this.tickets.upgradeStatus(ticket)).isEqualTo(101);
	}

	@Test
	void connectAuthenticationEndpointIsRefusedWith400() {
		HttpResponse<String> response = this.tickets.request("endpoint=/ws-connect",
				this.sessions.login("alice", "alice-pw"), "Origin", this.sessions.origin());
		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void unknownEndpointIsRefusedWith400() {
		HttpResponse<String> response = this.tickets.request("endpoint=/nowhere",
				this.sessions.login("alice", "alice-pw"), "Origin", this.sessions.origin());
		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void duplicatedEndpointParameterIsRefusedWith400() {
		HttpResponse<String> response = this.tickets.request("endpoint=/ws&endpoint=/ws",
				this.sessions.login("alice", "alice-pw"), "Origin", this.sessions.origin());
		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void undecodableEndpointParameterIsRefusedWith400() {
		HttpResponse<String> response = this.tickets.request("endpoint=%E2%82",
				this.sessions.login("alice", "alice-pw"), "Origin", this.sessions.origin());
		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void declaredBodyAboveTheLimitIsRefusedWith413() {
		HttpResponse<String> response = this.sessions.send(
				HttpRequest.newBuilder(this.sessions.uri(Tickets.PATH))
					.header("Origin", this.sessions.origin())
					.POST(HttpRequest.BodyPublishers.ofString("x".repeat(4096))),
				this.sessions.login("alice", "alice-pw"));
		assertThat(response.statusCode()).isEqualTo(413);
	}

}
