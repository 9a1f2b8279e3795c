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

package dev.wsauth.it.lifecycle;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.session.SessionRepository;
import org.springframework.web.socket.CloseStatus;

import dev.wsauth.it.lifecycle.LifecycleApplication.SaveCounter;
import dev.wsauth.revocation.WebSocketRevocations;
import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.session.SessionStateReader;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every session store must give: sockets close with 4002 on logout (also after a
 * rotation) and on idle expiry, and a socket in use keeps its session alive with a
 * bounded number of writes to the store. Each subclass runs these against one store on a
 * real port with a real client.
 */
abstract class SessionStoreTests {

	/**
	 * Properties every store test uses: a 2 s idle timeout, a 1 s touch interval, and
	 * rules that let users send to {@code /app/ping} and subscribe to a topic and their
	 * private queue.
	 */
	static final String PROPERTIES = """
			spring.session.timeout=2s
			wsauth.session.touch-interval=1s
			wsauth.authorization.rules[0].destination=/app/ping
			wsauth.authorization.rules[0].command=send
			wsauth.authorization.rules[0].access=isAuthenticated()
			wsauth.authorization.rules[1].destination=/topic/news
			wsauth.authorization.rules[1].access=isAuthenticated()
			wsauth.authorization.rules[2].destination=/user/queue/notifications
			wsauth.authorization.rules[2].access=isAuthenticated()
			""";

	static final int RACE_ROUNDS = 20;

	static final int RACING_UPGRADES = 24;

	static final long[] UPGRADE_RACE_DELAYS_MILLIS = { 0, 2, 4, 6, 8, 12, 16, 24 };

	static final Duration TOUCH_INTERVAL = Duration.ofSeconds(1);

	@LocalServerPort
	int port;

	@Autowired
	SessionRepository<?> repository;

	@Autowired
	SaveCounter saves;

	@Autowired
	WebSocketRevocations revocations;

	@Autowired
	SimpMessagingTemplate messaging;

	@Autowired
	SessionStateReader stateReader;

	/**
	 * The batched reader the session end monitor should use for this store.
	 * @return the reader's type
	 */
	abstract Class<? extends SessionStateReader> expectedStateReader();

	@Test
	void theSessionEndMonitorReadsThisStoreWithItsOwnReader() {
		assertThat(this.stateReader).isInstanceOf(expectedStateReader());
	}

	@Test
	void logoutWithTheCookieFromBeforeARotationEndsTheRotatedSessionAndClosesItsSockets() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		Cookies beforeRotation = new Cookies(alice);
		assertThat(sessions.preflight(alice).statusCode()).isEqualTo(204);
		assertThat(sessionId(alice)).isNotEqualTo(sessionId(beforeRotation));
		try (StompTestClient socket = connect(sessions, alice)) {
			assertThat(sessions.logout(beforeRotation).statusCode()).isEqualTo(302);
			assertThat(socket.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
		}
		assertThat(sessions.preflight(new Cookies(alice)).statusCode()).isEqualTo(401);
		assertThat(upgradeStatus(sessions, alice)).isEqualTo(401);
		assertThat(sessions.send(HttpRequest.newBuilder(sessions.uri("/")).GET(), new Cookies(alice)).statusCode())
			.isNotEqualTo(200);
		assertThat(this.repository.findById(sessionId(alice))).isNull();
		assertThat(this.repository.findById(sessionId(beforeRotation))).isNull();
	}

