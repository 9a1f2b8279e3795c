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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.it.token.TokenApplication;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tickets on an application with two ticket endpoints and one cross-origin client
 * allowed: a ticket opens only the endpoint and only from the origin it was issued for.
 */
@SpringBootTest(classes = TwoEndpointApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TokenApplication.PROPERTIES, "wsauth.allowed-origins=https://spa.example.com" })
class TicketBindingTests {

	static final String SPA = "https://spa.example.com";

	@LocalServerPort
	int port;

	TestSessions sessions;

	Tickets tickets;

	Cookies alice;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
		this.tickets = new Tickets(this.sessions);
		this.alice = this.sessions.login("alice", "alice-pw");
	}

	@Test
	void requestWithoutEndpointIsRefusedWith400WhenTheChoiceIsAmbiguous() {
		assertThat(this.tickets.request(null, this.alice, "Origin", this.sessions.origin()).statusCode())
			.isEqualTo(400);
	}

	@Test
	void ticketOpensTheEndpointItWasIssuedFor() {
		String ticket = ticket("endpoint=/ws-b", this.sessions.origin());
		try (StompTestClient client = StompTestClient.connect(this.tickets.upgradeUri("/ws-b", ticket),
				this.tickets.sameOrigin())) {
			assertThat(Tickets.whoAmI(client)).isEqualTo("alice");
		}
	}

	@Test
	void ticketForAnotherEndpointIsRefusedWith401AndSpent() {
		String ticket = ticket("endpoint=/ws-b", this.sessions.origin());
		assertThat(StompTestClient.upgradeStatus(this.tickets.upgradeUri("/ws", ticket), this.tickets.sameOrigin()))
			.isEqualTo(401);
		assertThat(StompTestClient.upgradeStatus(this.tickets.upgradeUri("/ws-b", ticket), this.tickets.sameOrigin()))
			.isEqualTo(401);
	}

	@Test
	void ticketIssuedToAnAllowedCrossOriginClientOpensASocketFromThatOrigin() {
		String ticket = ticket("endpoint=/ws-b", SPA);
		assertThat(StompTestClient.upgradeStatus(this.tickets.upgradeUri("/ws-b", ticket),
				StompTestClient.headers("Origin", SPA)))
			.isEqualTo(101);
	}

	@Test
	void ticketPresentedFromAnotherAllowedOriginThanItWasIssuedToIsRefusedWith401() {
		String ticket = ticket("endpoint=/ws-b", SPA);
		assertThat(StompTestClient.upgradeStatus(this.tickets.upgradeUri("/ws-b", ticket), this.tickets.sameOrigin()))
			.isEqualTo(401);
	}

	@Test
	void listedOriginGetsCorsHeadersWithTheTicket() {
		HttpResponse<String> response = this.tickets.request("endpoint=/ws", this.alice, "Origin", SPA);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SPA);
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		assertThat(response.headers().allValues("Vary")).anySatisfy((vary) -> assertThat(vary).contains("Origin"));
	}

	@Test
	void sameOriginGetsNoCorsHeaders() {
		HttpResponse<String> response = this.tickets.request("endpoint=/ws", this.alice, "Origin",
				this.sessions.origin());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void corsPreflightFromAListedOriginAllowsPostWithAnAuthorizationHeader() {
		HttpResponse<String> response = this.sessions.send(HttpRequest.newBuilder(this.sessions.uri(Tickets.PATH))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", SPA)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "authorization"), new Cookies());
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SPA);
		assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
		assertThat(response.headers().firstValue("Access-Control-Allow-Headers"))
			.hasValueSatisfying((headers) -> assertThat(headers).contains("Authorization"));
	}

	@Test
	void corsPreflightFromAnUnlistedOriginIsRefusedWith403() {
		HttpResponse<String> response = this.sessions.send(HttpRequest.newBuilder(this.sessions.uri(Tickets.PATH))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://evil.example")
			.header("Access-Control-Request-Method", "POST"), new Cookies());
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	private String ticket(String query, String origin) {
		return Tickets.ticketOf(this.tickets.request(query, this.alice, "Origin", origin));
	}

}
