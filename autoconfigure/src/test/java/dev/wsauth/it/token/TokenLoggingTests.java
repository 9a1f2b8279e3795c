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

package dev.wsauth.it.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import dev.wsauth.test.RawUpgrade;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestTokens;
import dev.wsauth.token.SubprotocolBearerToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens never reach a log, even with wsauth, Spring WebSocket and Spring Security
 * logging everything they can. (Spring's STOMP decoder prints every decoded frame's
 * headers at TRACE, a CONNECT frame's {@code Authorization} included: see the README.)
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = TokenApplication.class,
		properties = { TokenApplication.PROPERTIES, "logging.level.dev.wsauth=TRACE",
				"logging.level.org.springframework.web.socket=TRACE",
				"logging.level.org.springframework.messaging=DEBUG",
				"logging.level.org.springframework.security=TRACE" })
@DirtiesContext
class TokenLoggingTests {

	private static final List<String> LOGGERS = List.of("dev.wsauth", "org.springframework.web.socket",
			"org.springframework.messaging", "org.springframework.security");

	@LocalServerPort
	int port;

	@AfterAll
	static void restoreLogLevels() {
		// Log levels outlive the context: leave the next test classes the defaults.
		LoggingSystem loggingSystem = LoggingSystem.get(TokenLoggingTests.class.getClassLoader());
		LOGGERS.forEach((logger) -> loggingSystem.setLogLevel(logger, null));
	}

	@Test
	void subprotocolTokensAreNeverLogged(CapturedOutput output) {
		String token = TestTokens.token("alice", Duration.ofMinutes(5), "USER");
		String element = SubprotocolBearerToken.encode(token);
		try (StompTestClient alice = StompTestClient.open(TestSessions.on(this.port).webSocketUri("/ws"), Map.of(),
				List.of("v12.stomp", element))) {
			alice.stompConnect(Map.of());
			BearerUpgradeTests.whoAmI(alice);
		}
		RawUpgrade.sendExactly(this.port, "/ws", "Sec-WebSocket-Protocol: " + element);
		String foreign = SubprotocolBearerToken.encode(TestTokens.foreignToken("alice"));
		RawUpgrade.sendExactly(this.port, "/ws", "Sec-WebSocket-Protocol: v12.stomp, " + foreign);
		assertThat(output.getAll()).contains("whoami").doesNotContain(token).doesNotContain(element);
		assertThat(output.getAll())
			.doesNotContain(foreign.substring(SubprotocolBearerToken.KUBERNETES_PREFIX.length()));
	}

	@Test
	void sessionIdsOfCookieUpgradesAreNeverLogged(CapturedOutput output) {
		TestSessions sessions = TestSessions.on(this.port);
		TestSessions.Cookies cookies = sessions.login("alice", "alice-pw");
		int start = output.getAll().length();
		try (StompTestClient alice = StompTestClient.connect(sessions.webSocketUri("/ws"),
				Map.of("Cookie", cookies.header()))) {
			BearerUpgradeTests.whoAmI(alice);
		}
		String sessionId = cookies.get("JSESSIONID");
		assertThat(sessionId).isNotEmpty();
		assertThat(output.getAll().substring(start)).contains("whoami").doesNotContain(sessionId);
	}

	@Test
	void bearerHeaderTokensAreNeverLogged(CapturedOutput output) {
		String token = TestTokens.token("alice", Duration.ofMinutes(5), "USER");
		try (StompTestClient alice = StompTestClient.connect(TestSessions.on(this.port).webSocketUri("/ws"),
				BearerUpgradeTests.bearer(token))) {
			BearerUpgradeTests.whoAmI(alice);
		}
		String foreign = TestTokens.foreignToken("alice");
		StompTestClient.upgradeStatus(TestSessions.on(this.port).webSocketUri("/ws"),
				BearerUpgradeTests.bearer(foreign));
		assertThat(output.getAll()).contains("whoami").doesNotContain(token).doesNotContain(foreign);
	}

}
