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

package dev.wsauth.session;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link SessionAuthenticationResolver}.
 *
 * @author wsauth
 */
class SessionAuthenticationResolverTests {

	private static final String KEY = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;

	private final InMemorySessionRotationRegistry rotations = new InMemorySessionRotationRegistry(
			Duration.ofSeconds(10));

	private final SessionLookup lookup = mock(SessionLookup.class);

	private final SessionAuthenticationResolver resolver = new SessionAuthenticationResolver(this.rotations,
			this.lookup);

	@Test
	void currentAuthenticationIsTheOneTheSessionHoldsNow() {
		Authentication stepUp = new TestingAuthenticationToken("alice", null, "ROLE_USER", "ROLE_MFA");
		given(this.lookup.findAttribute("s-1", KEY)).willReturn(new SecurityContextImpl(stepUp));
		assertThat(this.resolver.currentAuthentication("s-1", "alice")).isSameAs(stepUp);
	}

	@Test
	void currentAuthenticationOfASessionNowAuthenticatedAsSomeoneElseIsNull() {
		given(this.lookup.findAttribute("s-1", KEY))
			.willReturn(new SecurityContextImpl(new TestingAuthenticationToken("mallory", null, "ROLE_USER")));
		assertThat(this.resolver.currentAuthentication("s-1", "alice")).isNull();
	}

	@Test
	void currentAuthenticationOfAnEndedSessionIsNull() {
		given(this.lookup.findAttribute("s-1", KEY))
			.willReturn(new SecurityContextImpl(new TestingAuthenticationToken("alice", null, "ROLE_USER")));
		this.rotations.endFamily("s-1");
		assertThat(this.resolver.currentAuthentication("s-1", "alice")).isNull();
	}

