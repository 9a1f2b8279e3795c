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
import dev.wsauth.socket.WsAuthAttributes;

/**
 * Reloads a connection's authentication from where it is kept. Where it came from is
 * recorded when the socket is authenticated
 * ({@link WsAuthAttributes#isTokenAuthenticated}):
 * <ul>
 * <li>a socket a bearer token authenticated (on the upgrade, through a ticket issued for
 * one, or in the CONNECT frame), with or without a session cookie beside it, keeps the
 * token's authorities: the session's and the store's roles are not the token's grant, and
 * a token scoped to less than the user may do must not widen on re-evaluation;</li>
 * <li>any other socket bound to an HTTP session gets the security context that session
 * holds now in the session store;</li>
 * <li>any other socket whose authentication was built from a {@link UserDetails} (a
 * CONNECT frame's login and passcode) gets the authorities of the application's
 * {@link UserDetailsService}, keeping the factors the login proved.</li>
 * </ul>
 * When none can tell (no user store, a user the store does not know, a session that
 * cannot be read), the connection keeps its authentication; an ended session closes its
 * sockets by itself.
 * <p>
 * On a socket not bound to a session's security context (a token's, a CONNECT login's), a
 * user the store knows but has disabled, locked or expired is suspended: its
 * authentication is unauthenticated, so every frame is denied as unauthenticated and
 * every subscription dropped; the connection stays (close it with
 * {@code WebSocketRevocations} if it must go). A re-evaluation after the account is
 * usable again gives a token's socket its token back and reloads a login's. Expired
 * credentials suspend nothing: they only refuse the next login. A session's socket
 * follows the session, which a locked account keeps until it ends.
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
		// Recorded when the socket was authenticated, never guessed from the type: a
		// token's authentication may look like a session's.
		boolean token = WsAuthAttributes.isTokenAuthenticated(connection.getAttributes());
		String httpSessionId = connection.getHttpSessionId();
		if (!token && httpSessionId != null) {
			SessionAuthenticationResolver sessions = this.sessions;
			return (sessions != null) ? sessions.currentAuthentication(httpSessionId, current.getName()) : null;
		}
		UserDetailsService users = this.users;
		return (users != null) ? fromUserStore(users, current, source, token) : null;
	}

	private static @Nullable Authentication fromUserStore(UserDetailsService users, Authentication current,
			Authentication source, boolean token) {
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
		if (token || !(source.getPrincipal() instanceof UserDetails)) {
			// Not the store's authorities: restored if the socket was suspended, else
			// kept.
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
