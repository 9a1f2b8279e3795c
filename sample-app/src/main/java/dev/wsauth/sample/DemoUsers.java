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

package dev.wsauth.sample;

import java.util.List;

/**
 * The demo users: what the security configuration registers and what the login page
 * lists, in one place.
 *
 * @author wsauth
 */
final class DemoUsers {

	/** Every demo user, in the order the login page lists them. */
	static final List<DemoUser> ALL = List.of(
			new DemoUser("alice", "alice-pw", List.of("USER"),
					"The dashboard and its announcements. Board b2 and /topic/admin are denied (FORBIDDEN)."),
			new DemoUser("bob", "bob-pw", List.of("USER"),
					"The dashboard and its announcements. /topic/admin is denied (FORBIDDEN)."),
			new DemoUser("admin", "admin-pw", List.of("USER", "ADMIN"),
					"Every board, /topic/admin, the admin page (announcements, notifications) and the Actuator endpoints."));

	private DemoUsers() {
	}

	/**
	 * One demo user.
	 *
	 * @param username the user name
	 * @param password the password (published: a demo)
	 * @param roles the roles, without the {@code ROLE_} prefix
	 * @param sees what the user can see and what is denied, besides the boards
	 */
	record DemoUser(String username, String password, List<String> roles, String sees) {

		/**
		 * Return whether the user has the ADMIN role.
		 * @return {@code true} for an administrator
		 */
		boolean isAdmin() {
			return this.roles.contains("ADMIN");
		}

	}

}
