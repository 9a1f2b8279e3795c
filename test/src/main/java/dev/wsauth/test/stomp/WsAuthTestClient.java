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

package dev.wsauth.test.stomp;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

import dev.wsauth.handshake.StompEndpointRequestMatcher;
import dev.wsauth.test.rules.DestinationRules;
import dev.wsauth.ticket.TicketService;
import dev.wsauth.topic.DestinationAuthorizationManager;

/**
 * Connects to the running application as a given user, without a login form: a session
 * for the user is created directly in the application's Spring Session
 * {@code SessionRepository} (the user loaded through its {@code UserDetailsService}, or
 * given as an {@link Authentication}), and the socket presents it as the application's
 * {@code CookieSerializer} writes the cookie, from the application's own origin; or a
 * one-time ticket is issued for that session through the application's
 * {@link TicketService}. The upgrade and STOMP CONNECT are real, over a real socket.
 *
 * <p>
 * In a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} test annotated with
 * {@code @AutoConfigureWsAuthTestClient}, inject it; elsewhere create it with
 * {@link #create(ApplicationContext)}. Instances are immutable: {@link #endpoint},
 * {@link #origin} and {@link #timeout} return a copy.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class WsAuthTestClient {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContext context;

	private final @Nullable Integer port;

	private final @Nullable String endpoint;

	private final @Nullable String origin;

	private final Duration timeout;

	private final AppSessions sessions;

	private WsAuthTestClient(ApplicationContext context, @Nullable Integer port, @Nullable String endpoint,
			@Nullable String origin, Duration timeout) {
		this.context = context;
		this.port = port;
		this.endpoint = endpoint;
		this.origin = origin;
		this.timeout = timeout;
		this.sessions = new AppSessions(context);
	}

	/**
	 * Create a client for the application of a context started on a port by
	 * {@code @SpringBootTest} ({@code local.server.port}, read at each connect).
	 * @param context the application context
	 * @return the client
	 */
	public static WsAuthTestClient create(ApplicationContext context) {
		Assert.notNull(context, "'context' must not be null");
		return new WsAuthTestClient(context, null, null, null, DEFAULT_TIMEOUT);
	}

	/**
	 * Create a client for the application of a context listening on a port.
	 * @param context the application context
	 * @param port the HTTP port
	 * @return the client
	 */
	public static WsAuthTestClient create(ApplicationContext context, int port) {
		Assert.notNull(context, "'context' must not be null");
		return new WsAuthTestClient(context, port, null, null, DEFAULT_TIMEOUT);
	}

	/**
	 * Return a copy that connects to another STOMP endpoint. By default the client uses
	 * the application's only endpoint that is not a CONNECT-authentication endpoint.
	 * @param path the endpoint path, such as {@code /ws}
	 * @return the copy
	 */
	public WsAuthTestClient endpoint(String path) {
		Assert.isTrue(path != null && path.startsWith("/"), "'path' must start with '/'");
		return new WsAuthTestClient(this.context, this.port, path, this.origin, this.timeout);
	}

	/**
	 * Return a copy that sends another {@code Origin} on the upgrade. By default it is
	 * the application's own ({@code http://localhost:<port>}), which the origin policy
	 * always accepts.
	 * @param origin the origin, such as {@code https://app.example.com}
	 * @return the copy
	 */
	public WsAuthTestClient origin(String origin) {
		Assert.hasText(origin, "'origin' must not be empty");
		return new WsAuthTestClient(this.context, this.port, this.endpoint, origin, this.timeout);
	}

	/**
	 * Return a copy whose connections wait up to the given time for answers (CONNECTED,
	 * receipts, denials, messages, close codes) unless an assertion says otherwise.
	 * Defaults to 10 seconds.
	 * @param timeout how long to wait
	 * @return the copy
	 */
	public WsAuthTestClient timeout(Duration timeout) {
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "'timeout' must be positive");
		return new WsAuthTestClient(this.context, this.port, this.endpoint, this.origin, timeout);
	}

	/**
	 * Connect as a user loaded through the application's {@code UserDetailsService}, with
	 * a session cookie.
	 * @param username the user name
	 * @return the connection, after CONNECTED
	 */
	public WsAuthConnection connectAs(String username) {
		return connectAs(rules().user(username));
	}

	/**
	 * Connect with a session holding exactly the given authentication, with a session
	 * cookie.
	 * @param user the authentication, such as
	 * {@link dev.wsauth.test.rules.TestUsers#user(String, String...)}
	 * @return the connection, after CONNECTED
	 */
	public WsAuthConnection connectAs(Authentication user) {
		Assert.notNull(user, "'user' must not be null");
		String sessionId = this.sessions.create(user);
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Cookie", this.sessions.cookie(sessionId));
		headers.put("Origin", origin());
		String endpoint = endpointPath();
		return open(user, sessionId, webSocketUri(endpoint, null), headers);
	}

	/**
	 * Connect as a user loaded through the application's {@code UserDetailsService}, with
	 * a one-time ticket and no cookie, as a cross-origin or native client would.
	 * @param username the user name
	 * @return the connection, after CONNECTED
	 */
	public WsAuthConnection connectWithTicketAs(String username) {
		return connectWithTicketAs(rules().user(username));
	}

	/**
	 * Connect with a one-time ticket for a session holding exactly the given
	 * authentication, and no cookie. The socket is bound to that session, as with
	 * {@code POST /__ws/ticket}.
	 * @param user the authentication
	 * @return the connection, after CONNECTED
	 */
	public WsAuthConnection connectWithTicketAs(Authentication user) {
		Assert.notNull(user, "'user' must not be null");
		TicketService tickets = this.context.getBeanProvider(TicketService.class).getIfAvailable();
		Assert.state(tickets != null, "The application issues no tickets (wsauth.ticket.enabled=false)");
		String sessionId = this.sessions.create(user);
		String endpoint = endpointPath();
		String ticket = tickets.issue(user, sessionId, origin(), endpoint, null);
		return open(user, sessionId, webSocketUri(endpoint, ticket), Map.of("Origin", origin()));
	}

	@Override
	public String toString() {
		return "WsAuthTestClient[" + ((this.endpoint != null) ? this.endpoint : "default endpoint") + "]";
	}

	private WsAuthConnection open(Authentication user, String sessionId, URI uri, Map<String, String> headers) {
		String endpoint = "ws://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
		WsAuthConnection connection = new WsAuthConnection(user, endpoint, sessionId, this.sessions, rulesOrNull(),
				this.timeout);
		connection.open(uri, headers);
		return connection;
	}

	private DestinationRules rules() {
		return DestinationRules.of(this.context);
	}

	private @Nullable DestinationRules rulesOrNull() {
		return (this.context.getBeanProvider(DestinationAuthorizationManager.class).getIfUnique() != null)
				? DestinationRules.of(this.context) : null;
	}

	private int port() {
		if (this.port != null) {
			return this.port;
		}
		Integer port = this.context.getEnvironment().getProperty("local.server.port", Integer.class);
		Assert.state(port != null, "The application is not listening on a port: use "
				+ "@SpringBootTest(webEnvironment = RANDOM_PORT), or WsAuthTestClient.create(context, port)");
		return port;
	}

	private String origin() {
		return (this.origin != null) ? this.origin : "http://localhost:" + port();
	}

	private URI webSocketUri(String endpoint, @Nullable String ticket) {
		String contextPath = this.context.getEnvironment().getProperty("server.servlet.context-path", "");
		String query = (ticket != null) ? "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8) : "";
		return URI.create("ws://localhost:" + port() + stripTrailingSlash(contextPath) + endpoint + query);
	}

	private String endpointPath() {
		if (this.endpoint != null) {
			return this.endpoint;
		}
		StompEndpointRequestMatcher matcher = this.context.getBeanProvider(StompEndpointRequestMatcher.class)
			.getIfAvailable();
		List<String> endpoints = new ArrayList<>((matcher != null) ? matcher.getEndpoints() : List.of());
		endpoints.removeAll(connectAuthenticationEndpoints(this.context.getEnvironment()));
		Assert.state(endpoints.size() == 1, () -> "Cannot choose a STOMP endpoint among " + endpoints
				+ ": name one with WsAuthTestClient.endpoint(\"/ws\")");
		return endpoints.get(0);
	}

	private static List<String> connectAuthenticationEndpoints(Environment environment) {
		return Binder.get(environment)
			.bind("wsauth.connect-authentication.endpoints", Bindable.listOf(String.class))
			.orElse(List.of());
	}

	private static String stripTrailingSlash(String path) {
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

}
