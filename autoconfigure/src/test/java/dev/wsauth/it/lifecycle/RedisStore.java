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

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.wsauth.test.TestServices;

/**
 * Points a test application at the test Redis, failing loudly if it is unreachable.
 */
final class RedisStore {

	/**
	 * Keeps the DataSource out so that Spring Boot picks Redis for sessions.
	 */
	static final String PROPERTIES = "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

	private RedisStore() {
	}

	static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> TestServices.redis().host());
		registry.add("spring.data.redis.port", () -> TestServices.redis().port());
	}

}
