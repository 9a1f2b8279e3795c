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

package dev.wsauth.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * HMAC-signed JWTs for tests: a decoder for the application under test (no clock skew, so
 * that expiry is exact) and tokens signed with its key or with a foreign one.
 */
public final class TestTokens {

	private static final SecretKey KEY = key("wsauth-test-secret-0123456789abcdef-0123456789abcdef");

	private static final SecretKey FOREIGN_KEY = key("someone-else-0123456789abcdef-0123456789abcdef-xyz");

	private TestTokens() {
	}

	/** A decoder that accepts tokens from {@link #token}, exact on expiry. */
	public static JwtDecoder decoder() {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(KEY).macAlgorithm(MacAlgorithm.HS256).build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(Duration.ZERO)));
		return decoder;
	}

	/** A token for {@code subject} valid for {@code timeToLive}, with a roles claim. */
	public static String token(String subject, Duration timeToLive, String... roles) {
		return token(KEY, subject, Instant.now().plus(timeToLive), roles);
	}

	/** A token for {@code subject} that expires at {@code expiresAt}. */
	public static String token(String subject, Instant expiresAt, String... roles) {
		return token(KEY, subject, expiresAt, roles);
	}

	/** A well-formed token signed with a key the application does not trust. */
	public static String foreignToken(String subject) {
		return token(FOREIGN_KEY, subject, Instant.now().plus(Duration.ofMinutes(5)));
	}

	private static String token(SecretKey key, String subject, Instant expiresAt, String... roles) {
		Instant issuedAt = expiresAt.isAfter(Instant.now()) ? Instant.now() : expiresAt.minusSeconds(60);
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(subject)
			.issuedAt(issuedAt)
			.expiresAt(expiresAt)
			.claim("roles", List.of(roles))
			.build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
		return NimbusJwtEncoder.withSecretKey(key)
			.build()
			.encode(JwtEncoderParameters.from(header, claims))
			.getTokenValue();
	}

	private static SecretKey key(String secret) {
		return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

}
