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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wsauth.limits.frames-per-second} (10 here): a connection may send ten frames at
 * once, CONNECT included and heart-beats aside; the eleventh gets ERROR and close 4029.
 * The frames go in one WebSocket message, so no refill happens between them.
 */
@SpringBootTest(classes = MessagingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { MessagingApplication.PROPERTIES + ConnectionLimitTests.LIMITS })
class FrameRateLimitTests {

	private static final String CONNECT = "CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0";

	@LocalServerPort
	int port;

	TestSessions sessions;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
	}

	@Test
	void connectAndNineMoreFramesAtOnceAreAllProcessed() {
		try (StompTestClient client = open("bob")) {
			client.sendRaw(CONNECT + subscribes(9));
			// Spring handles the frames of one message on several threads: a RECEIPT may
			// overtake CONNECTED.
			List<String> answers = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				StompFrame frame = client.nextFrame();
				answers.add("RECEIPT".equals(frame.command()) ? frame.header("receipt-id") : frame.command());
			}
			assertThat(answers).containsExactlyInAnyOrder("CONNECTED", "r-0", "r-1", "r-2", "r-3", "r-4", "r-5", "r-6",
					"r-7", "r-8");
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void theEleventhFrameGetsAnErrorAndClose4029AndNothingOfItsMessageReachesTheApplication() {
		try (StompTestClient client = open("bob")) {
			client.sendRaw(CONNECT + subscribes(10));
			int code = client.awaitCloseCode(Duration.ofSeconds(10));
			assertThat(code).isEqualTo(4029);
			List<StompFrame> frames = drain(client);
			assertThat(frames).extracting(StompFrame::command).containsOnly("ERROR");
			assertThat(frames).singleElement()
				.satisfies((error) -> assertThat(error.header("message")).isEqualTo("too many frames"));
		}
	}

	@Test
	void heartBeatsDoNotCount() {
		try (StompTestClient client = open("bob")) {
			client.sendRaw(CONNECT + "\n".repeat(100) + subscribes(9) + "\n".repeat(100));
			// As above: a RECEIPT may overtake CONNECTED.
			List<String> commands = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				commands.add(client.nextFrame().command());
			}
			assertThat(commands).containsOnly("CONNECTED", "RECEIPT").containsOnlyOnce("CONNECTED");
			assertThat(client.isClosed()).isFalse();
		}
	}

	private StompTestClient open(String user) {
		Cookies cookies = Users.login(this.sessions, user);
		return StompTestClient.open(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", cookies.header(), "Origin", this.sessions.origin()));
	}

	private static String subscribes(int count) {
		StringBuilder frames = new StringBuilder();
		for (int i = 0; i < count; i++) {
			frames.append("SUBSCRIBE\nid:sub-")
				.append(i)
				.append("\ndestination:/topic/open\nreceipt:r-")
				.append(i)
				.append("\n\n\0");
		}
		return frames.toString();
	}

	private static List<StompFrame> drain(StompTestClient client) {
		List<StompFrame> frames = new ArrayList<>();
		StompFrame frame;
		while ((frame = client.pollFrame(Duration.ofMillis(200))) != null) {
			frames.add(frame);
		}
		return frames;
	}

}
