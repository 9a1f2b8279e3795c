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

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.CloseStatus;

import dev.wsauth.sample.browser.Browsers.Browser;
import dev.wsauth.sample.browser.RequestRecorder.Recorded;
import dev.wsauth.revocation.WebSocketRevocations;
import dev.wsauth.socket.ConnectionRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a new user sees in headless Chromium: the login page, the logout landing, the
 * admin's broadcast, and the connection panel after an allowed subscribe, a denied one, a
 * server restart's close and a logout in another tab. Each test saves a screenshot to
 * {@code target/screenshots/}.
 */
// Selenium warns that it has no CDP bindings for this Chromium; the tests use none.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "logging.level.org.openqa.selenium=ERROR")
@Import(SampleAppBrowserTests.RecorderConfiguration.class)
class ShowcaseBrowserTests {

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@LocalServerPort
	int port;

	@Autowired
	RequestRecorder recorder;

	@Autowired
	ConnectionRegistry connections;

	@Autowired
	WebSocketRevocations revocations;

	@Test
	void loginPageListsTheDemoUsersWithTheirRolesAndWhatTheySee() {
		Browser browser = this.browsers.open(this.port).go("/login");
		List<WebElement> rows = browser.driver().findElements(By.cssSelector("#demo-users tbody tr"));
		assertThat(rows).extracting((row) -> row.getAttribute("data-user")).containsExactly("alice", "bob", "admin");
		assertThat(rows).extracting(WebElement::getText)
			.satisfiesExactly((alice) -> assertThat(alice).startsWith("alice alice-pw USER b1 "),
					(bob) -> assertThat(bob).startsWith("bob bob-pw USER b1, b2 "),
					(admin) -> assertThat(admin).startsWith("admin admin-pw USER, ADMIN all (b1, b2), as ADMIN ")
						.contains("/topic/admin"));
		assertThat(browser.driver().findElements(By.id("notice"))).isEmpty();
		browser.screenshot("login-page");
	}

	@Test
	void logoutLandsOnTheLoginPageWithAVisibleLoggedOutNotice() {
		Browser alice = this.browsers.open(this.port).login("alice", "alice-pw");
		alice.waitForStatus("open");
		alice.driver().findElement(By.id("logout")).click();
		alice.waitUntil(ExpectedConditions.urlContains("/login?logout"));
		WebElement notice = alice.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
		assertThat(notice.getText()).isEqualTo("You are logged out.");
		assertThat(notice.getAttribute("data-notice")).isEqualTo("logout");
		assertThat(alice.driver().getTitle()).isEqualTo("Log in - wsauth sample");
		assertThat(this.recorder.requests()).filteredOn((request) -> request.path().equals("/login"))
			.last()
			.extracting(Recorded::status)
			.isEqualTo(200);
		assertThat(alice.driver().findElements(By.cssSelector("#demo-users tbody tr"))).hasSize(3);
		alice.screenshot("logout-landing");
	}

	@Test
	void panelShowsThePreflightTheUpgradeAndTheReceiptOfAnAllowedSubscribe() {
		Browser alice = this.browsers.open(this.port).login("alice", "alice-pw");
		// The first preflight after the login rotates the session id.
		WebElement rotated = waitForEntry(alice, "preflight", "[data-status='204']");
		assertThat(rotated.getAttribute("data-rotated")).isEqualTo("true");
		assertThat(rotated.getText()).contains("Preflight POST /__ws/auth: 204, session id rotated");
		alice.go("/board.html?id=b1");
		alice.waitForStatus("open");
		WebElement receipt = waitForEntry(alice, "receipt", "[data-destination='/topic/boards.b1']");
		assertThat(receipt.getText()).contains("RECEIPT for /topic/boards.b1: allowed", "id board-b1");
		assertThat(entry(alice, "preflight", "").getAttribute("data-status")).isEqualTo("204");
		assertThat(entry(alice, "open", "").getText()).contains("Socket open (101), subprotocol v12.stomp");
		assertThat(entry(alice, "connected", "").getText()).contains("CONNECTED as alice (STOMP 1.2");
		assertThat(entry(alice, "subscribe", "[data-destination='/topic/boards.b1']").getText())
			.contains("SUBSCRIBE /topic/boards.b1");
		assertThat(types(alice)).containsSubsequence("preflight", "upgrade", "open", "connected", "subscribe",
				"receipt");
		alice.screenshot("panel-allowed-subscribe");
	}

