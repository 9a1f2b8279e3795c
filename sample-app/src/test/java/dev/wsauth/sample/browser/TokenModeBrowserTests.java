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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import dev.wsauth.sample.browser.Browsers.Browser;
import dev.wsauth.sample.browser.RequestRecorder.Recorded;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser client's token mode in headless Chromium: a page gets a token from
 * {@code /api/token}, logs out (so that no cookie can authenticate anything), and
 * connects with the token offered as a {@code Sec-WebSocket-Protocol} element.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "logging.level.org.openqa.selenium=ERROR")
@Import(SampleAppBrowserTests.RecorderConfiguration.class)
class TokenModeBrowserTests {

	// Runs in the dashboard page; the last argument is Selenium's callback.
	private static final String TOKEN_MODE_SCRIPT = """
			const done = arguments[arguments.length - 1];
			(async () => {
				const { connect } = await import('/wsauth/wsauth-client.js');
				const csrf = () => decodeURIComponent((document.cookie.split('; ')
					.find((c) => c.startsWith('XSRF-TOKEN=')) || 'XSRF-TOKEN=').substring(11));
				const issued = await fetch('/api/token', { method: 'POST', credentials: 'same-origin',
					headers: { 'X-XSRF-TOKEN': csrf() } });
				const { token } = await issued.json();
				window.wsauthClient.disconnect();
				await fetch('/logout', { method: 'POST', credentials: 'same-origin', redirect: 'manual',
					headers: { 'X-XSRF-TOKEN': csrf() } });
				const preflight = await fetch('/__ws/auth', { method: 'POST', credentials: 'same-origin' });
				const seen = {};
				class RecordingWebSocket extends WebSocket {
					constructor(url, protocols) {
						super(url, protocols);
						seen.url = url;
						seen.offered = protocols;
						this.addEventListener('open', () => { seen.selected = this.protocol; });
					}
				}
				let tokenCalls = 0;
				const client = connect({ url: '/ws', WebSocket: RecordingWebSocket,
					token: async () => { tokenCalls++; return token; } });
				const event = new Promise((resolve) => {
					client.subscribe('/topic/boards.b1', (message) => resolve(JSON.parse(message.body)))
						.then(() => client.send('/app/boards.b1.join', {}));
				});
				const joined = await event;
				done({ preflightAfterLogout: preflight.status, status: client.status, tokenCalls,
					url: seen.url, offered: seen.offered, selected: seen.selected, user: joined.user,
					tokenInUrl: seen.url.includes(token) });
				client.disconnect();
			})().catch((error) => done({ error: String(error) }));
			""";

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@LocalServerPort
	int port;

	@Autowired
	RequestRecorder recorder;

	@Test
	void pageConnectsWithATokenOfferedAsSubprotocolAfterItsSessionIsGone() {
		Browser alice = this.browsers.open(this.port).login("alice", "alice-pw");
		alice.waitForStatus("open");
		int before = this.recorder.requests().size();
		alice.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
		@SuppressWarnings("unchecked")
		Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) alice.driver())
			.executeAsyncScript(TOKEN_MODE_SCRIPT);
		assertThat(result).doesNotContainKey("error");
		assertThat(result).containsEntry("preflightAfterLogout", 401L)
			.containsEntry("status", "open")
			.containsEntry("tokenCalls", 1L)
			.containsEntry("url", "ws://localhost:" + this.port + "/ws")
			.containsEntry("tokenInUrl", false)
			.containsEntry("selected", "v12.stomp")
			.containsEntry("user", Map.of("id", "alice", "name", "Alice"));
		@SuppressWarnings("unchecked")
		List<String> offered = (List<String>) result.get("offered");
		assertThat(offered).hasSize(4).startsWith("v12.stomp", "v11.stomp", "v10.stomp");
		assertThat(offered.get(3)).startsWith("base64url.bearer.authorization.k8s.io.");
		List<Recorded> after = this.recorder.requests().subList(before, this.recorder.requests().size());
		assertThat(after).filteredOn((request) -> request.path().equals("/ws"))
			.singleElement()
			.satisfies((request) -> assertThat(request.status()).isEqualTo(101));
	}

}
