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

package dev.wsauth.redis;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.wsauth.revocation.Revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link RedisRevocationBroadcast}'s message format.
 *
 * @author wsauth
 */
class RedisRevocationBroadcastTests {

	@Test
	void reevaluationRequestsRoundTrip() {
		RedisRevocationBroadcast node = new RedisRevocationBroadcast(mock(RedisConnectionFactory.class),
				RedisRevocationBroadcast.DEFAULT_CHANNEL);
		List<Revocation> received = new ArrayList<>();
		node.subscribe(received::add);
		node.receive(RedisRevocationBroadcast.encode("other-node", Revocation.reevaluation("alice")));
		assertThat(received).containsExactly(Revocation.reevaluation("alice"));
	}

	@Test
	void aKindThisNodeDoesNotKnowIsIgnored() {
		RedisRevocationBroadcast node = new RedisRevocationBroadcast(mock(RedisConnectionFactory.class),
				RedisRevocationBroadcast.DEFAULT_CHANNEL);
		List<Revocation> received = new ArrayList<>();
		node.subscribe(received::add);
		node.receive(RedisRevocationBroadcast.encode("other-node", Revocation.reevaluation("alice"))
			.replace("\nREEVALUATE\n", "\nSOMETHING_NEWER\n"));
		assertThat(received).isEmpty();
	}

	@Test
	void redisMessagesRoundTripAndANodeIgnoresItsOwn() {
		RedisRevocationBroadcast node = new RedisRevocationBroadcast(mock(RedisConnectionFactory.class),
				RedisRevocationBroadcast.DEFAULT_CHANNEL);
		List<Revocation> received = new ArrayList<>();
		node.subscribe(received::add);
		Revocation revocation = new Revocation(Revocation.Kind.USER, "alice\nwith|odd:chars", 4009, "revoked");
		node.receive(RedisRevocationBroadcast.encode("other-node", revocation));
		assertThat(received).containsExactly(revocation);
		node.receive("garbage");
		node.receive(RedisRevocationBroadcast.encode("other-node", revocation).replace("\n4009\n", "\n99999\n"));
		assertThat(received).hasSize(1);
	}

}
