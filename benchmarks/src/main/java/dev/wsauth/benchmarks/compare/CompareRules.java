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

package dev.wsauth.benchmarks.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * The destination rules that variants B and C both register: {@code N - 2} generated
 * SUBSCRIBE rules mixing literal and templated destinations, the SUBSCRIBE rule for
 * {@code /topic/bench.{id}} that the load uses (last, so that a first-match list walks
 * all the others), and one SEND rule.
 *
 * @author wsauth
 */
final class CompareRules {

	/** The destination the load subscribes to. */
	static final String BENCH_PATTERN = "/topic/bench.{id}";

	/** The SEND rule, the same in both variants. */
	static final String SEND_PATTERN = "/app/bench.{id}";

	private CompareRules() {
	}

	/**
	 * One rule: a SUBSCRIBE (or SEND) pattern and whether it needs {@code ROLE_USER}
	 * instead of any authenticated user.
	 *
	 * @param pattern the destination pattern
	 * @param send whether it is a SEND rule
	 * @param userRole whether it needs the role {@code USER}
	 */
	record Rule(String pattern, boolean send, boolean userRole) {

		String expression() {
			return this.userRole ? "hasRole('USER')" : "isAuthenticated()";
		}

	}

	static List<Rule> rules(int count) {
		List<Rule> rules = new ArrayList<>();
		for (int i = 0; i < count - 2; i++) {
			switch (i % 3) {
				case 0 -> rules.add(new Rule("/topic/lit." + i, false, false));
				case 1 -> rules.add(new Rule("/topic/room" + i + ".{id}", false, true));
				default -> rules.add(new Rule("/topic/org" + i + "/{team}/**", false, false));
			}
		}
		rules.add(new Rule(BENCH_PATTERN, false, false));
		rules.add(new Rule(SEND_PATTERN, true, false));
		return rules;
	}

}
