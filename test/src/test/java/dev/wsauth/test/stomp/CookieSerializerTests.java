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

package dev.wsauth.test.stomp;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

import dev.wsauth.test.app.KitApplication;
import dev.wsauth.test.autoconfigure.AutoConfigureWsAuthTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session cookie is written by the application's {@code CookieSerializer}: another
 * name and no Base64 still open the socket (a cookie the server cannot read would get
 * 401).
 */
@SpringBootTest(classes = KitApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "server.servlet.session.cookie.name=KIT_SESSION")
@AutoConfigureWsAuthTestClient
class CookieSerializerTests {

	@Autowired
	WsAuthTestClient client;

	@Autowired
	CookieSerializer cookieSerializer;

	@Test
	void sessionCookieIsWrittenAsTheApplicationsSerializerWritesIt() {
		assertThat(this.cookieSerializer).isInstanceOf(DefaultCookieSerializer.class);
		((DefaultCookieSerializer) this.cookieSerializer).setUseBase64Encoding(false);
		try (WsAuthConnection alice = this.client.connectAs("alice")) {
			assertThat(alice.subscribe("/topic/rooms.r1")).isAllowed();
		}
		finally {
			((DefaultCookieSerializer) this.cookieSerializer).setUseBase64Encoding(true);
		}
	}

}
