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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.wsauth.preflight.PreflightHook;
import dev.wsauth.sample.ObservedSessions.SessionIds;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static dev.wsauth.sample.SampleClients.sessionId;
import static dev.wsauth.sample.SampleClients.upgradeStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Session id rotation with a short grace period, so that its end can be observed, and a
 * preflight hook that can be told to take its time, so that concurrent preflights really
 * overlap.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "wsauth.preflight.rotation-grace=1s")
@Import({ ObservedSessions.class, PreflightRotationGraceTests.SlowHook.class })
class PreflightRotationGraceTests {

	private static final String HOLD_HEADER = "X-Test-Hold-Millis";

	@LocalServerPort
	int port;

	@Autowired
	SessionIds sessionIds;

	@Test
	void oldCookieUpgradesAndPreflightsWithinTheGraceAndIsRejectedWith401AfterIt() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		Cookies old = new Cookies(alice);
		assertThat(sessions.preflight(alice).statusCode()).isEqualTo(204);
		assertThat(sessionId(alice)).isNotEqualTo(sessionId(old));
		assertThat(upgradeStatus(sessions, old)).isEqualTo(101);
		Cookies oldTab = new Cookies(old);
		assertThat(sessions.preflight(oldTab).statusCode()).isEqualTo(204);
		assertThat(oldTab.get("SESSION")).isEqualTo(alice.get("SESSION"));
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> upgradeStatus(sessions, old) == 401);
		assertThat(sessions.preflight(new Cookies(old)).statusCode()).isEqualTo(401);
		assertThat(upgradeStatus(sessions, alice)).isEqualTo(101);
	}

	@Test
	void sessionIsRotatedAgainOnlyOnceTheGraceHasPassed() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		assertThat(sessions.preflight(alice).statusCode()).isEqualTo(204);
		String rotatedId = sessionId(alice);
		HttpResponse<String> again = sessions.preflight(alice);
		assertThat(again.statusCode()).isEqualTo(204);
		assertThat(again.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(sessionId(alice)).isEqualTo(rotatedId);
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
			assertThat(sessions.preflight(alice).statusCode()).isEqualTo(204);
			return !sessionId(alice).equals(rotatedId);
		});
		assertThat(upgradeStatus(sessions, alice)).isEqualTo(101);
	}

	@Test
	void overlappingPreflightsFromTabsSharingACookieRotateTheSessionOnce() throws Exception {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		String oldId = sessionId(alice);
		Set<String> before = this.sessionIds.current();
		int tabCount = 6;
		CyclicBarrier start = new CyclicBarrier(tabCount);
		ExecutorService executor = Executors.newFixedThreadPool(tabCount);
		try {
			List<Future<Cookies>> futures = new ArrayList<>();
			for (int i = 0; i < tabCount; i++) {
				futures.add(executor.submit(() -> {
					Cookies tab = new Cookies(alice);
					start.await(5, TimeUnit.SECONDS);
					// Each preflight holds the rotation lock for a while, as a hook or a
					// remote session store would, so that the others arrive meanwhile.
					HttpResponse<String> response = sessions.send(HttpRequest.newBuilder(sessions.uri("/__ws/auth"))
						.version(HttpClient.Version.HTTP_1_1)
						.header("Origin", sessions.origin())
						.header(HOLD_HEADER, "50")
						.POST(HttpRequest.BodyPublishers.noBody()), tab);
					assertThat(response.statusCode()).isEqualTo(204);
					return tab;
				}));
			}
			Set<String> tabSessionIds = new HashSet<>();
			for (Future<Cookies> future : futures) {
				Cookies tab = future.get(10, TimeUnit.SECONDS);
				assertThat(upgradeStatus(sessions, tab)).isEqualTo(101);
				tabSessionIds.add(sessionId(tab));
			}
			Set<String> created = new HashSet<>(this.sessionIds.current());
			created.removeAll(before);
			assertThat(created).as("sessions created by the rotation").hasSize(1);
			assertThat(tabSessionIds).as("the session every tab ends up with").isEqualTo(created);
			assertThat(this.sessionIds.current()).doesNotContain(oldId);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SlowHook {

		@Bean
		PreflightHook slowPreflightHook() {
			return (authentication, request, response) -> {
				String hold = request.getHeader(HOLD_HEADER);
				if (hold != null) {
					try {
						Thread.sleep(Long.parseLong(hold));
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				return true;
			};
		}

	}

}
