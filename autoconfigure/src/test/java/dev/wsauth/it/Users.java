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

package dev.wsauth.it;

import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

/**
 * Logs the test users in and opens their STOMP connections. Every test user's password is
 * their name followed by {@code -pw}.
 */
final class Users {

	private Users() {
	}

	/**
	 * Log a user in with the form.
	 * @param sessions the application's sessions
	 * @param user the user name
	 * @return the cookie jar of the logged-in session
	 */
	static Cookies login(TestSessions sessions, String user) {
		return sessions.login(user, user + "-pw");
	}

	/**
	 * Log a user in and open a STOMP connection from the application's own origin.
	 * @param sessions the application's sessions
	 * @param user the user name
	 * @return the connected client
	 */
	static StompTestClient connect(TestSessions sessions, String user) {
		Cookies cookies = login(sessions, user);
		return StompTestClient.connect(sessions.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", cookies.header(), "Origin", sessions.origin()));
	}

}
