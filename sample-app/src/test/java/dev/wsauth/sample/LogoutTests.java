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

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static dev.wsauth.sample.SampleClients.upgradeStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * After {@code POST /logout} the session cookie opens nothing, and the browser lands on
 * the login page with a notice.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(ObservedSessions.class)
class LogoutTests {

	@LocalServerPort
	int port;

	@Test
	void loggedOutCookieIsRejectedWith401OnUpgradeAndOnPreflight() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		Cookies old = new Cookies(alice);
		assertThat(upgradeStatus(sessions, old)).isEqualTo(101);
		HttpResponse<String> logout = sessions.logout(alice);
		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(logout.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?logout"));
		assertThat(upgradeStatus(sessions, old)).isEqualTo(401);
		assertThat(sessions.preflight(new Cookies(old)).statusCode()).isEqualTo(401);
	}

	@Test
	void logoutLandsOnTheLoginPageWithTheLoggedOutNotice() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		HttpResponse<String> logout = sessions.logout(alice);
		assertThat(logout.statusCode()).isEqualTo(302);
		URI landing = sessions.uri("/").resolve(logout.headers().firstValue("Location").orElseThrow());
		HttpResponse<String> page = sessions.send(HttpRequest.newBuilder(landing).GET(), alice);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("text/html"));
		assertThat(page.body()).contains("data-notice=\"logout\"", "You are logged out.")
			.contains("name=\"username\"", "name=\"password\"", "name=\"_csrf\"");
	}

	@Test
	void cookieLoggedOutAfterARotationIsRejectedWith401EvenWithinTheGrace() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		Cookies beforeRotation = new Cookies(alice);
		assertThat(sessions.preflight(alice).statusCode()).isEqualTo(204);
		Cookies rotated = new Cookies(alice);
		assertThat(sessions.logout(alice).statusCode()).isEqualTo(302);
		for (Cookies cookies : new Cookies[] { beforeRotation, rotated }) {
			assertThat(upgradeStatus(sessions, cookies)).isEqualTo(401);
			assertThat(sessions.preflight(new Cookies(cookies)).statusCode()).isEqualTo(401);
		}
	}

}
