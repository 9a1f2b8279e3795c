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

package dev.wsauth.it.ticket;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asks the ticket endpoint for tickets and uses them on the upgrade.
 */
final class Tickets {

	static final String PATH = "/__ws/ticket";

	private static final Pattern TICKET = Pattern.compile("\"ticket\":\"([A-Za-z0-9_-]+)\"");

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private final TestSessions sessions;

	Tickets(TestSessions sessions) {
		this.sessions = sessions;
	}

	/**
	 * POST the ticket endpoint.
	 * @param query the query string (without {@code ?}), or {@code null}
	 * @param cookies the cookie jar (may be empty)
	 * @param headers extra headers, as name and value pairs
	 * @return the response
	 */
	HttpResponse<String> request(String query, Cookies cookies, String... headers) {
		URI uri = this.sessions.uri(PATH + ((query != null) ? "?" + query : ""));
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody());
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.sessions.send(request, cookies);
	}

	/**
	 * A ticket for the session in {@code cookies}, issued from the application's own
	 * origin.
	 */
	String forSession(Cookies cookies) {
		return ticketOf(request(null, cookies, "Origin", this.sessions.origin()));
	}

	/** A ticket for a bearer token, issued to a client that sends no Origin. */
	String forToken(String token) {
		return ticketOf(request(null, new Cookies(), "Authorization", "Bearer " + token));
	}

	static String ticketOf(HttpResponse<String> response) {
		assertThat(response.statusCode()).as("ticket endpoint status").isEqualTo(200);
		Matcher matcher = TICKET.matcher(response.body());
		assertThat(matcher.find()).as("ticket in the response").isTrue();
		return matcher.group(1);
	}

	URI upgradeUri(String ticket) {
		return upgradeUri("/ws", ticket);
	}

	URI upgradeUri(String endpoint, String ticket) {
		return this.sessions.webSocketUri(endpoint + "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
	}

	/**
	 * The upgrade status of a ticket presented from the application's own origin, without
	 * cookies.
	 */
	int upgradeStatus(String ticket) {
		return StompTestClient.upgradeStatus(upgradeUri(ticket), sameOrigin());
	}

	Map<String, String> sameOrigin() {
		return StompTestClient.headers("Origin", this.sessions.origin());
	}

	/** Log out with the form (the application keeps the CSRF token in the session). */
	int logout(Cookies cookies) {
		HttpResponse<String> page = this.sessions.send(HttpRequest.newBuilder(this.sessions.uri("/logout")), cookies);
		Matcher csrf = CSRF_FIELD.matcher(page.body());
		assertThat(csrf.find()).as("_csrf field on the logout page").isTrue();
		return this.sessions
			.send(HttpRequest.newBuilder(this.sessions.uri("/logout"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Origin", this.sessions.origin())
				.POST(HttpRequest.BodyPublishers
					.ofString("_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))), cookies)
			.statusCode();
	}

	/** Ask the server who it thinks the client is. */
	static String whoAmI(StompTestClient client) {
		client.subscribe("whoami", "/user/queue/whoami", "whoami-receipt");
		assertThat(client.nextFrame(Duration.ofSeconds(10)).command()).isEqualTo("RECEIPT");
		client.sendTo("/app/whoami", "{}");
		StompFrame reply = client.awaitFrame((frame) -> "MESSAGE".equals(frame.command()));
		return reply.body();
	}

}
