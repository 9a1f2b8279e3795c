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
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static dev.wsauth.sample.SampleClients.connect;
import static dev.wsauth.sample.SampleClients.drain;
import static dev.wsauth.sample.SampleClients.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/broadcast}: only an admin may publish to {@code /topic/announcements}
 * and {@code /topic/admin}, and the message reaches real STOMP subscriptions.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(ObservedSessions.class)
class BroadcastTests {

	@LocalServerPort
	int port;

	@Autowired
	SimpleBrokerMessageHandler broker;

	@Test
	void adminAnnouncementReachesAlicesSubscription() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies admin = sessions.login("admin", "admin-pw");
		try (StompTestClient alice = connect(sessions, sessions.login("alice", "alice-pw"))) {
			String subscription = new BrokerSubscriptions(this.broker).subscribe(alice, "/topic/announcements");
			HttpResponse<String> response = broadcast(sessions, admin,
					"{\"topic\":\"announcements\",\"text\":\"Release at noon\"}");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json(response.body())).isEqualTo(Map.of("sent", true, "destination", "/topic/announcements"));
			StompFrame message = alice.nextFrame();
			assertThat(message.command()).isEqualTo("MESSAGE");
			assertThat(message.header("subscription")).isEqualTo(subscription);
			assertThat(message.header("destination")).isEqualTo("/topic/announcements");
			assertThat(json(message.body())).isEqualTo(Map.of("text", "Release at noon", "from", "admin"));
		}
	}

	@Test
	void adminMessageReachesTheAdminTopicAndNotTheAnnouncements() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies admin = sessions.login("admin", "admin-pw");
		BrokerSubscriptions subscriptions = new BrokerSubscriptions(this.broker);
		try (StompTestClient adminSocket = connect(sessions, admin);
				StompTestClient bob = connect(sessions, sessions.login("bob", "bob-pw"))) {
			String adminTopic = subscriptions.subscribe(adminSocket, "/topic/admin");
			subscriptions.subscribe(bob, "/topic/announcements");
			assertThat(broadcast(sessions, admin, "{\"topic\":\"admin\",\"text\":\"Deploy frozen\"}").statusCode())
				.isEqualTo(200);
			StompFrame message = adminSocket.nextFrame();
			assertThat(message.header("subscription")).isEqualTo(adminTopic);
			assertThat(json(message.body())).isEqualTo(Map.of("text", "Deploy frozen", "from", "admin"));
			assertThat(drain(bob)).isEmpty();
		}
	}

	@Test
	void broadcastByAUserIsForbiddenAndPublishesNothing() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies bob = sessions.login("bob", "bob-pw");
		try (StompTestClient alice = connect(sessions, sessions.login("alice", "alice-pw"))) {
			new BrokerSubscriptions(this.broker).subscribe(alice, "/topic/announcements");
			assertThat(broadcast(sessions, bob, "{\"topic\":\"announcements\",\"text\":\"hi\"}").statusCode())
				.isEqualTo(403);
			assertThat(drain(alice)).isEmpty();
		}
	}

	@Test
	void broadcastWithoutAuthenticationIsRejectedWith401() {
		TestSessions sessions = TestSessions.on(this.port);
		assertThat(broadcast(sessions, new Cookies(), "{\"topic\":\"announcements\",\"text\":\"hi\"}").statusCode())
			.isEqualTo(401);
	}

	@Test
	void broadcastToAnotherTopicOrWithoutTextIsRejectedWith400AndPublishesNothing() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies admin = sessions.login("admin", "admin-pw");
		try (StompTestClient alice = connect(sessions, sessions.login("alice", "alice-pw"))) {
			new BrokerSubscriptions(this.broker).subscribe(alice, "/topic/announcements");
			for (String body : List.of("{\"topic\":\"boards.b1\",\"text\":\"hi\"}", "{\"text\":\"hi\"}",
					"{\"topic\":\"announcements\"}", "{\"topic\":\"announcements\",\"text\":\"  \"}",
					"{\"topic\":\"announcements\",\"text\":\"" + "x".repeat(501) + "\"}")) {
				HttpResponse<String> response = broadcast(sessions, admin, body);
				assertThat(response.statusCode()).as(body).isEqualTo(400);
				assertThat(json(response.body())).as(body).containsEntry("sent", false);
			}
			assertThat(drain(alice)).isEmpty();
		}
	}

	/**
	 * POST to /api/broadcast with the SPA CSRF token, fetching it first if the jar has
	 * none.
	 */
	private static HttpResponse<String> broadcast(TestSessions sessions, Cookies cookies, String json) {
		if (cookies.get("XSRF-TOKEN") == null) {
			sessions.send(HttpRequest.newBuilder(sessions.uri("/login")).GET(), cookies);
		}
		assertThat(cookies.get("XSRF-TOKEN")).as("XSRF-TOKEN cookie").isNotNull();
		return sessions.send(HttpRequest.newBuilder(sessions.uri("/api/broadcast"))
			.header("Content-Type", "application/json")
			.header("Origin", sessions.origin())
			.header("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"))
			.POST(HttpRequest.BodyPublishers.ofString(json)), cookies);
	}

}
