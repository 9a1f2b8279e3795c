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

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.wsauth.test.autoconfigure.WsAuthRulesTest;
import dev.wsauth.test.rules.DestinationRules;
import dev.wsauth.test.rules.TestUsers;
import dev.wsauth.topic.DenialReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sample's destination rules, checked without a server by the application's own
 * {@code DestinationAuthorizationManager} (so {@code @boards.isMember(...)} asks the real
 * {@link Boards}).
 */
@WsAuthRulesTest
class SampleRulesTests {

	@Autowired
	DestinationRules rules;

	@Test
	void aliceReadsAndTypesOnB1Only() {
		assertThat(this.rules).allows("alice")
			.toSubscribe("/topic/boards.b1")
			.toSend("/app/boards.b1.typing")
			.toSend("/app/boards.b1.join");
		assertThat(this.rules).denies("alice", DenialReason.FORBIDDEN)
			.toSubscribe("/topic/boards.b2")
			.toSend("/app/boards.b2.typing")
			.toSend("/app/boards.b2.join");
	}

	@Test
	void bobReadsAndTypesOnBothBoards() {
		assertThat(this.rules).allows("bob")
			.toSubscribe("/topic/boards.b1")
			.toSubscribe("/topic/boards.b2")
			.toSend("/app/boards.b2.typing");
	}

	@Test
	void adminReadsAndJoinsEveryBoardButTypesOnNone() {
		assertThat(this.rules).allows("admin")
			.toSubscribe("/topic/boards.b1")
			.toSubscribe("/topic/boards.b2")
			.toSend("/app/boards.b2.join")
			.toSubscribe("/topic/admin");
		assertThat(this.rules).denies("admin", DenialReason.FORBIDDEN).toSend("/app/boards.b1.typing");
	}

	@Test
	void onlyAdminsReadTheAdminTopicAndEveryoneTheAnnouncements() {
		assertThat(this.rules).denies("alice").toSubscribe("/topic/admin");
		assertThat(this.rules).denies("bob").toSubscribe("/topic/admin");
		assertThat(this.rules).allows(TestUsers.user("carol", "ROLE_ADMIN")).toSubscribe("/topic/admin");
		assertThat(this.rules).allows("alice")
			.toSubscribe("/topic/announcements")
			.toSubscribe("/user/queue/notifications");
	}

	@Test
	void nobodySendsToBrokerTopicsOrReadsQueuesDirectly() {
		assertThat(this.rules).denies("admin", DenialReason.FORBIDDEN)
			.toSend("/topic/boards.b1")
			.toSend("/topic/announcements")
			.toSubscribe("/queue/notifications");
		assertThat(this.rules).denies("admin", DenialReason.INVALID_DESTINATION)
			.toSubscribe("/topic/boards.*")
			.toSubscribe("/topic/**");
	}

	@Test
	void anUnexpectedDenialNamesTheBoardRule() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.rules).allows("alice").toSubscribe("/topic/boards.b2"))
			.withMessage("Expected alice to be allowed to SUBSCRIBE to /topic/boards.b2\n"
					+ "but was denied: FORBIDDEN\n" + "deciding rule: SUBSCRIBE /topic/boards.{boardId} with access "
					+ "\"@boards.isMember(authentication.name, #boardId) or hasRole('ADMIN')\" declared at "
					+ "dev.wsauth.sample.BoardRules#readBoard\n" + "user: alice [ROLE_USER]");
	}

}
