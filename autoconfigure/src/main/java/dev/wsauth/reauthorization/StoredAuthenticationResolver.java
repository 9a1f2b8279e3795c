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

package dev.wsauth.reauthorization;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.socket.WebSocketConnection;

/**
 * Reloads a connection's authentication from where it is kept: for a socket bound to an
 * HTTP session, the security context in that session as the session store holds it now;
 * for any other socket whose authentication was built from a {@link UserDetails} (a
 * CONNECT frame's login and passcode, a ticket of a form login), the application's
 * {@link UserDetailsService}. When neither can tell (no user store, a user the store does
 * not know, a session that cannot be read), the connection keeps its authentication; an
 * ended session closes its sockets by itself.
 * <p>
 * An authentication whose authorities came from elsewhere (a bearer token's claims) keeps
 * them: the user store's roles are not the token's grant, and a token scoped to less than
 * the user may do must not widen on re-evaluation. A refreshed token changes them.
 * <p>
 * A user the store knows but has disabled, locked or expired gets an unauthenticated
 * authentication, whatever authenticated the socket: every subscription is dropped and
 * every later frame denied, the connection stays (close it with
 * {@code WebSocketRevocations} if it must go).
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class StoredAuthenticationResolver implements CurrentAuthenticationResolver {

	private static final Log logger = LogFactory.getLog(StoredAuthenticationResolver.class);

	private final @Nullable SessionAuthenticationResolver sessions;

	private final @Nullable UserDetailsService users;

	/**
	 * Create a resolver.
	 * @param sessions reads the security context of HTTP sessions, or {@code null}
	 * @param users the application's user store, or {@code null}
	 */
	public StoredAuthenticationResolver(@Nullable SessionAuthenticationResolver sessions,
			@Nullable UserDetailsService users) {
		this.sessions = sessions;
		this.users = users;
	}

	@Override
	public @Nullable Authentication resolve(WebSocketConnection connection, Authentication current) {
		String httpSessionId = connection.getHttpSessionId();
		if (httpSessionId != null) {
			SessionAuthenticationResolver sessions = this.sessions;
			return (sessions != null) ? sessions.currentAuthentication(httpSessionId, current.getName()) : null;
		}
		UserDetailsService users = this.users;
		return (users != null) ? fromUserStore(users, current) : null;
	}

	private static @Nullable Authentication fromUserStore(UserDetailsService users, Authentication current) {
		UserDetails user;
		try {
			user = users.loadUserByUsername(current.getName());
		}
		catch (UsernameNotFoundException ex) {
			// Not a user of this store (a token issued elsewhere): nothing to reload.
			return null;
		}
		if (user == null || !current.getName().equals(user.getUsername())) {
			return null;
		}
		if (!user.isEnabled() || !user.isAccountNonLocked() || !user.isAccountNonExpired()) {
			logger.debug("Re-evaluating a connection of a disabled, locked or expired user as unauthenticated");
			return UsernamePasswordAuthenticationToken.unauthenticated(current.getName(), null);
		}
		if (!(current.getPrincipal() instanceof UserDetails)) {
			return null;
		}
		UsernamePasswordAuthenticationToken reloaded = UsernamePasswordAuthenticationToken.authenticated(user, null,
				user.getAuthorities());
		reloaded.setDetails(current.getDetails());
		return reloaded;
	}

}
