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

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.socket.WebSocketHandler;

import dev.wsauth.session.InMemorySessionRotationRegistry;
import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.socket.WsAuthAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link SessionHandshakeInterceptor}, {@link HandshakeAuthenticationFilter}
 * and {@link StompEndpointRequestMatcher}.
 *
 * @author wsauth
 */
class SessionHandshakeInterceptorTests {

	private static final Authentication ALICE = new TestingAuthenticationToken("alice", "secret", "ROLE_USER");

	private final HandshakeAuthenticator authenticator = new HandshakeAuthenticator(
			new OriginPolicy(List.of(), List.of(), true),
			new SessionAuthenticationResolver(new InMemorySessionRotationRegistry(Duration.ZERO), null));

	private final Map<String, Object> attributes = new HashMap<>();

	private final MockHttpServletResponse servletResponse = new MockHttpServletResponse();

	@Test
	void authenticatedUpgradeStoresAuthenticationAndUserData() {
		MockHttpServletRequest request = authenticatedRequest();
		SessionHandshakeInterceptor interceptor = new SessionHandshakeInterceptor(this.authenticator,
				(authentication, upgrade) -> WebSocketUser.of(authentication));
		assertThat(beforeHandshake(interceptor, request)).isTrue();
		String sessionId = request.getSession(false).getId();
		assertThat(this.attributes).containsEntry(WsAuthAttributes.AUTHENTICATION, ALICE)
			.containsEntry(WsAuthAttributes.USER_DATA, new WebSocketUser("alice", Set.of("ROLE_USER")));
		assertThat(WsAuthAttributes.httpSessionId(this.attributes)).isEqualTo(sessionId);
		// Spring prints session attributes in exception messages: the id must not appear.
		assertThat(this.attributes.toString()).doesNotContain(sessionId);
	}

