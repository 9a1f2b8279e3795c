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

package dev.wsauth.it;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.session.SessionRepository;

import dev.wsauth.test.RawUpgrade;
import dev.wsauth.preflight.SessionIdWriter;
import dev.wsauth.session.SessionLookup;
import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * wsauth on plain servlet sessions ({@code JSESSIONID} from Tomcat), with a real server
 * and real clients.
 */
@SpringBootTest(classes = PlainSessionApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class PlainServletSessionTests {

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private static final String FORGED_SESSION_ID = "0123456789ABCDEF0123456789ABCDEF";

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	TestSessions sessions;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
	}

	@Test
	void applicationRunsOnPlainServletSessionsWithoutSpringSession() {
		assertThat(this.context.getBeanNamesForType(SessionRepository.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(SessionLookup.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(SessionIdWriter.class)).isEmpty();
	}

	@Test
	void upgradeWithoutSessionCookieIsRejectedWith401AndSetsNoCookie() {
		RawUpgrade.Response response = RawUpgrade.send(this.port, "/ws", "Origin: " + this.sessions.origin());
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.headers("Set-Cookie")).isEmpty();
	}

	@Test
	void upgradeWithForgedSessionCookieIsRejectedWith401() {
		RawUpgrade.Response response = RawUpgrade.send(this.port, "/ws", "Origin: " + this.sessions.origin(),
				"Cookie: JSESSIONID=" + FORGED_SESSION_ID);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.headers("Set-Cookie")).isEmpty();
	}

	@Test
	void upgradeWithLoggedInSessionCookieIsAcceptedAndConnectsAsTheUser() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		try (StompTestClient client = StompTestClient.open(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", alice.header(), "Origin", this.sessions.origin()))) {
			client.send("CONNECT",
					StompTestClient.headers("accept-version", "1.2", "host", "localhost", "heart-beat", "0,0"), "");
			StompFrame connected = client.nextFrame();
			assertThat(connected.command()).isEqualTo("CONNECTED");
			assertThat(connected.header("user-name")).isEqualTo("alice");
		}
	}

	@Test
	void upgradeWithLoggedInSessionCookieAnswers101() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		RawUpgrade.Response response = RawUpgrade.send(this.port, "/ws", "Origin: " + this.sessions.origin(),
				"Cookie: " + alice.header());
		assertThat(response.status()).isEqualTo(101);
	}

	@Test
	void upgradeFromAForeignOriginIsRejectedWith403EvenWithAValidSession() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		assertThat(StompTestClient.upgradeStatus(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", alice.header(), "Origin", "http://evil.example.com")))
			.isEqualTo(403);
	}

	@Test
	void crossSiteUpgradeWithoutOriginIsRejectedWith403() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		RawUpgrade.Response response = RawUpgrade.send(this.port, "/ws", "Sec-Fetch-Site: cross-site",
				"Cookie: " + alice.header());
		assertThat(response.status()).isEqualTo(403);
	}

	@Test
	void upgradeWithOriginNullOrTwoOriginsIsRejectedWith403() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		assertThat(RawUpgrade.send(this.port, "/ws", "Origin: null", "Cookie: " + alice.header()).status())
			.isEqualTo(403);
		assertThat(RawUpgrade
			.send(this.port, "/ws", "Origin: " + this.sessions.origin(), "Origin: " + this.sessions.origin(),
					"Cookie: " + alice.header())
			.status()).isEqualTo(403);
	}

	@Test
	void upgradeWithoutOriginFromANonBrowserClientIsAcceptedByDefault() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		assertThat(RawUpgrade.send(this.port, "/ws", "Cookie: " + alice.header()).status()).isEqualTo(101);
	}

	@Test
	void sessionCookieNoLongerUpgradesAfterLogout() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		Cookies before = new Cookies(alice);
		HttpResponse<String> logoutPage = this.sessions.send(HttpRequest.newBuilder(this.sessions.uri("/logout")),
				alice);
		Matcher csrf = CSRF_FIELD.matcher(logoutPage.body());
		assertThat(csrf.find()).isTrue();
		HttpResponse<String> logout = this.sessions.send(HttpRequest.newBuilder(this.sessions.uri("/logout"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Origin", this.sessions.origin())
			.POST(HttpRequest.BodyPublishers
				.ofString("_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))), alice);
		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(logout.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> location.contains("logout"));
		assertThat(StompTestClient.upgradeStatus(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", before.header(), "Origin", this.sessions.origin())))
			.isEqualTo(401);
	}

	@Test
	void preflightRotatesTheSessionIdAndOnlyTheNewIdUpgrades() {
		Cookies jar = this.sessions.login("alice", "alice-pw");
		Cookies before = new Cookies(jar);
		HttpResponse<String> preflight = this.sessions.preflight(jar);
		assertThat(preflight.statusCode()).isEqualTo(204);
		assertThat(preflight.headers().allValues("Set-Cookie"))
			.anySatisfy((setCookie) -> assertThat(setCookie).startsWith("JSESSIONID="));
		assertThat(jar.get("JSESSIONID")).isNotNull().isNotEqualTo(before.get("JSESSIONID"));
		try (StompTestClient client = StompTestClient.connect(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", jar.header(), "Origin", this.sessions.origin()))) {
			assertThat(client.isClosed()).isFalse();
		}
		// Plain servlet sessions have no rotation grace: the old id is dead at once.
		assertThat(StompTestClient.upgradeStatus(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", before.header(), "Origin", this.sessions.origin())))
			.isEqualTo(401);
		assertThat(this.sessions.preflight(new Cookies(before)).statusCode()).isEqualTo(401);
	}

	@Test
	void twoSessionCookiesOfDifferentUsersAreRefusedWith401() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		Cookies bob = this.sessions.login("bob", "bob-pw");
		String both = "JSESSIONID=" + alice.get("JSESSIONID") + "; JSESSIONID=" + bob.get("JSESSIONID");
		assertThat(StompTestClient.upgradeStatus(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", both, "Origin", this.sessions.origin())))
			.isEqualTo(401);
		assertThat(this.sessions
			.send(HttpRequest.newBuilder(this.sessions.uri("/__ws/auth"))
				.header("Origin", this.sessions.origin())
				.header("Cookie", both)
				.POST(HttpRequest.BodyPublishers.noBody()), new Cookies())
			.statusCode()).isEqualTo(401);
		assertThat(StompTestClient.upgradeStatus(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", alice.header(), "Origin", this.sessions.origin())))
			.isEqualTo(101);
	}

	@Test
	void preflightWithoutSessionIsRejectedWith401AndSetsNoCookie() {
		HttpResponse<String> preflight = this.sessions.preflight(new Cookies());
		assertThat(preflight.statusCode()).isEqualTo(401);
		assertThat(preflight.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void sessionIdInTheUrlIsNotAcceptedAsASessionCarrier() {
		Cookies alice = this.sessions.login("alice", "alice-pw");
		String sessionId = alice.get("JSESSIONID");
		RawUpgrade.Response inUrl = RawUpgrade.send(this.port, "/ws;jsessionid=" + sessionId,
				"Origin: " + this.sessions.origin());
		assertThat(inUrl.status()).isEqualTo(401);
		assertThat(inUrl.headers("Set-Cookie")).isEmpty();
		// The same id as a cookie is a valid session.
		RawUpgrade.Response inCookie = RawUpgrade.send(this.port, "/ws", "Origin: " + this.sessions.origin(),
				"Cookie: JSESSIONID=" + sessionId);
		assertThat(inCookie.status()).isEqualTo(101);
	}

}
