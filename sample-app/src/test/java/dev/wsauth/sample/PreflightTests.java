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

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

import dev.wsauth.sample.ObservedSessions.SessionIds;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.WebSocketConnection;
import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static dev.wsauth.sample.SampleClients.connect;
import static dev.wsauth.sample.SampleClients.sessionId;
import static dev.wsauth.sample.SampleClients.upgradeStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pre-connect endpoint {@code POST /__ws/auth}: who may call it, what it answers, and
 * how its session id rotation treats other tabs and open sockets.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(ObservedSessions.class)
class PreflightTests {

	@LocalServerPort
	int port;

	@Autowired
	SessionIds sessionIds;

	@Autowired
	ConnectionRegistry connections;

	@Autowired
	SimpleBrokerMessageHandler broker;

	@Test
	void preflightAnswers204WithNoStoreEmptyBodyAndARotatedSessionCookie() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		String oldId = sessionId(alice);
		Cookies tab = new Cookies(alice);
		HttpResponse<String> response = sessions.preflight(tab);
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
		assertThat(response.body()).isEmpty();
		assertThat(response.headers().allValues("Set-Cookie"))
			.anySatisfy((setCookie) -> assertThat(setCookie).startsWith("SESSION=").doesNotStartWith("SESSION=;"));
		String newId = sessionId(tab);
		assertThat(newId).isNotEqualTo(oldId);
		assertThat(this.sessionIds.current()).contains(newId).doesNotContain(oldId);
	}

	@Test
	void rotatedCookieUpgradesAndPreflightsAgain() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		assertThat(sessions.preflight(alice).statusCode()).isEqualTo(204);
		assertThat(upgradeStatus(sessions, alice)).isEqualTo(101);
		assertThat(sessions.preflight(alice).statusCode()).isEqualTo(204);
		assertThat(upgradeStatus(sessions, alice)).isEqualTo(101);
	}

	@Test
	void oldCookieStillUpgradesAndPreflightsWithinTheGracePeriod() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		Cookies old = new Cookies(alice);
		assertThat(sessions.preflight(alice).statusCode()).isEqualTo(204);
		assertThat(upgradeStatus(sessions, old)).isEqualTo(101);
		HttpResponse<String> oldPreflight = sessions.preflight(old);
		assertThat(oldPreflight.statusCode()).isEqualTo(204);
		assertThat(old.get("SESSION")).as("the old tab learns the current id").isEqualTo(alice.get("SESSION"));
	}

	@Test
	void oldCookieUpgradesWhileTheRotatedSessionIsStillBeingSaved() throws Exception {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		Cookies old = new Cookies(alice);
		String oldId = sessionId(old);
		this.sessionIds.holdNextRename(Duration.ofMillis(700));
		CompletableFuture<HttpResponse<String>> preflight = CompletableFuture
			.supplyAsync(() -> sessions.preflight(alice));
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> !this.sessionIds.current().contains(oldId));
		assertThat(upgradeStatus(sessions, old)).isEqualTo(101);
		assertThat(preflight.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
	}

	@Test
	void preflightWithoutSessionCookieIsRejectedWith401() {
		TestSessions sessions = TestSessions.on(this.port);
		HttpResponse<String> response = sessions.preflight(new Cookies());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
	}

	@Test
	void preflightFromForeignOriginIsRejectedWith403AndDoesNotRotate() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		String id = sessionId(alice);
		HttpResponse<String> response = sessions.send(HttpRequest.newBuilder(sessions.uri("/__ws/auth"))
			.header("Origin", "https://evil.example")
			.POST(HttpRequest.BodyPublishers.noBody()), alice);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(this.sessionIds.current()).contains(id);
	}

	@Test
	void preflightMarkedCrossSiteIsRejectedWith403() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		HttpResponse<String> response = sessions.send(HttpRequest.newBuilder(sessions.uri("/__ws/auth"))
			.header("Origin", sessions.origin())
			.header("Sec-Fetch-Site", "cross-site")
			.POST(HttpRequest.BodyPublishers.noBody()), alice);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void preflightWithGetOrPutIsRejectedWith405AllowingPost() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		HttpResponse<String> get = sessions
			.send(HttpRequest.newBuilder(sessions.uri("/__ws/auth")).header("Origin", sessions.origin()).GET(), alice);
		HttpResponse<String> put = sessions.send(HttpRequest.newBuilder(sessions.uri("/__ws/auth"))
			.header("Origin", sessions.origin())
			.PUT(HttpRequest.BodyPublishers.noBody()), alice);
		for (HttpResponse<String> response : List.of(get, put)) {
			assertThat(response.statusCode()).isEqualTo(405);
			assertThat(response.headers().allValues("Allow")).containsExactly("POST");
			assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		}
	}

	@Test
	void preflightDeclaringALargeBodyIsRefusedWith413PromptlyWithoutReadingIt() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		long start = System.nanoTime();
		int status = sessions.rawStatus("POST /__ws/auth HTTP/1.1\r\nHost: localhost:" + this.port + "\r\nOrigin: "
				+ sessions.origin() + "\r\nCookie: " + alice.header()
				+ "\r\nContent-Type: application/octet-stream\r\nContent-Length: 10485760\r\n\r\n");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(status).isEqualTo(413);
		assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void preflightNeedsNoCsrfToken() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		sessions.send(HttpRequest.newBuilder(sessions.uri("/login")).GET(), alice);
		assertThat(alice.get("XSRF-TOKEN")).as("the page handed out a CSRF token").isNotNull();
		HttpResponse<String> response = sessions.send(HttpRequest.newBuilder(sessions.uri("/__ws/auth"))
			.header("Origin", sessions.origin())
			.POST(HttpRequest.BodyPublishers.noBody()), alice);
		assertThat(response.statusCode()).isEqualTo(204);
	}

	@Test
	void concurrentPreflightsFromTabsSharingACookieAllSucceedAndRotateTheSessionOnce() throws Exception {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		String oldId = sessionId(alice);
		Set<String> before = this.sessionIds.current();
		int tabCount = 8;
		CyclicBarrier start = new CyclicBarrier(tabCount);
		ExecutorService executor = Executors.newFixedThreadPool(tabCount);
		List<Future<Tab>> futures = new ArrayList<>();
		try {
			for (int i = 0; i < tabCount; i++) {
				futures.add(executor.submit(() -> {
					Cookies tab = new Cookies(alice);
					start.await(5, TimeUnit.SECONDS);
					HttpResponse<String> response = sessions.send(HttpRequest.newBuilder(sessions.uri("/__ws/auth"))
						.version(HttpClient.Version.HTTP_1_1)
						.header("Origin", sessions.origin())
						.POST(HttpRequest.BodyPublishers.noBody()), tab);
					return new Tab(response.statusCode(), response.headers().allValues("Set-Cookie"), tab);
				}));
			}
			List<Tab> tabs = new ArrayList<>();
			for (Future<Tab> future : futures) {
				tabs.add(future.get(10, TimeUnit.SECONDS));
			}
			Set<String> issuedCookies = new HashSet<>();
			for (Tab tab : tabs) {
				assertThat(tab.status()).isEqualTo(204);
				tab.setCookies()
					.stream()
					.filter((setCookie) -> setCookie.startsWith("SESSION="))
					.forEach((setCookie) -> issuedCookies.add(setCookie.split(";", 2)[0]));
				assertThat(upgradeStatus(sessions, tab.cookies())).isEqualTo(101);
			}
			assertThat(issuedCookies).as("distinct session cookies issued").hasSize(1);
			Set<String> created = new HashSet<>(this.sessionIds.current());
			created.removeAll(before);
			assertThat(created).as("sessions created by the race").hasSize(1);
			assertThat(this.sessionIds.current()).doesNotContain(oldId);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void rotationKeepsOpenSocketsReceivingAndRebindsThemToTheNewSessionId() {
		TestSessions sessions = TestSessions.on(this.port);
		BrokerSubscriptions subscriptions = new BrokerSubscriptions(this.broker);
		Cookies alice = sessions.login("alice", "alice-pw");
		Cookies bob = sessions.login("bob", "bob-pw");
		String oldId = sessionId(alice);
		try (StompTestClient aliceClient = connect(sessions, alice);
				StompTestClient bobClient = connect(sessions, bob)) {
			String board = subscriptions.subscribe(aliceClient, "/topic/boards.b1");
			assertThat(this.connections.findByHttpSessionId(oldId)).hasSize(1);
			assertThat(sessions.preflight(alice).statusCode()).isEqualTo(204);
			String newId = sessionId(alice);
			assertThat(newId).isNotEqualTo(oldId);
			bobClient.sendTo("/app/boards.b1.typing", "{}");
			StompFrame typing = aliceClient.nextFrame();
			assertThat(typing.command()).isEqualTo("MESSAGE");
			assertThat(typing.header("subscription")).isEqualTo(board);
			List<WebSocketConnection> rebound = this.connections.findByHttpSessionId(newId);
			assertThat(rebound).singleElement().satisfies((connection) -> {
				assertThat(connection.isOpen()).isTrue();
				assertThat(connection.getPrincipal()).extracting(Principal::getName).isEqualTo("alice");
			});
			assertThat(this.connections.findByHttpSessionId(oldId)).isEmpty();
			String secondBoard = subscriptions.subscribe(aliceClient, "/topic/boards.b1");
			bobClient.sendTo("/app/boards.b1.typing", "{}");
			assertThat(SampleClients.frames(aliceClient, 2)).extracting((frame) -> frame.header("subscription"))
				.containsExactlyInAnyOrder(board, secondBoard);
		}
	}

	private record Tab(int status, List<String> setCookies, Cookies cookies) {

	}

}
