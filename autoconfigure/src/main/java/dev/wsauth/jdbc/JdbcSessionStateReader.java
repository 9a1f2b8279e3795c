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

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.util.Assert;

import dev.wsauth.session.SessionStateReader;

/**
 * {@link SessionStateReader} for Spring Session JDBC: one query per batch reads each
 * session's expiry time and whether it holds a security context, from the tables of
 * {@code JdbcIndexedSessionRepository}. Nothing is deserialized.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class JdbcSessionStateReader implements SessionStateReader {

	private static final String QUERY = """
			SELECT S.SESSION_ID, S.EXPIRY_TIME, S.MAX_INACTIVE_INTERVAL
			FROM %TABLE% S
			WHERE S.SESSION_ID IN (%IDS%)
			AND EXISTS (SELECT 1 FROM %TABLE%_ATTRIBUTES A
				WHERE A.SESSION_PRIMARY_ID = S.PRIMARY_ID AND A.ATTRIBUTE_NAME = ?)
			""";

	private final JdbcTemplate jdbc;

	private final String tableName;

	/**
	 * Create a reader.
	 * @param dataSource the sessions' data source
	 * @param tableName the session table, {@code SPRING_SESSION} unless configured
	 * otherwise
	 */
	public JdbcSessionStateReader(DataSource dataSource, String tableName) {
		Assert.notNull(dataSource, "'dataSource' must not be null");
		Assert.isTrue(tableName.matches("[A-Za-z_][A-Za-z0-9_.]*"), "'tableName' must be a plain SQL identifier");
		this.jdbc = new JdbcTemplate(dataSource);
		this.tableName = tableName;
	}

	@Override
	public Map<String, Instant> read(Collection<String> sessionIds) {
		Map<String, Instant> states = new HashMap<>();
		if (sessionIds.isEmpty()) {
			return states;
		}
		List<Object> arguments = new ArrayList<>(sessionIds);
		arguments.add(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		String placeholders = String.join(", ", Collections.nCopies(sessionIds.size(), "?"));
		String sql = QUERY.replace("%TABLE%", this.tableName).replace("%IDS%", placeholders);
		this.jdbc.query(sql, (row) -> {
			int maxInactive = row.getInt(3);
			Instant expiresAt = (maxInactive <= 0) ? Instant.MAX : Instant.ofEpochMilli(row.getLong(2));
			states.put(row.getString(1), expiresAt);
		}, arguments.toArray());
		return states;
	}

}
