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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.SimpMessagingTemplate;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static dev.wsauth.sample.SampleClients.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code PUT} and {@code DELETE /api/boards/{boardId}/members/{user}}: only an admin may
 * change a board's members, and a removed member's live subscription to the board is
 * dropped at once while the others keep delivering.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BoardMembershipTests {

	@LocalServerPort
	int port;

	@Autowired
	Boards boards;

	@Autowired
	SimpMessagingTemplate messaging;

	private TestSessions sessions;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
	}

	@AfterEach
	void restoreInitialMembers() {
		// The application context, and its in-memory membership, is shared with other
		// tests.
		this.boards.add("b1", "alice");
		this.boards.add("b1", "bob");
		this.boards.add("b2", "bob");
		this.boards.remove("b2", "alice");
		this.boards.remove("b1", "carol");
	}

	@Test
	void adminAddsAndRemovesAMemberAndGetsTheSortedMembers() {
		Cookies admin = this.sessions.login("admin", "admin-pw");
		HttpResponse<String> added = change(admin, "PUT", "b1", "carol", true);
		assertThat(added.statusCode()).isEqualTo(200);
		assertThat(added.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(json(added.body())).isEqualTo(Map.of("board", "b1", "members", List.of("alice", "bob", "carol")));
		HttpResponse<String> removed = change(admin, "DELETE", "b1", "alice", true);
		assertThat(removed.statusCode()).isEqualTo(200);
		assertThat(json(removed.body())).isEqualTo(Map.of("board", "b1", "members", List.of("bob", "carol")));
		assertThat(this.boards.isMember("alice", "b1")).isFalse();
	}

	@Test
	void aUserWhoIsNotAdminIsForbiddenAndNothingChanges() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		assertThat(change(alice, "DELETE", "b1", "bob", true).statusCode()).isEqualTo(403);
		assertThat(change(alice, "PUT", "b2", "alice", true).statusCode()).isEqualTo(403);
		assertThat(this.boards.members("b1")).containsExactly("alice", "bob");
		assertThat(this.boards.members("b2")).containsExactly("bob");
	}

	@Test
	void withoutAuthenticationTheApiAnswers401() {
		assertThat(change(new Cookies(), "DELETE", "b1", "bob", true).statusCode()).isEqualTo(401);
		assertThat(this.boards.isMember("bob", "b1")).isTrue();
	}

	@Test
	void anAdminRequestWithoutTheCsrfHeaderIsRefusedAndNothingChanges() {
		Cookies admin = this.sessions.login("admin", "admin-pw");
		assertThat(change(admin, "DELETE", "b1", "bob", false).statusCode()).isEqualTo(403);
		assertThat(this.boards.isMember("bob", "b1")).isTrue();
	}

	@Test
	void anUnknownBoardIs404() {
		Cookies admin = this.sessions.login("admin", "admin-pw");
		assertThat(change(admin, "PUT", "b3", "bob", true).statusCode()).isEqualTo(404);
		assertThat(change(admin, "DELETE", "b3", "bob", true).statusCode()).isEqualTo(404);
		assertThat(this.boards.exists("b3")).isFalse();
	}

	@Test
	void anInvalidUserNameIs400() {
		Cookies admin = this.sessions.login("admin", "admin-pw");
		assertThat(change(admin, "PUT", "b1", "x".repeat(65), true).statusCode()).isEqualTo(400);
		assertThat(this.boards.members("b1")).containsExactly("alice", "bob");
	}

	@Test
	void removedMemberLosesExactlyTheBoardSubscriptionAndKeepsTheOthers() {
		Cookies admin = this.sessions.login("admin", "admin-pw");
		try (StompTestClient bob = SampleClients.connect(this.sessions, this.sessions.login("bob", "bob-pw"))) {
			bob.subscribe("board-b1", "/topic/boards.b1", "r-1");
			bob.subscribe("board-b2", "/topic/boards.b2", "r-2");
			bob.subscribe("announcements", "/topic/announcements", "r-3");
			for (int i = 0; i < 3; i++) {
				assertThat(bob.nextFrame(Duration.ofSeconds(5)).command()).isEqualTo("RECEIPT");
			}
			assertThat(change(admin, "DELETE", "b2", "bob", true).statusCode()).isEqualTo(200);
			StompFrame denial = bob.nextFrame(Duration.ofSeconds(5));
			assertThat(denial.command()).isEqualTo("MESSAGE");
			assertThat(denial.header("subscription")).isEqualTo("board-b2");
			assertThat(denial.header("wsauth-denied")).isEqualTo("REVOKED");
			String marker = UUID.randomUUID().toString();
			this.messaging.convertAndSend("/topic/boards.b2", "after revocation");
			this.messaging.convertAndSend("/topic/announcements", "announcement");
			this.messaging.convertAndSend("/topic/boards.b1", marker);
			List<StompFrame> received = framesUntil(bob, marker);
			// The broker delivers to different topics on several threads: the
			// announcement may come after the marker.
			while (received.stream().noneMatch((frame) -> "announcements".equals(frame.header("subscription")))) {
				received.add(bob.nextFrame(Duration.ofSeconds(10)));
			}
			assertThat(received).noneSatisfy((frame) -> assertThat(frame.body()).contains("after revocation"));
			assertThat(received)
				.anySatisfy((frame) -> assertThat(frame.header("subscription")).isEqualTo("announcements"));
			assertThat(bob.isClosed()).isFalse();
			bob.subscribe("board-b2-again", "/topic/boards.b2", "r-4");
			assertThat(bob.nextFrame(Duration.ofSeconds(5)).header("wsauth-denied")).isEqualTo("FORBIDDEN");
		}
	}

	/**
	 * Change a membership as the sample's pages would: JSON API, SPA CSRF token in the
	 * {@code X-XSRF-TOKEN} header (fetched first if the jar has none).
	 */
	private HttpResponse<String> change(Cookies cookies, String method, String board, String user, boolean csrf) {
		if (cookies.get("XSRF-TOKEN") == null) {
			this.sessions.send(HttpRequest.newBuilder(this.sessions.uri("/login")).GET(), cookies);
		}
		HttpRequest.Builder request = HttpRequest
			.newBuilder(this.sessions.uri("/api/boards/" + board + "/members/" + user))
			.header("Accept", "application/json")
			.header("Origin", this.sessions.origin())
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (csrf) {
			request.header("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
		}
		return this.sessions.send(request, cookies);
	}

	static List<StompFrame> framesUntil(StompTestClient client, String lastBody) {
		List<StompFrame> frames = new ArrayList<>();
		StompFrame frame;
		do {
			frame = client.nextFrame(Duration.ofSeconds(10));
			frames.add(frame);
		}
		while (!frame.body().contains(lastBody));
		return frames;
	}

}
