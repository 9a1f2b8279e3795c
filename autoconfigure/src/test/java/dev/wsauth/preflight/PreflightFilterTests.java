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

package dev.wsauth.preflight;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

import dev.wsauth.handshake.OriginPolicy;
import dev.wsauth.session.InMemorySessionRotationRegistry;
import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.session.SessionLookup;
import dev.wsauth.socket.SessionRotatedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * Tests for {@link PreflightFilter}.
 *
 * @author wsauth
 */
class PreflightFilterTests {

	private static final String PATH = "/__ws/auth";

	private static final String KEY = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final InMemorySessionRotationRegistry rotations = new InMemorySessionRotationRegistry(
			Duration.ofSeconds(10));

	private final SessionLookup lookup = mock(SessionLookup.class);

	private final ApplicationEventPublisher eventPublisher = mock(ApplicationEventPublisher.class);

	private final PreflightFilter filter = new PreflightFilter(PATH,
			new OriginPolicy(List.of("https://a.example"), List.of(), true),
			new SessionAuthenticationResolver(this.rotations, this.lookup), this.rotations, this.eventPublisher);

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final MockFilterChain chain = new MockFilterChain();

	PreflightFilterTests() {
		this.filter.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@Test
	void getIsRejectedWith405() throws Exception {
		MockHttpServletRequest request = authenticatedRequest("GET");
		String id = request.getSession(false).getId();
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(405);
		assertThat(this.response.getHeader("Allow")).isEqualTo("POST");
		assertThat(request.getSession(false).getId()).isEqualTo(id);
		assertThat(this.chain.getRequest()).isNull();
	}

	@Test
	void putIsRejectedWith405() throws Exception {
		filter(authenticatedRequest("PUT"));
		assertThat(this.response.getStatus()).isEqualTo(405);
		assertThat(this.response.getHeader("Allow")).isEqualTo("POST");
	}

	@Test
	void optionsWithoutCorsRequestMethodIsRejectedWith405() throws Exception {
		filter(authenticatedRequest("OPTIONS"));
		assertThat(this.response.getStatus()).isEqualTo(405);
	}

	@Test
	void foreignOriginIsRejectedWith403() throws Exception {
		MockHttpServletRequest request = authenticatedRequest("POST");
		request.addHeader("Origin", "https://evil.example");
		String id = request.getSession(false).getId();
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(403);
		assertThat(this.response.getHeader("Access-Control-Allow-Origin")).isNull();
		assertThat(request.getSession(false).getId()).isEqualTo(id);
	}

	@Test
	void crossSiteFetchIsRejectedWith403() throws Exception {
		MockHttpServletRequest request = authenticatedRequest("POST");
		request.addHeader("Sec-Fetch-Site", "cross-site");
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(403);
	}

	@Test
	void requestWithoutSessionIsRejectedWith401() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", PATH);
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(401);
		assertThat(this.response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(request.getSession(false)).isNull();
	}

	@Test
	void preflightWhenTheSessionStoreFailsIsAnsweredWith503AndRetryAfter() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", PATH) {

			@Override
			public HttpSession getSession(boolean create) {
				throw new IllegalStateException("Unable to connect to the session store");
			}

		};
		request.setCookies(new Cookie("SESSION", "abc"));
		request.setRequestedSessionId("abc");
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getHeader("Retry-After")).isEqualTo("5");
		assertThat(this.response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(this.response.getContentAsString()).isEqualTo("Session store unavailable");
		assertThat(this.chain.getRequest()).isNull();
	}

	@Test
	void unauthenticatedSessionIsRejectedWith401() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", PATH);
		request.setSession(new MockHttpSession());
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(401);
	}

	@Test
	void authenticatedPreflightRotatesSessionId() throws Exception {
		MockHttpServletRequest request = authenticatedRequest("POST");
		String oldId = request.getSession(false).getId();
		filter(request);
		String newId = request.getSession(false).getId();
		assertThat(this.response.getStatus()).isEqualTo(204);
		assertThat(this.response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(newId).isNotEqualTo(oldId);
		assertThat(this.rotations.successorOf(oldId)).isEqualTo(newId);
		assertThat(request.getSession(false).getAttribute(PreflightFilter.ROTATED_AT_ATTRIBUTE))
			.isEqualTo(NOW.toEpochMilli());
		then(this.eventPublisher).should()
			.publishEvent(argThat((ApplicationEvent event) -> event instanceof SessionRotatedEvent rotated
					&& rotated.getOldId().equals(oldId) && rotated.getNewId().equals(newId)));
		assertThat(this.chain.getRequest()).isNull();
	}

	@Test
	void sameOriginPreflightGetsNoCorsHeaders() throws Exception {
		MockHttpServletRequest request = authenticatedRequest("POST");
		request.addHeader("Origin", "http://localhost");
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(204);
		assertThat(this.response.getHeader("Access-Control-Allow-Origin")).isNull();
	}

	@Test
	void listedOriginPreflightGetsCorsHeaders() throws Exception {
		MockHttpServletRequest request = authenticatedRequest("POST");
		request.addHeader("Origin", "https://a.example");
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(204);
		assertThat(this.response.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://a.example");
		assertThat(this.response.getHeader("Access-Control-Allow-Credentials")).isEqualTo("true");
		assertThat(this.response.getHeaders("Vary")).contains("Origin");
		assertThat(this.response.getHeader("Access-Control-Expose-Headers")).isEqualTo("WsAuth-Session-Rotated");
	}

	@Test
	void sameOriginPreflightExposesNoHeaders() throws Exception {
		MockHttpServletRequest request = authenticatedRequest("POST");
		filter(request);
		assertThat(this.response.getHeader("Access-Control-Expose-Headers")).isNull();
	}

	@Test
	void rotatingPreflightSaysSessionRotatedTrue() throws Exception {
		filter(authenticatedRequest("POST"));
		assertThat(this.response.getHeader(PreflightFilter.ROTATED_HEADER)).isEqualTo("true");
	}

	@Test
	void refusedPreflightSaysNothingAboutRotation() throws Exception {
		filter(new MockHttpServletRequest("POST", PATH));
		assertThat(this.response.getStatus()).isEqualTo(401);
		assertThat(this.response.getHeader(PreflightFilter.ROTATED_HEADER)).isNull();
	}

	@Test
	void secondPreflightWithinGraceDoesNotRotateAgain() throws Exception {
		MockHttpServletRequest first = authenticatedRequest("POST");
		filter(first);
		MockHttpSession session = (MockHttpSession) first.getSession(false);
		String rotatedId = session.getId();
		this.filter.setClock(Clock.fixed(NOW.plusSeconds(9), ZoneOffset.UTC));
		MockHttpServletRequest second = requestWith(session);
		MockHttpServletResponse secondResponse = new MockHttpServletResponse();
		this.filter.doFilter(second, secondResponse, new MockFilterChain());
		assertThat(secondResponse.getStatus()).isEqualTo(204);
		assertThat(secondResponse.getHeader(PreflightFilter.ROTATED_HEADER)).isEqualTo("false");
		assertThat(second.getSession(false).getId()).isEqualTo(rotatedId);
		then(this.eventPublisher).should().publishEvent(any(ApplicationEvent.class));
	}

	@Test
	void preflightAfterGraceRotatesAgain() throws Exception {
		MockHttpServletRequest first = authenticatedRequest("POST");
		filter(first);
		MockHttpSession session = (MockHttpSession) first.getSession(false);
		String rotatedId = session.getId();
		this.filter.setClock(Clock.fixed(NOW.plusSeconds(10), ZoneOffset.UTC));
		MockHttpServletRequest second = requestWith(session);
		this.filter.doFilter(second, new MockHttpServletResponse(), new MockFilterChain());
		assertThat(second.getSession(false).getId()).isNotEqualTo(rotatedId);
	}

	@Test
	void preflightWithoutRotationAnswers204() throws Exception {
		this.filter.setRotate(false);
		MockHttpServletRequest request = authenticatedRequest("POST");
		String id = request.getSession(false).getId();
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(204);
		assertThat(this.response.getHeader(PreflightFilter.ROTATED_HEADER)).isEqualTo("false");
		assertThat(request.getSession(false).getId()).isEqualTo(id);
		assertThat(this.rotations.successorOf(id)).isNull();
		then(this.eventPublisher).shouldHaveNoInteractions();
	}

	@Test
	void hookReturningFalseAnswers401WithoutRotation() throws Exception {
		this.filter.setHooks(List.of((authentication, request, response) -> false));
		MockHttpServletRequest request = authenticatedRequest("POST");
		String id = request.getSession(false).getId();
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(401);
		assertThat(request.getSession(false).getId()).isEqualTo(id);
		assertThat(this.rotations.successorOf(id)).isNull();
		then(this.eventPublisher).shouldHaveNoInteractions();
	}

	@Test
	void hooksRunInOrderAndStopAtFirstRefusal() throws Exception {
		List<String> calls = new ArrayList<>();
		this.filter
			.setHooks(List.of((authentication, request, response) -> calls.add("first:" + authentication.getName()),
					(authentication, request, response) -> {
						calls.add("second");
						return false;
					}, (authentication, request, response) -> calls.add("third")));
		filter(authenticatedRequest("POST"));
		assertThat(calls).containsExactly("first:alice", "second");
		assertThat(this.response.getStatus()).isEqualTo(401);
	}

	@Test
	void hookMayAddHeaders() throws Exception {
		this.filter.setHooks(List.of((authentication, request, response) -> {
			response.setHeader("X-Hook", "ran");
			return true;
		}));
		filter(authenticatedRequest("POST"));
		assertThat(this.response.getStatus()).isEqualTo(204);
		assertThat(this.response.getHeader("X-Hook")).isEqualTo("ran");
	}

	@Test
	void bodyOverLimitIsRejectedWith413() throws Exception {
		MockHttpServletRequest request = authenticatedRequest("POST");
		String id = request.getSession(false).getId();
		request.setContent(new byte[1025]);
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(413);
		assertThat(request.getSession(false).getId()).isEqualTo(id);
	}

	@Test
	void bodyAtLimitIsAccepted() throws Exception {
		MockHttpServletRequest request = authenticatedRequest("POST");
		request.setContent(new byte[1024]);
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(204);
	}

	@Test
	void chunkedBodyIsRejectedWith411() throws Exception {
		MockHttpServletRequest request = authenticatedRequest("POST");
		request.addHeader("Transfer-Encoding", "chunked");
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(411);
	}

	@Test
	void corsPreflightFromListedOriginIsAllowed() throws Exception {
		MockHttpServletRequest request = corsPreflight("https://a.example", "POST");
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(204);
		assertThat(this.response.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://a.example");
		assertThat(this.response.getHeader("Access-Control-Allow-Credentials")).isEqualTo("true");
		assertThat(this.response.getHeader("Access-Control-Allow-Methods")).isEqualTo("POST");
		assertThat(this.response.getHeader("Access-Control-Allow-Headers")).isEqualTo("Content-Type, X-Requested-With");
		assertThat(request.getSession(false)).isNull();
	}

	@Test
	void corsPreflightFromOtherOriginIsRejected() throws Exception {
		filter(corsPreflight("https://evil.example", "POST"));
		assertThat(this.response.getStatus()).isEqualTo(403);
		assertThat(this.response.getHeader("Access-Control-Allow-Origin")).isNull();
	}

	@Test
	void corsPreflightFromSameOriginIsRejected() throws Exception {
		filter(corsPreflight("http://localhost", "POST"));
		assertThat(this.response.getStatus()).isEqualTo(403);
	}

	@Test
	void corsPreflightForOtherMethodIsRejected() throws Exception {
		filter(corsPreflight("https://a.example", "DELETE"));
		assertThat(this.response.getStatus()).isEqualTo(403);
		assertThat(this.response.getHeader("Access-Control-Allow-Origin")).isNull();
	}

	@Test
	void oldIdWithinGraceAnswers204AndWritesCurrentId() throws Exception {
		SessionIdWriter writer = mock(SessionIdWriter.class);
		this.filter.setSessionIdWriter(writer);
		this.rotations.recordRotation("old", "current");
		given(this.lookup.findAttribute("current", KEY))
			.willReturn(new SecurityContextImpl(new TestingAuthenticationToken("alice", "secret", "ROLE_USER")));
		MockHttpServletRequest request = new MockHttpServletRequest("POST", PATH);
		request.setRequestedSessionId("old");
		request.setRequestedSessionIdFromCookie(true);
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(204);
		assertThat(this.response.getHeader(PreflightFilter.ROTATED_HEADER)).isEqualTo("true");
		then(writer).should().write(request, this.response, "current");
		then(this.eventPublisher).shouldHaveNoInteractions();
		assertThat(request.getSession(false)).isNull();
	}

	@Test
	void oldIdAfterGraceAnswers401() throws Exception {
		SessionIdWriter writer = mock(SessionIdWriter.class);
		this.filter.setSessionIdWriter(writer);
		MockHttpServletRequest request = new MockHttpServletRequest("POST", PATH);
		request.setRequestedSessionId("old");
		request.setRequestedSessionIdFromCookie(true);
		filter(request);
		assertThat(this.response.getStatus()).isEqualTo(401);
		then(writer).should(never()).write(any(), any(), anyString());
	}

	@Test
	void otherPathsPassThrough() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/__ws/auth/x");
		filter(request);
		assertThat(this.chain.getRequest()).isSameAs(request);
		assertThat(this.response.getHeader("Cache-Control")).isNull();
		MockFilterChain otherChain = new MockFilterChain();
		MockHttpServletRequest other = new MockHttpServletRequest("GET", "/api");
		this.filter.doFilter(other, new MockHttpServletResponse(), otherChain);
		assertThat(otherChain.getRequest()).isSameAs(other);
	}

	@Test
	void preflightWaitingTooLongForAConcurrentOneWithTheSameSessionCookieGets503() throws Exception {
		whileAPreflightWithSessionCookieS1IsInProgress(() -> {
			MockHttpServletRequest second = authenticatedRequest("POST");
			second.setCookies(new Cookie("SESSION", "s1"));
			filter(second);
			assertThat(this.response.getStatus()).isEqualTo(503);
			assertThat(this.response.getHeader("Retry-After")).isEqualTo("1");
		});
	}

	@Test
	void cookiesOtherThanTheSessionCookieTakeNoLock() throws Exception {
		whileAPreflightWithSessionCookieS1IsInProgress(() -> {
			// Junk cookies (one with the same value, so the same stripe) and no session.
			MockHttpServletRequest junk = new MockHttpServletRequest("POST", PATH);
			junk.setCookies(new Cookie("junk", "s1"), new Cookie("other", "x"));
			filter(junk);
			assertThat(this.response.getStatus()).isEqualTo(401);
		});
	}

	/**
	 * Run {@code body} while another thread's preflight with cookie {@code SESSION=s1}
	 * holds its lock (blocked in a hook), with a lock timeout of 100 ms.
	 */
	private void whileAPreflightWithSessionCookieS1IsInProgress(ThrowingRunnable body) throws Exception {
		CountDownLatch inHook = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.filter.setHooks(List.of((authentication, request, response) -> {
			inHook.countDown();
			try {
				return release.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}));
		this.filter.setLockTimeout(Duration.ofMillis(100));
		MockHttpServletRequest first = authenticatedRequest("POST");
		first.setCookies(new Cookie("SESSION", "s1"));
		Thread holder = new Thread(() -> {
			try {
				this.filter.doFilter(first, new MockHttpServletResponse(), new MockFilterChain());
			}
			catch (ServletException | IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		holder.start();
		try {
			assertThat(inHook.await(5, TimeUnit.SECONDS)).isTrue();
			body.run();
		}
		finally {
			release.countDown();
			holder.join(5000);
		}
	}

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws Exception;

	}

	private void filter(MockHttpServletRequest request) throws ServletException, IOException {
		this.filter.doFilter(request, this.response, this.chain);
	}

	private static MockHttpServletRequest authenticatedRequest(String method) {
		MockHttpSession session = new MockHttpSession();
		session.setAttribute(KEY,
				new SecurityContextImpl(new TestingAuthenticationToken("alice", "secret", "ROLE_USER")));
		MockHttpServletRequest request = requestWith(session);
		request.setMethod(method);
		return request;
	}

	private static MockHttpServletRequest requestWith(MockHttpSession session) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", PATH);
		request.setSession(session);
		request.setRequestedSessionId(session.getId());
		request.setRequestedSessionIdFromCookie(true);
		return request;
	}

	private static MockHttpServletRequest corsPreflight(String origin, String method) {
		MockHttpServletRequest request = new MockHttpServletRequest("OPTIONS", PATH);
		request.addHeader("Origin", origin);
		request.addHeader("Access-Control-Request-Method", method);
		return request;
	}

}
