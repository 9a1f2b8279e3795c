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
package dev.wsauth.sample.browser;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.wsauth.sample.browser.Browsers.Browser;
import dev.wsauth.sample.browser.RequestRecorder.Recorded;
import dev.wsauth.socket.ConnectionRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The sample pages and the browser client in headless Chromium, against the sample app on
 * a random port.
 */
// Selenium warns that it has no CDP bindings for this Chromium; the tests use none.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "logging.level.org.openqa.selenium=ERROR")
@Import(SampleAppBrowserTests.RecorderConfiguration.class)
class SampleAppBrowserTests {

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@LocalServerPort
	int port;

	@Autowired
	RequestRecorder recorder;

	@Autowired
	ConnectionRegistry connections;

	@Test
	void aliceOpensTheDashboardAndTheConnectionIsOpen() {
		Browser alice = this.browsers.open(this.port).login("alice", "alice-pw");
		alice.waitForStatus("open");
		assertThat(alice.driver().getCurrentUrl()).isEqualTo(alice.base() + "/");
		assertThat(this.recorder.requests()).extracting(Recorded::path, Recorded::status)
			.contains(tuple("/__ws/auth", 204), tuple("/ws", 101));
	}

	@Test
	void bobTypingOnBoardB1ShowsBobIsTypingOnAlicesPage() {
		Browser alice = this.browsers.open(this.port).login("alice", "alice-pw").go("/board.html?id=b1");
		Browser bob = this.browsers.open(this.port).login("bob", "bob-pw").go("/board.html?id=b1");
		alice.waitForStatus("open");
		bob.waitForStatus("open");
		alice.waitUntil(ExpectedConditions.elementToBeClickable(By.id("message")));
		bob.waitUntil(ExpectedConditions.elementToBeClickable(By.id("message")));
		alice.waitForText("viewers", "2");
		bob.driver().findElement(By.id("message")).sendKeys("hello");
		alice.waitForText("typing", "Bob is typing");
		assertThat(bob.text("typing")).isEqualTo("Bob is typing");
	}

	@Test
	void aliceOpeningBoardB2SeesTheDenialWhileTheConnectionStaysOpen() {
		Browser alice = this.browsers.open(this.port).login("alice", "alice-pw").go("/board.html?id=b2");
		alice.waitForText("denial", "Access to board b2 denied: FORBIDDEN");
		assertThat(alice.text("status")).isEqualTo("open");
		long upgrades = upgrades();
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(3))
			.until(() -> "open".equals(alice.text("status")) && upgrades() == upgrades);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.connections.findByPrincipalName("alice").size() == 1);
	}

	@Test
	void afterLogoutInAnotherTabTheDroppedSocketEndsFailedAndStopsReconnecting() {
		Browser alice = this.browsers.open(this.port).login("alice", "alice-pw");
		alice.waitForStatus("open");
		String dashboardTab = alice.driver().getWindowHandle();
		alice.driver().switchTo().newWindow(WindowType.TAB);
		alice.go("/");
		alice.waitForStatus("open");
		alice.driver().findElement(By.id("logout")).click();
		alice.waitUntil(ExpectedConditions.urlContains("/login?logout"));
		alice.driver().switchTo().window(dashboardTab);
		// The logout in the second tab closed the first tab's socket on the server
		// (4002); the client ran the preflight once, got 401 and stopped.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.connections.findByPrincipalName("alice").isEmpty());
		alice.waitForStatus("failed");
		assertThat(alice.text("failure")).isEqualTo("Not logged in.");
		List<Recorded> preflights = this.recorder.requests()
			.stream()
			.filter((request) -> request.path().equals("/__ws/auth"))
			.toList();
		assertThat(preflights).last().extracting(Recorded::status).isEqualTo(401);
		long attempts = this.recorder.count();
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.recorder.count() == attempts && "failed".equals(alice.text("status")));
	}

	@Test
	void aPageFromAnotherOriginCannotOpenASocketWithAlicesCookie() throws IOException {
		Browser alice = this.browsers.open(this.port).login("alice", "alice-pw");
		alice.waitForStatus("open");
		HttpServer attacker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		byte[] page = attackerPage(this.port).getBytes(StandardCharsets.UTF_8);
		attacker.createContext("/attack.html", (exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, page.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(page);
			}
		});
		attacker.start();
		try {
			// Same site (localhost), other origin: the browser sends alice's cookies.
			String attackerOrigin = "http://localhost:" + attacker.getAddress().getPort();
			alice.driver().get(attackerOrigin + "/attack.html");
			alice.waitUntil(ExpectedConditions.textMatches(By.id("result"), Pattern.compile("^closed")));
			assertThat(alice.text("opened")).isEqualTo("no");
			assertThat(this.recorder.requests()).filteredOn((request) -> attackerOrigin.equals(request.origin()))
				.singleElement()
				.satisfies((request) -> {
					assertThat(request.path()).isEqualTo("/ws");
					assertThat(request.sessionCookie()).isTrue();
					assertThat(request.status()).isEqualTo(403);
				});
		}
		finally {
			attacker.stop(0);
		}
	}

	@Test
	void theAdminSendsANotificationToBobAndBobsDashboardShowsIt() {
		Browser bob = this.browsers.open(this.port).login("bob", "bob-pw");
		bob.waitForStatus("open");
		bob.waitUntil(ExpectedConditions.attributeToBe(By.id("notifications"), "data-ready", "true"));
		Browser admin = this.browsers.open(this.port).login("admin", "admin-pw").go("/admin.html");
		admin.waitForStatus("open");
		admin.driver().findElement(By.id("notify-user")).clear();
		admin.driver().findElement(By.id("notify-user")).sendKeys("bob");
		admin.driver().findElement(By.id("notify-message")).sendKeys("Standup in 5 minutes");
		admin.driver().findElement(By.id("notify-send")).click();
		admin.waitForText("notify-result", "sent");
		bob.waitUntil(
				ExpectedConditions.textToBePresentInElementLocated(By.id("notifications"), "Standup in 5 minutes"));
	}

	private long upgrades() {
		return this.recorder.requests().stream().filter((request) -> request.path().equals("/ws")).count();
	}

	private static String attackerPage(int appPort) {
		return """
				<!DOCTYPE html>
				<html><head><title>Not the app</title></head><body>
				<p>opened: <span id="opened">no</span></p>
				<p>result: <span id="result">pending</span></p>
				<script>
				const socket = new WebSocket('ws://localhost:%d/ws');
				socket.onopen = () => { document.getElementById('opened').textContent = 'yes'; };
				socket.onclose = (event) => {
					document.getElementById('result').textContent = 'closed ' + event.code;
				};
				</script>
				</body></html>
				""".formatted(appPort);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RecorderConfiguration {

		@Bean
		RequestRecorder requestRecorder() {
			return new RequestRecorder();
		}

		@Bean
		FilterRegistrationBean<RequestRecorder> requestRecorderRegistration(RequestRecorder recorder) {
			return RequestRecorder.registration(recorder, "/ws", "/__ws/auth", "/login");
		}

	}

}
