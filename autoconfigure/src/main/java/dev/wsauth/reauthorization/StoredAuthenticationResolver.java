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

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.socket.WebSocketConnection;

/**
 * Reloads a connection's authentication from where it is kept: for a socket whose
 * authentication came from its HTTP session, the security context in that session as the
 * session store holds it now; for a socket whose authentication was built from a
 * {@link UserDetails} (a CONNECT frame's login and passcode), the application's
 * {@link UserDetailsService}, keeping the factors the login proved. When neither can tell
 * (no user store, a user the store does not know, a session that cannot be read), the
 * connection keeps its authentication; an ended session closes its sockets by itself.
 * <p>
 * An authentication whose authorities came from elsewhere (a bearer token's claims, on a
 * socket with or without a session cookie) keeps them: the session's and the store's
 * roles are not the token's grant, and a token scoped to less than the user may do must
 * not widen on re-evaluation. A refreshed token changes them.
 * <p>
 * On a socket not following its session, a user the store knows but has disabled, locked
 * or expired is suspended: its authentication is unauthenticated, so every subscription
 * is dropped and every later frame denied; the connection stays (close it with
 * {@code WebSocketRevocations} if it must go), and a re-evaluation after the account is
 * usable again gives back what it had. Expired credentials suspend nothing: they only
 * refuse the next login.
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
		// A socket suspended for an unusable account returns to what it had once the
		// account is usable again.
		Authentication source = (current instanceof SuspendedAuthentication suspended) ? suspended.getSuspended()
				: current;
		String httpSessionId = connection.getHttpSessionId();
		if (httpSessionId != null) {
			SessionAuthenticationResolver sessions = this.sessions;
			Authentication stored = (sessions != null)
					? sessions.currentAuthentication(httpSessionId, current.getName()) : null;
			if (stored == null) {
				return null;
			}
			if (followsSession(source, stored)) {
				return stored;
			}
			// A token opened the socket beside the session's cookie: the session only
			// keeps it alive, the token's authorities stay.
		}
		UserDetailsService users = this.users;
		return (users != null) ? fromUserStore(users, current, source) : null;
	}

	/**
	 * Whether the socket's authentication came from the session: the same kind of
	 * authentication, or one built from a {@link UserDetails} (a remember-me login the
	 * session has since replaced with a form login). A bearer token's is neither.
	 */
	private static boolean followsSession(Authentication source, Authentication stored) {
		return stored.getClass() == source.getClass() || source.getPrincipal() instanceof UserDetails;
	}

	private static @Nullable Authentication fromUserStore(UserDetailsService users, Authentication current,
			Authentication source) {
		UserDetails user;
		try {
			user = users.loadUserByUsername(source.getName());
		}
		catch (UsernameNotFoundException ex) {
			// Not a user of this store (a token issued elsewhere): nothing to reload.
			return null;
		}
		if (user == null || !source.getName().equals(user.getUsername())) {
			return null;
		}
		if (!user.isEnabled() || !user.isAccountNonLocked() || !user.isAccountNonExpired()) {
			logger.debug("Re-evaluating a connection of a disabled, locked or expired user as unauthenticated");
			return (current instanceof SuspendedAuthentication) ? current : new SuspendedAuthentication(source);
		}
		if (!(source.getPrincipal() instanceof UserDetails)) {
			// The token's authorities: restored if the socket was suspended, else kept.
			return source;
		}
		UsernamePasswordAuthenticationToken reloaded = UsernamePasswordAuthenticationToken.authenticated(user, null,
				authorities(user, source));
		reloaded.setDetails(source.getDetails());
		return reloaded;
	}

	/**
	 * The store's authorities, plus the factors the login proved
	 * ({@code FACTOR_PASSWORD}, a one-time token): they belong to the authentication, not
	 * to the user, and the store does not know them.
	 */
	private static Collection<GrantedAuthority> authorities(UserDetails user, Authentication source) {
		Set<GrantedAuthority> authorities = new LinkedHashSet<>(user.getAuthorities());
		for (GrantedAuthority authority : source.getAuthorities()) {
			if (authority instanceof FactorGrantedAuthority) {
				authorities.add(authority);
			}
		}
		return authorities;
	}

}
