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

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.AbstractOAuth2Token;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.util.Assert;

/**
 * Authenticates a bearer token the way the application's resource server does: with an
 * {@link AuthenticationManager} built from its {@code JwtDecoder} or
 * {@code OpaqueTokenIntrospector} (and its authentication converter), so that a token is
 * valid on a socket exactly when it is valid on the application's HTTP API.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class BearerTokenAuthenticator {

	private final AuthenticationManager authenticationManager;

	/**
	 * Create an authenticator.
	 * @param authenticationManager authenticates a {@link BearerTokenAuthenticationToken}
	 */
	public BearerTokenAuthenticator(AuthenticationManager authenticationManager) {
		Assert.notNull(authenticationManager, "'authenticationManager' must not be null");
		this.authenticationManager = authenticationManager;
	}

	/**
	 * Authenticate a token.
	 * @param token the raw token
	 * @return the authentication
	 * @throws AuthenticationException if the token is malformed, invalid or expired; an
	 * {@code AuthenticationServiceException} when the token could not be checked (for
	 * example, the key set could not be fetched)
	 */
	public Authentication authenticate(String token) {
		if (!BearerTokenSyntax.isWellFormed(token)) {
			throw new BadCredentialsException("Invalid token");
		}
		Authentication result = this.authenticationManager.authenticate(new BearerTokenAuthenticationToken(token));
		if (result == null || !result.isAuthenticated()) {
			throw new BadCredentialsException("Invalid token");
		}
		return result;
	}

	/**
	 * Return when the token behind an authentication expires.
	 * @param authentication an authentication
	 * @return the expiry, or {@code null} if the authentication carries no token or the
	 * token has no expiry
	 */
	public static @Nullable Instant expiresAt(Authentication authentication) {
		if (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> tokenAuthentication) {
			return tokenAuthentication.getToken().getExpiresAt();
		}
		if (authentication.getCredentials() instanceof AbstractOAuth2Token token) {
			return token.getExpiresAt();
		}
		return null;
	}

}
