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
package dev.wsauth.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.support.TransactionTemplate;

import dev.wsauth.test.TestServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link JdbcSessionStateReader} against sessions that Spring Session JDBC
 * wrote to a real PostgreSQL, under a configured table name.
 */
class JdbcSessionStateReaderTests {

	private static final String TABLE = "WSAUTH_TEST_SESSION";

	private JdbcIndexedSessionRepository repository;

	private DataSource dataSource;

	@BeforeEach
	void createRepository() {
		TestServices.Endpoint postgres = TestServices.postgres();
		this.dataSource = new SimpleDriverDataSource(new Driver(),
				"jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/test", "postgres", "");
		new ResourceDatabasePopulator(new ClassPathResource("wsauth-test-session-postgresql.sql"))
			.execute(this.dataSource);
		this.repository = new JdbcIndexedSessionRepository(new JdbcTemplate(this.dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)));
		this.repository.setTableName(TABLE);
		this.repository.setDefaultMaxInactiveInterval(Duration.ofMinutes(30));
	}

	@Test
	void oneQueryReadsTheExpiryOfLiveAuthenticatedSessionsOnly() {
		assertReadsLiveAuthenticatedSessionsOnly(this.repository);
	}

	private <S extends Session> void assertReadsLiveAuthenticatedSessionsOnly(SessionRepository<S> repository) {
		S live = authenticated(repository);
		S deleted = authenticated(repository);
		repository.deleteById(deleted.getId());
		S anonymous = repository.createSession();
		repository.save(anonymous);
		JdbcSessionStateReader reader = new JdbcSessionStateReader(this.dataSource, TABLE);
		Map<String, Instant> states = reader
			.read(List.of(live.getId(), deleted.getId(), anonymous.getId(), "never-existed"));
		assertThat(states).containsOnlyKeys(live.getId());
		assertThat(states.get(live.getId())).isCloseTo(Instant.now().plus(Duration.ofMinutes(30)),
				within(5, ChronoUnit.SECONDS));
		repository.deleteById(live.getId());
		repository.deleteById(anonymous.getId());
	}

	@Test
	void aTableNameThatIsNotAPlainIdentifierIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JdbcSessionStateReader(this.dataSource, "SESSIONS; DROP TABLE X"));
	}

	private <S extends Session> S authenticated(SessionRepository<S> repository) {
		S session = repository.createSession();
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(new TestingAuthenticationToken("alice", "secret", "ROLE_USER")));
		repository.save(session);
		return session;
	}

}
