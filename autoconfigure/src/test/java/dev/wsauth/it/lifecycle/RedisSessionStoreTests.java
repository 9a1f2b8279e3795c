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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.socket.CloseStatus;

import dev.wsauth.redis.RedisRevocationBroadcast;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestServices;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsauth.redis.RedisSessionStateReader;
import dev.wsauth.session.SessionStateReader;

/**
 * The session store tests against Spring Session Data Redis's default repository, and a
 * revocation that reaches a second node through Redis.
 */
@SpringBootTest(classes = LifecycleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { SessionStoreTests.PROPERTIES, RedisStore.PROPERTIES,
				"spring.session.data.redis.namespace=" + RedisSessionStoreTests.NAMESPACE })
class RedisSessionStoreTests extends SessionStoreTests {

	@Override
	Class<? extends SessionStateReader> expectedStateReader() {
		return RedisSessionStateReader.class;
	}

	static final String NAMESPACE = "wsauth-test:default";

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisStore.register(registry);
	}

	@Test
	void revokingAUserOnOneNodeClosesItsSocketsOnAnotherNode() {
		try (ConfigurableApplicationContext otherNode = startOtherNode()) {
			TestSessions sessions = TestSessions.on(port(otherNode));
			Cookies bob = sessions.login("bob", "bob-pw");
			try (StompTestClient socket = connect(sessions, bob)) {
				assertThat(this.revocations.revokeUser("bob", new CloseStatus(4009, "revoked"))).isZero();
				assertThat(socket.awaitCloseCode(Duration.ofSeconds(2))).isEqualTo(4009);
			}
		}
	}

	@Test
	void aLogoutOnOneNodeClosesTheSocketsOnAnotherNodeAtOnceWithoutWaitingForACheck() {
		// The other node reads session state only once an hour: only the broadcast can
		// close its socket in time.
		try (ConfigurableApplicationContext otherNode = startOtherNode("--wsauth.session.check-interval=1h",
				"--wsauth.session.reconcile-interval=1h")) {
			TestSessions here = TestSessions.on(this.port);
			TestSessions there = TestSessions.on(port(otherNode));
			Cookies alice = withCsrfToken(here, here.login("alice", "alice-pw"));
			Cookies bob = here.login("bob", "bob-pw");
			try (StompTestClient aliceThere = connect(there, alice); StompTestClient bobThere = connect(there, bob)) {
				assertThat(here.logout(alice).statusCode()).isEqualTo(302);
				assertThat(aliceThere.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
				assertThat(bobThere.pollFrame(Duration.ofMillis(300))).isNull();
				assertThat(bobThere.isClosed()).isFalse();
			}
		}
	}

	@Test
	void aLogoutWithAPreRotationCookieOnOneNodeClosesTheRotatedSessionsSocketOnAnotherNode() {
		try (ConfigurableApplicationContext otherNode = startOtherNode("--wsauth.session.check-interval=1h",
				"--wsauth.session.reconcile-interval=1h")) {
			TestSessions here = TestSessions.on(this.port);
			TestSessions there = TestSessions.on(port(otherNode));
			Cookies alice = withCsrfToken(here, here.login("alice", "alice-pw"));
			Cookies beforeRotation = new Cookies(alice);
			assertThat(there.preflight(alice).statusCode()).isEqualTo(204);
			try (StompTestClient socket = connect(there, alice)) {
				assertThat(here.logout(beforeRotation).statusCode()).isEqualTo(302);
				assertThat(socket.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
			}
			assertThat(there.preflight(new Cookies(alice)).statusCode()).isEqualTo(401);
		}
	}

	@Test
	void aLogoutAfterARotationOnAnotherNodeClosesTheSocketOpenedBeforeItWhateverTheGrace() {
		// The socket's node reads session state only once an hour, and the rotating node
		// keeps no grace: only the family link can lead the logout to the old id.
		rotateOnAnotherNodeThenLogOut("1h", (socket) -> {
		});
	}

	@Test
	void aSocketOpenedBeforeARotationOnAnotherNodeStaysOpenPastTheGraceAndClosesOnTheLaterLogout() {
		rotateOnAnotherNodeThenLogOut("500ms", (socket) -> {
			// Several reconciliations find the socket's id gone: it was rotated, the
			// session lives on.
			assertThat(socket.pollFrame(Duration.ofSeconds(2))).isNull();
			assertThat(socket.isClosed()).isFalse();
		});
	}

	/**
	 * Open a socket on one node, rotate its session on another that keeps no grace, run
	 * the given check, log out on the rotating node and expect the socket closed.
	 */
	private void rotateOnAnotherNodeThenLogOut(String reconcileInterval, Consumer<StompTestClient> afterRotation) {
		try (ConfigurableApplicationContext socketNode = startOtherNode("--spring.session.timeout=1m",
				"--wsauth.session.check-interval=200ms", "--wsauth.session.reconcile-interval=" + reconcileInterval);
				ConfigurableApplicationContext rotatingNode = startOtherNode("--spring.session.timeout=1m",
						"--wsauth.preflight.rotation-grace=0s")) {
			TestSessions socketSide = TestSessions.on(port(socketNode));
			TestSessions rotatingSide = TestSessions.on(port(rotatingNode));
			Cookies alice = withCsrfToken(rotatingSide, rotatingSide.login("alice", "alice-pw"));
			try (StompTestClient socket = connect(socketSide, alice)) {
				assertThat(rotatingSide.preflight(alice).statusCode()).isEqualTo(204);
				afterRotation.accept(socket);
				assertThat(rotatingSide.logout(alice).statusCode()).isEqualTo(302);
				assertThat(socket.awaitCloseCode(Duration.ofSeconds(2))).isEqualTo(4002);
			}
		}
	}

	@Test
	void aLogoutMissedDuringAPubSubOutageIsCaughtUpByReconciliation() {
		try (ConfigurableApplicationContext otherNode = startOtherNode("--wsauth.session.check-interval=1s",
				"--wsauth.session.reconcile-interval=2s")) {
			TestSessions here = TestSessions.on(this.port);
			TestSessions there = TestSessions.on(port(otherNode));
			Cookies alice = withCsrfToken(here, here.login("alice", "alice-pw"));
			try (StompTestClient socket = connect(there, alice)) {
				// The other node loses its subscription: the logout's broadcast never
				// reaches it.
				RedisRevocationBroadcast broadcast = otherNode.getBean(RedisRevocationBroadcast.class);
				broadcast.stop();
				assertThat(here.logout(alice).statusCode()).isEqualTo(302);
				assertThat(socket.pollFrame(Duration.ofMillis(200))).isNull();
				assertThat(socket.awaitCloseCode(Duration.ofSeconds(4))).isEqualTo(4002);
				broadcast.start();
			}
		}
	}

	private ConfigurableApplicationContext startOtherNode(String... extraArguments) {
		List<String> arguments = new ArrayList<>();
		for (String line : PROPERTIES.strip().split("\n")) {
			String key = line.strip().substring(0, line.strip().indexOf('='));
			// An extra argument overrides the shared property instead of joining it.
			if (Arrays.stream(extraArguments).noneMatch((argument) -> argument.startsWith("--" + key + "="))) {
				arguments.add("--" + line.strip());
			}
		}
		arguments.add("--" + RedisStore.PROPERTIES);
		arguments.add("--spring.session.data.redis.namespace=" + NAMESPACE);
		arguments.add("--spring.data.redis.host=" + TestServices.redis().host());
		arguments.add("--spring.data.redis.port=" + TestServices.redis().port());
		arguments.add("--server.port=0");
		arguments.addAll(List.of(extraArguments));
		return new SpringApplicationBuilder(LifecycleApplication.class).run(arguments.toArray(new String[0]));
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

}
