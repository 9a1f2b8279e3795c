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

package dev.wsauth.test.stomp;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.test.app.KitApplication;
import dev.wsauth.test.autoconfigure.AutoConfigureWsAuthTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Strict mode: a denial is an ERROR frame and close code 4003, which the assertions tell
 * apart from a denial notice.
 */
@SpringBootTest(classes = KitApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "wsauth.authorization.denial-mode=close")
@AutoConfigureWsAuthTestClient
class StrictModeTests {

	@Autowired
	WsAuthTestClient client;

	@LocalServerPort
	int port;

	@Test
	void aStrictDenialClosesTheConnectionWith4003() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			alice.subscribe("/topic/admin");
			assertThat(alice).isClosedWith(4003);
		}
	}

	@Test
	void isDeniedOfAStrictDenialSaysAnErrorFrameCameInstead() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			StompSubscription admin = alice.subscribe("/topic/admin");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(admin).isDenied())
				.withMessageStartingWith("Expected alice to be denied SUBSCRIBE to /topic/admin on ws://localhost:"
						+ this.port + "/ws\n" + "but got an ERROR frame: FORBIDDEN")
				.withMessageEndingWith("deciding rule: SUBSCRIBE /topic/admin with access "
						+ "\"hasRole('ADMIN')\" declared at wsauth.authorization.rules[0]\n"
						+ "user: alice [ROLE_USER]");
		}
	}

	@Test
	void aFrameAfterTheCloseIsRefusedWithTheCloseCode() {
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			alice.subscribe("/topic/admin");
			assertThat(alice).isClosedWith(4003);
			assertThat(catchThrowable(() -> alice.subscribe("/topic/news"))).isInstanceOf(IllegalStateException.class)
				.hasMessage("The connection of alice to ws://localhost:" + this.port
						+ "/ws is closed with 4003 (forbidden); cannot send SUBSCRIBE");
		}
	}

}
