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

package dev.wsauth.actuate;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.socket.CloseStatus;

import dev.wsauth.revocation.WebSocketRevocations;
import dev.wsauth.socket.ConnectionRegistry;
import dev.wsauth.socket.WebSocketConnection;
import dev.wsauth.socket.WsAuthCloseStatus;
import dev.wsauth.topic.DestinationAuthorizationManager;
import dev.wsauth.topic.DestinationCommand;
import dev.wsauth.topic.DestinationRuleDefinition;

/**
 * The {@code wsauth} Actuator endpoint. Operations:
 * <ul>
 * <li>{@code GET /actuator/wsauth}: the destination rules and what is open on this
 * node;</li>
 * <li>{@code GET /actuator/wsauth/explain?user=&command=&destination=} (optionally
 * {@code authorities=}): whether a user may subscribe or send there, which rule decides
 * and why;</li>
 * <li>{@code GET /actuator/wsauth/users/{name}}: that user's connections on this
 * node;</li>
 * <li>{@code DELETE /actuator/wsauth/users/{name}} (optionally {@code code=}): close that
 * user's sockets on every node.</li>
 * </ul>
 * It never shows a WebSocket or HTTP session id, a token, a ticket or a credential.
 *
 * @author wsauth
 * @since 0.1.0
 */
@Endpoint(id = "wsauth")
public final class WsAuthEndpoint {

	private static final Log logger = LogFactory.getLog(WsAuthEndpoint.class);

	private static final String EXPLAIN = "explain";

	private static final String USERS = "users";

	/** The close codes of the README's table that a forced close may use. */
	private static final Map<Integer, CloseStatus> CLOSE_STATUSES = Map.of(4001, WsAuthCloseStatus.UNAUTHENTICATED,
			4002, WsAuthCloseStatus.SESSION_ENDED, 4003, WsAuthCloseStatus.FORBIDDEN);

	private static final int DEFAULT_CLOSE_CODE = 4003;

	private final DestinationAuthorizationManager authorizationManager;

	private final ConnectionRegistry registry;

	private final WebSocketRevocations revocations;

	private final DestinationExplainer explainer;

	private @Nullable UserDetailsService userDetailsService;

	/**
	 * Create an endpoint.
	 * @param authorizationManager the manager that decides every SUBSCRIBE and SEND
	 * @param registry the connections of this node
	 * @param revocations closes sockets on every node
	 */
	public WsAuthEndpoint(DestinationAuthorizationManager authorizationManager, ConnectionRegistry registry,
			WebSocketRevocations revocations) {
		Assert.notNull(authorizationManager, "'authorizationManager' must not be null");
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(revocations, "'revocations' must not be null");
		this.authorizationManager = authorizationManager;
		this.registry = registry;
		this.revocations = revocations;
		this.explainer = new DestinationExplainer(authorizationManager);
	}

	/**
	 * Set the service that loads the user an explanation is about. Without one, an
	 * explanation needs the user's authorities.
	 * @param userDetailsService the application's user details service, or {@code null}
	 */
	public void setUserDetailsService(@Nullable UserDetailsService userDetailsService) {
		this.userDetailsService = userDetailsService;
	}

	/**
	 * Describe the destination rules, most specific first, and count what is open on this
	 * node.
	 * @return the description
	 */
	@ReadOperation
	public WsAuthDescriptor describe() {
		List<RuleDescriptor> rules = this.authorizationManager.getRules().stream().map(RuleDescriptor::of).toList();
		Collection<WebSocketConnection> connections = this.registry.getConnections();
		int subscriptions = 0;
		Set<String> users = new HashSet<>();
		for (WebSocketConnection connection : connections) {
			subscriptions += connection.getSubscriptions().size();
			Principal principal = connection.getPrincipal();
			if (principal != null) {
				users.add(principal.getName());
			}
		}
		return new WsAuthDescriptor(rules, new CountsDescriptor(connections.size(), subscriptions, users.size()));
	}

