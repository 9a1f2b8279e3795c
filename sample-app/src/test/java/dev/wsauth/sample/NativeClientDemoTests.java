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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;

import dev.wsauth.sample.client.NativeClientDemo;
import dev.wsauth.sample.client.NativeClientDemo.SubscriptionDeniedException;

import static dev.wsauth.sample.SampleClients.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The native demo client against the running sample: form login, a token from
 * {@code /api/token}, and a socket with {@code Authorization: Bearer} on the upgrade.
 * (The ticket and CONNECT-frame ways are in {@link NativeClientDemoAllWaysTests}.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class NativeClientDemoTests {

	@LocalServerPort
	int port;

	@Test
	void demoLogsInGetsATokenAndReadsHerBoardOverABearerHeaderSocket() {
		try (NativeClientDemo demo = demo()) {
			demo.login("alice", "alice-pw");
			String token = demo.requestToken();
			StompSession session = demo.connectWithBearerHeader(token, new StompSessionHandlerAdapter() {
			}).open();
			try {
				assertThat(json(demo.joinBoard(session, "b1"))).containsEntry("type", "user_joined")
					.containsEntry("user", java.util.Map.of("id", "alice", "name", "Alice"));
			}
			finally {
				session.disconnect();
			}
		}
	}

	@Test
	void demoSubscriptionToAnotherUsersBoardIsDeniedAndTheSessionStaysConnected() throws Exception {
		try (NativeClientDemo demo = demo()) {
			demo.login("alice", "alice-pw");
			StompSession session = demo.connectWithBearerHeader(demo.requestToken(), new StompSessionHandlerAdapter() {
			}).open();
			try {
				CompletableFuture<StompSession.Subscription> denied = demo.subscribe(session, "/topic/boards.b2",
						(body) -> {
						});
				Throwable failure = catchThrowable(() -> denied.get(10, TimeUnit.SECONDS));
				assertThat(failure).hasCauseInstanceOf(SubscriptionDeniedException.class);
				assertThat(((SubscriptionDeniedException) failure.getCause()).reason()).isEqualTo("FORBIDDEN");
				assertThat(session.isConnected()).isTrue();
				assertThat(demo.subscribe(session, "/topic/announcements", (body) -> {
				}).get(10, TimeUnit.SECONDS)).isNotNull();
			}
			finally {
				session.disconnect();
			}
		}
	}

	@Test
	void demoLoginWithAWrongPasswordFails() {
		try (NativeClientDemo demo = demo()) {
			assertThatIllegalStateException().isThrownBy(() -> demo.login("alice", "wrong"))
				.withMessageContaining("Login failed");
		}
	}

	@Test
	void demoTokenRequestWithoutLoginFailsWith401() {
		try (NativeClientDemo demo = demo()) {
			assertThatIllegalStateException().isThrownBy(demo::requestToken).withMessageContaining("401");
		}
	}

	@Test
	void demoBearerSocketWithAnInvalidTokenIsRefused() {
		try (NativeClientDemo demo = demo()) {
			assertThatIllegalStateException()
				.isThrownBy(() -> demo.connectWithBearerHeader("not.a.token", new StompSessionHandlerAdapter() {
				}).open());
		}
	}

	@Test
	void demoRefusedTicketIsNotQuotedInTheFailure() {
		try (NativeClientDemo demo = demo()) {
			Throwable failure = catchThrowable(
					() -> demo.connectWithTicket("bogus-ticket-0123456789", new StompSessionHandlerAdapter() {
					}).open());
			assertThat(failure).isInstanceOf(IllegalStateException.class);
			assertThat(failure).hasNoCause();
			assertThat(failure.getMessage()).doesNotContain("bogus-ticket-0123456789");
		}
	}

	@Test
	void demoMainPrintsNoTokenEvenWhenAWayFails() {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		try (NativeClientDemo demo = demo()) {
			demo.run("bob", "bob-pw", "b2", new PrintStream(output, true, StandardCharsets.UTF_8));
		}
		String printed = output.toString(StandardCharsets.UTF_8);
		assertThat(printed).containsPattern("\\[bearer-header] /topic/boards.b2: \\{.*\"type\":\"user_joined\"");
		// A JWT starts with the base64url of '{"': "eyJ".
		assertThat(printed).doesNotContain("eyJ");
	}

	private NativeClientDemo demo() {
		return new NativeClientDemo(URI.create("http://localhost:" + this.port));
	}

}
