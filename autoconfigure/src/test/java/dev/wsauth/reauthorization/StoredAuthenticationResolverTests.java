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

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.socket.WebSocketConnection;
import dev.wsauth.socket.WsAuthAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link StoredAuthenticationResolver}.
 *
 * @author wsauth
 */
class StoredAuthenticationResolverTests {

	private static final Authentication ALICE = new TestingAuthenticationToken(
			User.withUsername("alice").password("unused").roles("USER", "ADMIN").build(), null, "ROLE_USER",
			"ROLE_ADMIN");

	/** Authorities from a token's claims, not from the user store. */
	private static final Authentication ALICE_TOKEN = new TestingAuthenticationToken("alice", null, "SCOPE_read");

	private final InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
			User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
			User.withUsername("locked").password("{noop}locked-pw").roles("USER").accountLocked(true).build());

	private final SessionAuthenticationResolver sessions = mock(SessionAuthenticationResolver.class);

	@Test
	void socketBoundToAnHttpSessionGetsTheAuthenticationTheSessionHoldsNow() {
		Authentication stepUp = new TestingAuthenticationToken("alice", null, "ROLE_USER", "ROLE_MFA");
		given(this.sessions.currentAuthentication("http-1", "alice")).willReturn(stepUp);
		StoredAuthenticationResolver resolver = new StoredAuthenticationResolver(this.sessions, this.users);
		assertThat(resolver.resolve(connection("http-1"), ALICE)).isSameAs(stepUp);
	}

	@Test
	void socketBoundToAnUnreadableSessionKeepsItsAuthenticationAndIsNotLookedUpInTheUserStore() {
		UserDetailsService users = mock(UserDetailsService.class);
		StoredAuthenticationResolver resolver = new StoredAuthenticationResolver(this.sessions, users);
		assertThat(resolver.resolve(connection("http-1"), ALICE)).isNull();
		then(users).shouldHaveNoInteractions();
	}

	@Test
	void socketWithoutAnHttpSessionGetsTheAuthoritiesTheUserStoreHoldsNow() {
		StoredAuthenticationResolver resolver = new StoredAuthenticationResolver(this.sessions, this.users);
		Authentication reloaded = resolver.resolve(connection(null), ALICE);
		assertThat(reloaded).isNotNull();
		assertThat(reloaded.getName()).isEqualTo("alice");
		assertThat(reloaded.isAuthenticated()).isTrue();
		assertThat(reloaded.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_USER");
		assertThat(reloaded.getCredentials()).isNull();
	}

	@Test
	void socketWhoseAuthoritiesCameFromATokenKeepsThemEvenWhenTheUserStoreGrantsMore() {
		StoredAuthenticationResolver resolver = new StoredAuthenticationResolver(this.sessions,
				new InMemoryUserDetailsManager(
						User.withUsername("alice").password("{noop}alice-pw").roles("USER", "ADMIN").build()));
		assertThat(resolver.resolve(tokenConnection(null), ALICE_TOKEN)).isSameAs(ALICE_TOKEN);
	}

	@Test
	void socketATokenOpenedKeepsTheTokensAuthoritiesEvenWhenItsPrincipalIsAUserDetails() {
		// A JwtAuthenticationConverter that loads a local user gives such a principal.
		Authentication token = new TestingAuthenticationToken(
				User.withUsername("alice").password("unused").roles("USER").build(), null, "SCOPE_read");
		StoredAuthenticationResolver resolver = new StoredAuthenticationResolver(this.sessions, this.users);
		assertThat(resolver.resolve(tokenConnection(null), token)).isSameAs(token);
		assertThat(resolver.resolve(tokenConnection("http-1"), token)).isSameAs(token);
		then(this.sessions).shouldHaveNoInteractions();
	}

	@Test
	void socketATokenOpenedBesideASessionCookieIsSuspendedForALockedUserWhateverTheSessionSays() {
		StoredAuthenticationResolver resolver = new StoredAuthenticationResolver(this.sessions, this.users);
		Authentication suspended = resolver.resolve(tokenConnection("http-1"),
				new TestingAuthenticationToken("locked", null, "SCOPE_read"));
		assertThat(suspended).isNotNull();
		assertThat(suspended.isAuthenticated()).isFalse();
		then(this.sessions).shouldHaveNoInteractions();
	}

	@Test
	void socketATokenOpenedBesideASessionCookieKeepsTheTokensAuthoritiesNotTheSessions() {
		Authentication formLogin = UsernamePasswordAuthenticationToken.authenticated(
				User.withUsername("alice").password("unused").roles("USER", "ADMIN").build(), null,
				AuthorityUtils.createAuthorityList("ROLE_USER", "ROLE_ADMIN"));
		given(this.sessions.currentAuthentication("http-1", "alice")).willReturn(formLogin);
		StoredAuthenticationResolver resolver = new StoredAuthenticationResolver(this.sessions, this.users);
		assertThat(resolver.resolve(tokenConnection("http-1"), ALICE_TOKEN)).isSameAs(ALICE_TOKEN);
	}

	@Test
	void reloadFromTheUserStoreKeepsTheFactorsTheLoginProved() {
		Authentication login = UsernamePasswordAuthenticationToken.authenticated(
				User.withUsername("alice").password("unused").roles("USER", "ADMIN").build(), null,
				List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_ADMIN"),
						FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)));
		StoredAuthenticationResolver resolver = new StoredAuthenticationResolver(null, this.users);
		Authentication reloaded = resolver.resolve(connection(null), login);
		assertThat(reloaded).isNotNull();
		assertThat(reloaded.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_USER", FactorGrantedAuthority.PASSWORD_AUTHORITY);
	}

	@Test
	void tokenSocketOfALockedUserIsSuspendedAndGetsItsTokenBackOnceTheUserIsUnlocked() {
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice-pw").roles("USER").accountLocked(true).build());
		StoredAuthenticationResolver resolver = new StoredAuthenticationResolver(null, users);
		Authentication suspended = resolver.resolve(tokenConnection(null), ALICE_TOKEN);
		assertThat(suspended).isNotNull();
		assertThat(suspended.isAuthenticated()).isFalse();
		assertThat(suspended.getAuthorities()).isEmpty();
		assertThat(suspended.getName()).isEqualTo("alice");
		assertThatIllegalArgumentException().isThrownBy(() -> suspended.setAuthenticated(true));
		assertThat(resolver.resolve(tokenConnection(null), suspended)).isSameAs(suspended);
		users.updateUser(User.withUsername("alice").password("{noop}alice-pw").roles("USER").build());
		assertThat(resolver.resolve(tokenConnection(null), suspended)).isSameAs(ALICE_TOKEN);
	}

	@Test
	void loginSocketOfALockedUserIsReloadedOnceTheUserIsUnlocked() {
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice-pw").roles("USER").accountLocked(true).build());
		StoredAuthenticationResolver resolver = new StoredAuthenticationResolver(null, users);
		Authentication suspended = resolver.resolve(connection(null), ALICE);
		assertThat(suspended).isNotNull();
		assertThat(suspended.isAuthenticated()).isFalse();
		users.updateUser(User.withUsername("alice").password("{noop}alice-pw").roles("USER").build());
		Authentication reloaded = resolver.resolve(connection(null), suspended);
		assertThat(reloaded).isNotNull();
		assertThat(reloaded.isAuthenticated()).isTrue();
		assertThat(reloaded.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_USER");
	}

	@Test
	void userUnknownToTheUserStoreKeepsItsAuthentication() {
		UserDetailsService users = mock(UserDetailsService.class);
		given(users.loadUserByUsername("alice")).willThrow(new UsernameNotFoundException("none"));
		StoredAuthenticationResolver resolver = new StoredAuthenticationResolver(null, users);
		assertThat(resolver.resolve(connection(null), ALICE)).isNull();
	}

	@Test
	void lockedUserOfASocketWithoutASessionIsReevaluatedAsUnauthenticated() {
		StoredAuthenticationResolver resolver = new StoredAuthenticationResolver(null, this.users);
		Authentication reloaded = resolver.resolve(connection(null),
				new TestingAuthenticationToken("locked", null, "ROLE_USER"));
		assertThat(reloaded).isNotNull();
		assertThat(reloaded.getName()).isEqualTo("locked");
		assertThat(reloaded.isAuthenticated()).isFalse();
	}

	@Test
	void withoutSessionReaderOrUserStoreTheAuthenticationIsKept() {
		StoredAuthenticationResolver resolver = new StoredAuthenticationResolver(null, null);
		assertThat(resolver.resolve(connection(null), ALICE)).isNull();
		assertThat(resolver.resolve(connection("http-1"), ALICE)).isNull();
	}

	private static WebSocketConnection tokenConnection(String httpSessionId) {
		WebSocketConnection connection = connection(httpSessionId);
		Map<String, Object> attributes = new HashMap<>();
		WsAuthAttributes.markTokenAuthenticated(attributes);
		given(connection.getAttributes()).willReturn(attributes);
		return connection;
	}

	private static WebSocketConnection connection(String httpSessionId) {
		WebSocketConnection connection = mock(WebSocketConnection.class);
		given(connection.getHttpSessionId()).willReturn(httpSessionId);
		return connection;
	}

}
