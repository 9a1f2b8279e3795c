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

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The session store tests against Spring Session Data Redis's indexed repository.
 */
@SpringBootTest(classes = LifecycleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { SessionStoreTests.PROPERTIES, RedisStore.PROPERTIES,
				"spring.session.data.redis.repository-type=indexed",
				"spring.session.data.redis.namespace=wsauth-test:indexed" })
class RedisIndexedSessionStoreTests extends SessionStoreTests {

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisStore.register(registry);
	}

}
