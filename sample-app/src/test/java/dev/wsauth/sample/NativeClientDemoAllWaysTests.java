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
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;

import dev.wsauth.sample.client.NativeClientDemo;

import static dev.wsauth.sample.SampleClients.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The native demo client in all three ways: a ticket, a bearer header and the CONNECT
 * frame. Needs the ticket endpoint ({@code POST /__ws/ticket}) and CONNECT-frame
 * authentication, which are built on other branches: run after merging them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class NativeClientDemoAllWaysTests {

	@LocalServerPort
	int port;

	@Test
	void demoConnectsInAllThreeWaysAndPrintsEachBoardEventButNoCredential() {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		boolean allPassed;
		try (NativeClientDemo demo = demo()) {
			allPassed = demo.run("alice", "alice-pw", "b1", new PrintStream(output, true, StandardCharsets.UTF_8));
		}
		String printed = output.toString(StandardCharsets.UTF_8);
		assertThat(allPassed).as(printed).isTrue();
		assertThat(printed).containsPattern("\\[ticket] /topic/boards.b1: \\{.*\"type\":\"user_joined\"")
			.containsPattern("\\[bearer-header] /topic/boards.b1: \\{.*\"type\":\"user_joined\"")
			.containsPattern("\\[connect-frame] /topic/boards.b1: \\{.*\"type\":\"user_joined\"")
			.doesNotContain("eyJ");
	}

	@Test
	void demoTicketSocketIsTheTokensUser() {
		try (NativeClientDemo demo = demo()) {
			demo.login("bob", "bob-pw");
			String token = demo.requestToken();
			StompSession session = demo.connectWithTicket(demo.requestTicket(token), new StompSessionHandlerAdapter() {
			}).open();
			try {
				assertThat(json(demo.joinBoard(session, "b2"))).containsEntry("user",
						Map.of("id", "bob", "name", "Bob"));
			}
			finally {
				session.disconnect();
			}
		}
	}

	@Test
	void demoTicketIsSingleUse() {
		try (NativeClientDemo demo = demo()) {
			demo.login("alice", "alice-pw");
			String ticket = demo.requestTicket(demo.requestToken());
			StompSession session = demo.connectWithTicket(ticket, new StompSessionHandlerAdapter() {
			}).open();
			session.disconnect();
			assertThatIllegalStateException()
				.isThrownBy(() -> demo.connectWithTicket(ticket, new StompSessionHandlerAdapter() {
				}).open());
		}
	}

	@Test
	void demoConnectFrameSocketIsTheTokensUser() {
		try (NativeClientDemo demo = demo()) {
			demo.login("alice", "alice-pw");
			StompSession session = demo.connectWithConnectFrame(demo.requestToken(), new StompSessionHandlerAdapter() {
			}).open();
			try {
				assertThat(json(demo.joinBoard(session, "b1"))).containsEntry("user",
						Map.of("id", "alice", "name", "Alice"));
			}
			finally {
				session.disconnect();
			}
		}
	}

	@Test
	void demoConnectFrameWithAnInvalidTokenIsRefused() {
		try (NativeClientDemo demo = demo()) {
			assertThatIllegalStateException()
				.isThrownBy(() -> demo.connectWithConnectFrame("not.a.token", new StompSessionHandlerAdapter() {
				}).open());
		}
	}

	private NativeClientDemo demo() {
		return new NativeClientDemo(URI.create("http://localhost:" + this.port));
	}

}
