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

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static dev.wsauth.sample.SampleClients.connect;
import static dev.wsauth.sample.SampleClients.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's Actuator contract, checked from outside: on the application's port,
 * {@code health} public, {@code wsauth} and {@code metrics} for ADMIN by HTTP Basic or
 * the session, a 401 with a Basic challenge (never the login page) without credentials, a
 * 403 for other users, and CSRF protection for session-authenticated changes only.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ActuatorTests {

	private static final String ADMIN = basic("admin", "admin-pw");

	private static final String ALICE = basic("alice", "alice-pw");

	@LocalServerPort
	int port;

	@Autowired
	ConnectionRegistry registry;

	TestSessions sessions;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
	}

	@Test
	void healthIsPublic() {
		HttpResponse<String> response = get("/actuator/health", null, new Cookies());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response.body())).containsEntry("status", "UP");
	}

	@Test
	void wsauthAndMetricsWithoutCredentialsAre401WithABasicChallengeAndNoRedirect() {
		for (String path : new String[] { "/actuator/wsauth", "/actuator/metrics", "/actuator/wsauth/users/alice",
				"/actuator" }) {
			HttpResponse<String> response = get(path, null, new Cookies());
			assertThat(response.statusCode()).as(path).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(path)
				.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Basic"));
			assertThat(response.headers().firstValue("Location")).as(path).isEmpty();
		}
	}

	@Test
	void wrongBasicPasswordIs401() {
		assertThat(get("/actuator/wsauth", basic("admin", "wrong"), new Cookies()).statusCode()).isEqualTo(401);
	}

	@Test
	void wsauthAndMetricsAreForbiddenToAUserWhoIsNotAdminByBasicOrSession() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		for (String path : new String[] { "/actuator/wsauth", "/actuator/metrics" }) {
			assertThat(get(path, ALICE, new Cookies()).statusCode()).as(path).isEqualTo(403);
			assertThat(get(path, null, alice).statusCode()).as(path).isEqualTo(403);
		}
	}

	@Test
	void adminReadsWsauthAndMetricsByBasicAndBySession() {
		Cookies admin = this.sessions.login("admin", "admin-pw");
		for (String path : new String[] { "/actuator/wsauth", "/actuator/metrics" }) {
			assertThat(get(path, ADMIN, new Cookies()).statusCode()).as(path).isEqualTo(200);
			assertThat(get(path, null, admin).statusCode()).as(path).isEqualTo(200);
		}
		assertThat(get("/actuator/wsauth", ADMIN, new Cookies()).body()).contains(
				"\"pattern\":\"/topic/boards.{boardId}\"", "\"source\":\"dev.wsauth.sample.BoardRules#readBoard\"",
				"\"source\":\"wsauth.authorization.rules[0]\"");
	}

	@Test
	void explainGrantsAliceHerBoardAndDeniesTheOther() {
		Map<String, Object> b1 = json(
				get("/actuator/wsauth/explain?user=alice&command=subscribe&destination=/topic/boards.b1", ADMIN,
						new Cookies())
					.body());
		assertThat(b1).containsEntry("decision", "granted").containsEntry("reason", "rule expression granted");
		assertThat(b1.get("rule")).isEqualTo(Map.of("command", "SUBSCRIBE", "pattern", "/topic/boards.{boardId}",
				"expression", "@boards.isMember(authentication.name, #boardId) or hasRole('ADMIN')", "source",
				"dev.wsauth.sample.BoardRules#readBoard"));
		Map<String, Object> b2 = json(
				get("/actuator/wsauth/explain?user=alice&command=subscribe&destination=/topic/boards.b2", ADMIN,
						new Cookies())
					.body());
		assertThat(b2).containsEntry("decision", "denied").containsEntry("reason", "rule expression denied");
	}

	@Test
	void deleteByBasicWithoutCsrfTokenClosesAlicesSocketWith4003AndNotBobs() {
		// Sockets of earlier tests in this context close asynchronously.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.findByPrincipalName("alice").isEmpty());
		try (StompTestClient alice = connect(this.sessions, this.sessions.login("alice", "alice-pw"));
				StompTestClient bob = connect(this.sessions, this.sessions.login("bob", "bob-pw"))) {
			HttpResponse<String> response = delete("/actuator/wsauth/users/alice", ADMIN, new Cookies(), null);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json(response.body())).containsEntry("code", 4003).containsEntry("closedOnThisNode", 1);
			assertThat(alice.awaitCloseCode(Duration.ofSeconds(2))).isEqualTo(4003);
			assertThat(bob.pollFrame(SampleClients.QUIET)).isNull();
			assertThat(bob.isClosed()).isFalse();
		}
	}

	@Test
	void deleteBySessionNeedsTheCsrfToken() {
		Cookies admin = this.sessions.login("admin", "admin-pw");
		this.sessions.send(HttpRequest.newBuilder(this.sessions.uri("/login")).GET(), admin);
		try (StompTestClient alice = connect(this.sessions, this.sessions.login("alice", "alice-pw"))) {
			assertThat(delete("/actuator/wsauth/users/alice", null, admin, null).statusCode()).isEqualTo(403);
			assertThat(alice.pollFrame(SampleClients.QUIET)).isNull();
			assertThat(alice.isClosed()).isFalse();
			assertThat(admin.get("XSRF-TOKEN")).isNotNull();
			HttpResponse<String> response = delete("/actuator/wsauth/users/alice", null, admin,
					admin.get("XSRF-TOKEN"));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(alice.awaitCloseCode(Duration.ofSeconds(2))).isEqualTo(4003);
		}
	}

	private HttpResponse<String> get(String path, String authorization, Cookies cookies) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.sessions.send(request, cookies);
	}

	private HttpResponse<String> delete(String path, String authorization, Cookies cookies, String csrfToken) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).DELETE();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		if (csrfToken != null) {
			request.header("X-XSRF-TOKEN", csrfToken);
		}
		return this.sessions.send(request, cookies);
	}

	private URI uri(String path) {
		return this.sessions.uri(path);
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
