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

package dev.wsauth.handshake;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The default user data of a socket: the principal name and its authorities. Holds no
 * credentials.
 *
 * @param name the principal name
 * @param authorities the granted authorities
 * @author wsauth
 * @since 0.1.0
 */
public record WebSocketUser(String name, Set<String> authorities) {

	public WebSocketUser {
		authorities = Set.copyOf(authorities);
	}

	/**
	 * Create the user data for an authentication.
	 * @param authentication the authentication
	 * @return the user data
	 */
	public static WebSocketUser of(Authentication authentication) {
		Set<String> authorities = new LinkedHashSet<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (authority.getAuthority() != null) {
				authorities.add(authority.getAuthority());
			}
		}
		return new WebSocketUser(authentication.getName(), authorities);
	}

}
