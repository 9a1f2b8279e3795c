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
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's own login page: the form outside clients fill in, the notices, and the
 * demo users.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(ObservedSessions.class)
class LoginPageTests {

	@LocalServerPort
	int port;

	@Test
	void loginPageHasTheFormOutsideClientsFillIn() {
		HttpResponse<String> page = get("/login", new Cookies());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<form id=\"login-form\" method=\"post\" action=\"/login\">")
			.contains("id=\"username\" name=\"username\"", "id=\"password\" name=\"password\"")
			.containsPattern("<input name=\"_csrf\" type=\"hidden\" value=\"[^\"]+\">")
			.contains("<button type=\"submit\">")
			.doesNotContain("data-notice");
	}

	@Test
	void loginPageListsTheDemoUsersWithTheirPasswordsRolesAndBoards() {
		String body = get("/login", new Cookies()).body();
		assertThat(body)
			.contains("<tr data-user=\"alice\"><td><code>alice</code></td><td><code>alice-pw</code></td>"
					+ "<td>USER</td><td>b1</td>")
			.contains("<tr data-user=\"bob\"><td><code>bob</code></td><td><code>bob-pw</code></td>"
					+ "<td>USER</td><td>b1, b2</td>")
			.contains("<tr data-user=\"admin\"><td><code>admin</code></td><td><code>admin-pw</code></td>"
					+ "<td>USER, ADMIN</td><td>all (b1, b2), as ADMIN</td>");
	}

	@Test
	void wrongPasswordLandsOnTheLoginPageWithABadCredentialsNotice() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies cookies = new Cookies();
		String csrf = csrfField(get("/login", cookies).body());
		HttpResponse<String> result = sessions.send(HttpRequest.newBuilder(sessions.uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Origin", sessions.origin())
			.POST(HttpRequest.BodyPublishers.ofString("username=alice&password=wrong&_csrf=" + csrf)), cookies);
		assertThat(result.statusCode()).isEqualTo(302);
		String location = result.headers().firstValue("Location").orElseThrow();
		assertThat(location).endsWith("/login?error");
		HttpResponse<String> page = get(URI.create(location).getRawPath() + "?error", cookies);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("data-notice=\"error\"", "Bad credentials");
	}

	@Test
	void demoUsersLogInThroughThePage() {
		TestSessions sessions = TestSessions.on(this.port);
		for (String user : new String[] { "alice", "bob", "admin" }) {
			Cookies cookies = sessions.login(user, user + "-pw");
			assertThat(sessions.preflight(cookies).statusCode()).as(user).isEqualTo(204);
		}
	}

	private HttpResponse<String> get(String path, Cookies cookies) {
		TestSessions sessions = TestSessions.on(this.port);
		return sessions.send(HttpRequest.newBuilder(sessions.uri(path)).GET(), cookies);
	}

	private static String csrfField(String page) {
		String marker = "name=\"_csrf\" type=\"hidden\" value=\"";
		int start = page.indexOf(marker) + marker.length();
		return URLEncoder.encode(page.substring(start, page.indexOf('"', start)), StandardCharsets.UTF_8);
	}

}
