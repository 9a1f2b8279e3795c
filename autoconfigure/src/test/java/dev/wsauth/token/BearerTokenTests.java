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

package dev.wsauth.token;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SubprotocolBearerToken}, {@link BearerTokenSyntax} and
 * {@link BearerTokenAuthenticator}.
 */
class BearerTokenTests {

	@Test
	void offerWithoutATokenIsPassedOnUnchanged() {
		SubprotocolBearerToken.Offer offer = parse("v12.stomp, v11.stomp");
		assertThat(offer.token()).isNull();
		assertThat(offer.rejection()).isNull();
		assertThat(offer.protocols()).containsExactly("v12.stomp", "v11.stomp");
	}

	@Test
	void tokenElementIsDecodedAndTakenOutOfTheOffer() {
		SubprotocolBearerToken.Offer offer = parse("v12.stomp," + SubprotocolBearerToken.encode("abc.def-ghi"),
				"v10.stomp");
		assertThat(offer.token()).isEqualTo("abc.def-ghi");
		assertThat(offer.protocols()).containsExactly("v12.stomp", "v10.stomp");
	}

	@Test
	void encodedTokenIsUnpaddedBase64Url() {
		assertThat(SubprotocolBearerToken.encode("a?>")).isEqualTo("base64url.bearer.authorization.k8s.io.YT8-");
	}

	@Test
	void tokenOnlyAndDuplicatedTokenOffersAreBadRequests() {
		String element = SubprotocolBearerToken.encode("abc");
		assertThat(parse(element).rejection()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(parse("v12.stomp", element, element).rejection()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void tooManyElementsAreABadRequest() {
		assertThat(parse(String.join(",", Collections.nCopies(40, "v12.stomp"))).rejection())
			.isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void undecodableTokensAreUnauthorized() {
		String prefix = SubprotocolBearerToken.KUBERNETES_PREFIX;
		for (String encoded : List.of("", "YWJj=", "YW+j", "YW/j", "Y", "%41",
				Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] { (byte) 0xff, (byte) 0xfe }),
				Base64.getUrlEncoder().withoutPadding().encodeToString("has space".getBytes(StandardCharsets.UTF_8)))) {
			assertThat(parse("v12.stomp", prefix + encoded).rejection()).as(encoded).isEqualTo(HttpStatus.UNAUTHORIZED);
		}
	}

	@Test
	void bearerTokenSyntaxFollowsRfc6750() {
		assertThat(BearerTokenSyntax.isWellFormed("abc.DEF-_~+/==")).isTrue();
		assertThat(BearerTokenSyntax.isWellFormed("")).isFalse();
		assertThat(BearerTokenSyntax.isWellFormed(null)).isFalse();
		assertThat(BearerTokenSyntax.isWellFormed("a b")).isFalse();
		assertThat(BearerTokenSyntax.isWellFormed("a=b")).isFalse();
		assertThat(BearerTokenSyntax.isWellFormed("é")).isFalse();
		assertThat(BearerTokenSyntax.isWellFormed("a".repeat(BearerTokenSyntax.MAX_TOKEN_LENGTH))).isTrue();
		assertThat(BearerTokenSyntax.isWellFormed("a".repeat(BearerTokenSyntax.MAX_TOKEN_LENGTH + 1))).isFalse();
	}

	@Test
	void bearerSchemeIsReadCaseInsensitivelyAndOtherSchemesAreNotTokens() {
		assertThat(BearerTokenSyntax.fromAuthorization("Bearer abc")).isEqualTo("abc");
		assertThat(BearerTokenSyntax.fromAuthorization(" bEaReR  abc ")).isEqualTo("abc");
		assertThat(BearerTokenSyntax.fromAuthorization("Bearer ")).isEmpty();
		assertThat(BearerTokenSyntax.fromAuthorization("Bearer")).isEmpty();
		assertThat(BearerTokenSyntax.fromAuthorization("Bearer\tabc")).isEqualTo("abc");
		assertThat(BearerTokenSyntax.fromAuthorization("Basic YWxpY2U6cHc=")).isNull();
		assertThat(BearerTokenSyntax.fromAuthorization("Bearerabc")).isNull();
	}

	@Test
	void malformedTokenNeverReachesTheAuthenticationManager() {
		BearerTokenAuthenticator authenticator = new BearerTokenAuthenticator((authentication) -> {
			throw new AssertionError("must not be called");
		});
		assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(() -> authenticator.authenticate("a b"));
	}

	@Test
	void unauthenticatedResultIsRefused() {
		BearerTokenAuthenticator authenticator = new BearerTokenAuthenticator(
				(authentication) -> new TestingAuthenticationToken("alice", null, "ROLE_USER"));
		TestingAuthenticationToken unauthenticated = new TestingAuthenticationToken("alice", null, "ROLE_USER");
		unauthenticated.setAuthenticated(false);
		BearerTokenAuthenticator refusing = new BearerTokenAuthenticator((authentication) -> unauthenticated);
		assertThat(authenticator.authenticate("abc").getName()).isEqualTo("alice");
		assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(() -> refusing.authenticate("abc"));
	}

	@Test
	void expiryIsReadFromTheToken() {
		Instant expiresAt = Instant.parse("2026-11-23T12:00:00Z");
		Jwt jwt = Jwt.withTokenValue("t")
			.header("alg", "HS256")
			.subject("alice")
			.issuedAt(expiresAt.minusSeconds(60))
			.expiresAt(expiresAt)
			.build();
		assertThat(BearerTokenAuthenticator.expiresAt(new JwtAuthenticationToken(jwt))).isEqualTo(expiresAt);
		assertThat(BearerTokenAuthenticator.expiresAt(new TestingAuthenticationToken("alice", null))).isNull();
	}

	private static SubprotocolBearerToken.Offer parse(String... lines) {
		return SubprotocolBearerToken.parse(Collections.enumeration(List.of(lines)));
	}

}
