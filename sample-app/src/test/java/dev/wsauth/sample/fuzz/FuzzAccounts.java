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

package dev.wsauth.sample.fuzz;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's users as a fuzzer needs them: logged in with the form, with their session
 * cookies, bearer tokens from {@code POST /api/token} and tickets from
 * {@code POST /__ws/ticket}. Every credential it hands out is also remembered as a secret
 * that must never show up in the log.
 */
final class FuzzAccounts {

	static final Map<String, String> PASSWORDS = Map.of("alice", "alice-pw", "bob", "bob-pw", "admin", "admin-pw");

	private static final Pattern JSON_STRING = Pattern.compile("\"(token|ticket)\"\\s*:\\s*\"([^\"]+)\"");

	private final TestSessions sessions;

	private final Map<String, Cookies> cookies = new ConcurrentHashMap<>();

	private final Map<String, String> tokens = new ConcurrentHashMap<>();

	private final Set<String> secrets = ConcurrentHashMap.newKeySet();

	FuzzAccounts(int port) {
		this.sessions = TestSessions.on(port);
		this.secrets.addAll(PASSWORDS.values());
	}

	TestSessions sessions() {
		return this.sessions;
	}

	/** Everything that must never be logged; the fuzzers add what they learn. */
	Set<String> secrets() {
		return this.secrets;
	}

	/** The cookie jar of a session of {@code user}, logged in once. */
	Cookies cookies(String user) {
		return this.cookies.computeIfAbsent(user, this::login);
	}

	/** A new session of {@code user}. */
	Cookies login(String user) {
		Cookies cookies = this.sessions.login(user, PASSWORDS.get(user));
		remember(cookies);
		return cookies;
	}

	/** The {@code Cookie} header of {@code user}'s session. */
	String cookieHeader(String user) {
		return cookies(user).header();
	}

	/** The {@code SESSION} cookie value of {@code user}'s session. */
	String sessionCookie(String user) {
		return cookies(user).get("SESSION");
	}

	/** A bearer token for {@code user}, from {@code POST /api/token}. */
	String token(String user) {
		return this.tokens.computeIfAbsent(user, (name) -> {
			Cookies jar = cookies(name);
			if (jar.get("XSRF-TOKEN") == null) {
				this.sessions.send(HttpRequest.newBuilder(this.sessions.uri("/login")).GET(), jar);
			}
			HttpResponse<String> response = this.sessions.send(HttpRequest.newBuilder(this.sessions.uri("/api/token"))
				.header("Origin", this.sessions.origin())
				.header("X-XSRF-TOKEN", jar.get("XSRF-TOKEN"))
				.POST(HttpRequest.BodyPublishers.noBody()), jar);
			assertThat(response.statusCode()).as("POST /api/token").isEqualTo(200);
			String token = field(response.body(), "token");
			this.secrets.add(token);
			return token;
		});
	}

	/**
	 * A ticket for {@code user}'s session, requested with the given {@code Origin} (or
	 * none).
	 */
	String ticket(String user, @Nullable String origin) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.sessions.uri("/__ws/ticket"))
			.POST(HttpRequest.BodyPublishers.noBody());
		if (origin != null) {
			request.header("Origin", origin);
		}
		HttpResponse<String> response = this.sessions.send(request, new Cookies(cookies(user)));
		assertThat(response.statusCode()).as("POST /__ws/ticket").isEqualTo(200);
		String ticket = field(response.body(), "ticket");
		this.secrets.add(ticket);
		return ticket;
	}

	private void remember(Cookies cookies) {
		String session = cookies.get("SESSION");
		assertThat(session).as("SESSION cookie").isNotNull();
		this.secrets.add(session);
		this.secrets.add(new String(Base64.getDecoder().decode(session), StandardCharsets.UTF_8));
	}

	private static String field(String json, String name) {
		Matcher matcher = JSON_STRING.matcher(json);
		while (matcher.find()) {
			if (matcher.group(1).equals(name)) {
				return matcher.group(2);
			}
		}
		throw new AssertionError("No " + name + " in the answer");
	}

}
