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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client gets for a frame nobody meant to send, and what the log gets: one ERROR
 * frame with a generic reason and a documented close code for the client, and no stack
 * trace, session id or client text in the log.
 */
@SpringBootTest(classes = MessagingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = MessagingApplication.PROPERTIES)
@ExtendWith(OutputCaptureExtension.class)
class MalformedFrameTests {

	/**
	 * Every malformed frame carries this text, which must never reach the log.
	 */
	private static final String MARK = "FORGED-LOG-LINE";

	@LocalServerPort
	int port;

	TestSessions sessions;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
	}

	static Stream<Arguments> malformedFrames() {
		return Stream.of(
				Arguments.of("an invalid header escape",
						"SUBSCRIBE\nid:sub-1\ndestination:/topic/open\\t" + MARK + "\n\n\0"),
				Arguments.of("a bare carriage return", "SEND\rdestination:/topic/" + MARK + "\n\n\0"),
				Arguments.of("an unknown command", MARK + "\n\n\0"),
				Arguments.of("a lower-case command", "subscribe\nid:" + MARK + "\ndestination:/topic/open\n\n\0"),
				Arguments.of("a header without a colon", "SUBSCRIBE\nid:sub-1\n" + MARK + "\n\n\0"),
				Arguments.of("a content-length shorter than the body",
						"SEND\ndestination:/topic/open\ncontent-length:2\n\n" + MARK + "\0"),
				Arguments.of("a NUL-only message", "\0"),
				Arguments.of("a body on SUBSCRIBE", "SUBSCRIBE\nid:sub-1\ndestination:/topic/open\n\n" + MARK + "\0"),
				Arguments.of("a body on UNSUBSCRIBE", "UNSUBSCRIBE\nid:sub-1\n\n" + MARK + "\0"),
				Arguments.of("a body on ACK", "ACK\nid:" + MARK + "\n\n" + MARK + "\0"),
				Arguments.of("a body on NACK", "NACK\nid:" + MARK + "\n\n" + MARK + "\0"),
				Arguments.of("a SUBSCRIBE without id",
						"SUBSCRIBE\ndestination:/topic/open\nreceipt:" + MARK + "\n\n\0"),
				Arguments.of("a SUBSCRIBE without destination", "SUBSCRIBE\nid:sub-1\nreceipt:" + MARK + "\n\n\0"),
				Arguments.of("an UNSUBSCRIBE without id", "UNSUBSCRIBE\nreceipt:" + MARK + "\n\n\0"),
				Arguments.of("a SEND without destination", "SEND\nreceipt:" + MARK + "\n\n" + MARK + "\0"),
				Arguments.of("a frame only a server sends",
						"MESSAGE\ndestination:/topic/open\nsubscription:" + MARK + "\nmessage-id:1\n\n" + MARK + "\0"),
				Arguments.of("a second CONNECT", "CONNECT\naccept-version:1.2\nhost:" + MARK + "\n\n\0"),
				Arguments.of("an unreadable content-length of a complete frame",
						"SEND\ndestination:/app/whoami\ncontent-length:1.5\n\n" + MARK + "\0"),
				Arguments.of("a content-type that is not a media type",
						"SEND\ndestination:/app/whoami\ncontent-type:" + MARK + "/a/b\n\n{}\0"),
				Arguments.of("an unreadable content-length of an incomplete frame",
						"SEND\ndestination:/topic/open\ncontent-length:" + MARK + "\n\n" + MARK));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("malformedFrames")
	void aMalformedFrameGetsOneGenericErrorFrameThenClose1002AndLeavesNoTraceInTheLog(String description, String frame,
			CapturedOutput output) {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.sendRaw(frame);
			assertRefused(alice, "malformed frame", 1002);
			assertThat(alice.pollFrame(Duration.ofMillis(100))).isNull();
		}
		assertCleanLog(output);
	}

	@Test
	void aFrameBeforeConnectIsRefusedAsMalformed(CapturedOutput output) {
		try (StompTestClient alice = openWithoutConnect("alice")) {
			alice.subscribe(MARK, "/topic/open");
			assertRefused(alice, "malformed frame", 1002);
		}
		assertCleanLog(output);
	}

	@Test
	void heartbeatsBeforeConnectAreIgnoredQuietly(CapturedOutput output) {
		try (StompTestClient alice = openWithoutConnect("alice")) {
			alice.sendRaw("\n");
			alice.sendRaw("\r\n\n");
			alice.stompConnect(Map.of());
			alice.subscribe("sub-1", "/topic/open", "r-1");
			assertThat(alice.nextFrame().header("receipt-id")).isEqualTo("r-1");
		}
		assertCleanLog(output);
	}

	@Test
	void framesAfterARefusedOneInTheSameOrALaterMessageAreDropped(CapturedOutput output) {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.sendRaw("SUBSCRIBE\nid:sub-1\n" + MARK
					+ "\n\n\0SUBSCRIBE\nid:sub-2\ndestination:/topic/open\nreceipt:r-2\n\n\0");
			// The server may close before this later message is written; then there is
			// nothing it could answer.
			alice.sendRawUnlessClosed("SUBSCRIBE\nid:sub-3\ndestination:/topic/open\nreceipt:r-3\n\n\0");
			assertRefused(alice, "malformed frame", 1002);
			assertThat(alice.pollFrame(Duration.ofMillis(200))).isNull();
		}
		assertCleanLog(output);
	}

	@Test
	void aFrameAssembledFromSeveralMessagesAboveTheFrameSizeLimitGetsFrameTooLargeThenClose1009(CapturedOutput output) {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.sendRaw("SEND\ndestination:/topic/open\n\n");
			String chunk = MARK.repeat(16000 / MARK.length());
			for (int i = 0; i < 5; i++) {
				if (!alice.sendRawUnlessClosed(chunk)) {
					break;
				}
			}
			assertRefused(alice, "frame too large", 1009);
		}
		assertCleanLog(output);
	}

	@Test
	void aFrameJustUnderTheFrameSizeLimitIsAccepted() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			String head = "SEND\ndestination:/app/whoami\nreceipt:r-1\n\n";
			int body = 64 * 1024 - head.length() - 1;
			alice.sendRaw(head);
			for (int sent = 0; sent < body; sent += 16000) {
				alice.sendRaw("x".repeat(Math.min(16000, body - sent)));
			}
			alice.sendRaw("\0");
			StompFrame receipt = alice.awaitFrame((received) -> !"MESSAGE".equals(received.command()));
			assertThat(receipt.command()).isEqualTo("RECEIPT");
			assertThat(receipt.header("receipt-id")).isEqualTo("r-1");
		}
	}

	@Test
	void aContentLengthAboveTheFrameSizeLimitGetsFrameTooLargeThenClose1009(CapturedOutput output) {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.sendRaw("SEND\ndestination:/topic/open\ncontent-length:" + (64 * 1024 + 1) + "\n\n" + MARK);
			assertRefused(alice, "frame too large", 1009);
		}
		assertCleanLog(output);
	}

	@Test
	void aTextMessageAboveTheMessageSizeLimitIsClosedWith1009(CapturedOutput output) {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.sendRaw("SEND\ndestination:/topic/open\n\n" + MARK.repeat(17000 / MARK.length()) + "\0");
			assertThat(alice.awaitCloseCode()).isEqualTo(1009);
		}
		assertCleanLog(output);
	}

	@Test
	void aBinaryMessageUpToTheMessageSizeLimitIsAcceptedLikeText() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			String frame = "SEND\ndestination:/app/whoami\nreceipt:r-1\n\n" + "x".repeat(12_000) + "\0";
			alice.sendBinary(frame.getBytes(StandardCharsets.UTF_8));
			StompFrame receipt = alice.awaitFrame((received) -> !"MESSAGE".equals(received.command()));
			assertThat(receipt.command()).isEqualTo("RECEIPT");
		}
	}

	@Test
	void refusalsAreLoggedAtWarnAtMostOnceEveryTenSecondsForTheWholeNode(CapturedOutput output) {
		for (int i = 0; i < 5; i++) {
			try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
				alice.sendRaw(MARK + "\n\n\0");
				assertThat(alice.awaitCloseCode()).isEqualTo(1002);
			}
		}
		assertThat(output.toString().lines().filter((line) -> line.contains("Refused a STOMP frame")))
			.hasSizeLessThanOrEqualTo(1);
		assertCleanLog(output);
	}

	@Test
	void aWellFormedConnectionIsUnaffectedByAnotherOnesRefusal() {
		try (StompTestClient bob = Users.connect(this.sessions, "bob");
				StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.sendRaw(MARK + "\n\n\0");
			assertThat(alice.awaitCloseCode()).isEqualTo(1002);
			bob.subscribe("sub-1", "/topic/open", "r-1");
			assertThat(bob.nextFrame().header("receipt-id")).isEqualTo("r-1");
		}
	}

	private StompTestClient openWithoutConnect(String user) {
		Cookies cookies = Users.login(this.sessions, user);
		return StompTestClient.open(this.sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", cookies.header(), "Origin", this.sessions.origin()));
	}

	private static void assertRefused(StompTestClient client, String message, int closeCode) {
		StompFrame error = client.nextFrame();
		assertThat(error.command()).isEqualTo("ERROR");
		assertThat(error.header("message")).isEqualTo(message);
		assertThat(error.headers()).doesNotContainKey("receipt-id");
		assertThat(client.awaitCloseCode()).isEqualTo(closeCode);
	}

	private static void assertCleanLog(CapturedOutput output) {
		String log = output.toString();
		assertThat(log).doesNotContain(MARK);
		assertThat(log).doesNotContain("\tat ");
		assertThat(log).doesNotContain("Failed to parse");
		assertThat(log).doesNotContain("Failed to send message to MessageChannel");
		assertThat(log.lines().filter((line) -> line.contains(" ERROR "))).isEmpty();
	}

}
