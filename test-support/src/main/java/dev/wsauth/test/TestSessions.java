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

package dev.wsauth.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logs users in through the application's real form login and keeps their cookies, so
 * that tests can hold, replay and compare session cookies exactly as a browser would send
 * them.
 */
public final class TestSessions {

	private static final Pattern CSRF_FIELD = Pattern
		.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

	private final URI base;

	private final HttpClient http = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	public TestSessions(URI base) {
		this.base = base;
	}

	public static TestSessions on(int port) {
		return new TestSessions(URI.create("http://localhost:" + port));
	}

	public URI uri(String path) {
		return this.base.resolve(path);
	}

	public URI webSocketUri(String path) {
		return URI.create("ws://" + this.base.getHost() + ":" + this.base.getPort() + path);
	}

	/** The application's own origin, as a same-origin page would send it. */
	public String origin() {
		return "http://" + this.base.getHost() + ":" + this.base.getPort();
	}

	/**
	 * Log in with the form and return the cookie jar holding the authenticated session.
	 */
	public Cookies login(String username, String password) {
		Cookies cookies = new Cookies();
		HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/login")).GET(), cookies);
		Matcher matcher = CSRF_FIELD.matcher(page.body());
		if (!matcher.find()) {
			throw new IllegalStateException("No _csrf field on the login page");
		}
		String csrf = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
		String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(csrf);
		HttpResponse<String> result = send(HttpRequest.newBuilder(uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Origin", origin())
			.POST(HttpRequest.BodyPublishers.ofString(form)), cookies);
		String location = result.headers().firstValue("Location").orElse("");
		if (result.statusCode() != 302 || location.contains("error")) {
			throw new IllegalStateException(
					"Login failed for " + username + ": " + result.statusCode() + " " + location);
		}
		return cookies;
	}

	/** Send a request with the jar's cookies and store the cookies the response sets. */
	public HttpResponse<String> send(HttpRequest.Builder request, Cookies cookies) {
		if (!cookies.isEmpty()) {
			request.header("Cookie", cookies.header());
		}
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			cookies.store(response.headers().allValues("Set-Cookie"));
			return response;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** POST the preflight with the jar's cookies from the application's own origin. */
	public HttpResponse<String> preflight(Cookies cookies) {
		return send(HttpRequest.newBuilder(uri("/__ws/auth"))
			.header("Origin", origin())
			.POST(HttpRequest.BodyPublishers.noBody()), cookies);
	}

	/** POST the logout form with the SPA CSRF token from the jar. */
	public HttpResponse<String> logout(Cookies cookies) {
		if (cookies.get("XSRF-TOKEN") == null) {
			send(HttpRequest.newBuilder(uri("/login")).GET(), cookies);
		}
		return send(HttpRequest.newBuilder(uri("/logout"))
			.header("Origin", origin())
			.header("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"))
			.POST(HttpRequest.BodyPublishers.noBody()), cookies);
	}

	/**
	 * Write a raw HTTP/1.1 request on a plain socket and return the status line's code,
	 * for requests the JDK client refuses to send (a declared body that never comes).
	 */
	public int rawStatus(String requestHead) {
		try (Socket socket = new Socket(this.base.getHost(), this.base.getPort())) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = in.read()) != -1 && c != '\n') {
				line.append((char) c);
			}
			String[] parts = line.toString().split(" ");
			return Integer.parseInt(parts[1].trim());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** A cookie jar: name to value, as a browser would keep for one site. */
	public static final class Cookies {

		private final Map<String, String> values = new LinkedHashMap<>();

		public Cookies() {
		}

		public Cookies(Cookies other) {
			this.values.putAll(other.values);
		}

		public String get(String name) {
			return this.values.get(name);
		}

		public Cookies with(String name, String value) {
			Cookies copy = new Cookies(this);
			copy.values.put(name, value);
			return copy;
		}

		public boolean isEmpty() {
			return this.values.isEmpty();
		}

		public String header() {
			List<String> pairs = new ArrayList<>();
			this.values.forEach((name, value) -> pairs.add(name + "=" + value));
			return String.join("; ", pairs);
		}

		void store(List<String> setCookies) {
			for (String setCookie : setCookies) {
				String pair = setCookie.split(";", 2)[0];
				int eq = pair.indexOf('=');
				if (eq <= 0) {
					continue;
				}
				String name = pair.substring(0, eq).trim();
				String value = pair.substring(eq + 1).trim();
				boolean expired = setCookie.toLowerCase().contains("max-age=0");
				if (expired || value.isEmpty()) {
					this.values.remove(name);
				}
				else {
					this.values.put(name, value);
				}
			}
		}

		@Override
		public String toString() {
			// Cookies are credentials: keep them out of assertion messages.
			return "Cookies" + this.values.keySet();
		}

	}

}