	@Test
	void requestWithoutSessionResolvesToNull() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		assertThat(this.resolver.resolve(request)).isNull();
		assertThat(request.getSession(false)).isNull();
	}

	@Test
	void sessionWithoutSecurityContextResolvesToNull() {
		MockHttpServletRequest request = requestWithSession(null);
		assertThat(this.resolver.resolve(request)).isNull();
	}

	@Test
	void sessionWithEmptySecurityContextResolvesToNull() {
		MockHttpServletRequest request = requestWithSession(null);
		request.getSession(false).setAttribute(KEY, new SecurityContextImpl());
		assertThat(this.resolver.resolve(request)).isNull();
	}

	@Test
	void sessionWithAnonymousAuthenticationResolvesToNull() {
		Authentication anonymous = new AnonymousAuthenticationToken("key", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
		assertThat(this.resolver.resolve(requestWithSession(anonymous))).isNull();
	}

	@Test
	void sessionWithUnauthenticatedAuthenticationResolvesToNull() {
		Authentication unauthenticated = UsernamePasswordAuthenticationToken.unauthenticated("alice", "secret");
		assertThat(this.resolver.resolve(requestWithSession(unauthenticated))).isNull();
	}

	@Test
	void sessionWithAttributeOfOtherTypeResolvesToNull() {
		MockHttpServletRequest request = requestWithSession(null);
		request.getSession(false).setAttribute(KEY, authenticated("alice"));
		assertThat(this.resolver.resolve(request)).isNull();
	}

	@Test
	void authenticatedSessionResolvesToItself() {
		Authentication alice = authenticated("alice");
		MockHttpServletRequest request = requestWithSession(alice);
		AuthenticatedSession session = this.resolver.resolve(request);
		assertThat(session).isNotNull();
		assertThat(session.sessionId()).isEqualTo(request.getSession(false).getId());
		assertThat(session.authentication()).isSameAs(alice);
		assertThat(session.successor()).isFalse();
	}

	@Test
	void customSecurityContextKeyIsUsed() {
		this.resolver.setSecurityContextKey("custom");
		MockHttpServletRequest request = requestWithSession(authenticated("alice"));
		assertThat(this.resolver.resolve(request)).isNull();
		request.getSession(false).setAttribute("custom", new SecurityContextImpl(authenticated("alice")));
		assertThat(this.resolver.resolve(request)).isNotNull();
	}

	@Test
	void invalidatedSessionResolvesToNull() {
		MockHttpServletRequest request = requestWithSession(authenticated("alice"));
		MockHttpSession session = (MockHttpSession) request.getSession(false);
		session.invalidate();
		request.setSession(session);
		assertThat(this.resolver.resolve(request)).isNull();
	}

	@Test
	void sessionIdFromUrlResolvesToNull() {
		MockHttpServletRequest request = requestWithSession(authenticated("alice"));
		request.setRequestedSessionIdFromURL(true);
		request.setRequestedSessionIdFromCookie(false);
		assertThat(this.resolver.resolve(request)).isNull();
	}

	@Test
	void oldIdWithinGraceResolvesToSuccessor() {
		Authentication alice = authenticated("alice");
		this.rotations.recordRotation("old", "new");
		given(this.lookup.findAttribute("new", KEY)).willReturn(new SecurityContextImpl(alice));
		MockHttpServletRequest request = requestWithOldId("old");
		AuthenticatedSession session = this.resolver.resolve(request);
		assertThat(session).isNotNull();
		assertThat(session.sessionId()).isEqualTo("new");
		assertThat(session.authentication()).isSameAs(alice);
		assertThat(session.successor()).isTrue();
		assertThat(request.getSession(false)).isNull();
	}

	@Test
	void oldIdWhoseSuccessorIsNotAuthenticatedResolvesToNull() {
		this.rotations.recordRotation("old", "new");
		given(this.lookup.findAttribute("new", KEY)).willReturn(null);
		assertThat(this.resolver.resolve(requestWithOldId("old"))).isNull();
	}

	@Test
	void unknownIdResolvesToNullWithoutLookup() {
		assertThat(this.resolver.resolve(requestWithOldId("unknown"))).isNull();
		then(this.lookup).shouldHaveNoInteractions();
	}

	@Test
	void oldIdIsNotFollowedWithoutLookup() {
		SessionAuthenticationResolver withoutLookup = new SessionAuthenticationResolver(this.rotations, null);
		this.rotations.recordRotation("old", "new");
		assertThat(withoutLookup.resolve(requestWithOldId("old"))).isNull();
	}

	@Test
	void oldIdFromUrlIsNotFollowed() {
		this.rotations.recordRotation("old", "new");
		given(this.lookup.findAttribute("new", KEY)).willReturn(new SecurityContextImpl(authenticated("alice")));
		MockHttpServletRequest request = requestWithOldId("old");
		request.setRequestedSessionIdFromURL(true);
		assertThat(this.resolver.resolve(request)).isNull();
	}

	@Test
	void resolvingNeverCreatesSession() {
		MockHttpServletRequest request = requestWithOldId("old");
		this.resolver.resolve(request);
		assertThat(request.getSession(false)).isNull();
	}

	@Test
	void activeSessionIdIsTheSessionOrItsSuccessorWhileAuthenticatedAsTheSamePrincipal() {
		Authentication alice = new TestingAuthenticationToken("alice", null, "ROLE_USER");
		given(this.lookup.findAttribute("s1", KEY)).willReturn(new SecurityContextImpl(alice));
		assertThat(this.resolver.activeSessionId("s1", "alice")).isEqualTo("s1");
		this.rotations.recordRotation("s0", "s1");
		assertThat(this.resolver.activeSessionId("s0", "alice")).isEqualTo("s1");
		assertThat(this.resolver.activeSessionId("gone", "alice")).isNull();
	}

	@Test
	void activeSessionIdIsNullOnceTheSessionBelongsToSomeoneElse() {
		Authentication bob = new TestingAuthenticationToken("bob", null, "ROLE_USER");
		given(this.lookup.findAttribute("s1", KEY)).willReturn(new SecurityContextImpl(bob));
		assertThat(this.resolver.activeSessionId("s1", "alice")).isNull();
	}

	private static MockHttpServletRequest requestWithSession(Authentication authentication) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		MockHttpSession session = new MockHttpSession();
		if (authentication != null) {
			session.setAttribute(KEY, new SecurityContextImpl(authentication));
		}
		request.setSession(session);
		request.setRequestedSessionId(session.getId());
		request.setRequestedSessionIdFromCookie(true);
		return request;
	}

	private static MockHttpServletRequest requestWithOldId(String id) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRequestedSessionId(id);
		request.setRequestedSessionIdFromCookie(true);
		return request;
	}

	static Authentication authenticated(String name) {
		return new TestingAuthenticationToken(name, "secret", List.of(() -> "ROLE_USER"));
	}

}
