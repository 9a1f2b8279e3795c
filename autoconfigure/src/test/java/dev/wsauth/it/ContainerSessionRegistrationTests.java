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

import java.util.Map;

import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.util.ReflectionTestUtils;

import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container never registers a wsauth socket under its HTTP session: Tomcat would
 * store a listener in the session on every upgrade and keep a set per session id for as
 * long as the node runs when the session is Spring Session's.
 */
@SpringBootTest(classes = MessagingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = MessagingApplication.PROPERTIES)
class ContainerSessionRegistrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ServletContext servletContext;

	@Test
	void socketsOfManySessionsLeaveNothingInTheContainersSessionMap() {
		TestSessions sessions = TestSessions.on(this.port);
		for (int i = 0; i < 5; i++) {
			try (StompTestClient alice = Users.connect(sessions, "alice")) {
				alice.subscribe("sub-1", "/topic/open", "r-1");
				assertThat(alice.nextFrame().header("receipt-id")).isEqualTo("r-1");
				assertThat(sessionMap()).isEmpty();
			}
		}
		assertThat(sessionMap()).isEmpty();
	}

	private Map<?, ?> sessionMap() {
		Object container = this.servletContext.getAttribute("jakarta.websocket.server.ServerContainer");
		assertThat(container).isNotNull();
		return (Map<?, ?>) ReflectionTestUtils.getField(container, "httpSessionKeyToWebSocketSession");
	}

}
