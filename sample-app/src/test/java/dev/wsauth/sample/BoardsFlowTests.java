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

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BoardsFlowTests {

	@LocalServerPort
	int port;

	@Test
	void bobTypingOnB1ReachesAlice() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		Cookies bob = sessions.login("bob", "bob-pw");
		try (StompTestClient aliceClient = StompTestClient.connect(sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", alice.header(), "Origin", sessions.origin()));
				StompTestClient bobClient = StompTestClient.connect(sessions.webSocketUri("/ws"),
						StompTestClient.headers("Cookie", bob.header(), "Origin", sessions.origin()))) {
			aliceClient.subscribe("sub-0", "/topic/boards.b1");
			aliceClient.subscribe("sub-1", "/topic/boards.b2");
			StompFrame denial = aliceClient.nextFrame();
			assertThat(denial.header("wsauth-denied")).isEqualTo("FORBIDDEN");
			assertThat(denial.header("subscription")).isEqualTo("sub-1");
			bobClient.sendTo("/app/boards.b1.typing", "{}");
			StompFrame typing = aliceClient.nextFrame(Duration.ofSeconds(5));
			assertThat(typing.command()).isEqualTo("MESSAGE");
			assertThat(typing.body()).contains("\"type\":\"user_typing\"").contains("\"name\":\"Bob\"");
		}
	}

}
