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

package dev.wsauth.sample;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import dev.wsauth.test.TestSessions;
import dev.wsauth.test.TestSessions.Cookies;
import dev.wsauth.test.TestTokens;

import static dev.wsauth.sample.SampleClients.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/token} issues demo JWTs to logged-in users, and the sample's HTTP API
 * accepts them as an alternative to the session cookie, while browsers keep what they
 * had: login redirects, 401s for the API, CSRF for cookie-authenticated writes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TokenEndpointTests {

	@LocalServerPort
	int port;

	@Autowired
	JwtDecoder decoder;

	@Autowired
	JwtEncoder encoder;

	@Test
	void loggedInUserGetsABearerTokenThatIsNeverCached() {
		TestSessions sessions = TestSessions.on(this.port);
		HttpResponse<String> response = SampleTokens.requestToken(sessions, sessions.login("alice", "alice-pw"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/json"));
		assertThat(response.headers().allValues("Cache-Control"))
			.anySatisfy((cacheControl) -> assertThat(cacheControl).contains("no-store"));
		Map<String, Object> body = json(response.body());
		assertThat(body).containsOnlyKeys("token", "tokenType", "expiresIn")
			.containsEntry("tokenType", "Bearer")
			.containsEntry("expiresIn", 900);
		assertThat(body.get("token")).asString().isNotBlank();
	}

	@Test
	void tokenNamesTheUserAndHerRolesAndExpiresAfterFifteenMinutes() {
		TestSessions sessions = TestSessions.on(this.port);
		Jwt alice = this.decoder.decode(SampleTokens.token(sessions, sessions.login("alice", "alice-pw")));
		assertThat(alice.getSubject()).isEqualTo("alice");
		assertThat(alice.getClaimAsStringList("roles")).containsExactly("USER");
		assertThat(alice.getIssuedAt()).isNotNull();
		assertThat(Duration.between(alice.getIssuedAt(), alice.getExpiresAt())).isEqualTo(Duration.ofMinutes(15));
		assertThat(alice.getHeaders()).containsEntry("alg", "HS256");
		Jwt admin = this.decoder.decode(SampleTokens.token(sessions, sessions.login("admin", "admin-pw")));
		assertThat(admin.getSubject()).isEqualTo("admin");
		assertThat(admin.getClaimAsStringList("roles")).containsExactly("ADMIN", "USER");
	}

	@Test
	void tokenRequestWithoutLoginIsRejectedWith401() {
		TestSessions sessions = TestSessions.on(this.port);
		// With a valid CSRF token, so that only the missing login can refuse it.
		HttpResponse<String> response = SampleTokens.requestToken(sessions, new Cookies());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("\"token\"");
	}

	@Test
	void tokenRequestWithSessionButWithoutCsrfTokenIsRejectedWith403() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies alice = sessions.login("alice", "alice-pw");
		HttpResponse<String> response = sessions.send(HttpRequest.newBuilder(sessions.uri("/api/token"))
			.header("Origin", sessions.origin())
			.POST(HttpRequest.BodyPublishers.noBody()), alice);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).doesNotContain("\"token\"");
	}

	@Test
	void tokenCannotMintItsSuccessor() {
		TestSessions sessions = TestSessions.on(this.port);
		String token = SampleTokens.token(sessions, sessions.login("alice", "alice-pw"));
		HttpResponse<String> response = SampleTokens.bearerPost(sessions, "/api/token", token, "");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(json(response.body())).doesNotContainKey("token");
	}

	@Test
	void bearerTokenAuthenticatesTheApiWithoutCsrfTokenOrCookieAndCreatesNoSession() {
		TestSessions sessions = TestSessions.on(this.port);
		String admin = SampleTokens.token(sessions, sessions.login("admin", "admin-pw"));
		HttpResponse<String> response = SampleTokens.bearerPost(sessions, "/api/notify", admin,
				"{\"userId\":\"bob\",\"message\":\"hi\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response.body())).containsEntry("sent", true);
		assertThat(response.headers().allValues("Set-Cookie"))
			.noneSatisfy((setCookie) -> assertThat(setCookie).startsWith("SESSION="));
	}

	@Test
	void bearerTokenCarriesTheUsersRolesOnly() {
		TestSessions sessions = TestSessions.on(this.port);
		String alice = SampleTokens.token(sessions, sessions.login("alice", "alice-pw"));
		HttpResponse<String> response = SampleTokens.bearerPost(sessions, "/api/notify", alice,
				"{\"userId\":\"bob\",\"message\":\"hi\"}");
		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void tokenSignedWithAnotherKeyIsRejectedWith401() {
		TestSessions sessions = TestSessions.on(this.port);
		HttpResponse<String> response = SampleTokens.bearerPost(sessions, "/api/notify",
				TestTokens.foreignToken("admin"), "{\"userId\":\"bob\",\"message\":\"hi\"}");
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void expiredTokenIsRejectedWith401() {
		TestSessions sessions = TestSessions.on(this.port);
		Instant expiredAt = Instant.now().minus(Duration.ofMinutes(5));
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject("admin")
			.issuedAt(expiredAt.minus(Duration.ofMinutes(15)))
			.expiresAt(expiredAt)
			.claim("roles", List.of("ADMIN", "USER"))
			.build();
		String expired = this.encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
		HttpResponse<String> response = SampleTokens.bearerPost(sessions, "/api/notify", expired,
				"{\"userId\":\"bob\",\"message\":\"hi\"}");
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void browserWithoutSessionIsStillRedirectedToTheLoginPage() {
		TestSessions sessions = TestSessions.on(this.port);
		HttpResponse<String> response = sessions.send(HttpRequest.newBuilder(sessions.uri("/board.html"))
			.header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
			.GET(), new Cookies());
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
	}

	@Test
	void cookieAuthenticatedApiWriteStillNeedsTheCsrfToken() {
		TestSessions sessions = TestSessions.on(this.port);
		Cookies admin = sessions.login("admin", "admin-pw");
		HttpResponse<String> response = sessions.send(HttpRequest.newBuilder(sessions.uri("/api/notify"))
			.header("Content-Type", "application/json")
			.header("Origin", sessions.origin())
			.POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"bob\",\"message\":\"hi\"}")), admin);
		assertThat(response.statusCode()).isEqualTo(403);
	}

}
