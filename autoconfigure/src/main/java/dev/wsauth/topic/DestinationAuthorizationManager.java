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

package dev.wsauth.topic;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.http.server.PathContainer;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.access.expression.method.MethodSecurityExpressionHandler;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

import dev.wsauth.socket.WebSocketSessionIds;
import dev.wsauth.socket.UserDestinations;

/**
 * Decides SUBSCRIBE and SEND frames by their destination. In order:
 * <ol>
 * <li>a missing destination, or one the {@link DestinationValidator} refuses (patterns,
 * non-canonical paths), is denied as {@link DenialReason#INVALID_DESTINATION};</li>
 * <li>a frame without an authenticated user is denied;</li>
 * <li>a SUBSCRIBE under the user destination prefix ({@code /user/}) is allowed, since
 * Spring resolves it to the subscriber's own session;</li>
 * <li>a destination that names a resolved user queue ({@code -user} in its last segment)
 * is denied;</li>
 * <li>the most specific rule whose pattern matches decides;</li>
 * <li>everything else is denied.</li>
 * </ol>
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class DestinationAuthorizationManager implements AuthorizationManager<Message<?>> {

	private static final String UNSENT_FRAME_ID = "wsauth-unsent";

	private static final Log logger = LogFactory.getLog(DestinationAuthorizationManager.class);

	private static final String RESOLVED_USER_DESTINATION_MARKER = "-user";

	private final MethodSecurityExpressionHandler expressionHandler;

	private final DestinationValidator validator;

	private ConversionService conversionService = DefaultConversionService.getSharedInstance();

	private AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private volatile @Nullable DestinationRuleIndex rules;

	private volatile String userDestinationPrefix = UserDestinations.DEFAULT_PREFIX;

	private volatile DestinationAuthorizationDecision userDestinationGrant = userDestinationGrant(
			UserDestinations.DEFAULT_PREFIX);

	/**
	 * Create a manager. It denies every frame until its rules are compiled, which happens
	 * once all singletons are created.
	 * @param expressionHandler the handler that evaluates rule expressions
	 * @param validator the destination validator
	 */
	public DestinationAuthorizationManager(MethodSecurityExpressionHandler expressionHandler,
			DestinationValidator validator) {
		Assert.notNull(expressionHandler, "'expressionHandler' must not be null");
		Assert.notNull(validator, "'validator' must not be null");
		this.expressionHandler = expressionHandler;
		this.validator = validator;
	}

	/**
	 * Set the conversion service for rule method parameters.
	 * @param conversionService the conversion service
	 */
	public void setConversionService(ConversionService conversionService) {
		Assert.notNull(conversionService, "'conversionService' must not be null");
		this.conversionService = conversionService;
	}

	/**
	 * Set the resolver that tells anonymous authentications apart.
	 * @param trustResolver the trust resolver
	 */
	public void setTrustResolver(AuthenticationTrustResolver trustResolver) {
		Assert.notNull(trustResolver, "'trustResolver' must not be null");
		this.trustResolver = trustResolver;
	}

	MethodSecurityExpressionHandler getExpressionHandler() {
		return this.expressionHandler;
	}

	void setRules(List<DestinationRule> rules) {
		this.rules = new DestinationRuleIndex(rules);
	}

	void setUserDestinationPrefix(String userDestinationPrefix) {
		String prefix = userDestinationPrefix.endsWith("/") ? userDestinationPrefix : userDestinationPrefix + "/";
		this.userDestinationPrefix = prefix;
		this.userDestinationGrant = userDestinationGrant(prefix);
	}

	/**
	 * Return a description of every compiled rule, most specific first.
	 * @return the rules, such as {@code SUBSCRIBE /topic/admin}
	 */
	public List<String> getRuleDescriptions() {
		DestinationRuleIndex rules = this.rules;
		return (rules != null) ? rules.rules().stream().map(DestinationRule::describe).toList() : List.of();
	}

	/**
	 * Return how many rules are compiled.
	 * @return the number of rules
	 */
	public int getRuleCount() {
		DestinationRuleIndex rules = this.rules;
		return (rules != null) ? rules.rules().size() : 0;
	}

	/**
	 * Return whether a rule of the command matches the destination, whoever sends the
	 * frame: a destination no rule matches is always denied.
	 * @param command the command
	 * @param destination a concrete destination
	 * @return whether some rule decides frames to it
	 */
	public boolean hasRuleFor(DestinationCommand command, String destination) {
		DestinationRuleIndex rules = this.rules;
		return rules != null && rules.find(command, destination) != null;
	}

	/**
	 * Return whether a rule of the command can match some destination under a prefix.
	 * @param command the command
	 * @param prefix a destination prefix, such as {@code /topic/}
	 * @return whether some rule decides frames to destinations under it
	 */
	public boolean hasRuleUnder(DestinationCommand command, String prefix) {
		DestinationRuleIndex rules = this.rules;
		if (rules == null) {
			return false;
		}
		String probe = prefix.endsWith("/") ? prefix + "x" : prefix + "/x";
		for (DestinationRule rule : rules.rules()) {
			if (rule.command() == command && (rule.pattern().getPatternString().startsWith(prefix) || rule.pattern()
				.matches(PathContainer.parsePath(probe, PathContainer.Options.create('/', false))))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return every compiled rule as it was declared, most specific first: command,
	 * pattern, expression and where it was declared.
	 * @return the rules, empty until they are compiled
	 */
	public List<DestinationRuleDefinition> getRules() {
		DestinationRuleIndex rules = this.rules;
		return (rules != null) ? rules.rules().stream().map(DestinationRule::definition).toList() : List.of();
	}

	/**
	 * Decide a frame that was never sent, as if {@code user} sent it on a connection: for
	 * explaining a decision (the Actuator endpoint) and for checking rules in tests.
	 * @param user the user
	 * @param command the command
	 * @param destination the destination
	 * @return the decision
	 */
	public DestinationAuthorizationDecision authorize(Authentication user, DestinationCommand command,
			String destination) {
		Assert.notNull(user, "'user' must not be null");
		Assert.notNull(command, "'command' must not be null");
		Assert.notNull(destination, "'destination' must not be null");
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor
			.create((command == DestinationCommand.SUBSCRIBE) ? SimpMessageType.SUBSCRIBE : SimpMessageType.MESSAGE);
		accessor.setDestination(destination);
		// A session id that is safe in a resolved user destination, as real ones are.
		accessor.setSessionId(UNSENT_FRAME_ID);
		if (command == DestinationCommand.SUBSCRIBE) {
			accessor.setSubscriptionId(UNSENT_FRAME_ID);
		}
		accessor.setUser(user);
		return authorize(() -> user, MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders()));
	}

	@Override
	public DestinationAuthorizationDecision authorize(Supplier<? extends @Nullable Authentication> authentication,
			Message<?> message) {
		SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
		if (type != SimpMessageType.SUBSCRIBE && type != SimpMessageType.MESSAGE) {
			return DestinationAuthorizationDecision.denied(DenialReason.FORBIDDEN, null);
		}
		String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
		if (destination == null || !this.validator.isValid(destination)) {
			return DestinationAuthorizationDecision.denied(DenialReason.INVALID_DESTINATION, null);
		}
		Authentication user = authentication.get();
		if (user == null || !user.isAuthenticated() || this.trustResolver.isAnonymous(user)) {
			return DestinationAuthorizationDecision.denied(DenialReason.UNAUTHENTICATED, null);
		}
		DestinationCommand command = DestinationCommand.of(type);
		if (command == DestinationCommand.SUBSCRIBE && destination.startsWith(this.userDestinationPrefix)) {
			if (!WebSocketSessionIds.isSafe(SimpMessageHeaderAccessor.getSessionId(message.getHeaders()))) {
				// The resolved destination embeds the session id; it must stay a literal.
				return DestinationAuthorizationDecision.denied(DenialReason.INVALID_DESTINATION, null);
			}
			return this.userDestinationGrant;
		}
		if (isResolvedUserDestination(destination)) {
			return DestinationAuthorizationDecision.denied(DenialReason.FORBIDDEN, null);
		}
		DestinationRuleIndex rules = this.rules;
		DestinationRuleIndex.Match match = (rules != null) ? rules.find(command, destination) : null;
		if (match == null) {
			return DestinationAuthorizationDecision.denied(DenialReason.FORBIDDEN, null);
		}
		return decide(match.rule(), authentication, match.variables());
	}

	private DestinationAuthorizationDecision decide(DestinationRule rule,
			Supplier<? extends @Nullable Authentication> authentication, Map<String, String> variables) {
		boolean granted;
		try {
			granted = rule.evaluate(authentication, variables, this.expressionHandler, this.conversionService);
		}
		catch (RuntimeException ex) {
			// Fail closed: an expression that throws (a bean error, a failed conversion)
			// denies.
			logger.debug("Destination rule " + rule.describe() + " failed; denying", ex);
			granted = false;
		}
		return rule.decision(granted);
	}

	private static DestinationAuthorizationDecision userDestinationGrant(String prefix) {
		return DestinationAuthorizationDecision.granted("SUBSCRIBE " + prefix + "**");
	}

	private static boolean isResolvedUserDestination(String destination) {
		int lastSegment = destination.lastIndexOf('/');
		return destination.indexOf(RESOLVED_USER_DESTINATION_MARKER, lastSegment) >= 0;
	}

}
