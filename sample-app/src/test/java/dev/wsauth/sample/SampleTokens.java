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

import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static dev.wsauth.sample.SampleClients.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Demo JWTs from the sample's {@code POST /api/token}, fetched the way a client does.
 */
final class SampleTokens {

	private SampleTokens() {
	}

	/** POST /api/token with the jar's session and the SPA CSRF token. */
	static HttpResponse<String> requestToken(TestSessions sessions, Cookies cookies) {
		if (cookies.get("XSRF-TOKEN") == null) {
			sessions.send(HttpRequest.newBuilder(sessions.uri("/login")).GET(), cookies);
		}
		assertThat(cookies.get("XSRF-TOKEN")).as("XSRF-TOKEN cookie").isNotNull();
		return sessions.send(HttpRequest.newBuilder(sessions.uri("/api/token"))
			.header("Origin", sessions.origin())
			.header("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"))
			.POST(HttpRequest.BodyPublishers.noBody()), cookies);
	}

	/** The token issued to the jar's user. */
	static String token(TestSessions sessions, Cookies cookies) {
		HttpResponse<String> response = requestToken(sessions, cookies);
		assertThat(response.statusCode()).as("POST /api/token").isEqualTo(200);
		return (String) json(response.body()).get("token");
	}

	/** The token issued to a user after logging in with the form. */
	static String token(TestSessions sessions, String username, String password) {
		return token(sessions, sessions.login(username, password));
	}

	/**
	 * POST JSON with only a bearer token: no cookie, no CSRF token, no Origin, as a
	 * non-browser client sends it.
	 */
	static HttpResponse<String> bearerPost(TestSessions sessions, String path, String token, String json) {
		return sessions.send(HttpRequest.newBuilder(sessions.uri(path))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)), new Cookies());
	}

}
