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
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;
import dev.wsauth.test.autoconfigure.AutoConfigureWsAuthTestClient;
import dev.wsauth.test.stomp.StompMessage;
import dev.wsauth.test.stomp.StompSubscription;
import dev.wsauth.test.stomp.WsAuthConnection;
import dev.wsauth.test.stomp.WsAuthTestClient;

import static dev.wsauth.sample.SampleClients.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/notify} and {@code /user/queue/notifications}: only an admin may send,
 * and only the addressed user receives. The sockets come from the test kit; the admin
 * logs in through the form to call the API as a browser would.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWsAuthTestClient
@Import(ObservedSessions.class)
class UserNotificationTests {

	private static final String NOTIFICATIONS = "/user/queue/notifications";

	@LocalServerPort
	int port;

	@Autowired
	WsAuthTestClient client;

	@Test
	void adminNotificationReachesTheAddressedUserOnly() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies admin = sessions.login("admin", "admin-pw");
		try (WsAuthConnection alice = this.client.connectAs("alice");
				WsAuthConnection bob = this.client.connectAs("bob")) {
			StompSubscription toAlice = alice.subscribe(NOTIFICATIONS);
			StompSubscription toBob = bob.subscribe(NOTIFICATIONS);
			assertThat(toAlice).isAllowed();
			assertThat(toBob).isAllowed();
			HttpResponse<String> response = notify(sessions, admin, "{\"userId\":\"bob\",\"message\":\"hi\"}");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json(response.body())).isEqualTo(Map.of("sent", true));
			assertThat(toBob).receives((message) -> Map.of("message", "hi").equals(json(message.body())), "hi");
			assertThat(notify(sessions, admin, "{\"userId\":\"alice\",\"message\":\"for alice\"}").statusCode())
				.isEqualTo(200);
			assertThat(toAlice).receives((message) -> Map.of("message", "for alice").equals(json(message.body())),
					"for alice");
			assertThat(toAlice.messages()).extracting(StompMessage::body)
				.containsExactly("{\"message\":\"for alice\"}");
			assertThat(toBob.messages()).extracting(StompMessage::body).containsExactly("{\"message\":\"hi\"}");
		}
	}

	@Test
	void notifyByAUserIsForbidden() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		assertThat(notify(sessions, alice, "{\"userId\":\"bob\",\"message\":\"hi\"}").statusCode()).isEqualTo(403);
	}

	@Test
	void notifyWithoutAuthenticationIsRejectedWith401() {
		TestSessions sessions = TestSessions.on(this.port);
		assertThat(notify(sessions, new Cookies(), "{\"userId\":\"bob\",\"message\":\"hi\"}").statusCode())
			.isEqualTo(401);
	}

	@Test
	void notifyWithMissingFieldsIsRejectedWith400AndSendsNothing() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies admin = sessions.login("admin", "admin-pw");
		try (WsAuthConnection bob = this.client.connectAs("bob")) {
			StompSubscription toBob = bob.subscribe(NOTIFICATIONS);
			assertThat(toBob).isAllowed();
			for (String body : List.of("{\"userId\":\"bob\"}", "{\"message\":\"hi\"}",
					"{\"userId\":\"\",\"message\":\"hi\"}", "{}")) {
				HttpResponse<String> response = notify(sessions, admin, body);
				assertThat(response.statusCode()).as(body).isEqualTo(400);
				assertThat(json(response.body())).as(body).containsEntry("sent", false);
			}
			// A valid notification after the refused ones: it must be the only one.
			assertThat(notify(sessions, admin, "{\"userId\":\"bob\",\"message\":\"valid\"}").statusCode())
				.isEqualTo(200);
			assertThat(toBob).receivesBodyContaining("valid");
			assertThat(toBob.messages()).extracting(StompMessage::body).containsExactly("{\"message\":\"valid\"}");
		}
	}

	/**
	 * POST to /api/notify with the SPA CSRF token, fetching it first if the jar has none.
	 */
	private static HttpResponse<String> notify(TestSessions sessions, Cookies cookies, String json) {
		if (cookies.get("XSRF-TOKEN") == null) {
			sessions.send(HttpRequest.newBuilder(sessions.uri("/login")).GET(), cookies);
		}
		assertThat(cookies.get("XSRF-TOKEN")).as("XSRF-TOKEN cookie").isNotNull();
		return sessions.send(HttpRequest.newBuilder(sessions.uri("/api/notify"))
			.header("Content-Type", "application/json")
			.header("Origin", sessions.origin())
			.header("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"))
			.POST(HttpRequest.BodyPublishers.ofString(json)), cookies);
	}

}
