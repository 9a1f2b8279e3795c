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

import javax.sql.DataSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import dev.wsauth.jdbc.JdbcSessionStateReader;
import dev.wsauth.session.SessionStateReader;

/**
 * The session store tests against Spring Session JDBC on an embedded H2 database, with
 * the schema Spring Boot initializes.
 */
@SpringBootTest(classes = { LifecycleApplication.class, JdbcSessionStoreTests.H2.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { SessionStoreTests.PROPERTIES,
				"spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"spring.session.jdbc.initialize-schema=always" })
class JdbcSessionStoreTests extends SessionStoreTests {

	@Override
	Class<? extends SessionStateReader> expectedStateReader() {
		return JdbcSessionStateReader.class;
	}

	/**
	 * The application's own DataSource, as most applications declare one.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class H2 {

		@Bean
		DataSource dataSource() {
			return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
		}

	}

}
