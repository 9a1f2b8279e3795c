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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.user.SimpSubscription;
import org.springframework.messaging.simp.user.SimpUserRegistry;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static dev.wsauth.sample.SampleClients.connect;
import static dev.wsauth.sample.SampleClients.drain;
import static dev.wsauth.sample.SampleClients.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/notify} and {@code /user/queue/notifications}: only an admin may send,
 * and only the addressed user receives.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(ObservedSessions.class)
class UserNotificationTests {

	@LocalServerPort
	int port;

	@Autowired
	SimpleBrokerMessageHandler broker;

	@Autowired
	SimpUserRegistry userRegistry;

	@Test
	void adminNotificationReachesTheAddressedUserOnly() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies admin = sessions.login("admin", "admin-pw");
		try (StompTestClient alice = connect(sessions, sessions.login("alice", "alice-pw"));
				StompTestClient bob = connect(sessions, sessions.login("bob", "bob-pw"))) {
			subscribeToNotifications(alice, "alice", "alice-notifications");
			subscribeToNotifications(bob, "bob", "bob-notifications");
			HttpResponse<String> response = notify(sessions, admin, "{\"userId\":\"bob\",\"message\":\"hi\"}");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json(response.body())).isEqualTo(Map.of("sent", true));
			StompFrame notification = bob.nextFrame();
			assertThat(notification.command()).isEqualTo("MESSAGE");
			assertThat(notification.header("subscription")).isEqualTo("bob-notifications");
			assertThat(json(notification.body())).isEqualTo(Map.of("message", "hi"));
			assertThat(notify(sessions, admin, "{\"userId\":\"alice\",\"message\":\"for alice\"}").statusCode())
				.isEqualTo(200);
			List<StompFrame> toAlice = new ArrayList<>(List.of(alice.nextFrame()));
			toAlice.addAll(drain(alice));
			assertThat(toAlice).singleElement()
				.satisfies((frame) -> assertThat(json(frame.body())).isEqualTo(Map.of("message", "for alice")));
			assertThat(drain(bob)).isEmpty();
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
		try (StompTestClient bob = connect(sessions, sessions.login("bob", "bob-pw"))) {
			subscribeToNotifications(bob, "bob", "bob-notifications");
			for (String body : List.of("{\"userId\":\"bob\"}", "{\"message\":\"hi\"}",
					"{\"userId\":\"\",\"message\":\"hi\"}", "{}")) {
				HttpResponse<String> response = notify(sessions, admin, body);
				assertThat(response.statusCode()).as(body).isEqualTo(400);
				assertThat(json(response.body())).as(body).containsEntry("sent", false);
			}
			assertThat(drain(bob)).isEmpty();
		}
	}

	private void subscribeToNotifications(StompTestClient client, String user, String subscriptionId) {
		client.subscribe(subscriptionId, "/user/queue/notifications");
		List<String> sessionIds = new ArrayList<>();
		await().until(() -> {
			sessionIds.clear();
			this.userRegistry
				.findSubscriptions((subscription) -> subscriptionId.equals(subscription.getId())
						&& user.equals(subscription.getSession().getUser().getName()))
				.stream()
				.map(SimpSubscription::getSession)
				.forEach((session) -> sessionIds.add(session.getId()));
			return sessionIds.size() == 1;
		});
		new BrokerSubscriptions(this.broker).awaitSubscribed("/queue/notifications-user" + sessionIds.get(0),
				subscriptionId);
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
