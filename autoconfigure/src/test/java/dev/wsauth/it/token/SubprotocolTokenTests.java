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

package dev.wsauth.it.token;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wsauth.it.token.TokenApplication.HandshakeRecorder;
import dev.wsauth.test.RawUpgrade;
import dev.wsauth.test.StompTestClient;
import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;
import dev.wsauth.test.TestTokens;
import dev.wsauth.token.SubprotocolBearerToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser, which cannot set headers on a WebSocket, offers its bearer token as a
 * {@code Sec-WebSocket-Protocol} element, as Kubernetes does.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = TokenApplication.class,
		properties = TokenApplication.PROPERTIES)
class SubprotocolTokenTests {

	@LocalServerPort
	int port;

	@Autowired
	HandshakeRecorder handshakes;

	TestSessions sessions;

	URI ws;

	String token;

	@BeforeEach
	void setUp() {
		this.sessions = TestSessions.on(this.port);
		this.ws = this.sessions.webSocketUri("/ws");
		this.token = TestTokens.token("alice", Duration.ofMinutes(5), "USER");
	}

	@Test
	void tokenOfferedAsSubprotocolOpensASocketAsItsSubject() {
		try (StompTestClient alice = StompTestClient.open(this.ws, Map.of(),
				List.of("v12.stomp", SubprotocolBearerToken.encode(this.token)))) {
			assertThat(alice.subprotocol()).isEqualTo("v12.stomp");
			alice.stompConnect(Map.of());
			assertThat(BearerUpgradeTests.whoAmI(alice)).isEqualTo("alice");
		}
	}

	@Test
	void responseSelectsOnlyTheStompSubprotocolAndNeverEchoesTheToken() {
		RawUpgrade.Response response = RawUpgrade.sendExactly(this.port, "/ws",
				"Sec-WebSocket-Protocol: v12.stomp, " + SubprotocolBearerToken.encode(this.token));
		assertThat(response.status()).isEqualTo(101);
		assertThat(response.headers("Sec-WebSocket-Protocol")).containsExactly("v12.stomp");
		assertThat(String.join("\n", response.headerLines())).doesNotContain(this.token)
			.doesNotContain(SubprotocolBearerToken.encode(this.token));
	}

	@Test
	void wsauthPrefixIsAcceptedToo() {
		String element = SubprotocolBearerToken.WSAUTH_PREFIX
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(this.token.getBytes(StandardCharsets.UTF_8));
		RawUpgrade.Response response = RawUpgrade.sendExactly(this.port, "/ws",
				"Sec-WebSocket-Protocol: " + element + ", v11.stomp");
		assertThat(response.status()).isEqualTo(101);
		assertThat(response.headers("Sec-WebSocket-Protocol")).containsExactly("v11.stomp");
	}

	@Test
	void tokenElementIsRemovedBeforeHandshakeHandlersSeeTheOffer() {
		RawUpgrade.Response response = RawUpgrade.sendExactly(this.port, "/ws?probe=handlers",
				"Sec-WebSocket-Protocol: v12.stomp, " + SubprotocolBearerToken.encode(this.token) + ", v11.stomp");
		assertThat(response.status()).isEqualTo(101);
		assertThat(this.handshakes.offers()).isNotEmpty()
			.allSatisfy((offer) -> assertThat(String.join(",", offer)).doesNotContain("bearer"));
		assertThat(this.handshakes.offers()).contains(List.of("v12.stomp, v11.stomp"));
	}

	@Test
	void protocolsSplitOverSeveralHeaderLinesFormOneOffer() {
		RawUpgrade.Response response = RawUpgrade.sendExactly(this.port, "/ws", "Sec-WebSocket-Protocol: v12.stomp",
				"Sec-WebSocket-Protocol: " + SubprotocolBearerToken.encode(this.token));
		assertThat(response.status()).isEqualTo(101);
		assertThat(response.headers("Sec-WebSocket-Protocol")).containsExactly("v12.stomp");
	}

	@Test
	void tokenOnlyOfferIsRefusedWith400() {
		assertThat(offer(SubprotocolBearerToken.encode(this.token))).isEqualTo(400);
	}

	@Test
	void twoTokenElementsAreRefusedWith400() {
		String other = TestTokens.token("alice", Duration.ofMinutes(5), "USER");
		assertThat(offer("v12.stomp, " + SubprotocolBearerToken.encode(this.token) + ", "
				+ SubprotocolBearerToken.encode(other)))
			.isEqualTo(400);
		assertThat(offer("v12.stomp, " + SubprotocolBearerToken.encode(this.token) + ", "
				+ SubprotocolBearerToken.encode(this.token)))
			.isEqualTo(400);
	}

	@Test
	void undecodableTokenElementsAreRefusedWith401() {
		String prefix = SubprotocolBearerToken.KUBERNETES_PREFIX;
		String padded = Base64.getUrlEncoder().encodeToString("abcd".getBytes(StandardCharsets.UTF_8)) + "==";
		assertThat(offer("v12.stomp, " + prefix + padded)).isEqualTo(401);
		assertThat(offer("v12.stomp, " + prefix + "ab+c/d")).isEqualTo(401);
		assertThat(offer("v12.stomp, " + prefix)).isEqualTo(401);
		assertThat(offer("v12.stomp, " + prefix + "a")).isEqualTo(401);
		// 0xC3 0x28 is not UTF-8
		String notUtf8 = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] { (byte) 0xC3, 0x28 });
		assertThat(offer("v12.stomp, " + prefix + notUtf8)).isEqualTo(401);
	}

	@Test
	void invalidTokenInASubprotocolIsRefusedWith401() {
		assertThat(offer("v12.stomp, " + SubprotocolBearerToken.encode(TestTokens.foreignToken("alice"))))
			.isEqualTo(401);
	}

	@Test
	void subprotocolTokenAndSessionCookieOfDifferentUsersAreRefusedWith401() {
		Cookies bob = this.sessions.login("bob", "bob-pw");
		RawUpgrade.Response response = RawUpgrade.sendExactly(this.port, "/ws",
				"Sec-WebSocket-Protocol: v12.stomp, " + SubprotocolBearerToken.encode(this.token),
				"Cookie: " + bob.header());
		assertThat(response.status()).isEqualTo(401);
	}

	@Test
	void subprotocolTokenAndBearerHeaderOfDifferentUsersAreRefusedWith401() {
		String bob = TestTokens.token("bob", Duration.ofMinutes(5), "USER");
		RawUpgrade.Response response = RawUpgrade.sendExactly(this.port, "/ws",
				"Sec-WebSocket-Protocol: v12.stomp, " + SubprotocolBearerToken.encode(this.token),
				"Authorization: Bearer " + bob);
		assertThat(response.status()).isEqualTo(401);
	}

	private int offer(String protocols) {
		return RawUpgrade.sendExactly(this.port, "/ws", "Sec-WebSocket-Protocol: " + protocols).status();
	}

}