	@Test
	void upgradeWithoutSessionCookieIsRejectedWith401() {
		SessionHandshakeInterceptor interceptor = new SessionHandshakeInterceptor(this.authenticator,
				(authentication, upgrade) -> "data");
		assertThat(beforeHandshake(interceptor, new MockHttpServletRequest("GET", "/ws"))).isFalse();
		assertThat(this.servletResponse.getStatus()).isEqualTo(401);
		assertThat(this.servletResponse.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(this.attributes).isEmpty();
	}

	@Test
	void upgradeFromForeignOriginIsRejectedWith403() {
		MockHttpServletRequest request = authenticatedRequest();
		request.addHeader("Origin", "https://evil.example");
		SessionHandshakeInterceptor interceptor = new SessionHandshakeInterceptor(this.authenticator,
				(authentication, upgrade) -> "data");
		assertThat(beforeHandshake(interceptor, request)).isFalse();
		assertThat(this.servletResponse.getStatus()).isEqualTo(403);
		assertThat(this.attributes).isEmpty();
	}

	@Test
	void upgradeWhoseUserDataIsNullIsRejectedWith401() {
		SessionHandshakeInterceptor interceptor = new SessionHandshakeInterceptor(this.authenticator,
				(authentication, upgrade) -> null);
		assertThat(beforeHandshake(interceptor, authenticatedRequest())).isFalse();
		assertThat(this.servletResponse.getStatus()).isEqualTo(401);
		assertThat(this.attributes).isEmpty();
	}

	@Test
	void nonServletUpgradeIsRejectedWith401() {
		SessionHandshakeInterceptor interceptor = new SessionHandshakeInterceptor(this.authenticator,
				(authentication, upgrade) -> "data");
		ServletServerHttpResponse response = new ServletServerHttpResponse(this.servletResponse);
		assertThat(interceptor.beforeHandshake(mock(ServerHttpRequest.class), response, mock(WebSocketHandler.class),
				this.attributes))
			.isFalse();
		response.close();
		assertThat(this.servletResponse.getStatus()).isEqualTo(401);
	}

	@Test
	void decisionIsMadeOncePerRequest() {
		MockHttpServletRequest request = authenticatedRequest();
		HandshakeAuthenticator.Decision first = this.authenticator.authenticate(request);
		request.getSession(false).invalidate();
		assertThat(this.authenticator.authenticate(request)).isSameAs(first);
		assertThat(first.isAccepted()).isTrue();
		assertThat(first.status()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void filterRejectsUnauthenticatedUpgradeOfEndpoint() throws Exception {
		HandshakeAuthenticationFilter filter = new HandshakeAuthenticationFilter(endpoints("/ws"), this.authenticator);
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(new MockHttpServletRequest("GET", "/ws"), this.servletResponse, chain);
		assertThat(this.servletResponse.getStatus()).isEqualTo(401);
		assertThat(this.servletResponse.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(chain.getRequest()).isNull();
	}

	@Test
	void filterRejectsForeignOriginUpgradeOfEndpoint() throws Exception {
		HandshakeAuthenticationFilter filter = new HandshakeAuthenticationFilter(endpoints("/ws"), this.authenticator);
		MockHttpServletRequest request = authenticatedRequest();
		request.addHeader("Origin", "https://evil.example");
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, this.servletResponse, chain);
		assertThat(this.servletResponse.getStatus()).isEqualTo(403);
		assertThat(chain.getRequest()).isNull();
	}

	@Test
	void filterPassesAuthenticatedUpgradeOfEndpoint() throws Exception {
		HandshakeAuthenticationFilter filter = new HandshakeAuthenticationFilter(endpoints("/ws"), this.authenticator);
		MockHttpServletRequest request = authenticatedRequest();
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, this.servletResponse, chain);
		assertThat(chain.getRequest()).isSameAs(request);
	}

	@Test
	void filterIgnoresOtherPaths() throws Exception {
		HandshakeAuthenticationFilter filter = new HandshakeAuthenticationFilter(endpoints("/ws"), this.authenticator);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api");
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, this.servletResponse, chain);
		assertThat(chain.getRequest()).isSameAs(request);
	}

	@Test
	void endpointMatcherMatchesNothingBeforeEndpointsAreKnown() {
		assertThat(new StompEndpointRequestMatcher().matches(new MockHttpServletRequest("GET", "/ws"))).isFalse();
	}

	@Test
	void endpointMatcherMatchesPathWithinApplication() {
		StompEndpointRequestMatcher matcher = endpoints("/ws", "/sockjs/**");
		assertThat(matcher.getPatterns()).containsExactly("/ws", "/sockjs/**");
		MockHttpServletRequest withContextPath = new MockHttpServletRequest("GET", "/app/ws");
		withContextPath.setContextPath("/app");
		assertThat(matcher.matches(withContextPath)).isTrue();
		assertThat(matcher.matches(new MockHttpServletRequest("GET", "/ws;jsessionid=x"))).isTrue();
		assertThat(matcher.matches(new MockHttpServletRequest("GET", "/w%73"))).isTrue();
		assertThat(matcher.matches(new MockHttpServletRequest("GET", "/sockjs/1/abc/websocket"))).isTrue();
		assertThat(matcher.matches(new MockHttpServletRequest("GET", "/wsx"))).isFalse();
	}

	@Test
	void upgradeWhenTheSessionStoreFailsIsRejectedWith503AndRetryAfter() {
		SessionHandshakeInterceptor interceptor = new SessionHandshakeInterceptor(this.authenticator,
				(authentication, upgrade) -> "data");
		assertThat(beforeHandshake(interceptor, storeFailingRequest())).isFalse();
		assertThat(this.servletResponse.getStatus()).isEqualTo(503);
		assertThat(this.servletResponse.getHeader("Retry-After")).isEqualTo("5");
		assertThat(this.servletResponse.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(this.attributes).isEmpty();
	}

	@Test
	void filterAnswersUpgradeWith503WhenTheSessionStoreFails() throws Exception {
		HandshakeAuthenticationFilter filter = new HandshakeAuthenticationFilter(endpoints("/ws"), this.authenticator);
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(storeFailingRequest(), this.servletResponse, chain);
		assertThat(this.servletResponse.getStatus()).isEqualTo(503);
		assertThat(this.servletResponse.getHeader("Retry-After")).isEqualTo("5");
		assertThat(this.servletResponse.getContentAsString()).isEqualTo("Session store unavailable");
		assertThat(chain.getRequest()).isNull();
	}

	private static MockHttpServletRequest storeFailingRequest() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws") {

			@Override
			public HttpSession getSession(boolean create) {
				throw new IllegalStateException("Unable to connect to the session store");
			}

		};
		request.setRequestedSessionId("abc");
		return request;
	}

	private boolean beforeHandshake(SessionHandshakeInterceptor interceptor, MockHttpServletRequest request) {
		ServletServerHttpResponse response = new ServletServerHttpResponse(this.servletResponse);
		boolean result = interceptor.beforeHandshake(new ServletServerHttpRequest(request), response,
				mock(WebSocketHandler.class), this.attributes);
		response.close();
		return result;
	}

	private static StompEndpointRequestMatcher endpoints(String... patterns) {
		StompEndpointRequestMatcher matcher = new StompEndpointRequestMatcher();
		matcher.setPatterns(List.of(patterns));
		return matcher;
	}

	private static MockHttpServletRequest authenticatedRequest() {
		MockHttpSession session = new MockHttpSession();
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(ALICE));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");
		request.setSession(session);
		request.setRequestedSessionId(session.getId());
		request.setRequestedSessionIdFromCookie(true);
		return request;
	}

}
