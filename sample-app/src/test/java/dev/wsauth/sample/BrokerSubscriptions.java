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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.support.MessageBuilder;

import dev.wsauth.test.StompTestClient;

import static org.awaitility.Awaitility.await;

/**
 * Subscribes clients and waits until the simple broker has registered the subscription.
 * Spring's simple broker sends no RECEIPT for a SUBSCRIBE, and inbound frames are handled
 * on a thread pool, so without this a message published right after a SUBSCRIBE may
 * overtake it.
 */
final class BrokerSubscriptions {

	private static final AtomicInteger counter = new AtomicInteger();

	private final SimpleBrokerMessageHandler broker;

	BrokerSubscriptions(SimpleBrokerMessageHandler broker) {
		this.broker = broker;
	}

	/**
	 * Subscribe with a subscription id unique in this JVM, wait until the broker holds
	 * the subscription and return its id.
	 */
	String subscribe(StompTestClient client, String destination) {
		String id = "sub-" + counter.incrementAndGet();
		client.subscribe(id, destination);
		awaitSubscribed(destination, id);
		return id;
	}

	/**
	 * Wait until the broker delivers messages for the destination to the subscription.
	 */
	void awaitSubscribed(String destination, String subscriptionId) {
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		accessor.setDestination(destination);
		Message<byte[]> probe = MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.broker.getSubscriptionRegistry()
				.findSubscriptions(probe)
				.values()
				.stream()
				.flatMap(List::stream)
				.anyMatch(subscriptionId::equals));
	}

}
