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

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.test.RawUpgrade;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the DispatcherServlet mapped under a path ({@code spring.mvc.servlet.path}), the
 * STOMP endpoint lives under that path too, and a refused upgrade is still answered by
 * wsauth with 401 or 403 ahead of a security chain that protects every URL.
 */
@SpringBootTest(classes = ProtectedEverywhereTests.ProtectedApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.mvc.servlet.path=/api")
class DispatcherServletPathTests {

	@LocalServerPort
	int port;

	@Test
	void unauthenticatedUpgradeUnderTheServletPathIsRejectedWith401NotRedirected() {
		RawUpgrade.Response response = RawUpgrade.send(this.port, "/api/ws", "Origin: http://localhost:" + this.port);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.headers("Location")).isEmpty();
		assertThat(response.headers("Set-Cookie")).isEmpty();
	}

	@Test
	void upgradeUnderTheServletPathWithForgedCookieIsRejectedWith401NotRedirected() {
		RawUpgrade.Response response = RawUpgrade.send(this.port, "/api/ws", "Origin: http://localhost:" + this.port,
				"Cookie: JSESSIONID=0123456789ABCDEF0123456789ABCDEF");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.headers("Location")).isEmpty();
	}

	@Test
	void upgradeUnderTheServletPathFromAForeignOriginIsRejectedWith403NotRedirected() {
		RawUpgrade.Response response = RawUpgrade.send(this.port, "/api/ws", "Origin: http://evil.example.com");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.headers("Location")).isEmpty();
	}

}
