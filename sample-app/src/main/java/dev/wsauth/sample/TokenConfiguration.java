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

import java.nio.charset.StandardCharsets;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The sample is its own token issuer: HS256 JWTs signed with {@code sample.jwt.secret},
 * whose {@code roles} claim becomes {@code ROLE_*} authorities, so that a token-holder
 * has the same roles, and passes the same topic rules, as the user logged in with a
 * cookie. wsauth checks tokens on the upgrade with these same beans.
 *
 * @author wsauth
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SampleJwtProperties.class)
class TokenConfiguration {

	/** The claim that lists the user's roles, without the {@code ROLE_} prefix. */
	static final String ROLES_CLAIM = "roles";

	private static final int MIN_SECRET_BYTES = 32;

	private final SecretKey key;

	TokenConfiguration(SampleJwtProperties properties) {
		this.key = key(properties.secret());
	}

	@Bean
	JwtEncoder jwtEncoder() {
		return NimbusJwtEncoder.withSecretKey(this.key).build();
	}

	@Bean
	JwtDecoder jwtDecoder() {
		return NimbusJwtDecoder.withSecretKey(this.key).macAlgorithm(MacAlgorithm.HS256).build();
	}

	@Bean
	JwtAuthenticationConverter jwtAuthenticationConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName(ROLES_CLAIM);
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

	private static SecretKey key(@Nullable String secret) {
		if (!StringUtils.hasText(secret)) {
			throw new IllegalStateException("sample.jwt.secret (SAMPLE_JWT_SECRET) must be set");
		}
		// HS256 needs a key at least as long as its output (RFC 7518, section 3.2).
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		Assert.state(bytes.length >= MIN_SECRET_BYTES,
				"sample.jwt.secret (SAMPLE_JWT_SECRET) must be at least " + MIN_SECRET_BYTES + " bytes");
		return new SecretKeySpec(bytes, "HmacSHA256");
	}

}
