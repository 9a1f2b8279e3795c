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

package dev.wsauth.it.reauthorization;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.wsauth.test.StompFrame;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestServices;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@link BoardsApplication} nodes in one JVM sharing sessions and the revocation
 * broadcast in Redis, on the simple broker or relayed to RabbitMQ.
 */
final class TwoNodes implements AutoCloseable {

	final ConfigurableApplicationContext nodeA;

	final ConfigurableApplicationContext nodeB;

	final TestSessions sessionsA;

	final TestSessions sessionsB;

	private TwoNodes(ConfigurableApplicationContext nodeA, ConfigurableApplicationContext nodeB) {
		this.nodeA = nodeA;
		this.nodeB = nodeB;
		this.sessionsA = TestSessions.on(port(nodeA));
		this.sessionsB = TestSessions.on(port(nodeB));
	}

	static TwoNodes start(boolean relay) {
		TestServices.Endpoint redis = TestServices.redis();
		List<String> args = new ArrayList<>(List.of("--server.port=0",
				"--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
				"--spring.session.data.redis.namespace=wsauth-test:" + UUID.randomUUID()));
		for (String property : BoardsApplication.PROPERTIES.strip().split("\n")) {
			args.add("--" + property.strip());
		}
		if (relay) {
			TestServices.Endpoint stomp = TestServices.rabbitStomp();
			args.add("--test.relay.host=" + stomp.host());
			args.add("--test.relay.port=" + stomp.port());
		}
		String[] arguments = args.toArray(new String[0]);
		ConfigurableApplicationContext nodeA = new SpringApplicationBuilder(BoardsApplication.class).run(arguments);
		try {
			return new TwoNodes(nodeA, new SpringApplicationBuilder(BoardsApplication.class).run(arguments));
		}
		catch (RuntimeException ex) {
			nodeA.close();
			throw ex;
		}
	}

	/**
	 * Log alice in on node A and open her socket on node B with the given subscriptions,
	 * each confirmed by a RECEIPT.
	 */
	StompTestClient aliceOnNodeB(String... idsAndDestinations) {
		Cookies cookies = this.sessionsA.login("alice", "alice-pw");
		StompTestClient alice = StompTestClient.connect(this.sessionsB.webSocketUri("/ws"),
				StompTestClient.headers("Cookie", cookies.header(), "Origin", this.sessionsB.origin()));
		for (int i = 0; i < idsAndDestinations.length; i += 2) {
			alice.subscribe(idsAndDestinations[i], idsAndDestinations[i + 1], "r-" + i);
		}
		for (int i = 0; i < idsAndDestinations.length; i += 2) {
			assertThat(alice.nextFrame(Duration.ofSeconds(10)).command()).isEqualTo("RECEIPT");
		}
		return alice;
	}

	static List<StompFrame> framesUntil(StompTestClient client, String lastBody) {
		List<StompFrame> frames = new ArrayList<>();
		StompFrame frame;
		do {
			frame = client.nextFrame(Duration.ofSeconds(10));
			frames.add(frame);
		}
		while (!lastBody.equals(frame.body()));
		return frames;
	}

	@Override
	public void close() {
		this.nodeB.close();
		this.nodeA.close();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
