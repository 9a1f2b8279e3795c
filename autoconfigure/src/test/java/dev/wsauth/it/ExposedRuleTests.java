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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wsauth.authorization.expose-rule}: a denial notice names the pattern of the rule
 * that denied the frame, never its expression, and nothing when no rule matched.
 */
@SpringBootTest(classes = MessagingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { MessagingApplication.PROPERTIES, "wsauth.authorization.expose-rule=true" })
class ExposedRuleTests {

	@LocalServerPort
	int port;

	TestSessions sessions;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
	}

	@Test
	void aDeniedSubscribeNamesThePatternOfTheRuleThatDeniedIt() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.subscribe("sub-admin", "/topic/admin");
			StompFrame denial = alice.nextFrame();
			assertThat(denial.header("wsauth-denied")).isEqualTo("FORBIDDEN");
			assertThat(denial.header("wsauth-rule")).isEqualTo("/topic/admin");
			assertThat(denial.body()).contains("\"rule\":\"/topic/admin\"").doesNotContain("hasRole");
		}
	}

	@Test
	void aDeniedSubscribeToAPatternRuleNamesThePatternNotTheDestination() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.subscribe("sub-room", "/topic/rooms.secret");
			StompFrame denial = alice.nextFrame();
			assertThat(denial.header("wsauth-denied")).isEqualTo("FORBIDDEN");
			assertThat(denial.header("wsauth-rule")).isEqualTo("/topic/rooms.{room}");
		}
	}

	@Test
	void aDestinationNoRuleCoversIsDeniedWithoutARuleName() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.subscribe("sub-unruled", "/topic/unruled");
			StompFrame denial = alice.nextFrame();
			assertThat(denial.header("wsauth-denied")).isEqualTo("FORBIDDEN");
			assertThat(denial.header("wsauth-rule")).isNull();
		}
	}

}
