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

package dev.wsauth.jmh;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

import dev.wsauth.topic.CanonicalDestinationValidator;
import dev.wsauth.topic.DestinationAuthorizationManager;
import dev.wsauth.topic.DestinationCommand;
import dev.wsauth.topic.DestinationRuleDefinition;
import dev.wsauth.topic.DestinationRulesInitializer;

/**
 * The generated rules, the wsauth manager compiled from them and the SUBSCRIBE messages
 * measured, shared by both benchmarks so that they decide the same frames against the
 * same rules.
 *
 * <p>
 * Rule {@code i} is literal ({@code /topic/lit.i}) when {@code i} is even; otherwise it
 * is templated, in turn {@code /topic/room<i>.{id}}, {@code /topic/org<i>/{team}/**} and
 * {@code /topic/board<i>.{boardId}.cards}. Expressions go round
 * {@code isAuthenticated()}, {@code hasRole('USER')}, {@code hasAuthority('SCOPE_read')}
 * and {@code permitAll}; the room rule nearest the middle of the generated list is
 * instead {@code #id.length() < 10}.
 *
 * <p>
 * wsauth evaluates its rules most specific first ({@code PathPattern}'s specificity
 * order), so literal rules come before templated ones and the {@code /**} rules come
 * last. Positions are taken in that compiled order, among the {@code hasRole('USER')}
 * rules of one kind: {@code start} is the first, {@code middle} the one in the middle,
 * {@code end} the last. With 10 rules each kind has a single such rule, so the three
 * positions are the same rule.
 */
final class BenchmarkRules {

	static final String IS_AUTHENTICATED = "isAuthenticated()";

	static final String HAS_ROLE_USER = "hasRole('USER')";

	static final String HAS_AUTHORITY_SCOPE_READ = "hasAuthority('SCOPE_read')";

	static final String PERMIT_ALL = "permitAll";

	static final String ID_SHORTER_THAN_10 = "#id.length() < 10";

	static final String[] POSITIONS = { "start", "middle", "end" };

	private static final String[] EXPRESSIONS = { IS_AUTHENTICATED, HAS_ROLE_USER, HAS_AUTHORITY_SCOPE_READ,
			PERMIT_ALL };

	private static final String MISS_DESTINATION = "/topic/none.1";

	private static final Log logger = LogFactory.getLog(BenchmarkRules.class);

	final Authentication user = UsernamePasswordAuthenticationToken.authenticated("user", null,
			AuthorityUtils.createAuthorityList("ROLE_USER", "SCOPE_read"));

	final Supplier<Authentication> authentication = () -> this.user;

	final DestinationAuthorizationManager manager;

	/**
	 * The rule definitions in the order wsauth evaluates them.
	 */
	final List<DestinationRuleDefinition> compiledOrder;

	/**
	 * The patterns {@link #literalMessages} hit, by position.
	 */
	final String[] literalPatterns = new String[POSITIONS.length];

	final Message<byte[]>[] literalMessages = newMessageArray();

	/**
	 * The patterns {@link #templatedMessages} hit, by position.
	 */
	final String[] templatedPatterns = new String[POSITIONS.length];

	final Message<byte[]>[] templatedMessages = newMessageArray();

	final String expressionPattern;

	final Message<byte[]> expressionMessage;

	/**
	 * A destination of the expression rule whose variable fails the expression.
	 */
	final Message<byte[]> expressionDeniedMessage;

	final Message<byte[]> missMessage = subscribe(MISS_DESTINATION);

