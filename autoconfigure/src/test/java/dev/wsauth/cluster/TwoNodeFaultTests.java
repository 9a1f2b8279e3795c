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

package dev.wsauth.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.SimpMessagingTemplate;

import dev.wsauth.session.SessionEndMonitor;
import dev.wsauth.session.SessionRotationRegistry;
import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TcpForwarder;
import dev.wsauth.test.TestServices;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault runs on two nodes sharing sessions in Redis and a RabbitMQ STOMP relay. Nodes
 * {@code a} and {@code b} run in this JVM; each reaches Redis and RabbitMQ's STOMP port
 * through its own {@link TcpForwarder}, so a test can cut one node or both. Node
 * {@code a}'s Redis path also passes a gate (a {@link TcpForwarder} in front of its
 * forwarder) that can refuse new connections while the open ones stay up, to break only
 * its pub/sub connection. A third node, {@code k}, is a child JVM the kill test ends with
 * {@code SIGKILL}.
 *
 * <p>
 * Intervals are short: session check 200ms, reconciliation 20s (long on purpose, so that
 * a socket closing within seconds of a heal was closed by the resubscription's
 * reconciliation, not the periodic one), rotation grace 3s (so that a partition longer
 * than it fits in CI), Redis command timeout 1s, connect timeout 500ms, keep-alive touch
 * 1s. Recovery times are measured and logged as
 * {@code fault-run <fault> <figure>=<value>} lines (also appended to
 * {@code target/fault-runs/figures.log}); only correctness is asserted, with generous
 * timeouts.
 */
class TwoNodeFaultTests {

	private static final Log logger = LogFactory.getLog(TwoNodeFaultTests.class);

	private static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(20);

	/** Two reconciliations and ten seconds: a socket that should close closes by then. */
	private static final Duration CLOSE_TIMEOUT = RECONCILE_INTERVAL.multipliedBy(2).plusSeconds(10);

	private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

	private static final Duration ROTATION_GRACE = Duration.ofSeconds(3);

	private static final Duration QUIET = Duration.ofMillis(500);

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	private static final String CLIENT_NAME_A = "wsauth-fault-a-" + RUN;

	private static final Path WORK_DIR = Path.of("target", "fault-runs");

	private static TestServices.Endpoint redis;

	private static TestServices.Endpoint stomp;

	private static TcpForwarder gateA;

	private static TcpForwarder redisA;

	private static TcpForwarder redisB;

	private static TcpForwarder stompA;

	private static TcpForwarder stompB;

	private static ConfigurableApplicationContext nodeA;

	private static ConfigurableApplicationContext nodeB;

	private static ChildNode nodeK;

	private static TestSessions a;

	private static TestSessions b;

	@BeforeAll
	static void startNodes() throws IOException {
		redis = TestServices.redis();
		stomp = TestServices.rabbitStomp();
		String namespace = "wsauth-fault:" + RUN;
		List<String> common = List.of("--server.port=0",
				"--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"--spring.session.data.redis.namespace=" + namespace,
				"--wsauth.session.revocations.channel=" + namespace + ":revocations", "--spring.data.redis.timeout=1s",
				"--spring.data.redis.connect-timeout=500ms",
				"--wsauth.session.check-interval=" + CHECK_INTERVAL.toMillis() + "ms",
				"--wsauth.preflight.rotation-grace=" + ROTATION_GRACE.toSeconds() + "s",
				"--wsauth.session.reconcile-interval=" + RECONCILE_INTERVAL.toSeconds() + "s",
				"--wsauth.session.touch-interval=1s",
				"--wsauth.authorization.rules[0].destination=/topic/allowed.{name}",
				"--wsauth.authorization.rules[0].access=isAuthenticated()",
				"--wsauth.authorization.rules[1].command=send", "--wsauth.authorization.rules[1].destination=/app/echo",
				"--wsauth.authorization.rules[1].access=isAuthenticated()");
		// The child JVM boots while this one starts a and b.
		nodeK = ChildNode.start("k", redis, stomp, common);
		gateA = TcpForwarder.to(redis);
		redisA = TcpForwarder.to(new TestServices.Endpoint("127.0.0.1", gateA.port()));
		redisB = TcpForwarder.to(redis);
		stompA = TcpForwarder.to(stomp);
		stompB = TcpForwarder.to(stomp);
		nodeA = start(common, redisA, stompA, CLIENT_NAME_A);
		nodeB = start(common, redisB, stompB, "wsauth-fault-b-" + RUN);
		a = TestSessions.on(port(nodeA));
		b = TestSessions.on(port(nodeB));
		nodeK.awaitReady(Duration.ofSeconds(120));
	}

