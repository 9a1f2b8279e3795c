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

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static dev.wsauth.it.OtherWebSocketEndpoints.upgradeStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code wsauth.check-origin-of-all-upgrades=false}, endpoints wsauth does not
 * secure are left to their own origin checks; its own endpoint keeps the policy.
 */
@SpringBootTest(classes = { MessagingApplication.class, OtherWebSocketEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { MessagingApplication.PROPERTIES, "wsauth.check-origin-of-all-upgrades=false" })
class OtherWebSocketEndpointsUncheckedTests {

	@LocalServerPort
	int port;

	@Test
	void aCrossSiteUpgradeReachesAHandlerThatAllowsEveryOriginAndNotTheStompEndpoint() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = Users.login(sessions, "alice");
		assertThat(upgradeStatus(sessions, "/raw", "Cookie", alice.header(), "Origin",
				OtherWebSocketEndpointsTests.FOREIGN_ORIGIN))
			.isEqualTo(101);
		assertThat(upgradeStatus(sessions, "/direct", "Cookie", alice.header(), "Origin",
				OtherWebSocketEndpointsTests.FOREIGN_ORIGIN))
			.isEqualTo(101);
		assertThat(upgradeStatus(sessions, "/ws", "Cookie", alice.header(), "Origin",
				OtherWebSocketEndpointsTests.FOREIGN_ORIGIN))
			.isEqualTo(403);
	}

}
