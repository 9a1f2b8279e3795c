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

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;

import static org.awaitility.Awaitility.await;

/**
 * Waits for a message to reach a client. The simple broker sends no RECEIPT for a
 * SUBSCRIBE, so a test cannot know when a subscription is live: the trigger (a publish, a
 * SEND) is repeated until a matching frame arrives. Frames that do not match are skipped.
 */
final class Deliveries {

	private Deliveries() {
	}

	/**
	 * Run {@code trigger} until {@code client} receives a frame matching
	 * {@code expected}, and return that frame.
	 * @param client the receiving client
	 * @param trigger what makes the server send the frame
	 * @param expected the frame to wait for
	 * @return the first matching frame
	 */
	static StompFrame deliver(StompTestClient client, Runnable trigger, Predicate<StompFrame> expected) {
		AtomicReference<StompFrame> received = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
			trigger.run();
			long deadline = System.nanoTime() + Duration.ofMillis(250).toNanos();
			StompFrame frame;
			while ((frame = client.pollFrame(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) != null) {
				if (expected.test(frame)) {
					received.set(frame);
					return true;
				}
			}
			return false;
		});
		return received.get();
	}

	/**
	 * Return a predicate for a MESSAGE frame with the given body.
	 * @param body the expected body
	 * @return the predicate
	 */
	static Predicate<StompFrame> messageWithBody(String body) {
		return (frame) -> "MESSAGE".equals(frame.command()) && body.equals(frame.body());
	}

}