	@AfterAll
	static void stopNodes() {
		if (nodeK != null) {
			nodeK.close();
		}
		if (nodeB != null) {
			nodeB.close();
		}
		if (nodeA != null) {
			nodeA.close();
		}
		for (AutoCloseable closeable : new AutoCloseable[] { redisA, redisB, stompA, stompB, gateA }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// closing anyway
			}
		}
		if (redis != null) {
			try (RedisAdmin admin = RedisAdmin.connect(redis)) {
				admin.deleteKeys("wsauth-fault:" + RUN + ":*");
			}
		}
	}

	@BeforeEach
	void healEverything() {
		gateA.start();
		redisA.start();
		redisB.start();
		stompA.start();
		stompB.start();
		awaitHealthy(a);
		awaitHealthy(b);
	}

	@AfterEach
	void healAfterFailure() {
		gateA.start();
		redisA.start();
		redisB.start();
		stompA.start();
		stompB.start();
	}

	@Test
	void whileRedisIsUnreachableForBothNodesUpgradesAndPreflightsGet503AndOpenSocketsStayOpenAndOnceItIsBackNoSessionIsLostOrResurrected()
			throws Exception {
		Cookies live = a.login("user", "user-pw");
		Cookies endedBefore = b.login("user", "user-pw");
		Cookies endedBeforeCookie = new Cookies(endedBefore);
		assertThat(b.logout(endedBefore).statusCode()).isLessThan(400);
		Cookies loggedOutDuring = a.login("user", "user-pw");
		primeCsrf(a, loggedOutDuring);
		Cookies loggedOutDuringCookie = new Cookies(loggedOutDuring);
		try (StompTestClient onA = connect(a, live); StompTestClient onB = connect(b, live)) {
			settle();
			redisA.stop();
			redisB.stop();
			long cut = System.nanoTime();
			int logoutDuring;
			// The requests run side by side: each waits for Redis's command timeout, and
			// the outage is kept short (a longer one is the benchmark's).
			ExecutorService clients = Executors.newFixedThreadPool(7);
			try {
				Future<HttpResponse<String>> preflightA = clients.submit(() -> a.preflight(new Cookies(live)));
				Future<HttpResponse<String>> preflightB = clients.submit(() -> b.preflight(new Cookies(live)));
				Future<StompTestClient.HandshakeRejectedException> upgradeA = clients
					.submit(() -> rejectedUpgrade(a, live));
				Future<StompTestClient.HandshakeRejectedException> upgradeB = clients
					.submit(() -> rejectedUpgrade(b, live));
				Future<Integer> endedPreflight = clients
					.submit(() -> a.preflight(new Cookies(endedBeforeCookie)).statusCode());
				Future<Integer> endedUpgrade = clients.submit(() -> upgradeStatus(b, endedBeforeCookie));
				Future<Integer> logout = clients.submit(() -> a.logout(loggedOutDuring).statusCode());
				for (HttpResponse<String> preflight : List.of(preflightA.get(), preflightB.get())) {
					assertThat(preflight.statusCode()).isEqualTo(503);
					assertThat(preflight.headers().firstValue("Retry-After")).hasValue("5");
					assertThat(preflight.body()).isEqualTo("Session store unavailable");
				}
				for (StompTestClient.HandshakeRejectedException rejected : List.of(upgradeA.get(), upgradeB.get())) {
					assertThat(rejected.status()).isEqualTo(503);
					assertThat(rejected.headerValues("Retry-After")).containsExactly("5");
				}
				figure("redis-both", "seven-requests-answered-ms", millisSince(cut));
				figure("redis-both", "logged-out-session-preflight-status-during-outage", endedPreflight.get());
				figure("redis-both", "logged-out-session-upgrade-status-during-outage", endedUpgrade.get());
				assertThat(endedPreflight.get()).isIn(401, 503);
				assertThat(endedUpgrade.get()).isIn(401, 503);
				logoutDuring = logout.get();
				figure("redis-both", "logout-status-during-outage", logoutDuring);
				// The logout could not delete the session: the client is told to retry.
				assertThat(logoutDuring).isEqualTo(503);
			}
			finally {
				clients.shutdownNow();
			}
			// Every 200ms sweep fails to read the sessions: none may be taken
			// for a logout.
			assertThat(onA.pollFrame(QUIET)).isNull();
			assertThat(onB.pollFrame(QUIET)).isNull();
			assertThat(onA.isClosed()).isFalse();
			assertThat(onB.isClosed()).isFalse();
			figure("redis-both", "outage-ms", millisSince(cut));
			redisA.start();
			redisB.start();
			long healed = System.nanoTime();
			Map<String, TestSessions> pending = new LinkedHashMap<>(Map.of("a", a, "b", b));
			List<Integer> seen = new ArrayList<>();
			awaitMillis(RECOVERY_TIMEOUT, Duration.ofMillis(100), () -> {
				for (String name : List.copyOf(pending.keySet())) {
					int status = upgradeStatus(pending.get(name), live);
					seen.add(status);
					assertThat(status).as("upgrade status while Redis comes back").isIn(101, 503);
					if (status == 101) {
						pending.remove(name);
						figure("redis-both", "heal-to-first-upgrade-ms-node-" + name, millisSince(healed));
					}
				}
				return pending.isEmpty();
			});
			figure("redis-both", "upgrades-answered-503-after-heal", seen.stream().filter((s) -> s == 503).count());
			for (TestSessions node : List.of(a, b)) {
				assertThat(node.preflight(live).statusCode()).isEqualTo(204);
				assertThat(upgradeStatus(node, live)).isEqualTo(101);
				assertThat(node.preflight(new Cookies(endedBeforeCookie)).statusCode()).isEqualTo(401);
				assertThat(upgradeStatus(node, endedBeforeCookie)).isEqualTo(401);
			}
			int afterLogoutDuring = a.preflight(new Cookies(loggedOutDuringCookie)).statusCode();
			figure("redis-both", "session-whose-logout-failed-preflight-after-heal", afterLogoutDuring);
			if (logoutDuring < 400) {
				// The client was told it was logged out: it must be.
				assertThat(afterLogoutDuring).isEqualTo(401);
			}
			assertThat(onA.isClosed()).isFalse();
			assertThat(onB.isClosed()).isFalse();
		}
	}

	@Test
	void whenOnlyNodeACannotReachRedisALogoutOnNodeBClosesTheSessionsSocketOnNodeAWith4002OnceAReachesRedisAgain() {
		Cookies victim = b.login("user", "user-pw");
		primeCsrf(b, victim);
		Cookies victimCookie = new Cookies(victim);
		Cookies bystander = a.login("user", "user-pw");
		try (StompTestClient victimOnA = connect(a, victim);
				StompTestClient victimOnB = connect(b, victim);
				StompTestClient bystanderOnA = connect(a, bystander)) {
			settle();
			redisA.stop();
			long cut = System.nanoTime();
			assertThat(a.preflight(new Cookies(bystander)).statusCode()).isEqualTo(503);
			long logout = System.nanoTime();
			assertThat(b.logout(victim).statusCode()).isLessThan(400);
			assertThat(victimOnB.awaitCloseCode(Duration.ofSeconds(10))).isEqualTo(4002);
			figure("redis-partition", "logout-to-close-on-b-ms", millisSince(logout));
			assertThat(b.preflight(new Cookies(victimCookie)).statusCode()).isEqualTo(401);
			int upgradeOnA = upgradeStatus(a, victimCookie);
			figure("redis-partition", "logged-out-session-upgrade-status-on-a-during-partition", upgradeOnA);
			assertThat(upgradeOnA).isIn(401, 503);
			// Activity on a's socket asks a to keep the session alive; a cannot reach
			// Redis, and must not write the session back once it can.
			for (int i = 0; i < 3; i++) {
				victimOnA.sendTo("/app/echo", "{\"text\":\"during\"}");
				sleep(Duration.ofMillis(400));
			}
			boolean closedDuringPartition = victimOnA.isClosed();
			figure("redis-partition", "a-socket-closed-before-heal", closedDuringPartition ? 1 : 0);
			figure("redis-partition", "partition-ms", millisSince(cut));
			redisA.start();
			long healed = System.nanoTime();
			if (!closedDuringPartition) {
				victimOnA.sendTo("/app/echo", "{\"text\":\"healed\"}");
			}
			StompFrame error = awaitFrame(victimOnA, "ERROR", CLOSE_TIMEOUT);
			assertThat(error.header("message")).isEqualTo("session ended");
			assertThat(victimOnA.awaitCloseCode(CLOSE_TIMEOUT)).isEqualTo(4002);
			figure("redis-partition", "heal-to-close-on-a-ms", millisSince(healed));
			figure("redis-partition", "logout-to-close-on-a-ms", millisSince(logout));
			for (TestSessions node : List.of(a, b)) {
				assertThat(node.preflight(new Cookies(victimCookie)).statusCode()).isEqualTo(401);
				assertThat(upgradeStatus(node, victimCookie)).isEqualTo(401);
			}
			assertThat(bystanderOnA.pollFrame(QUIET)).isNull();
			assertThat(bystanderOnA.isClosed()).isFalse();
			assertThat(a.preflight(bystander).statusCode()).isEqualTo(204);
		}
	}

	/**
	 * Once a reaches Redis again it finds the old id gone and the grace over; it must
	 * follow the rotation (the family link outlives the grace) rather than close the
	 * socket with 4002, as it did before that was fixed (see
	 * {@code benchmarks/results/fault-runs.md}).
	 */
	@Test
	void whenNodeACannotReachRedisForLongerThanTheRotationGraceWhileNodeBRotatesASessionAsSocketOfThatSessionStaysOpen() {
		Cookies user = a.login("user", "user-pw");
		Cookies rotated = new Cookies(user);
		Cookies probe = a.login("user", "user-pw");
		try (RedisAdmin admin = RedisAdmin.connect(redis); StompTestClient onA = connect(a, user)) {
			settle();
			redisA.stop();
			long cut = System.nanoTime();
			// Another tab of the same browser runs its preflight on b.
			assertThat(b.preflight(rotated).statusCode()).isEqualTo(204);
			assertThat(rotated.get("SESSION")).as("rotated id").isNotEqualTo(user.get("SESSION"));
			awaitGraceOver(user);
			figure("redis-partition-rotation", "partition-ms", millisSince(cut));
			redisA.start();
			long healed = System.nanoTime();
			awaitMillis(RECOVERY_TIMEOUT, Duration.ofMillis(20), () -> admin.pubSubClients(CLIENT_NAME_A) == 1);
			figure("redis-partition-rotation", "heal-to-resubscribed-ms", millisSince(healed));
			awaitMillis(RECOVERY_TIMEOUT, Duration.ofMillis(100), () -> a.preflight(probe).statusCode() == 204);
			figure("redis-partition-rotation", "heal-to-a-serving-ms", millisSince(healed));
			// a reconciles once it resubscribes; its socket must follow the rotation, not
			// be closed as if the session had ended.
			StompFrame frame = onA.pollFrame(Duration.ofSeconds(2));
			figure("redis-partition-rotation", "a-socket-frame-after-heal",
					(frame != null) ? frame.command() + " " + quote(frame.header("message")) : "none");
			if (frame != null) {
				figure("redis-partition-rotation", "heal-to-frame-ms", millisSince(healed));
			}
			assertThat(b.preflight(rotated).statusCode()).as("the session itself is alive").isEqualTo(204);
			assertThat(frame).as("frame on a's socket of a live session").isNull();
			assertThat(onA.isClosed()).isFalse();
		}
	}

	/**
	 * The same without any fault: a's periodic reconciliation (20s here, 1 min by
	 * default) usually comes later than the grace (3s here, 10s by default) after a
	 * rotation on b; {@code reconcileSoon()} stands for it so that the test is quick.
	 */
	@Test
	void aSocketOnNodeAFollowsARotationMadeOnNodeBWhenAsNextReconciliationComesAfterTheRotationGrace() {
		Cookies user = a.login("user", "user-pw");
		Cookies rotated = new Cookies(user);
		try (StompTestClient onA = connect(a, user)) {
			settle();
			assertThat(b.preflight(rotated).statusCode()).isEqualTo(204);
			assertThat(rotated.get("SESSION")).as("rotated id").isNotEqualTo(user.get("SESSION"));
			awaitGraceOver(user);
			nodeA.getBean(SessionEndMonitor.class).reconcileSoon();
			StompFrame frame = onA.pollFrame(Duration.ofSeconds(2));
			figure("rotation-elsewhere", "a-socket-frame-after-reconciliation",
					(frame != null) ? frame.command() + " " + quote(frame.header("message")) : "none");
			assertThat(b.preflight(rotated).statusCode()).as("the session itself is alive").isEqualTo(204);
			assertThat(frame).as("frame on a's socket of a live session").isNull();
			assertThat(onA.isClosed()).isFalse();
		}
	}

	@Test
	void whenNodeAsPubSubConnectionIsKilledALogoutOnNodeBClosesTheSocketOnNodeAWith4002OnceAResubscribes() {
		Cookies victim = b.login("user", "user-pw");
		primeCsrf(b, victim);
		Cookies victimCookie = new Cookies(victim);
		Cookies other = a.login("user", "user-pw");
		try (RedisAdmin admin = RedisAdmin.connect(redis); StompTestClient victimOnA = connect(a, victim)) {
			settle();
			gateA.refuseNew();
			assertThat(admin.killPubSub(CLIENT_NAME_A)).as("node a's pub/sub connections killed").isEqualTo(1);
			long killed = System.nanoTime();
			awaitMillis(Duration.ofSeconds(10), Duration.ofMillis(50), () -> admin.pubSubClients(CLIENT_NAME_A) == 0);
			// Only the subscription is gone: a's commands still reach Redis.
			assertThat(a.preflight(other).statusCode()).isEqualTo(204);
			long logout = System.nanoTime();
			assertThat(b.logout(victim).statusCode()).isLessThan(400);
			StompFrame early = victimOnA.pollFrame(Duration.ofSeconds(2));
			figure("pubsub-kill", "a-socket-closed-before-resubscribe", (early != null) ? 1 : 0);
			figure("pubsub-kill", "subscription-gap-before-heal-ms", millisSince(killed));
			gateA.start();
			long healed = System.nanoTime();
			awaitMillis(RECOVERY_TIMEOUT, Duration.ofMillis(20), () -> admin.pubSubClients(CLIENT_NAME_A) == 1);
			figure("pubsub-kill", "heal-to-resubscribed-ms", millisSince(healed));
			StompFrame error = (early != null) ? early : awaitFrame(victimOnA, "ERROR", CLOSE_TIMEOUT);
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(error.header("message")).isEqualTo("session ended");
			assertThat(victimOnA.awaitCloseCode(CLOSE_TIMEOUT)).isEqualTo(4002);
			figure("pubsub-kill", "heal-to-close-on-a-ms", millisSince(healed));
			figure("pubsub-kill", "logout-to-close-on-a-ms", millisSince(logout));
			assertThat(a.preflight(new Cookies(victimCookie)).statusCode()).isEqualTo(401);
		}
		// Resubscribed: the next logout on b reaches a through the channel again.
		Cookies next = b.login("user", "user-pw");
		primeCsrf(b, next);
		try (StompTestClient nextOnA = connect(a, next)) {
			long logout = System.nanoTime();
			assertThat(b.logout(next).statusCode()).isLessThan(400);
			assertThat(nextOnA.awaitCloseCode(Duration.ofSeconds(10))).isEqualTo(4002);
			figure("pubsub-kill", "after-resubscribe-logout-to-close-on-a-ms", millisSince(logout));
		}
	}

	@Test
	void whileRabbitMqIsUnreachableClientsGetAnErrorAndACloseSessionsStayValidAndOnceItIsBackBroadcastsReachBothNodes() {
		Cookies user = a.login("user", "user-pw");
		String topic = "/topic/allowed.fault" + RUN;
		try (StompTestClient onA = connect(a, user); StompTestClient onB = connect(b, user)) {
			subscribe(onA, topic);
			subscribe(onB, topic);
			broadcastReaches(nodeA, topic, List.of(onA, onB));
			stompA.stop();
			stompB.stop();
			long cut = System.nanoTime();
			for (StompTestClient client : List.of(onA, onB)) {
				StompFrame error = awaitFrame(client, "ERROR", Duration.ofSeconds(10));
				int code = client.awaitCloseCode(Duration.ofSeconds(10));
				figure("rabbit-both", "client-error-message", quote(error.header("message")));
				figure("rabbit-both", "client-close-code", code);
				assertThat(code).isNotEqualTo(1000);
			}
			figure("rabbit-both", "cut-to-clients-closed-ms", millisSince(cut));
		}
		for (TestSessions node : List.of(a, b)) {
			assertThat(node.preflight(user).statusCode()).isEqualTo(204);
			try (StompTestClient during = StompTestClient.open(node.webSocketUri("/ws"),
					StompTestClient.headers("Cookie", user.header(), "Origin", node.origin()))) {
				during.send("CONNECT", Map.of("accept-version", "1.2", "host", "localhost", "heart-beat", "0,0"), "");
				StompFrame answer = during.nextFrame(Duration.ofSeconds(10));
				int code = during.awaitCloseCode(Duration.ofSeconds(10));
				figure("rabbit-both", "connect-during-outage-answer", answer.command());
				figure("rabbit-both", "connect-during-outage-message", quote(answer.header("message")));
				figure("rabbit-both", "connect-during-outage-close-code", code);
				assertThat(answer.command()).isEqualTo("ERROR");
			}
		}
		stompA.start();
		stompB.start();
		long healed = System.nanoTime();
		String recovered = "/topic/allowed.back" + RUN;
		awaitMillis(RECOVERY_TIMEOUT, Duration.ofMillis(250), () -> {
			try (StompTestClient onA = connect(a, user); StompTestClient onB = connect(b, user)) {
				subscribe(onA, recovered);
				subscribe(onB, recovered);
				broadcastReaches(nodeA, recovered, List.of(onA, onB));
				broadcastReaches(nodeB, recovered, List.of(onA, onB));
				return true;
			}
			catch (IllegalStateException | AssertionError ex) {
				return false;
			}
		});
		figure("rabbit-both", "heal-to-broadcasts-on-both-nodes-ms", millisSince(healed));
		assertThat(a.preflight(user).statusCode()).isEqualTo(204);
		assertThat(b.preflight(user).statusCode()).isEqualTo(204);
	}

	@Test
	void whenOnlyNodeACannotReachRabbitMqOnlyItsClientsAreClosedAndNodeBKeepsDeliveringBroadcasts() {
		Cookies user = a.login("user", "user-pw");
		String topic = "/topic/allowed.half" + RUN;
		try (StompTestClient onA = connect(a, user); StompTestClient onB = connect(b, user)) {
			subscribe(onA, topic);
			subscribe(onB, topic);
			stompA.stop();
			long cut = System.nanoTime();
			StompFrame error = awaitFrame(onA, "ERROR", Duration.ofSeconds(10));
			int code = onA.awaitCloseCode(Duration.ofSeconds(10));
			figure("rabbit-a-only", "a-client-error-message", quote(error.header("message")));
			figure("rabbit-a-only", "a-client-close-code", code);
			assertThat(code).isNotEqualTo(1000);
			broadcastReaches(nodeB, topic, List.of(onB));
			assertThat(onB.isClosed()).isFalse();
			figure("rabbit-a-only", "cut-ms-before-heal", millisSince(cut));
			stompA.start();
			long healed = System.nanoTime();
			awaitMillis(RECOVERY_TIMEOUT, Duration.ofMillis(250), () -> {
				try (StompTestClient again = connect(a, user)) {
					subscribe(again, topic);
					broadcastReaches(nodeB, topic, List.of(again, onB));
					return true;
				}
				catch (IllegalStateException | AssertionError ex) {
					return false;
				}
			});
			figure("rabbit-a-only", "heal-to-a-client-receiving-b-broadcast-ms", millisSince(healed));
			assertThat(onB.isClosed()).isFalse();
		}
	}

	@Test
	void whenANodeIsKilledWithSigkillItsClientSees1006AndReconnectsToTheOtherNodeAndALogoutThereEndsTheSessionEverywhere()
			throws InterruptedException {
		TestSessions k = TestSessions.on(nodeK.port());
		Cookies user = k.login("user", "user-pw");
		Cookies beforeRotation = new Cookies(user);
		try (StompTestClient onK = connect(k, user); StompTestClient onA = connect(a, user)) {
			long killed = System.nanoTime();
			nodeK.kill();
			int code = onK.awaitCloseCode(Duration.ofSeconds(30));
			figure("kill-9", "client-on-killed-node-close-code", code);
			assertThat(code).isEqualTo(1006);
			figure("kill-9", "kill-to-close-seen-ms", millisSince(killed));
			// The client's reconnect: preflight first, on the node that is left.
			assertThat(b.preflight(user).statusCode()).isEqualTo(204);
			try (StompTestClient onB = connect(b, user)) {
				figure("kill-9", "kill-to-reconnected-on-b-ms", millisSince(killed));
				assertThat(onA.isClosed()).isFalse();
				primeCsrf(b, user);
				long logout = System.nanoTime();
				assertThat(b.logout(user).statusCode()).isLessThan(400);
				assertThat(onB.awaitCloseCode(Duration.ofSeconds(10))).isEqualTo(4002);
				assertThat(onA.awaitCloseCode(Duration.ofSeconds(10))).isEqualTo(4002);
				figure("kill-9", "logout-on-b-to-close-on-a-ms", millisSince(logout));
			}
			for (TestSessions node : List.of(a, b)) {
				assertThat(node.preflight(new Cookies(beforeRotation)).statusCode()).isEqualTo(401);
				assertThat(upgradeStatus(node, beforeRotation)).isEqualTo(401);
			}
		}
	}

	private static ConfigurableApplicationContext start(List<String> common, TcpForwarder redis, TcpForwarder stomp,
			String clientName) {
		List<String> args = new ArrayList<>(common);
		args.add("--spring.data.redis.host=127.0.0.1");
		args.add("--spring.data.redis.port=" + redis.port());
		args.add("--spring.data.redis.client-name=" + clientName);
		args.add("--test.relay.host=127.0.0.1");
		args.add("--test.relay.port=" + stomp.port());
		return new SpringApplicationBuilder(ClusterTestApplication.class).run(args.toArray(new String[0]));
	}

	private static void awaitHealthy(TestSessions node) {
		awaitMillis(RECOVERY_TIMEOUT, Duration.ofMillis(250), () -> {
			try {
				Cookies probe = node.login("user", "user-pw");
				if (node.preflight(probe).statusCode() != 204) {
					return false;
				}
				try (StompTestClient client = connect(node, probe)) {
					subscribe(client, "/topic/allowed.health");
				}
				return true;
			}
			catch (IllegalStateException | AssertionError ex) {
				return false;
			}
		});
	}

	/**
	 * Wait until the old id of a rotated session no longer leads a request to the
	 * session: the rotation grace is over in the shared registry.
	 */
	private static void awaitGraceOver(Cookies beforeRotation) {
		String oldId = new String(Base64.getDecoder().decode(beforeRotation.get("SESSION")), StandardCharsets.UTF_8);
		SessionRotationRegistry rotations = nodeB.getBean(SessionRotationRegistry.class);
		assertThat(rotations.successorOf(oldId)).as("successor within the grace").isNotNull();
		awaitMillis(ROTATION_GRACE.plusSeconds(10), Duration.ofMillis(100), () -> rotations.successorOf(oldId) == null);
	}

	/**
	 * Let the nodes read the sessions of the sockets just opened (a few checks), so that
	 * what follows is seen by an established socket.
	 */
	private static void settle() {
		sleep(CHECK_INTERVAL.multipliedBy(4));
	}

	private static void subscribe(StompTestClient client, String topic) {
		client.subscribe("s-" + Math.abs(topic.hashCode()), topic, "r-" + Math.abs(topic.hashCode()));
		StompFrame receipt = client.nextFrame(Duration.ofSeconds(5));
		if (!"RECEIPT".equals(receipt.command())) {
			throw new AssertionError("Expected RECEIPT but got " + receipt.command());
		}
	}

	private static void broadcastReaches(ConfigurableApplicationContext from, String topic,
			List<StompTestClient> subscribers) {
		String text = UUID.randomUUID().toString();
		from.getBean(SimpMessagingTemplate.class).convertAndSend(topic, (Object) Map.of("text", text));
		for (StompTestClient subscriber : subscribers) {
			StompFrame message = subscriber.awaitFrame((frame) -> frame.body().contains(text));
			assertThat(message.command()).isEqualTo("MESSAGE");
		}
	}

	private static StompFrame awaitFrame(StompTestClient client, String command, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			StompFrame frame = client.pollFrame(Duration.ofMillis(100));
			if (frame != null && command.equals(frame.command())) {
				return frame;
			}
		}
		throw new AssertionError("No " + command + " frame within " + timeout);
	}

	/** Log in's CSRF cookie is cleared; fetch one while the node can still serve it. */
	private static void primeCsrf(TestSessions node, Cookies cookies) {
		node.send(HttpRequest.newBuilder(node.uri("/login")).GET(), cookies);
		assertThat(cookies.get("XSRF-TOKEN")).as("XSRF-TOKEN cookie").isNotNull();
	}

	private static StompTestClient connect(TestSessions node, Cookies cookies) {
		return StompTestClient.connect(node.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", cookies.header(), "Origin", node.origin()));
	}

	private static int upgradeStatus(TestSessions node, Cookies cookies) {
		return StompTestClient.upgradeStatus(node.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", cookies.header(), "Origin", node.origin()));
	}

	private static StompTestClient.HandshakeRejectedException rejectedUpgrade(TestSessions node, Cookies cookies) {
		try (StompTestClient client = StompTestClient.open(node.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", cookies.header(), "Origin", node.origin()))) {
			throw new AssertionError("Upgrade was accepted");
		}
		catch (StompTestClient.HandshakeRejectedException ex) {
			return ex;
		}
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * Wait until the condition holds; fail after the timeout. Exceptions and assertion
	 * errors thrown by the condition fail at once.
	 */
	private static void awaitMillis(Duration timeout, Duration poll, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Condition not met within " + timeout);
			}
			sleep(poll);
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static long millisSince(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
	}

	private static String quote(String value) {
		return (value != null) ? "'" + value + "'" : "none";
	}

	private static void figure(String fault, String name, Object value) {
		String line = "fault-run " + fault + " " + name + "=" + value;
		logger.info(line);
		try {
			Files.createDirectories(WORK_DIR);
			Files.writeString(WORK_DIR.resolve("figures.log"), RUN + " " + line + "\n", StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A plain connection to the real Redis, to find and kill one node's pub/sub
	 * connection (by its client name, so no other application's connection is touched)
	 * and to delete this run's keys.
	 */
	static final class RedisAdmin implements AutoCloseable {

		private final RedisClient client;

		private final StatefulRedisConnection<String, String> connection;

		private RedisAdmin(RedisClient client) {
			this.client = client;
			this.connection = client.connect();
		}

		static RedisAdmin connect(TestServices.Endpoint endpoint) {
			return new RedisAdmin(RedisClient.create(RedisURI.create(endpoint.host(), endpoint.port())));
		}

		/** Return the ids of the pub/sub connections with this client name. */
		List<Long> pubSubIds(String clientName) {
			List<Long> ids = new ArrayList<>();
			for (String line : this.connection.sync().clientList().split("\n")) {
				Map<String, String> fields = new LinkedHashMap<>();
				for (String field : line.trim().split(" ")) {
					int eq = field.indexOf('=');
					if (eq > 0) {
						fields.put(field.substring(0, eq), field.substring(eq + 1));
					}
				}
				boolean subscribed = !"0".equals(fields.getOrDefault("sub", "0"))
						|| !"0".equals(fields.getOrDefault("psub", "0"));
				if (clientName.equals(fields.get("name")) && subscribed) {
					ids.add(Long.parseLong(fields.get("id")));
				}
			}
			return ids;
		}

		int pubSubClients(String clientName) {
			return pubSubIds(clientName).size();
		}

		/** Kill the pub/sub connections with this client name; return how many. */
		long killPubSub(String clientName) {
			long killed = 0;
			for (Long id : pubSubIds(clientName)) {
				killed += this.connection.sync().clientKill(KillArgs.Builder.id(id));
			}
			return killed;
		}

		void deleteKeys(String pattern) {
			List<String> keys = this.connection.sync().keys(pattern);
			if (!keys.isEmpty()) {
				this.connection.sync().unlink(keys.toArray(new String[0]));
			}
		}

		@Override
		public void close() {
			this.connection.close();
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}

	}

	/**
	 * A node in a child JVM (this JVM's class path, {@link ChildNodeMain}), so that it
	 * can be killed with {@code SIGKILL}. Reaches Redis and RabbitMQ directly; its output
	 * goes to {@code target/fault-runs/node-<name>.log}.
	 */
	static final class ChildNode implements AutoCloseable {

		private final Process process;

		private final int port;

		private final Path log;

		private ChildNode(Process process, int port, Path log) {
			this.process = process;
			this.port = port;
			this.log = log;
		}

		static ChildNode start(String name, TestServices.Endpoint redis, TestServices.Endpoint stomp,
				List<String> common) throws IOException {
			int port = freePort();
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
							"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
							ChildNodeMain.class.getName()));
			for (String arg : common) {
				command.add(arg.startsWith("--server.port=") ? "--server.port=" + port : arg);
			}
			command.addAll(Arrays.asList("--spring.data.redis.host=" + redis.host(),
					"--spring.data.redis.port=" + redis.port(),
					"--spring.data.redis.client-name=wsauth-fault-" + name + "-" + RUN,
					"--test.relay.host=" + stomp.host(), "--test.relay.port=" + stomp.port()));
			Files.createDirectories(WORK_DIR);
			Path log = WORK_DIR.resolve("node-" + name + ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			return new ChildNode(process, port, log);
		}

		int port() {
			return this.port;
		}

		void awaitReady(Duration timeout) {
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/login"))
				.timeout(Duration.ofSeconds(5))
				.build();
			awaitMillis(timeout, Duration.ofMillis(250), () -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(
							"Child node exited with " + this.process.exitValue() + "; see " + this.log);
				}
				try {
					return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
				}
				catch (IOException ex) {
					return false;
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			});
		}

		/**
		 * {@code SIGKILL} on Linux: no shutdown hook, no close frame, no FIN from the
		 * app.
		 */
		void kill() throws InterruptedException {
			this.process.destroyForcibly();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Child node did not die");
			}
		}

		@Override
		public void close() {
			this.process.destroyForcibly();
		}

		private static int freePort() throws IOException {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
		}

	}

	/**
	 * Main class of a {@link ChildNode}.
	 */
	static final class ChildNodeMain {

		private ChildNodeMain() {
		}

		public static void main(String[] args) {
			new SpringApplicationBuilder(ClusterTestApplication.class).run(args);
		}

	}

}
