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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.wsauth.test.autoconfigure.AutoConfigureWsAuthTestClient;
import dev.wsauth.test.stomp.StompSubscription;
import dev.wsauth.test.stomp.WsAuthConnection;
import dev.wsauth.test.stomp.WsAuthTestClient;
import dev.wsauth.topic.DenialReason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example of the test kit against the running sample: a session for alice, a
 * ticket for bob, no login form.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWsAuthTestClient
class BoardAccessTests {

	@Autowired
	WsAuthTestClient client;

	@Test
	void aliceReadsHerBoardIsDeniedTheOtherAndIsClosedWith4002WhenHerSessionEnds() {
		try (WsAuthConnection alice = this.client.connectAs("alice");
				WsAuthConnection bob = this.client.connectWithTicketAs("bob")) {
			StompSubscription b1 = alice.subscribe("/topic/boards.b1");
			assertThat(b1).isAllowed();
			assertThat(alice.subscribe("/topic/boards.b2")).isDeniedWith(DenialReason.FORBIDDEN);
			assertThat(bob.send("/app/boards.b1.typing", "{}")).isAllowed();
			assertThat(b1).receives((message) -> message.body().contains("\"type\":\"user_typing\""), "bob typing");
			alice.endSession();
			assertThat(alice).isClosedWith(4002);
			assertThat(bob).isOpen();
		}
	}

}