	@Test
	void panelShowsTheDenialOfASubscribeWithItsReasonDestinationAndDecidingRule() {
		Browser alice = this.browsers.open(this.port).login("alice", "alice-pw").go("/board.html?id=b2");
		alice.waitForText("denial", "Access to board b2 denied: FORBIDDEN");
		WebElement denial = waitForEntry(alice, "denied", "[data-destination='/topic/boards.b2']");
		assertThat(denial.getAttribute("data-reason")).isEqualTo("FORBIDDEN");
		assertThat(denial.getAttribute("data-command")).isEqualTo("SUBSCRIBE");
		assertThat(denial.getAttribute("data-rule")).isEqualTo("/topic/boards.{boardId}");
		assertThat(denial.getText()).contains("Denied: SUBSCRIBE /topic/boards.b2: FORBIDDEN")
			.contains("Decided by the rule /topic/boards.{boardId}.")
			.contains("the connection stays open");
		assertThat(alice.driver().findElements(By.cssSelector("#connection-log li[data-type='receipt']"))).isEmpty();
		assertThat(alice.text("status")).isEqualTo("open");
		alice.screenshot("panel-denied-subscribe");
	}

	@Test
	void afterLogoutInAnotherTabThePanelKeeps4002AndItsMeaningAfterTheClientFailed() {
		Browser alice = this.browsers.open(this.port).login("alice", "alice-pw");
		alice.waitForStatus("open");
		String dashboardTab = alice.driver().getWindowHandle();
		alice.driver().switchTo().newWindow(WindowType.TAB);
		alice.go("/");
		alice.waitForStatus("open");
		alice.driver().findElement(By.id("logout")).click();
		alice.waitUntil(ExpectedConditions.urlContains("/login?logout"));
		alice.driver().switchTo().window(dashboardTab);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.connections.findByPrincipalName("alice").isEmpty());
		alice.waitForStatus("failed");
		WebElement failed = waitForEntry(alice, "failed", "");
		assertThat(failed.getText()).contains("Failed: not logged in (preflight 401)");
		WebElement close = entry(alice, "close", "[data-code='4002']");
		assertThat(close.getText()).contains("Closed 4002", "Session ended: logged out or expired.",
				"Runs the preflight once; logs in again if it answers 401.");
		assertThat(close.isDisplayed()).isTrue();
		assertThat(entries(alice, "preflight", "[data-status='401']")).hasSize(1);
		List<String> types = types(alice);
		assertThat(types).containsSubsequence("connected", "close", "preflight", "failed").endsWith("failed");
		assertThat(types.subList(types.lastIndexOf("close"), types.size())).doesNotContain("upgrade", "open",
				"connected");
		scrollPanelIntoView(alice);
		alice.screenshot("panel-logout-in-another-tab");
	}

	@Test
	void aRestartCloseIsFollowedByARetryWithItsDelayAndTheReconnectBelowTheEarlierEntries() {
		Browser alice = this.browsers.open(this.port).login("alice", "alice-pw");
		alice.waitForStatus("open");
		waitForEntry(alice, "receipt", "[data-destination='/topic/announcements']");
		assertThat(this.revocations.revokeUser("alice", new CloseStatus(1012, "restarting"))).isEqualTo(1);
		WebElement close = waitForEntry(alice, "close", "[data-code='1012']");
		assertThat(close.getText()).contains("Closed 1012 (restarting): The server is restarting.",
				"Reconnects with back-off.");
		WebElement retry = waitForEntry(alice, "retry", "[data-attempt='1']");
		assertThat(Long.parseLong(retry.getAttribute("data-delay"))).isPositive();
		assertThat(retry.getText()).contains("Reconnect attempt 1 in ");
		alice.waitUntil((driver) -> entries(alice, "connected", "").size() == 2);
		alice.waitUntil((driver) -> entries(alice, "receipt", "[data-destination='/topic/announcements']").size() == 2);
		alice.waitForStatus("open");
		List<String> types = types(alice);
		assertThat(types).containsSubsequence("preflight", "connected", "receipt", "close", "retry", "preflight",
				"upgrade", "open", "connected", "subscribe", "receipt");
		assertThat(entries(alice, "subscribe", "[data-id='announcements']")).hasSize(2);
		alice.screenshot("panel-reconnect");
	}

	@Test
	void adminAnnouncementAppearsOnBobsDashboardAndAdminMessagesOnTheAdminPage() {
		Browser bob = this.browsers.open(this.port).login("bob", "bob-pw");
		bob.waitUntil(ExpectedConditions.attributeToBe(By.id("announcements"), "data-ready", "true"));
		Browser admin = this.browsers.open(this.port).login("admin", "admin-pw").go("/admin.html");
		admin.waitUntil(ExpectedConditions.attributeToBe(By.id("admin-messages"), "data-ready", "true"));
		publish(admin, "announcements", "Release at noon");
		admin.waitForText("broadcast-result", "published to /topic/announcements");
		bob.waitUntil(ExpectedConditions.textToBe(By.cssSelector("#announcements li"), "Release at noon (admin)"));
		publish(admin, "admin", "Deploy frozen");
		admin.waitForText("broadcast-result", "published to /topic/admin");
		admin.waitUntil(ExpectedConditions.textToBe(By.cssSelector("#admin-messages li"), "Deploy frozen (admin)"));
		assertThat(bob.driver().findElements(By.cssSelector("#announcements li"))).hasSize(1);
		admin.screenshot("admin-broadcast");
		bob.screenshot("dashboard-announcement");
	}

	@Test
	void aUserOnTheAdminPageSeesTheAdminTopicDeniedAndTheBroadcastRefused() {
		Browser alice = this.browsers.open(this.port).login("alice", "alice-pw").go("/admin.html");
		WebElement denial = waitForEntry(alice, "denied", "[data-destination='/topic/admin']");
		assertThat(denial.getAttribute("data-reason")).isEqualTo("FORBIDDEN");
		publish(alice, "announcements", "not an admin");
		alice.waitForText("broadcast-result", "failed (403)");
		assertThat(alice.text("status")).isEqualTo("open");
	}

	private static void publish(Browser browser, String topic, String text) {
		browser.driver().findElement(By.cssSelector("#broadcast-topic option[value='" + topic + "']")).click();
		WebElement input = browser.driver().findElement(By.id("broadcast-text"));
		input.clear();
		input.sendKeys(text);
		browser.driver().findElement(By.id("broadcast-send")).click();
	}

	private static WebElement waitForEntry(Browser browser, String type, String attributes) {
		return browser.waitUntil(ExpectedConditions.presenceOfElementLocated(selector(type, attributes)));
	}

	private static WebElement entry(Browser browser, String type, String attributes) {
		return browser.driver().findElement(selector(type, attributes));
	}

	private static List<WebElement> entries(Browser browser, String type, String attributes) {
		return browser.driver().findElements(selector(type, attributes));
	}

	private static By selector(String type, String attributes) {
		return By.cssSelector("#connection-log li[data-type='" + type + "']" + attributes);
	}

	private static List<String> types(Browser browser) {
		return browser.driver()
			.findElements(By.cssSelector("#connection-log li"))
			.stream()
			.map((item) -> item.getAttribute("data-type"))
			.toList();
	}

	private static void scrollPanelIntoView(Browser browser) {
		((JavascriptExecutor) browser.driver())
			.executeScript("document.getElementById('connection-panel').scrollIntoView({block: 'end'});");
	}

}
