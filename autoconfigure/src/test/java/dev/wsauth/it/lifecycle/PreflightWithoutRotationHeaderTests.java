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

package dev.wsauth.it.lifecycle;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preflight's {@code WsAuth-Session-Rotated} header on a real server with rotation
 * turned off.
 */
@SpringBootTest(classes = LifecycleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.profiles.active=memory", "wsauth.preflight.rotate=false" })
class PreflightWithoutRotationHeaderTests {

	@LocalServerPort
	int port;

	@Test
	void preflightWithRotationOffKeepsTheIdAndSaysFalse() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		String before = alice.get("SESSION");
		HttpResponse<String> preflight = sessions.preflight(alice);
		assertThat(preflight.statusCode()).isEqualTo(204);
		assertThat(preflight.headers().firstValue(PreflightRotationHeaderTests.ROTATED)).hasValue("false");
		assertThat(alice.get("SESSION")).isEqualTo(before);
	}

}
