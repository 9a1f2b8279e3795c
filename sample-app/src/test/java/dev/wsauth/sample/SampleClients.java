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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.StompTestClient.HandshakeRejectedException;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Shortcuts shared by the sample application's end-to-end tests.
 */
final class SampleClients {

	/** How long a socket must stay quiet before a test concludes nothing more comes. */
	static final Duration QUIET = Duration.ofMillis(300);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SampleClients() {
	}

	/** Open a socket with the jar's cookies from the application's own origin. */
	static StompTestClient connect(TestSessions sessions, Cookies cookies) {
		return StompTestClient.connect(sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", cookies.header(), "Origin", sessions.origin()));
	}

	/**
	 * The status of an upgrade with the jar's cookies from the application's own origin.
	 */
	static int upgradeStatus(TestSessions sessions, Cookies cookies) {
		return upgradeStatus(sessions, "Cookie", cookies.header(), "Origin", sessions.origin());
	}

	static int upgradeStatus(TestSessions sessions, String... headers) {
		return StompTestClient.upgradeStatus(sessions.webSocketUri("/ws"), StompTestClient.headers(headers));
	}

	/** Attempt an upgrade that must be refused, and return the refusal. */
	static HandshakeRejectedException refusedUpgrade(TestSessions sessions, String... headers) {
		HandshakeRejectedException refusal = catchThrowableOfType(HandshakeRejectedException.class,
				() -> StompTestClient.open(sessions.webSocketUri("/ws"), StompTestClient.headers(headers)).close());
		assertThat(refusal).as("upgrade refusal").isNotNull();
		return refusal;
	}

	/** The id of the session behind the jar's {@code SESSION} cookie. */
	static String sessionId(Cookies cookies) {
		String value = cookies.get("SESSION");
		assertThat(value).as("SESSION cookie").isNotNull();
		return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
	}

	/** A well-formed {@code SESSION} cookie value for a session id. */
	static String sessionCookieValue(String sessionId) {
		return Base64.getEncoder().encodeToString(sessionId.getBytes(StandardCharsets.UTF_8));
	}

	/** Wait for exactly {@code count} frames. */
	static List<StompFrame> frames(StompTestClient client, int count) {
		List<StompFrame> frames = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			frames.add(client.nextFrame());
		}
		return frames;
	}

	/** Every frame that arrives until the socket has been quiet for {@link #QUIET}. */
	static List<StompFrame> drain(StompTestClient client) {
		List<StompFrame> frames = new ArrayList<>();
		StompFrame frame;
		while ((frame = client.pollFrame(QUIET)) != null) {
			frames.add(frame);
		}
		return frames;
	}

	/** Parse a JSON object. */
	static Map<String, Object> json(String body) {
		return JSON.readValue(body, new TypeReference<Map<String, Object>>() {
		});
	}

}
