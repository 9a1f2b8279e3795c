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

package dev.wsauth.it;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.WebSocketConnection;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code wsauth} Actuator endpoint on a real server, asked over HTTP: the rule table,
 * explanations decided by the real rules (property rules, a {@code @bean}-referencing
 * annotated rule, the role hierarchy), and a user's live connections.
 */
@SpringBootTest(classes = MessagingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { MessagingApplication.PROPERTIES, "management.endpoints.web.exposure.include=wsauth" })
class WsAuthEndpointTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TEAM_RULE_SOURCE = MessagingApplication.Rules.class.getName() + "#team";

	@LocalServerPort
	int port;

	@Autowired
	MessagingApplication.Teams teams;

	@Autowired
	ConnectionRegistry registry;

	TestSessions sessions;

	Cookies operator;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
		this.operator = Users.login(this.sessions, "carol");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.getConnections().isEmpty());
	}

	@Test
	void ruleTableListsEveryRuleWithWhereItWasDeclared() {
		Map<String, Object> body = get("/actuator/wsauth", 200);
		List<Map<String, Object>> rules = list(body.get("rules"));
		assertThat(rules).contains(
				Map.of("command", "SUBSCRIBE", "pattern", "/topic/rooms.{room}", "expression",
						"hasPermission(#room, 'room', 'read')", "source", "wsauth.authorization.rules[3]"),
				Map.of("command", "SUBSCRIBE", "pattern", "/topic/teams.{team}", "expression",
						"@teams.isMember(authentication.name, #team)", "source", TEAM_RULE_SOURCE),
				Map.of("command", "SEND", "pattern", "/app/whoami", "expression", "isAuthenticated()", "source",
						MessagingApplication.Rules.class.getName() + "#whoami"));
		assertThat(rules).hasSize(6);
	}

	@Test
	void countsAreThoseOfThisNodesOpenConnections() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice");
				StompTestClient alice2 = Users.connect(this.sessions, "alice");
				StompTestClient bob = Users.connect(this.sessions, "bob")) {
			subscribe(alice, "s-1", "/topic/open");
			subscribe(alice, "s-2", "/topic/members");
			subscribe(bob, "s-1", "/topic/open");
			assertThat(get("/actuator/wsauth", 200).get("counts"))
				.isEqualTo(Map.of("connections", 3, "subscriptions", 3, "users", 2));
		}
	}

	@Test
	void explainGrantsAMemberThroughTheRuleThatReferencesABean() {
		Map<String, Object> explanation = explain("alice", "subscribe", "/topic/teams.red", 200);
		assertThat(explanation).containsEntry("decision", "granted").containsEntry("reason", "rule expression granted");
		assertThat(explanation.get("rule")).isEqualTo(Map.of("command", "SUBSCRIBE", "pattern", "/topic/teams.{team}",
				"expression", "@teams.isMember(authentication.name, #team)", "source", TEAM_RULE_SOURCE));
		// The application's own bean answered, as it would for a live frame.
		assertThat(this.teams.questions()).contains("alice in red");
	}

	@Test
	void explainDeniesANonMemberAndNamesTheRuleThatDenied() {
		Map<String, Object> explanation = explain("bob", "subscribe", "/topic/teams.red", 200);
		assertThat(explanation).containsEntry("decision", "denied").containsEntry("reason", "rule expression denied");
		assertThat(explanation.get("rule")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("source", TEAM_RULE_SOURCE);
	}

	@Test
	void explainDecidesWithTheUsersAuthoritiesAndTheRoleHierarchy() {
		assertThat(explain("carol", "subscribe", "/topic/members", 200)).containsEntry("decision", "granted");
		assertThat(explain("alice", "subscribe", "/topic/admin", 200)).containsEntry("decision", "denied")
			.containsEntry("reason", "rule expression denied");
		assertThat(explain("carol", "subscribe", "/topic/admin", 200)).containsEntry("decision", "granted");
	}

	@Test
	void explainDecidesAPermissionEvaluatorRule() {
		assertThat(explain("alice", "subscribe", "/topic/rooms.r1", 200)).containsEntry("decision", "granted");
		assertThat(explain("alice", "subscribe", "/topic/rooms.r2", 200)).containsEntry("decision", "denied");
	}

	@Test
	void explainDeniesAnUnknownDestinationWithoutARule() {
		Map<String, Object> explanation = explain("carol", "subscribe", "/topic/unknown", 200);
		assertThat(explanation).containsEntry("decision", "denied")
			.containsEntry("reason", "no rule matches; unknown destinations are denied");
		assertThat(explanation).containsEntry("rule", null);
	}

	@Test
	void explainDeniesASendWithoutARule() {
		assertThat(explain("carol", "send", "/topic/open", 200)).containsEntry("decision", "denied")
			.containsEntry("reason", "no rule matches; unknown destinations are denied");
		assertThat(explain("alice", "send", "/app/whoami", 200)).containsEntry("decision", "granted");
	}

	@Test
	void explainDeniesPatternAndNonCanonicalDestinationsAsTheyAreDeniedLive() {
		for (String destination : List.of("/topic/*", "/topic/teams.{team}", "/topic//open", "/topic/open/",
				"/topic/../admin")) {
			Map<String, Object> explanation = explain("carol", "subscribe", destination, 200);
			assertThat(explanation).as(destination)
				.containsEntry("decision", "denied")
				.containsEntry("reason", "destination is not canonical");
		}
	}

	@Test
	void explainDeniesAResolvedUserQueueAndGrantsTheUserDestination() {
		assertThat(explain("alice", "subscribe", "/queue/whoami-userabc", 200)).containsEntry("decision", "denied")
			.containsEntry("reason",
					"destination names a resolved user queue; subscribe under the user destination prefix");
		Map<String, Object> user = explain("alice", "subscribe", "/user/queue/whoami", 200);
		assertThat(user).containsEntry("decision", "granted");
		assertThat(user.get("rule")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("pattern", "/user/**");
	}

	@Test
	void explainWithGivenAuthoritiesDoesNotLoadTheUser() {
		assertThat(get("/actuator/wsauth/explain?user=dave&command=subscribe&destination=/topic/admin"
				+ "&authorities=ROLE_ADMIN", 200))
			.containsEntry("decision", "granted");
		assertThat(get(
				"/actuator/wsauth/explain?user=alice&command=subscribe&destination=/topic/members" + "&authorities=",
				200))
			.containsEntry("decision", "denied");
	}

	@Test
	void explainOfAnUnknownUserIsNotFound() {
		assertThat(explain("nobody", "subscribe", "/topic/open", 404)).isEqualTo(Map.of("error", "unknown user"));
	}

	@Test
	void explainWithABadCommandOrWithoutDestinationOrUserIsABadRequest() {
		assertThat(explain("alice", "connect", "/topic/open", 400))
			.isEqualTo(Map.of("error", "command must be subscribe or send"));
		assertThat(get("/actuator/wsauth/explain?user=alice&command=subscribe", 400))
			.isEqualTo(Map.of("error", "destination is required"));
		assertThat(get("/actuator/wsauth/explain?command=subscribe&destination=/topic/open", 400))
			.isEqualTo(Map.of("error", "user is required"));
	}

	@Test
	void hostileInputIsAnsweredWithoutAServerError() {
		String huge = "/topic/" + "a".repeat(2_000);
		for (String query : List.of("user=alice&user=bob&command=subscribe&destination=/topic/open",
				"user=alice&command=subscribe&command=send&destination=/topic/open",
				"user=alice&command=subscribe&destination=%00", "user=alice&command=subscribe&destination=" + huge,
				"user=%E2%80%AE&command=subscribe&destination=/topic/open",
				"user=alice&command=subscribe&destination=/topic/open&authorities=,,,")) {
			assertThat(status(HttpRequest.newBuilder(this.sessions.uri("/actuator/wsauth/explain?" + query)).GET()))
				.as(query)
				.isBetween(200, 499);
		}
		assertThat(explain("alice", "subscribe", huge, 200)).containsEntry("reason", "destination is not canonical");
	}

	@Test
	void unknownOperationsAreNotFound() {
		assertThat(status(HttpRequest.newBuilder(this.sessions.uri("/actuator/wsauth/other")).GET())).isEqualTo(404);
		assertThat(status(HttpRequest.newBuilder(this.sessions.uri("/actuator/wsauth/other/alice")).GET()))
			.isEqualTo(404);
	}

	@Test
	void userListingShowsTheUsersConnectionsAndSubscriptionsButNoIdOrCookie() {
		Instant before = Instant.now().minusSeconds(1);
		Cookies aliceCookies = Users.login(this.sessions, "alice");
		try (StompTestClient alice = StompTestClient.connect(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", aliceCookies.header(), "Origin", this.sessions.origin()));
				StompTestClient bob = Users.connect(this.sessions, "bob")) {
			subscribe(alice, "s-1", "/topic/open");
			subscribe(alice, "s-2", "/topic/teams.red");
			subscribe(bob, "s-1", "/topic/members");
			String json = getText("/actuator/wsauth/users/alice", 200);
			Map<String, Object> body = JSON.readValue(json, new TypeReference<>() {
			});
			List<Map<String, Object>> connections = list(body.get("connections"));
			assertThat(connections).singleElement().satisfies((connection) -> {
				assertThat(connection).containsOnlyKeys("connectedAt", "remoteAddress", "transport", "subscriptions");
				assertThat(connection).containsEntry("transport", "websocket")
					.containsEntry("remoteAddress", "127.0.0.1")
					.containsEntry("subscriptions", List.of("/topic/open", "/topic/teams.red"));
				assertThat(Instant.parse((String) connection.get("connectedAt"))).isAfter(before)
					.isBefore(Instant.now());
			});
			WebSocketConnection live = this.registry.findByPrincipalName("alice").get(0);
			assertThat(json).doesNotContain(live.getId());
			assertThat(json).doesNotContain(String.valueOf(live.getHttpSessionId()));
			for (String cookie : aliceCookies.header().split(";")) {
				assertThat(json).doesNotContain(cookie.substring(cookie.indexOf('=') + 1).trim());
			}
			assertThat(list(get("/actuator/wsauth/users/nobody", 200).get("connections"))).isEmpty();
		}
	}

	private void subscribe(StompTestClient client, String id, String destination) {
		client.subscribe(id, destination, "r-" + id);
		assertThat(client.nextFrame().command()).isEqualTo("RECEIPT");
	}

	private Map<String, Object> explain(String user, String command, String destination, int status) {
		return get("/actuator/wsauth/explain?user=" + user + "&command=" + command + "&destination="
				+ URLEncoder.encode(destination, StandardCharsets.UTF_8), status);
	}

	private Map<String, Object> get(String path, int status) {
		return JSON.readValue(getText(path, status), new TypeReference<>() {
		});
	}

	private String getText(String path, int status) {
		HttpResponse<String> response = this.sessions.send(HttpRequest.newBuilder(this.sessions.uri(path)).GET(),
				new Cookies(this.operator));
		assertThat(response.statusCode()).as(path).isEqualTo(status);
		return response.body();
	}

	private int status(HttpRequest.Builder request) {
		return this.sessions.send(request, new Cookies(this.operator)).statusCode();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

}
