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

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.messaging.Message;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.messaging.access.intercept.MessageMatcherDelegatingAuthorizationManager;
import org.springframework.security.messaging.access.intercept.MessageMatcherDelegatingAuthorizationManager.Builder.Constraint;

import dev.wsauth.topic.DestinationRuleDefinition;

/**
 * The baseline for {@link RuleDecisionBenchmark}: Spring Security's
 * {@link MessageMatcherDelegatingAuthorizationManager} with the same rules, as
 * {@code simpSubscribeDestMatchers(pattern)} declared in wsauth's evaluation order (so a
 * frame is matched after the same number of rules), the expression rule as an
 * {@code access} lambda over the destination variable, and {@code anyMessage().denyAll()}
 * last, since Spring abstains where no matcher matches. The same frames are measured; the
 * setup checks each decision.
 *
 * @author wsauth
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SpringSecurityMatcherBenchmark {

	@Param({ "10", "1000", "10000" })
	int rules;

	private BenchmarkRules set;

	private AuthorizationManager<Message<?>> manager;

	/**
	 * Build the matchers and check every decision measured.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.set = new BenchmarkRules(this.rules);
		MessageMatcherDelegatingAuthorizationManager.Builder builder = MessageMatcherDelegatingAuthorizationManager
			.builder();
		for (DestinationRuleDefinition definition : this.set.compiledOrder) {
			builder = constrain(builder.simpSubscribeDestMatchers(definition.pattern()), definition.expression());
		}
		this.manager = builder.anyMessage().denyAll().build();
		for (int p = 0; p < BenchmarkRules.POSITIONS.length; p++) {
			expect(this.set.literalMessages[p], true);
			expect(this.set.templatedMessages[p], true);
		}
		expect(this.set.expressionMessage, true);
		expect(this.set.expressionDeniedMessage, false);
		expect(this.set.missMessage, false);
	}

	private static MessageMatcherDelegatingAuthorizationManager.Builder constrain(Constraint constraint,
			String expression) {
		return switch (expression) {
			case BenchmarkRules.IS_AUTHENTICATED -> constraint.authenticated();
			case BenchmarkRules.HAS_ROLE_USER -> constraint.hasRole("USER");
			case BenchmarkRules.HAS_AUTHORITY_SCOPE_READ -> constraint.hasAuthority("SCOPE_read");
			case BenchmarkRules.PERMIT_ALL -> constraint.permitAll();
			case BenchmarkRules.ID_SHORTER_THAN_10 -> constraint.access((authentication,
					context) -> new AuthorizationDecision(context.getVariables().getOrDefault("id", "").length() < 10));
			default -> throw new IllegalArgumentException("No matcher for expression '" + expression + "'");
		};
	}

	private void expect(Message<?> message, boolean granted) {
		@Nullable AuthorizationResult result = this.manager.authorize(this.set.authentication, message);
		if (result == null || result.isGranted() != granted) {
			throw new IllegalStateException("SUBSCRIBE " + BenchmarkRules.destinationOf(message) + " with " + this.rules
					+ " rules: expected granted=" + granted + ", got " + result);
		}
	}

	/**
	 * A literal {@code hasRole('USER')} rule.
	 * @param position where the rule is
	 * @return the decision
	 */
	@Benchmark
	public @Nullable AuthorizationResult literalHit(RuleDecisionBenchmark.Position position) {
		return this.manager.authorize(this.set.authentication, this.set.literalMessages[position.index]);
	}

	/**
	 * A templated {@code hasRole('USER')} rule.
	 * @param position where the rule is
	 * @return the decision
	 */
	@Benchmark
	public @Nullable AuthorizationResult templatedHit(RuleDecisionBenchmark.Position position) {
		return this.manager.authorize(this.set.authentication, this.set.templatedMessages[position.index]);
	}

	/**
	 * The rule {@code /topic/room<i>.{id}} with an {@code access} lambda over {@code id}.
	 * @return the decision
	 */
	@Benchmark
	public @Nullable AuthorizationResult expressionRule() {
		return this.manager.authorize(this.set.authentication, this.set.expressionMessage);
	}

	/**
	 * A destination no rule covers, denied by {@code anyMessage().denyAll()}.
	 * @return the decision, denied
	 */
	@Benchmark
	public @Nullable AuthorizationResult miss() {
		return this.manager.authorize(this.set.authentication, this.set.missMessage);
	}

}
