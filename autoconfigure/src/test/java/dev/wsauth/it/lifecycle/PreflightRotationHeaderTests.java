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

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preflight's {@code WsAuth-Session-Rotated} header on a real server with Spring
 * Session in memory: {@code true} when the answer changed the session id, {@code false}
 * when it kept it, absent on a refusal, and readable by an allowed cross-origin page.
 */
@SpringBootTest(classes = LifecycleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.profiles.active=memory", "wsauth.allowed-origins=https://app.example" })
class PreflightRotationHeaderTests {

	static final String ROTATED = "WsAuth-Session-Rotated";

	@LocalServerPort
	int port;

	@Test
	void preflightThatRotatesTheSessionIdSaysTrue() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		String before = alice.get("SESSION");
		HttpResponse<String> preflight = sessions.preflight(alice);
		assertThat(preflight.statusCode()).isEqualTo(204);
		assertThat(preflight.headers().firstValue(ROTATED)).hasValue("true");
		assertThat(alice.get("SESSION")).isNotEqualTo(before);
	}

	@Test
	void secondPreflightWithinTheGracePeriodKeepsTheIdAndSaysFalse() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		assertThat(sessions.preflight(alice).headers().firstValue(ROTATED)).hasValue("true");
		String rotated = alice.get("SESSION");
		HttpResponse<String> second = sessions.preflight(alice);
		assertThat(second.statusCode()).isEqualTo(204);
		assertThat(second.headers().firstValue(ROTATED)).hasValue("false");
		assertThat(alice.get("SESSION")).isEqualTo(rotated);
	}

	@Test
	void preflightWithTheOldIdWithinTheGracePeriodGetsTheSuccessorAndSaysTrue() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		Cookies otherTab = new Cookies(alice);
		assertThat(sessions.preflight(alice).headers().firstValue(ROTATED)).hasValue("true");
		HttpResponse<String> late = sessions.preflight(otherTab);
		assertThat(late.statusCode()).isEqualTo(204);
		assertThat(late.headers().firstValue(ROTATED)).hasValue("true");
		assertThat(otherTab.get("SESSION")).isEqualTo(alice.get("SESSION"));
	}

	@Test
	void refusedPreflightCarriesNoRotationHeader() {
		TestSessions sessions = TestSessions.on(this.port);
		HttpResponse<String> preflight = sessions.preflight(new Cookies());
		assertThat(preflight.statusCode()).isEqualTo(401);
		assertThat(preflight.headers().firstValue(ROTATED)).isEmpty();
	}

	@Test
	void allowedCrossOriginPageMayReadTheRotationHeader() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		HttpResponse<String> preflight = sessions.send(HttpRequest.newBuilder(sessions.uri("/__ws/auth"))
			.header("Origin", "https://app.example")
			.POST(HttpRequest.BodyPublishers.noBody()), alice);
		assertThat(preflight.statusCode()).isEqualTo(204);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
		assertThat(preflight.headers().firstValue("Access-Control-Expose-Headers")).hasValue(ROTATED);
		assertThat(preflight.headers().firstValue(ROTATED)).hasValue("true");
	}

	@Test
	void sameOriginPreflightExposesNoHeaders() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		HttpResponse<String> preflight = sessions.preflight(alice);
		assertThat(preflight.headers().firstValue("Access-Control-Expose-Headers")).isEmpty();
	}

}