	@Test
	void aLogoutRacingAnotherTabsPreflightAlwaysEndsTheSession() throws Exception {
		TestSessions sessions = TestSessions.on(this.port);
		ExecutorService tabs = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < RACE_ROUNDS; round++) {
				Cookies alice = withCsrfToken(sessions, sessions.login("alice", "alice-pw"));
				Cookies tab1 = new Cookies(alice);
				Cookies tab2 = new Cookies(alice);
				try (StompTestClient socket = connect(sessions, alice)) {
					CyclicBarrier start = new CyclicBarrier(2);
					Future<Integer> logout = tabs.submit(() -> {
						start.await();
						return sessions.logout(tab1).statusCode();
					});
					Future<Integer> preflight = tabs.submit(() -> {
						start.await();
						return sessions.preflight(tab2).statusCode();
					});
					assertThat(logout.get(10, TimeUnit.SECONDS)).isEqualTo(302);
					assertThat(preflight.get(10, TimeUnit.SECONDS)).isIn(204, 401);
					assertThat(socket.awaitCloseCode(Duration.ofSeconds(2))).as("round %d", round).isEqualTo(4002);
				}
				for (Cookies jar : List.of(alice, tab2)) {
					assertThat(sessions.preflight(new Cookies(jar)).statusCode()).as("round %d", round).isEqualTo(401);
					assertThat(upgradeStatus(sessions, jar)).as("round %d", round).isEqualTo(401);
					if (jar.get("SESSION") != null) {
						assertThat(this.repository.findById(sessionId(jar))).as("round %d", round).isNull();
					}
				}
			}
		}
		finally {
			tabs.shutdownNow();
		}
	}

	@Test
	void upgradesRacingALogoutAreClosedWith4002AndReceiveNothingAfterIt() throws Exception {
		TestSessions sessions = TestSessions.on(this.port);
		ExecutorService upgrades = Executors.newFixedThreadPool(RACING_UPGRADES);
		try {
			// The logout lands at a different point of the upgrades' flight each round.
			for (long delay : UPGRADE_RACE_DELAYS_MILLIS) {
				raceUpgradesWithALogout(sessions, upgrades, Duration.ofMillis(delay));
			}
		}
		finally {
			upgrades.shutdownNow();
		}
	}

	private void raceUpgradesWithALogout(TestSessions sessions, ExecutorService upgrades, Duration delay)
			throws Exception {
		Cookies alice = withCsrfToken(sessions, sessions.login("alice", "alice-pw"));
		String sessionId = sessionId(alice);
		List<StompTestClient> connected = new CopyOnWriteArrayList<>();
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> attempts = new ArrayList<>();
			for (int i = 0; i < RACING_UPGRADES; i++) {
				String subscription = "sub-" + i;
				attempts.add(upgrades.submit(() -> {
					start.await();
					StompTestClient socket;
					try {
						socket = connect(sessions, alice);
					}
					catch (RuntimeException | AssertionError refused) {
						// 401 before the 101, or closed before CONNECTED: both are fine.
						return null;
					}
					connected.add(socket);
					try {
						socket.subscribe(subscription, "/topic/news");
						socket.subscribe(subscription + "-private", "/user/queue/notifications");
					}
					catch (RuntimeException closed) {
						// closed by the logout already
					}
					return null;
				}));
			}
			start.countDown();
			pause(delay);
			assertThat(sessions.logout(new Cookies(alice)).statusCode()).isEqualTo(302);
			for (Future<?> attempt : attempts) {
				attempt.get(20, TimeUnit.SECONDS);
			}
			// Published right after the logout answer and the racing upgrades: before any
			// periodic check could close a socket that the logout missed.
			String round = "round " + delay.toMillis();
			this.messaging.convertAndSend("/topic/news", "after logout, " + round);
			this.messaging.convertAndSendToUser("alice", "/queue/notifications", "private, after logout, " + round);
			for (StompTestClient socket : connected) {
				assertThat(socket.awaitCloseCode(Duration.ofSeconds(2))).as("logout after %s", delay).isEqualTo(4002);
				StompFrame frame;
				while ((frame = socket.pollFrame(Duration.ZERO)) != null) {
					assertThat(frame.command()).as("logout after %s: %s", delay, frame).isNotEqualTo("MESSAGE");
				}
			}
			assertThat(upgradeStatus(sessions, alice)).as("logout after %s", delay).isEqualTo(401);
			assertThat(this.repository.findById(sessionId)).as("logout after %s", delay).isNull();
		}
		finally {
			connected.forEach(StompTestClient::close);
		}
	}

	@Test
	void twoSessionCookiesOfDifferentUsersAreRefusedWith401() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		Cookies bob = sessions.login("bob", "bob-pw");
		String both = "SESSION=" + alice.get("SESSION") + "; SESSION=" + bob.get("SESSION");
		assertThat(StompTestClient.upgradeStatus(sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", both, "Origin", sessions.origin())))
			.isEqualTo(401);
		assertThat(sessions
			.send(HttpRequest.newBuilder(sessions.uri("/__ws/auth"))
				.header("Origin", sessions.origin())
				.header("Cookie", both)
				.POST(HttpRequest.BodyPublishers.noBody()), new Cookies())
			.statusCode()).isEqualTo(401);
		Cookies aliceAgain = sessions.login("alice", "alice-pw");
		String sameUser = "SESSION=" + alice.get("SESSION") + "; SESSION=" + aliceAgain.get("SESSION");
		assertThat(StompTestClient.upgradeStatus(sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", sameUser, "Origin", sessions.origin())))
			.isEqualTo(101);
	}

	@Test
	void logoutInAnotherTabClosesTheSocketWith4002WithinOneSecond() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient socket = connect(sessions, alice)) {
			assertThat(sessions.logout(new Cookies(alice)).statusCode()).isEqualTo(302);
			StompFrame error = socket.nextFrame(Duration.ofSeconds(1));
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(error.header("message")).isEqualTo("session ended");
			assertThat(socket.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
		}
	}

	@Test
	void logoutAfterARotationClosesSocketsOpenedBeforeIt() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient beforeRotation = connect(sessions, alice)) {
			assertThat(sessions.preflight(alice).statusCode()).isEqualTo(204);
			try (StompTestClient afterRotation = connect(sessions, alice)) {
				assertThat(sessions.logout(alice).statusCode()).isEqualTo(302);
				assertThat(beforeRotation.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
				assertThat(afterRotation.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
			}
		}
	}

	@Test
	void aKeepAliveTouchThatLoadedTheSessionBeforeAPreflightRotationDoesNotUndoTheRotation() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		// Past half the touch interval since the login, so that the CONNECT touch writes.
		pause(TOUCH_INTERVAL.dividedBy(2).plusMillis(100));
		this.saves.delayKeepAliveSaves(Duration.ofMillis(300));
		try {
			// The CONNECT frame starts a touch: it reads the session now and saves 300 ms
			// later, after the preflight below has renamed it.
			try (StompTestClient socket = connect(sessions, alice)) {
				assertThat(sessions.preflight(alice).statusCode()).isEqualTo(204);
				pause(Duration.ofMillis(600));
				assertThat(upgradeStatus(sessions, alice)).isEqualTo(101);
				assertThat(socket.isClosed()).isFalse();
			}
		}
		finally {
			this.saves.delayKeepAliveSaves(Duration.ZERO);
		}
	}

	@Test
	void idleExpiryClosesAnIdleSocketWith4002WithoutClientTraffic() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient socket = connect(sessions, alice)) {
			StompFrame error = socket.nextFrame(Duration.ofSeconds(6));
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(socket.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
		}
	}

	@Test
	void anUpgradeReadsTheSessionAtMostOnceAndNeverSavesIt() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		String sessionId = sessionId(alice);
		int reads = this.saves.requestReadsOf(sessionId);
		int saves = this.saves.requestSavesOf(sessionId);
		int upgrades = 10;
		for (int i = 0; i < upgrades; i++) {
			try (StompTestClient socket = connect(sessions, alice)) {
				assertThat(socket.isClosed()).isFalse();
			}
		}
		assertThat(this.saves.requestSavesOf(sessionId) - saves).isZero();
		assertThat(this.saves.requestReadsOf(sessionId) - reads).isLessThanOrEqualTo(upgrades);
		assertThat(sessions.preflight(alice).statusCode()).isEqualTo(204);
	}

	@Test
	void activityKeepsTheSessionAlivePastItsIdleTimeoutWithAtMostOneSavePerTouchInterval() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		String sessionId = sessionId(alice);
		try (StompTestClient socket = connect(sessions, alice)) {
			int before = this.saves.savesOf(sessionId);
			long start = System.nanoTime();
			for (int i = 0; i < 200; i++) {
				socket.sendTo("/app/ping", "{}");
				pause(Duration.ofMillis(15));
			}
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			assertThat(elapsed).isGreaterThan(Duration.ofSeconds(2));
			assertThat(socket.pollFrame(Duration.ofMillis(300))).isNull();
			assertThat(socket.isClosed()).isFalse();
			assertThat(this.repository.findById(sessionId)).isNotNull();
			long bound = (long) Math.ceil((double) elapsed.toMillis() / TOUCH_INTERVAL.toMillis()) + 1;
			assertThat(this.saves.savesOf(sessionId) - before).isBetween(2, (int) bound);
		}
	}

	@Test
	void revokingAUserClosesTheUsersSocketsWithTheChosenCode() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies bob = sessions.login("bob", "bob-pw");
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient bobSocket = connect(sessions, bob);
				StompTestClient aliceSocket = connect(sessions, alice)) {
			assertThat(this.revocations.revokeUser("bob", new CloseStatus(4009, "revoked"))).isEqualTo(1);
			StompFrame error = bobSocket.nextFrame(Duration.ofSeconds(1));
			assertThat(error.header("message")).isEqualTo("revoked");
			assertThat(bobSocket.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4009);
			assertThat(aliceSocket.isClosed()).isFalse();
		}
	}

	@Test
	void revokingASessionClosesItsSocketsWith4002() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient socket = connect(sessions, alice)) {
			assertThat(this.revocations.revokeSession(sessionId(alice), new CloseStatus(4002, "session ended")))
				.isEqualTo(1);
			assertThat(socket.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
		}
	}

	static StompTestClient connect(TestSessions sessions, Cookies cookies) {
		return StompTestClient.connect(sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", cookies.header(), "Origin", sessions.origin()));
	}

	/**
	 * Fetch the SPA CSRF cookie now, so that a racing logout sends only its POST.
	 */
	static Cookies withCsrfToken(TestSessions sessions, Cookies cookies) {
		sessions.send(HttpRequest.newBuilder(sessions.uri("/login")).GET(), cookies);
		assertThat(cookies.get("XSRF-TOKEN")).isNotNull();
		return cookies;
	}

	static int upgradeStatus(TestSessions sessions, Cookies cookies) {
		return StompTestClient.upgradeStatus(sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", cookies.header(), "Origin", sessions.origin()));
	}

	static String sessionId(Cookies cookies) {
		String value = cookies.get("SESSION");
		assertThat(value).as("SESSION cookie").isNotNull();
		return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
	}

	static void pause(Duration duration) {
		try {
			TimeUnit.MILLISECONDS.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
