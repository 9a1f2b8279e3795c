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
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.test.context.DynamicPropertySource;

import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsauth.redis.RedisSessionStateReader;
import dev.wsauth.session.SessionStateReader;

/**
 * The session store tests against Spring Session Data Redis's indexed repository.
 */
@SpringBootTest(classes = LifecycleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { SessionStoreTests.PROPERTIES, RedisStore.PROPERTIES,
				"spring.session.data.redis.repository-type=indexed",
				"spring.session.data.redis.namespace=wsauth-test:indexed" })
class RedisIndexedSessionStoreTests extends SessionStoreTests {

	@Override
	Class<? extends SessionStateReader> expectedStateReader() {
		return RedisSessionStateReader.class;
	}

	@Autowired
	StringRedisTemplate redis;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisStore.register(registry);
	}

	@Test
	void aPartialRecordThatARequestRacingARotationLeftUnderTheOldIdIsRemovedNotA500() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies beforeRotation = withCsrfToken(sessions, sessions.login("alice", "alice-pw"));
		String oldId = sessionId(beforeRotation);
		Cookies alice = new Cookies(beforeRotation);
		assertThat(sessions.preflight(alice).statusCode()).isEqualTo(204);
		// The preflight renamed the hash; a request that loaded the session under the old
		// id then saved its delta onto the old key: a record without a creation time.
		String oldKey = "wsauth-test:indexed:sessions:" + oldId;
		byte[] value = new JdkSerializationRedisSerializer().serialize(System.currentTimeMillis());
		this.redis.execute((RedisCallback<Boolean>) (connection) -> connection.hashCommands()
			.hSet(oldKey.getBytes(StandardCharsets.UTF_8), "lastAccessedTime".getBytes(StandardCharsets.UTF_8), value));
		HttpResponse<String> page = sessions.send(HttpRequest.newBuilder(sessions.uri("/")),
				new Cookies(beforeRotation));
		assertThat(page.statusCode()).isLessThan(500);
		assertThat(this.redis.hasKey(oldKey)).isFalse();
		// And a logout with the old cookie still ends the rotated session.
		this.redis.execute((RedisCallback<Boolean>) (connection) -> connection.hashCommands()
			.hSet(oldKey.getBytes(StandardCharsets.UTF_8), "lastAccessedTime".getBytes(StandardCharsets.UTF_8), value));
		assertThat(sessions.logout(new Cookies(beforeRotation)).statusCode()).isEqualTo(302);
		assertThat(sessions.preflight(new Cookies(alice)).statusCode()).isEqualTo(401);
		assertThat(this.repository.findById(sessionId(alice))).isNull();
	}

}
