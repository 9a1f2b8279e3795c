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

import org.postgresql.Driver;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import dev.wsauth.test.TestServices;

import dev.wsauth.jdbc.JdbcSessionStateReader;
import dev.wsauth.session.SessionStateReader;

/**
 * The session store tests against Spring Session JDBC on a real PostgreSQL server, whose
 * isolation and locking are those production runs on (H2 alone does not show them).
 */
@SpringBootTest(classes = { LifecycleApplication.class, PostgresSessionStoreTests.Postgres.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { SessionStoreTests.PROPERTIES,
				"spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"spring.session.jdbc.initialize-schema=always", "spring.session.jdbc.table-name=WSAUTH_TEST_SESSION",
				"spring.session.jdbc.schema=classpath:wsauth-test-session-postgresql.sql" })
class PostgresSessionStoreTests extends SessionStoreTests {

	@Override
	Class<? extends SessionStateReader> expectedStateReader() {
		return JdbcSessionStateReader.class;
	}

	/**
	 * A DataSource on the test PostgreSQL server, as an application declares one.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Postgres {

		@Bean
		DataSource dataSource() {
			TestServices.Endpoint postgres = TestServices.postgres();
			return new SimpleDriverDataSource(new Driver(),
					"jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/test", "postgres", "");
		}

	}

}
