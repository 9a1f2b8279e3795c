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
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser client's caching in headless Chromium: the pages import the stable
 * {@code /wsauth/wsauth-client.js}, which Chromium revalidates on every page load (304),
 * while the content-hashed bundle it re-exports is fetched once and then comes from the
 * browser's cache.
 */
// Selenium warns that it has no CDP bindings for this Chromium; the tests use none.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "logging.level.org.openqa.selenium=ERROR")
@Import(ClientCachingBrowserTests.ClientRequestsConfiguration.class)
class ClientCachingBrowserTests {

	private static final String ENTRY = "/wsauth/wsauth-client.js";

	private static final Pattern BUNDLE = Pattern.compile("/wsauth/wsauth-client\\.[0-9a-f]{16}\\.js");

	// Runs in the dashboard page; the last argument is Selenium's callback.
	private static final String EVENTS_SCRIPT = """
			const done = arguments[arguments.length - 1];
			(async () => {
				const { connect } = await import('/wsauth/wsauth-client.js');
				const events = [];
				const client = connect({ url: '/ws', auth: true });
				client.onEvent(({ at, ...event }) => events.push(event));
				await client.subscribe('/topic/boards.b1', () => {});
				await client.subscribe('/topic/boards.b2', () => {}).catch(() => {});
				client.disconnect();
				done(events);
			})().catch((error) => done([{ type: 'error', message: String(error) }]));
			""";

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@LocalServerPort
	int port;

	@Autowired
	RequestRecorder recorder;

	@Test
	void aSecondPageLoadRevalidatesTheEntryModuleAndDoesNotFetchTheBundleAgain() {
		Browser alice = this.browsers.open(this.port).login("alice", "alice-pw");
		alice.waitForStatus("open");
		assertThat(statuses(ENTRY)).containsExactly(200);
		assertThat(bundleRequests()).extracting(Recorded::status).containsExactly(200);
		alice.go("/board.html?id=b1");
		alice.waitForStatus("open");
		alice.go("/");
		alice.waitForStatus("open");
		assertThat(statuses(ENTRY)).containsExactly(200, 304, 304);
		assertThat(bundleRequests()).extracting(Recorded::status).containsExactly(200);
	}

	@Test
	void theServedBundleReportsEveryStepOfAConnectionAsEvents() {
		Browser alice = this.browsers.open(this.port).login("alice", "alice-pw");
		alice.waitForStatus("open");
		alice.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> events = (List<Map<String, Object>>) ((JavascriptExecutor) alice.driver())
			.executeAsyncScript(EVENTS_SCRIPT);
		assertThat(events).extracting((event) -> event.get("type"))
			.containsExactly("preflight", "upgrade", "open", "connected", "subscribe", "receipt", "subscribe",
					"denied");
		assertThat(events.get(0)).containsEntry("path", "/__ws/auth")
			.containsEntry("status", 204L)
			.hasEntrySatisfying("rotated", (rotated) -> assertThat(rotated).isInstanceOf(Boolean.class));
		assertThat(events.get(1)).containsEntry("url", "ws://localhost:" + this.port + "/ws");
		assertThat(events.get(2)).containsEntry("protocol", "v12.stomp");
		assertThat(events.get(3)).containsEntry("version", "1.2").containsEntry("user", "alice");
		assertThat(events.get(5)).containsEntry("destination", "/topic/boards.b1");
		assertThat(events.get(7)).containsEntry("command", "SUBSCRIBE")
			.containsEntry("destination", "/topic/boards.b2")
			.containsEntry("reason", "FORBIDDEN");
	}

	private List<Integer> statuses(String path) {
		return this.recorder.requests()
			.stream()
			.filter((request) -> request.path().equals(path))
			.map(Recorded::status)
			.toList();
	}

	private List<Recorded> bundleRequests() {
		return this.recorder.requests().stream().filter((request) -> BUNDLE.matcher(request.path()).matches()).toList();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ClientRequestsConfiguration {

		@Bean
		RequestRecorder clientRequestRecorder() {
			return new RequestRecorder();
		}

		@Bean
		FilterRegistrationBean<RequestRecorder> clientRequestRecorderRegistration(RequestRecorder recorder) {
			return RequestRecorder.registration(recorder, "/wsauth/*");
		}

	}

}