	/**
	 * Explain whether a user may subscribe or send to a destination: the decision, the
	 * rule that made it, and why. The user is loaded through the application's
	 * {@link UserDetailsService} unless authorities are given.
	 * @param operation {@code explain}
	 * @param user the user name
	 * @param command {@code subscribe} or {@code send}
	 * @param destination the destination
	 * @param authorities comma-separated authorities to decide with instead of the user's
	 * own, such as {@code ROLE_USER,ROLE_ADMIN}
	 * @return the explanation; 400 for a missing or invalid parameter, 404 for an unknown
	 * user or operation
	 */
	@ReadOperation
	public WebEndpointResponse<Object> explain(@Selector String operation, @Nullable String user,
			@Nullable String command, @Nullable String destination, @Nullable String authorities) {
		if (!EXPLAIN.equals(operation)) {
			return error(WebEndpointResponse.STATUS_NOT_FOUND, "not found");
		}
		if (!StringUtils.hasText(user)) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, "user is required");
		}
		DestinationCommand destinationCommand = command(command);
		if (destinationCommand == null) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, "command must be subscribe or send");
		}
		if (!StringUtils.hasText(destination)) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, "destination is required");
		}
		Authentication authentication;
		if (authorities != null) {
			authentication = UsernamePasswordAuthenticationToken.authenticated(user, null,
					AuthorityUtils.commaSeparatedStringToAuthorityList(authorities));
		}
		else {
			UserDetailsService userDetailsService = this.userDetailsService;
			if (userDetailsService == null) {
				return error(WebEndpointResponse.STATUS_BAD_REQUEST,
						"authorities are required: the application has no single UserDetailsService");
			}
			UserDetails details;
			try {
				details = userDetailsService.loadUserByUsername(user);
			}
			catch (UsernameNotFoundException ex) {
				return error(WebEndpointResponse.STATUS_NOT_FOUND, "unknown user");
			}
			catch (RuntimeException ex) {
				logger.debug("Could not load a user to explain a decision", ex);
				return error(WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE, "user store unavailable");
			}
			// The name the user store answers with, as a login would authenticate it.
			authentication = UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities());
			String unusable = unusableAccount(details);
			if (unusable != null) {
				// The rule's answer is still shown: it is what the user gets once the
				// account is usable again.
				ExplanationDescriptor ruled = this.explainer.explain(authentication, destinationCommand, destination);
				return new WebEndpointResponse<>(new ExplanationDescriptor("denied", ruled.rule(), unusable
						+ "; a login would be refused (otherwise " + ruled.decision() + ": " + ruled.reason() + ")"));
			}
		}
		return new WebEndpointResponse<>(this.explainer.explain(authentication, destinationCommand, destination));
	}

	/**
	 * Why a login of the account would be refused, checked in the order of Spring
	 * Security's {@code AccountStatusUserDetailsChecker}, or {@code null} when it would
	 * not be.
	 */
	private static @Nullable String unusableAccount(UserDetails details) {
		if (!details.isAccountNonLocked()) {
			return "account is locked";
		}
		if (!details.isEnabled()) {
			return "account is disabled";
		}
		if (!details.isAccountNonExpired()) {
			return "account has expired";
		}
		if (!details.isCredentialsNonExpired()) {
			return "credentials have expired";
		}
		return null;
	}

	/**
	 * List a user's open connections on this node.
	 * @param collection {@code users}
	 * @param name the principal name
	 * @return the connections, empty when the user has none on this node; 404 for another
	 * collection
	 */
	@ReadOperation
	public WebEndpointResponse<Object> connections(@Selector String collection, @Selector String name) {
		if (!USERS.equals(collection)) {
			return error(WebEndpointResponse.STATUS_NOT_FOUND, "not found");
		}
		List<ConnectionDescriptor> connections = this.registry.findByPrincipalName(name)
			.stream()
			.map(ConnectionDescriptor::of)
			.sorted((a, b) -> a.connectedAt().compareTo(b.connectedAt()))
			.toList();
		return new WebEndpointResponse<>(new UserDescriptor(connections));
	}

	/**
	 * Close a user's sockets on every node: on this one directly, on the others through
	 * the revocation broadcast (Redis pub/sub when Redis is available).
	 * @param collection {@code users}
	 * @param name the principal name
	 * @param code the close code, {@code 4001}, {@code 4002} or {@code 4003} (default)
	 * @return the number of sockets closed on this node; 400 for another code, 404 for
	 * another collection
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> close(@Selector String collection, @Selector String name,
			@Nullable String code) {
		if (!USERS.equals(collection)) {
			return error(WebEndpointResponse.STATUS_NOT_FOUND, "not found");
		}
		CloseStatus status = closeStatus(code);
		if (status == null) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, "code must be 4001, 4002 or 4003");
		}
		int closed = this.revocations.revokeUser(name, status);
		return new WebEndpointResponse<>(new ClosedDescriptor(status.getCode(), closed));
	}

	private static @Nullable DestinationCommand command(@Nullable String command) {
		if (command == null) {
			return null;
		}
		return switch (command.toLowerCase(Locale.ROOT)) {
			case "subscribe" -> DestinationCommand.SUBSCRIBE;
			case "send" -> DestinationCommand.SEND;
			default -> null;
		};
	}

	private static @Nullable CloseStatus closeStatus(@Nullable String code) {
		if (!StringUtils.hasText(code)) {
			return CLOSE_STATUSES.get(DEFAULT_CLOSE_CODE);
		}
		try {
			return CLOSE_STATUSES.get(Integer.parseInt(code.trim()));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static WebEndpointResponse<Object> error(int status, String reason) {
		return new WebEndpointResponse<>(new ErrorDescriptor(reason), status);
	}

	/**
	 * The destination rules and what is open on this node.
	 *
	 * @param rules the rules, most specific first
	 * @param counts what is open on this node
	 */
	public record WsAuthDescriptor(List<RuleDescriptor> rules, CountsDescriptor counts) {

	}

	/**
	 * One destination rule.
	 *
	 * @param command {@code SUBSCRIBE} or {@code SEND}
	 * @param pattern the destination pattern
	 * @param expression the Spring Security expression, or {@code null} for the built-in
	 * grant of user destinations
	 * @param source where the rule was declared, such as
	 * {@code wsauth.authorization.rules[0]} or {@code com.example.BoardRules#read}, or
	 * {@code null} for the built-in grant of user destinations
	 */
	public record RuleDescriptor(String command, String pattern, @Nullable String expression, @Nullable String source) {

		static RuleDescriptor of(DestinationRuleDefinition rule) {
			return new RuleDescriptor(rule.command().name(), rule.pattern(), rule.expression(), rule.source());
		}

	}

	/**
	 * What is open on this node.
	 *
	 * @param connections the open connections
	 * @param subscriptions their live subscriptions
	 * @param users the distinct users they belong to
	 */
	public record CountsDescriptor(int connections, int subscriptions, int users) {

	}

	/**
	 * Whether a user may subscribe or send to a destination.
	 *
	 * @param decision {@code granted} or {@code denied}
	 * @param rule the rule that decided, or {@code null} when none matched
	 * @param reason why, in a few words
	 */
	public record ExplanationDescriptor(String decision, @Nullable RuleDescriptor rule, String reason) {

	}

	/**
	 * A user's open connections on this node.
	 *
	 * @param connections the connections, oldest first
	 */
	public record UserDescriptor(List<ConnectionDescriptor> connections) {

	}

	/**
	 * One open connection, without any id or credential.
	 *
	 * @param connectedAt when the socket opened
	 * @param remoteAddress the client's address, or {@code null} if unknown
	 * @param transport {@code websocket} or {@code sockjs}
	 * @param subscriptions the destinations of its live subscriptions, sorted
	 */
	public record ConnectionDescriptor(Instant connectedAt, @Nullable String remoteAddress, String transport,
			List<String> subscriptions) {

		static ConnectionDescriptor of(WebSocketConnection connection) {
			return new ConnectionDescriptor(connection.getConnectedAt(), address(connection.getRemoteAddress()),
					connection.getTransport(), connection.getSubscriptions().values().stream().sorted().toList());
		}

		private static @Nullable String address(@Nullable InetSocketAddress address) {
			if (address == null) {
				return null;
			}
			InetAddress inetAddress = address.getAddress();
			return (inetAddress != null) ? inetAddress.getHostAddress() : address.getHostString();
		}

	}

	/**
	 * The sockets a forced close closed.
	 *
	 * @param code the close code sent
	 * @param closedOnThisNode the number of sockets closed on this node; other nodes
	 * close theirs when the broadcast reaches them
	 */
	public record ClosedDescriptor(int code, int closedOnThisNode) {

	}

	/**
	 * Why a request was refused.
	 *
	 * @param error a short, generic reason
	 */
	public record ErrorDescriptor(String error) {

	}

}
