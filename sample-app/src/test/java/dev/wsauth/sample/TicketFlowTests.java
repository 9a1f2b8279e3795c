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

package dev.wsauth.sample;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static dev.wsauth.sample.SampleClients.json;
import static dev.wsauth.sample.TokenUpgradeTests.assertDenied;
import static dev.wsauth.sample.TokenUpgradeTests.assertReceipt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One-time tickets in the sample: {@code POST /__ws/ticket} with a token from
 * {@code /api/token}, then {@code /ws?ticket=...}. Needs the ticket endpoint, built on
 * another branch: run after merging it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TicketFlowTests {

	@LocalServerPort
	int port;

	@Test
	void bearerTokenBuysATicketAnsweredAsJsonThatIsNeverCached() {
		TestSessions sessions = TestSessions.on(this.port);
		HttpResponse<String> response = ticketRequest(sessions, SampleTokens.token(sessions, "alice", "alice-pw"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().allValues("Cache-Control"))
			.anySatisfy((cacheControl) -> assertThat(cacheControl).contains("no-store"));
		Map<String, Object> body = json(response.body());
		assertThat(body).containsEntry("expiresIn", 30);
		assertThat(body.get("ticket")).asString().isNotBlank();
	}

	@Test
	void ticketOpensASocketWithTheTokenUsersTopicRules() {
		TestSessions sessions = TestSessions.on(this.port);
		String ticket = ticket(sessions, SampleTokens.token(sessions, "alice", "alice-pw"));
		try (StompTestClient client = StompTestClient.connect(sessions.webSocketUri("/ws?ticket=" + ticket),
				Map.of())) {
			assertReceipt(client, "b1", "/topic/boards.b1");
			client.subscribe("b2", "/topic/boards.b2", "b2-receipt");
			assertDenied(client.nextFrame(), "b2", "/topic/boards.b2");
		}
	}

	@Test
	void ticketIsSingleUse() {
		TestSessions sessions = TestSessions.on(this.port);
		String ticket = ticket(sessions, SampleTokens.token(sessions, "bob", "bob-pw"));
		assertThat(StompTestClient.upgradeStatus(sessions.webSocketUri("/ws?ticket=" + ticket), Map.of()))
			.isEqualTo(101);
		assertThat(StompTestClient.upgradeStatus(sessions.webSocketUri("/ws?ticket=" + ticket), Map.of()))
			.isEqualTo(401);
	}

	@Test
	void ticketRequestWithoutCredentialsIsRejectedWith401() {
		TestSessions sessions = TestSessions.on(this.port);
		// With an anonymous CSRF token, so that only the missing credential can refuse
		// it.
		Cookies anonymous = new Cookies();
		sessions.send(HttpRequest.newBuilder(sessions.uri("/login")).GET(), anonymous);
		HttpResponse<String> response = sessions.send(HttpRequest.newBuilder(sessions.uri("/__ws/ticket"))
			.header("X-XSRF-TOKEN", anonymous.get("XSRF-TOKEN"))
			.POST(HttpRequest.BodyPublishers.noBody()), anonymous);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("\"ticket\"");
	}

	@Test
	void ticketRequestWithAForeignTokenIsRejectedWith401() {
		TestSessions sessions = TestSessions.on(this.port);
		HttpResponse<String> response = ticketRequest(sessions, dev.wsauth.test.TestTokens.foreignToken("alice"));
		assertThat(response.statusCode()).isEqualTo(401);
	}

	private static HttpResponse<String> ticketRequest(TestSessions sessions, String token) {
		return sessions.send(HttpRequest.newBuilder(sessions.uri("/__ws/ticket"))
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.noBody()), new Cookies());
	}

	private static String ticket(TestSessions sessions, String token) {
		HttpResponse<String> response = ticketRequest(sessions, token);
		assertThat(response.statusCode()).as("POST /__ws/ticket").isEqualTo(200);
		return (String) json(response.body()).get("ticket");
	}

}
