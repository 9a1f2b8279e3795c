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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issues a demo JWT to the user logged in with the session cookie:
 * {@code {"token":"...","tokenType":"Bearer","expiresIn":900}}. Non-browser clients log
 * in once with the form, then use the token for the API, for tickets and for sockets.
 *
 * @author wsauth
 */
@RestController
class TokenController {

	private static final String ROLE_PREFIX = "ROLE_";

	private final JwtEncoder encoder;

	private final Duration timeToLive;

	TokenController(JwtEncoder encoder, SampleJwtProperties properties) {
		this.encoder = encoder;
		this.timeToLive = properties.timeToLive();
	}

	@PostMapping("/api/token")
	ResponseEntity<Map<String, Object>> token(Authentication authentication) {
		if (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?>) {
			// A token must not mint its own successor: one stolen token would then live
			// forever. A fresh token needs the session login.
			return noStore(ResponseEntity.status(HttpStatus.FORBIDDEN))
				.body(Map.of("error", "a session login is required"));
		}
		Instant now = Instant.now();
		List<String> roles = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority != null && authority.startsWith(ROLE_PREFIX))
			.map((authority) -> authority.substring(ROLE_PREFIX.length()))
			.sorted()
			.toList();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(authentication.getName())
			.issuedAt(now)
			.expiresAt(now.plus(this.timeToLive))
			.claim(TokenConfiguration.ROLES_CLAIM, roles)
			.build();
		String token = this.encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
		return noStore(ResponseEntity.ok())
			.body(Map.of("token", token, "tokenType", "Bearer", "expiresIn", this.timeToLive.toSeconds()));
	}

	private static ResponseEntity.BodyBuilder noStore(ResponseEntity.BodyBuilder response) {
		// A credential in a response body: no cache may keep it (RFC 6749, section 5.1).
		return response.cacheControl(CacheControl.noStore()).header(HttpHeaders.PRAGMA, "no-cache");
	}

}
