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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.wsauth.autoconfigure.InvalidWsAuthPropertyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * At startup wsauth says in one line what it secured, and warns of a CONNECT-frame
 * endpoint that is not registered and of destinations no rule covers, or fails startup
 * for the latter when asked to.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupReportTests {

	@Test
	void startupLogsWhatWsAuthSecuredInOneInfoLine(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(output).containsOnlyOnce("wsauth secured STOMP endpoints [/ws]; preflight POST /__ws/auth; "
					+ "6 destination rules; sessions in the servlet container; revocation broadcast off");
		}
	}

	@Test
	void aBrokerPrefixNoRuleCoversIsWarnedOf(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(output).contains("No wsauth destination rule covers SUBSCRIBE /queue/** (broker prefix)")
				.doesNotContain("/topic/** (broker prefix)")
				.doesNotContain("/app/whoami (@MessageMapping)");
		}
	}

	@Test
	void noWarningWhenEveryDestinationIsCovered(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("--wsauth.authorization.rules[4].destination=/queue/**",
				"--wsauth.authorization.rules[4].access=denyAll()")) {
			assertThat(output).doesNotContain("No wsauth destination rule covers");
		}
	}

	@Test
	void aConnectAuthenticationEndpointThatIsNotRegisteredIsWarnedOf(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("--wsauth.connect-authentication.endpoints=/nowhere")) {
			assertThat(output).contains(
					"wsauth.connect-authentication.endpoints entry '/nowhere' matches no registered STOMP endpoint [/ws]");
		}
	}

	@Test
	void requiredCoverageFailsStartupForAnUncoveredDestination() {
		assertThatExceptionOfType(InvalidWsAuthPropertyException.class)
			.isThrownBy(() -> start("--wsauth.authorization.require-coverage=true").close())
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("wsauth.authorization.require-coverage");
				assertThat(ex.getReason()).contains("SUBSCRIBE /queue/** (broker prefix)");
			});
	}

	@Test
	void requiredCoverageStartsWhenEveryDestinationIsCovered() {
		try (ConfigurableApplicationContext context = start("--wsauth.authorization.require-coverage=true",
				"--wsauth.authorization.rules[4].destination=/queue/**",
				"--wsauth.authorization.rules[4].access=denyAll()")) {
			assertThat(context.isActive()).isTrue();
		}
	}

	private static ConfigurableApplicationContext start(String... extra) {
		List<String> args = new ArrayList<>();
		args.add("--server.port=0");
		Arrays.stream(MessagingApplication.PROPERTIES.split("\\n"))
			.map(String::trim)
			.filter((line) -> !line.isEmpty())
			.map((line) -> "--" + line)
			.forEach(args::add);
		args.addAll(List.of(extra));
		return new SpringApplicationBuilder(MessagingApplication.class).run(args.toArray(String[]::new));
	}

}
