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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.test.RawUpgrade;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static dev.wsauth.it.OtherWebSocketEndpoints.upgradeStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The origin policy guards every WebSocket upgrade of the application, including
 * endpoints wsauth does not secure and whose handlers allow every origin.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = { MessagingApplication.class, OtherWebSocketEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = MessagingApplication.PROPERTIES)
class OtherWebSocketEndpointsTests {

	static final String FOREIGN_ORIGIN = "https://evil.example";

	@LocalServerPort
	int port;

	TestSessions sessions;

	Cookies alice;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
		this.alice = Users.login(this.sessions, "alice");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/raw", "/direct", "/raw-sockjs/000/session-1/websocket" })
	void aSameOriginUpgradeIsAccepted(String path) {
		assertThat(upgradeStatus(this.sessions, path, "Cookie", this.alice.header(), "Origin", this.sessions.origin()))
			.isEqualTo(101);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/raw", "/direct", "/raw-sockjs/000/session-1/websocket" })
	void aCrossSiteUpgradeIsRefusedWith403ThoughTheHandlerAllowsEveryOrigin(String path) {
		assertThat(upgradeStatus(this.sessions, path, "Cookie", this.alice.header(), "Origin", FOREIGN_ORIGIN))
			.isEqualTo(403);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/raw", "/direct" })
	void anUpgradeThatSaysItIsCrossSiteIsRefusedWithoutAnOrigin(String path) {
		assertThat(upgradeStatus(this.sessions, path, "Cookie", this.alice.header(), "Sec-Fetch-Site", "cross-site"))
			.isEqualTo(403);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/raw?ticket=SECRET-VALUE%zz", "/ws?ticket=SECRET-VALUE%", "/ws/?ticket=%C3SECRET-VALUE" })
	void anUpgradeWithAQueryStringThatCannotBeDecodedGets400AndLeavesNothingInTheLog(String path,
			CapturedOutput output) {
		assertThat(RawUpgrade
			.sendExactly(this.port, path, "Cookie: " + this.alice.header(), "Origin: " + this.sessions.origin())
			.status()).isEqualTo(400);
		assertThat(output.toString()).doesNotContain("SECRET-VALUE").doesNotContain("\tat ");
	}

}
