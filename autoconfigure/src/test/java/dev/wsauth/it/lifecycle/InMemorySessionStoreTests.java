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

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.session.MapSessionRepository;

import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsauth.session.RepositorySessionStateReader;
import dev.wsauth.session.SessionStateReader;

/**
 * The session store tests against {@link MapSessionRepository}, with a maximum session
 * lifetime.
 */
@SpringBootTest(classes = LifecycleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		SessionStoreTests.PROPERTIES, "spring.profiles.active=memory", "wsauth.session.max-lifetime=5s" })
class InMemorySessionStoreTests extends SessionStoreTests {

	@Override
	Class<? extends SessionStateReader> expectedStateReader() {
		return RepositorySessionStateReader.class;
	}

	@Test
	void maxLifetimeClosesASocketInUseWith4002() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		long start = System.nanoTime();
		try (StompTestClient socket = connect(sessions, alice)) {
			while (!socket.isClosed() && System.nanoTime() - start < Duration.ofSeconds(8).toNanos()) {
				socket.sendTo("/app/ping", "{}");
				pause(Duration.ofMillis(100));
			}
			assertThat(socket.awaitCloseCode(Duration.ofSeconds(1))).isEqualTo(4002);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(4));
		}
	}

}
