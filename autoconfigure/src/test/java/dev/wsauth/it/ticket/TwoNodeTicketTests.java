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

package dev.wsauth.it.ticket;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.wsauth.it.token.TokenApplication;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestServices;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;
import dev.wsauth.redis.RedisTicketStore;
import dev.wsauth.ticket.TicketStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes in one JVM, on two ports, sharing sessions and tickets in a real Redis.
 */
class TwoNodeTicketTests {

	private static ConfigurableApplicationContext node1;

	private static ConfigurableApplicationContext node2;

	private static TestSessions sessions1;

	private static TestSessions sessions2;

	private static Tickets tickets1;

	private static Tickets tickets2;

	@BeforeAll
	static void startNodes() {
		TestServices.Endpoint redis = TestServices.redis();
		String namespace = "wsauth-test:" + UUID.randomUUID();
		List<String> properties = new ArrayList<>(TokenApplication.PROPERTIES.strip().lines().toList());
		properties.addAll(List.of("server.port=0",
				"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
				"spring.session.data.redis.namespace=" + namespace,
				"wsauth.ticket.redis-key-prefix=" + namespace + ":ticket:"));
		String[] args = properties.stream().map((property) -> "--" + property).toArray(String[]::new);
		node1 = new SpringApplicationBuilder(TokenApplication.class).run(args);
		node2 = new SpringApplicationBuilder(TokenApplication.class).run(args);
		sessions1 = TestSessions.on(port(node1));
		sessions2 = TestSessions.on(port(node2));
		tickets1 = new Tickets(sessions1);
		tickets2 = new Tickets(sessions2);
	}

	@AfterAll
	static void stopNodes() {
		if (node2 != null) {
			node2.close();
		}
		if (node1 != null) {
			node1.close();
		}
	}

	@Test
	void bothNodesKeepTicketsInRedis() {
		assertThat(node1.getBean(TicketStore.class)).isInstanceOf(RedisTicketStore.class);
		assertThat(node2.getBean(TicketStore.class)).isInstanceOf(RedisTicketStore.class);
	}

	@Test
	void ticketIssuedOnNode1OpensASocketOnNode2Once() {
		Cookies alice = sessions1.login("alice", "alice-pw");
		// Behind one load balancer both nodes share an origin; here they do not, so the
		// client sends none.
		String ticket = Tickets.ticketOf(tickets1.request(null, alice));
		try (StompTestClient client = StompTestClient.connect(tickets2.upgradeUri(ticket), StompTestClient.headers())) {
			assertThat(Tickets.whoAmI(client)).isEqualTo("alice");
		}
		assertThat(StompTestClient.upgradeStatus(tickets2.upgradeUri(ticket), StompTestClient.headers()))
			.isEqualTo(401);
		assertThat(StompTestClient.upgradeStatus(tickets1.upgradeUri(ticket), StompTestClient.headers()))
			.isEqualTo(401);
	}

	@Test
	void concurrentRedemptionsOnBothNodesOpenExactlyOneSocket() throws Exception {
		Cookies alice = sessions1.login("alice", "alice-pw");
		int attempts = 10;
		ExecutorService executor = Executors.newFixedThreadPool(attempts);
		try {
			for (int round = 0; round < 5; round++) {
				// Without an Origin, the ticket is good on either node.
				String ticket = Tickets.ticketOf(tickets1.request(null, alice));
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Integer>> statuses = new ArrayList<>();
				for (int i = 0; i < attempts; i++) {
					Tickets node = (i % 2 == 0) ? tickets1 : tickets2;
					statuses.add(executor.submit(() -> {
						start.await();
						return StompTestClient.upgradeStatus(node.upgradeUri(ticket), StompTestClient.headers());
					}));
				}
				start.countDown();
				List<Integer> results = new ArrayList<>();
				for (Future<Integer> status : statuses) {
					results.add(status.get(30, TimeUnit.SECONDS));
				}
				assertThat(results).filteredOn((status) -> status == 101).hasSize(1);
				assertThat(results).filteredOn((status) -> status != 101).containsOnly(401);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void logoutOnNode1VoidsATicketBeforeItIsUsedOnNode2() {
		Cookies alice = sessions1.login("alice", "alice-pw");
		String ticket = Tickets.ticketOf(tickets1.request(null, alice));
		assertThat(tickets1.logout(alice)).isEqualTo(302);
		assertThat(StompTestClient.upgradeStatus(tickets2.upgradeUri(ticket), StompTestClient.headers()))
			.isEqualTo(401);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
