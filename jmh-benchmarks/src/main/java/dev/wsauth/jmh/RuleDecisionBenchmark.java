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

import java.util.Objects;
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

import dev.wsauth.topic.DenialReason;
import dev.wsauth.topic.DestinationAuthorizationDecision;
import dev.wsauth.topic.DestinationAuthorizationManager;

/**
 * The decision wsauth makes for every SUBSCRIBE frame:
 * {@link DestinationAuthorizationManager#authorize} against {@code rules} generated rules
 * (see {@link BenchmarkRules}), through the public API only. {@link #literalHit} and
 * {@link #templatedHit} hit a {@code hasRole('USER')} rule at the start, in the middle or
 * at the end of its kind in evaluation order; {@link #expressionRule} hits the rule whose
 * expression reads a destination variable; {@link #miss} is a destination that no rule
 * covers, so every rule is tried before it is denied. The setup checks each decision (and
 * the rule that made it) and fails if it is not the expected one.
 *
 * @author wsauth
 * @see SpringSecurityMatcherBenchmark
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RuleDecisionBenchmark {

	@Param({ "10", "1000", "10000" })
	int rules;

	private BenchmarkRules set;

	private DestinationAuthorizationManager manager;

	/**
	 * Compile the rules and check every decision measured.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.set = new BenchmarkRules(this.rules);
		this.manager = this.set.manager;
		for (int p = 0; p < BenchmarkRules.POSITIONS.length; p++) {
			expect(this.set.literalMessages[p], true, this.set.literalPatterns[p]);
			expect(this.set.templatedMessages[p], true, this.set.templatedPatterns[p]);
		}
		expect(this.set.expressionMessage, true, this.set.expressionPattern);
		expect(this.set.expressionDeniedMessage, false, this.set.expressionPattern);
		DestinationAuthorizationDecision miss = expect(this.set.missMessage, false, null);
		if (miss.getReason() != DenialReason.FORBIDDEN) {
			throw new IllegalStateException("Miss denied for " + miss.getReason() + ", not FORBIDDEN");
		}
	}

	private DestinationAuthorizationDecision expect(Message<?> message, boolean granted, @Nullable String pattern) {
		DestinationAuthorizationDecision decision = this.manager.authorize(this.set.authentication, message);
		String rule = (pattern != null) ? "SUBSCRIBE " + pattern : null;
		if (decision.isGranted() != granted || !Objects.equals(decision.getRule(), rule)) {
			throw new IllegalStateException("SUBSCRIBE " + BenchmarkRules.destinationOf(message) + " with " + this.rules
					+ " rules: expected granted=" + granted + " by " + rule + ", got " + decision);
		}
		return decision;
	}

	/**
	 * A literal {@code hasRole('USER')} rule.
	 * @param position where the rule is
	 * @return the decision
	 */
	@Benchmark
	public DestinationAuthorizationDecision literalHit(Position position) {
		return this.manager.authorize(this.set.authentication, this.set.literalMessages[position.index]);
	}

	/**
	 * A templated {@code hasRole('USER')} rule.
	 * @param position where the rule is
	 * @return the decision
	 */
	@Benchmark
	public DestinationAuthorizationDecision templatedHit(Position position) {
		return this.manager.authorize(this.set.authentication, this.set.templatedMessages[position.index]);
	}

	/**
	 * The rule {@code /topic/room<i>.{id}} with {@code #id.length() < 10}.
	 * @return the decision
	 */
	@Benchmark
	public DestinationAuthorizationDecision expressionRule() {
		return this.manager.authorize(this.set.authentication, this.set.expressionMessage);
	}

	/**
	 * A destination no rule covers.
	 * @return the decision, denied
	 */
	@Benchmark
	public DestinationAuthorizationDecision miss() {
		return this.manager.authorize(this.set.authentication, this.set.missMessage);
	}

	/**
	 * Where the rule hit is among the rules of its kind, in evaluation order.
	 */
	@State(Scope.Benchmark)
	public static class Position {

		@Param({ "start", "middle", "end" })
		String at;

		int index;

		/**
		 * Resolve the position.
		 */
		@Setup(Level.Trial)
		public void setUp() {
			this.index = BenchmarkRules.position(this.at);
		}

	}

}
