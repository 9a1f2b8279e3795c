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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.SimpMessagingTemplate;

import dev.wsauth.it.MessagingApplication.RoomPermissions;
import dev.wsauth.it.MessagingApplication.Teams;
import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules evaluate through Spring Security's expression handling: the application's
 * {@code RoleHierarchy}, {@code PermissionEvaluator} and beans take part.
 */
@SpringBootTest(classes = MessagingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = MessagingApplication.PROPERTIES)
class MethodSecurityIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	SimpMessagingTemplate messaging;

	@Autowired
	RoomPermissions roomPermissions;

	@Autowired
	Teams teams;

	TestSessions sessions;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
	}

	@Test
	void propertyRuleHasRoleUserAdmitsAnAdminOnlyUserThroughTheRoleHierarchy() {
		try (StompTestClient carol = Users.connect(this.sessions, "carol")) {
			carol.subscribe("sub-members", "/topic/members");
			StompFrame message = Deliveries.deliver(carol,
					() -> this.messaging.convertAndSend("/topic/members", "for members"),
					Deliveries.messageWithBody("for members"));
			assertThat(message.header("subscription")).isEqualTo("sub-members");
		}
	}

	@Test
	void roleHierarchyDoesNotGrantTheHigherRole() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.subscribe("sub-members", "/topic/members");
			Deliveries.deliver(alice, () -> this.messaging.convertAndSend("/topic/members", "members only"),
					Deliveries.messageWithBody("members only"));
			alice.subscribe("sub-admin", "/topic/admin");
			StompFrame denial = alice.awaitFrame((frame) -> frame.header("wsauth-denied") != null);
			assertThat(denial.header("subscription")).isEqualTo("sub-admin");
			assertThat(denial.header("wsauth-denied")).isEqualTo("FORBIDDEN");
		}
	}

	@Test
	void hasPermissionRuleConsultsThePermissionEvaluatorWithTheDestinationVariable() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.subscribe("sub-r1", "/topic/rooms.r1");
			StompFrame message = Deliveries.deliver(alice,
					() -> this.messaging.convertAndSend("/topic/rooms.r1", "in r1"),
					Deliveries.messageWithBody("in r1"));
			assertThat(message.header("subscription")).isEqualTo("sub-r1");
			alice.subscribe("sub-r2", "/topic/rooms.r2");
			StompFrame denial = alice.awaitFrame((frame) -> frame.header("wsauth-denied") != null);
			assertThat(denial.header("subscription")).isEqualTo("sub-r2");
			assertThat(denial.header("wsauth-denied")).isEqualTo("FORBIDDEN");
		}
		assertThat(this.roomPermissions.checks()).contains(new RoomPermissions.Check("alice", "r1", "room", "read"),
				new RoomPermissions.Check("alice", "r2", "room", "read"));
	}

	@Test
	void beanReferenceInAnAnnotatedRuleResolves() {
		try (StompTestClient alice = Users.connect(this.sessions, "alice")) {
			alice.subscribe("sub-red", "/topic/teams.red");
			StompFrame message = Deliveries.deliver(alice,
					() -> this.messaging.convertAndSend("/topic/teams.red", "team red"),
					Deliveries.messageWithBody("team red"));
			assertThat(message.header("subscription")).isEqualTo("sub-red");
			alice.subscribe("sub-blue", "/topic/teams.blue");
			StompFrame denial = alice.awaitFrame((frame) -> frame.header("wsauth-denied") != null);
			assertThat(denial.header("subscription")).isEqualTo("sub-blue");
		}
		assertThat(this.teams.questions()).contains("alice in red", "alice in blue");
	}

}
