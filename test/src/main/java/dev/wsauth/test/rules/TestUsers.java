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

package dev.wsauth.test.rules;

import java.util.Arrays;
import java.util.List;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.util.Assert;

/**
 * Authentications for users a test describes by name and authorities instead of loading
 * them through the application's {@code UserDetailsService}.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class TestUsers {

	private TestUsers() {
	}

	/**
	 * Return an authenticated user with exactly the given authorities, as form login
	 * would leave it in the session (credentials erased).
	 * @param username the name rules see as {@code authentication.name}
	 * @param authorities the authorities, such as {@code ROLE_ADMIN}
	 * @return the authentication
	 */
	public static Authentication user(String username, String... authorities) {
		Assert.hasText(username, "'username' must not be empty");
		List<GrantedAuthority> granted = AuthorityUtils.createAuthorityList(Arrays.asList(authorities));
		return UsernamePasswordAuthenticationToken.authenticated(username, null, granted);
	}

}
