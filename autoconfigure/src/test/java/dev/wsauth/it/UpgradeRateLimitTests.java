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

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import dev.wsauth.handshake.UpgradeOutcome;
import dev.wsauth.handshake.WebSocketUpgradeRefusedEvent;
import dev.wsauth.test.RawUpgrade;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wsauth.limits.upgrades-per-address} (burst 3, one a minute here) behind a proxy
 * on 127.0.0.1: with either of Spring Boot's forwarded-header strategies the limit counts
 * the clients the proxy names in {@code X-Forwarded-For}, and without one it counts the
 * proxy. Upgrades without credentials count too: the rate is checked first.
 */
class UpgradeRateLimitTests {

	static final String LIMITS = """
			wsauth.limits.upgrades-per-address.rate=1
			wsauth.limits.upgrades-per-address.burst=3
			""";

	/**
	 * Tomcat's {@code RemoteIpValve}, which trusts a proxy on 127.0.0.1.
	 */
	@Nested
	@SpringBootTest(classes = MessagingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { MessagingApplication.PROPERTIES + LIMITS + "server.forward-headers-strategy=native" })
	class NativeStrategy {

		@LocalServerPort
		int port;

		@Test
		void theFourthUpgradeOfAForwardedClientGets429WhileAnotherClientBehindTheSameProxyIsNotLimited() {
			assertForwardedClientsAreCountedApart(this.port);
		}

	}

	/**
	 * Spring's {@code ForwardedHeaderFilter}, which must run before wsauth's filters.
	 */
	@Nested
	@SpringBootTest(classes = MessagingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { MessagingApplication.PROPERTIES + LIMITS + "server.forward-headers-strategy=framework" })
	class FrameworkStrategy {

		@LocalServerPort
		int port;

		@Autowired
		ConfigurableApplicationContext context;

		@Autowired
		MeterRegistry meters;

		@Test
		void theFourthUpgradeOfAForwardedClientGets429WhileAnotherClientBehindTheSameProxyIsNotLimited() {
			assertForwardedClientsAreCountedApart(this.port);
		}

		@Test
		void aRateLimitedUpgradeIsCountedAndPublishedWithTheForwardedClientAddress() {
			List<WebSocketUpgradeRefusedEvent> events = new CopyOnWriteArrayList<>();
			this.context.addApplicationListener((ApplicationListener<WebSocketUpgradeRefusedEvent>) events::add);
			Timer timer = this.meters.find("wsauth.upgrade").tag("reason", "rate-limited").timer();
			double before = (timer != null) ? timer.count() : 0;
			String client = clientAddress();
			for (int i = 0; i < 3; i++) {
				assertThat(upgrade(this.port, client).status()).isEqualTo(401);
			}
			assertThat(upgrade(this.port, client).status()).isEqualTo(429);
			assertThat(this.meters.get("wsauth.upgrade").tag("reason", "rate-limited").timer().count() - before)
				.isEqualTo(1);
			assertThat(events).filteredOn((event) -> event.getOutcome() == UpgradeOutcome.RATE_LIMITED)
				.singleElement()
				.satisfies((event) -> {
					assertThat(event.getRemoteAddress()).isEqualTo(client);
					assertThat(event.getStatus()).isEqualTo(429);
				});
			assertThat(events).filteredOn((event) -> event.getOutcome() == UpgradeOutcome.UNAUTHENTICATED)
				.hasSize(3)
				.allSatisfy((event) -> assertThat(event.getRemoteAddress()).isEqualTo(client));
		}

	}

	/**
	 * Without a strategy, {@code X-Forwarded-For} is not trusted: every request counts
	 * against the address it came from.
	 */
	@Nested
	@SpringBootTest(classes = MessagingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { MessagingApplication.PROPERTIES + LIMITS + "server.forward-headers-strategy=none" })
	class NoStrategy {

		@LocalServerPort
		int port;

		@Test
		void forwardedForHeadersAreIgnoredAndTheFourthUpgradeFromTheProxyGets429() {
			for (int i = 0; i < 3; i++) {
				assertThat(upgrade(this.port, clientAddress()).status()).isEqualTo(401);
			}
			RawUpgrade.Response refused = upgrade(this.port, clientAddress());
			assertThat(refused.status()).isEqualTo(429);
		}

	}

	static void assertForwardedClientsAreCountedApart(int port) {
		String client = clientAddress();
		for (int i = 0; i < 3; i++) {
			assertThat(upgrade(port, client).status()).isEqualTo(401);
		}
		RawUpgrade.Response refused = upgrade(port, client);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.headers("Retry-After")).singleElement()
			.satisfies((seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
		assertThat(refused.headers("Cache-Control")).containsExactly("no-store");
		assertThat(refused.headers("Content-Length")).containsExactly("0");
		String other = clientAddress();
		for (int i = 0; i < 3; i++) {
			assertThat(upgrade(port, other).status()).isEqualTo(401);
		}
		assertThat(upgrade(port, other).status()).isEqualTo(429);
	}

	static RawUpgrade.Response upgrade(int port, String forwardedFor) {
		return RawUpgrade.send(port, "/ws", "X-Forwarded-For: " + forwardedFor);
	}

	/**
	 * A fresh address in TEST-NET-3 for each use, so that tests sharing an application do
	 * not share a bucket.
	 */
	static String clientAddress() {
		int n = UUID.randomUUID().hashCode();
		return "203.0." + ((n >>> 8) & 0xff) + "." + (n & 0xff);
	}

}
