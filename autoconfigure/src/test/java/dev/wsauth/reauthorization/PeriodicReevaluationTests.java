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

package dev.wsauth.reauthorization;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.web.socket.WebSocketSession;

import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.SocketTestSupport;
import dev.wsauth.socket.WsAuthAttributes;
import dev.wsauth.topic.CanonicalDestinationValidator;
import dev.wsauth.topic.DestinationAuthorizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PeriodicReevaluation}.
 *
 * @author wsauth
 */
class PeriodicReevaluationTests {

	@Test
	void everyConnectionOfTheNodeIsReevaluatedAtTheIntervalUntilStopped() {
		ConnectionRegistry registry = new ConnectionRegistry(() -> null);
		WebSocketSession session = SocketTestSupport.openSession("ws-1", null);
		session.getAttributes()
			.put(WsAuthAttributes.AUTHENTICATION, new TestingAuthenticationToken("alice", null, "ROLE_USER"));
		SocketTestSupport.register(registry, session);
		AtomicInteger resolved = new AtomicInteger();
		// No rules: every subscription is denied once the pass runs.
		WebSocketAuthorizations authorizations = new WebSocketAuthorizations(registry,
				new DestinationAuthorizationManager(new DefaultMethodSecurityExpressionHandler(),
						new CanonicalDestinationValidator()),
				() -> null, () -> null);
		authorizations.setAuthenticationResolver((connection, current) -> {
			resolved.incrementAndGet();
			return null;
		});
		WsAuthAttributes.subscriptions(session.getAttributes()).put("sub-1", "/topic/anything");
		PeriodicReevaluation periodic = new PeriodicReevaluation(authorizations, Duration.ofMillis(100));
		periodic.start();
		try {
			assertThat(periodic.isRunning()).isTrue();
			await().atMost(Duration.ofSeconds(5)).until(() -> resolved.get() >= 2);
			assertThat(WsAuthAttributes.subscriptions(session.getAttributes())).isEmpty();
		}
		finally {
			periodic.stop();
		}
		assertThat(periodic.isRunning()).isFalse();
	}

}
