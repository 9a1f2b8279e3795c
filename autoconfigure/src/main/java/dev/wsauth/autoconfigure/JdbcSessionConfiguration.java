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

package dev.wsauth.autoconfigure;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.wsauth.jdbc.JdbcSessionStateReader;

/**
 * With sessions in a JDBC database, the session end monitor reads their state with one
 * query per batch.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = { "org.springframework.session.jdbc.JdbcIndexedSessionRepository",
		"org.springframework.jdbc.core.JdbcTemplate" })
@ConditionalOnBean(type = "org.springframework.session.jdbc.JdbcIndexedSessionRepository")
class JdbcSessionConfiguration {

	@Bean
	@ConditionalOnSingleCandidate(DataSource.class)
	StoreSessionStateReaders wsAuthJdbcSessionStateReaders(DataSource dataSource, Environment environment) {
		String tableName = environment.getProperty("spring.session.jdbc.table-name", "SPRING_SESSION");
		return (repository) -> new JdbcSessionStateReader(dataSource, tableName);
	}

}
