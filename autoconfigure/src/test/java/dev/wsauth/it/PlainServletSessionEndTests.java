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
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.catalina.Context;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With plain servlet sessions, the sockets of a session the container expires and of a
 * logged-out session are closed by wsauth with 4002 (the container no longer sees the
 * session on the upgrade, so it closes nothing itself).
 */
@SpringBootTest(classes = PlainSessionApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class PlainServletSessionEndTests {

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	@Autowired
	ServletWebServerApplicationContext context;

	@Test
	void aSessionTheContainerExpiresHasItsSocketsClosedWith4002() throws Exception {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient socket = StompTestClient.connect(sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", alice.header(), "Origin", sessions.origin()))) {
			Matcher id = Pattern.compile("JSESSIONID=([^;]+)").matcher(alice.header());
			assertThat(id.find()).isTrue();
			Context webapp = (Context) ((TomcatWebServer) this.context.getWebServer()).getTomcat()
				.getHost()
				.findChildren()[0];
			webapp.getManager().findSession(id.group(1)).expire();
			StompFrame error = socket.nextFrame(Duration.ofSeconds(2));
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(error.header("message")).isEqualTo("session ended");
			assertThat(socket.awaitCloseCode(Duration.ofSeconds(2))).isEqualTo(4002);
		}
	}

	@Test
	void logoutClosesTheSocketWith4002() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		try (StompTestClient socket = StompTestClient.connect(sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", alice.header(), "Origin", sessions.origin()))) {
			HttpResponse<String> logoutPage = sessions.send(HttpRequest.newBuilder(sessions.uri("/logout")), alice);
			Matcher csrf = CSRF_FIELD.matcher(logoutPage.body());
			assertThat(csrf.find()).isTrue();
			HttpResponse<String> logout = sessions.send(HttpRequest.newBuilder(sessions.uri("/logout"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Origin", sessions.origin())
				.POST(HttpRequest.BodyPublishers
					.ofString("_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))), alice);
			assertThat(logout.statusCode()).isEqualTo(302);
			StompFrame error = socket.nextFrame(Duration.ofSeconds(1));
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(socket.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
		}
	}

}