	BenchmarkRules(int count) {
		List<DestinationRuleDefinition> definitions = generate(count);
		this.manager = new DestinationAuthorizationManager(new DefaultMethodSecurityExpressionHandler(),
				new CanonicalDestinationValidator());
		new DestinationRulesInitializer(this.manager, definitions).afterSingletonsInstantiated();
		this.compiledOrder = compiledOrder(definitions, this.manager.getRuleDescriptions());
		List<Integer> literal = new ArrayList<>();
		List<Integer> templated = new ArrayList<>();
		int expressionIndex = -1;
		for (int i = 0; i < this.compiledOrder.size(); i++) {
			DestinationRuleDefinition definition = this.compiledOrder.get(i);
			if (definition.expression().equals(ID_SHORTER_THAN_10)) {
				expressionIndex = i;
			}
			else if (definition.expression().equals(HAS_ROLE_USER)) {
				(definition.pattern().contains("{") ? templated : literal).add(i);
			}
		}
		if (literal.isEmpty() || templated.isEmpty() || expressionIndex < 0) {
			throw new IllegalStateException(count + " rules are too few to benchmark");
		}
		for (int p = 0; p < POSITIONS.length; p++) {
			int literalIndex = pick(literal, p);
			this.literalPatterns[p] = this.compiledOrder.get(literalIndex).pattern();
			this.literalMessages[p] = subscribe(destination(this.literalPatterns[p], "42"));
			int templatedIndex = pick(templated, p);
			this.templatedPatterns[p] = this.compiledOrder.get(templatedIndex).pattern();
			this.templatedMessages[p] = subscribe(destination(this.templatedPatterns[p], "42"));
			logger.info(count + " rules, " + POSITIONS[p] + ": literal rule " + (literalIndex + 1) + " ("
					+ this.literalPatterns[p] + "), templated rule " + (templatedIndex + 1) + " ("
					+ this.templatedPatterns[p] + ") in evaluation order");
		}
		this.expressionPattern = this.compiledOrder.get(expressionIndex).pattern();
		this.expressionMessage = subscribe(destination(this.expressionPattern, "42"));
		this.expressionDeniedMessage = subscribe(destination(this.expressionPattern, "0123456789abc"));
		logger.info(count + " rules: expression rule " + (expressionIndex + 1) + " (" + this.expressionPattern
				+ ") in evaluation order");
	}

	private static List<DestinationRuleDefinition> generate(int count) {
		int expressionRule = -1;
		for (int i = 0; i < count; i++) {
			if (isRoom(i) && (expressionRule < 0 || Math.abs(i - count / 2) < Math.abs(expressionRule - count / 2))) {
				expressionRule = i;
			}
		}
		List<DestinationRuleDefinition> definitions = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String pattern;
			if (i % 2 == 0) {
				pattern = "/topic/lit." + i;
			}
			else {
				pattern = switch ((i / 2) % 3) {
					case 0 -> "/topic/room" + i + ".{id}";
					case 1 -> "/topic/org" + i + "/{team}/**";
					default -> "/topic/board" + i + ".{boardId}.cards";
				};
			}
			String expression = (i == expressionRule) ? ID_SHORTER_THAN_10 : EXPRESSIONS[(i / 2) % EXPRESSIONS.length];
			definitions.add(new DestinationRuleDefinition(DestinationCommand.SUBSCRIBE, pattern, expression,
					"generated rule " + i));
		}
		return definitions;
	}

	private static boolean isRoom(int i) {
		return i % 2 == 1 && (i / 2) % 3 == 0;
	}

	private static List<DestinationRuleDefinition> compiledOrder(List<DestinationRuleDefinition> definitions,
			List<String> descriptions) {
		Map<String, DestinationRuleDefinition> byDescription = new HashMap<>();
		for (DestinationRuleDefinition definition : definitions) {
			byDescription.put(definition.command() + " " + definition.pattern(), definition);
		}
		List<DestinationRuleDefinition> ordered = new ArrayList<>(descriptions.size());
		for (String description : descriptions) {
			DestinationRuleDefinition definition = byDescription.get(description);
			if (definition == null) {
				throw new IllegalStateException("Unexpected compiled rule " + description);
			}
			ordered.add(definition);
		}
		if (ordered.size() != definitions.size()) {
			throw new IllegalStateException(
					"Compiled " + ordered.size() + " rules out of " + definitions.size() + " definitions");
		}
		return ordered;
	}

	private static int pick(List<Integer> candidates, int position) {
		return switch (position) {
			case 0 -> candidates.get(0);
			case 1 -> candidates.get(candidates.size() / 2);
			default -> candidates.get(candidates.size() - 1);
		};
	}

	private static String destination(String pattern, String id) {
		return pattern.replace("{id}", id)
			.replace("{team}", "core")
			.replace("{boardId}", "7")
			.replace("/**", "/general");
	}

	static Message<byte[]> subscribe(String destination) {
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.SUBSCRIBE);
		accessor.setDestination(destination);
		accessor.setSessionId("s1");
		accessor.setSubscriptionId("sub-1");
		return MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
	}

	static int position(String name) {
		for (int p = 0; p < POSITIONS.length; p++) {
			if (POSITIONS[p].equals(name)) {
				return p;
			}
		}
		throw new IllegalArgumentException("Unknown position '" + name + "'");
	}

	static String destinationOf(Message<?> message) {
		return SimpMessageHeaderAccessor.getDestination(message.getHeaders());
	}

	@SuppressWarnings("unchecked")
	private static Message<byte[]>[] newMessageArray() {
		return (Message<byte[]>[]) new Message<?>[POSITIONS.length];
	}

}
