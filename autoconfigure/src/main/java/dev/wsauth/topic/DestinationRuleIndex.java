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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;

/**
 * The compiled rules, indexed so that finding the rule for a destination does not scan
 * them: a rule without variables or wildcards is found by its destination in a hash map,
 * any other rule through a character trie of the literal text its pattern starts with.
 * Only the rules whose literal start is a prefix of the destination are matched, and of
 * those the most specific, in the order the rules were given, wins: the same rule a scan
 * of the sorted list would find.
 *
 * @author wsauth
 */
final class DestinationRuleIndex {

	private static final PathContainer.Options DESTINATION_OPTIONS = PathContainer.Options.create('/', false);

	private final List<DestinationRule> rules;

	private final Map<DestinationCommand, Map<String, Ranked>> literals = new EnumMap<>(DestinationCommand.class);

	private final Map<DestinationCommand, Node> prefixes = new EnumMap<>(DestinationCommand.class);

	/**
	 * Index rules given most specific first.
	 * @param rules the sorted rules
	 */
	DestinationRuleIndex(List<DestinationRule> rules) {
		this.rules = List.copyOf(rules);
		Map<DestinationCommand, Map<String, List<Ranked>>> building = new EnumMap<>(DestinationCommand.class);
		for (int rank = 0; rank < this.rules.size(); rank++) {
			DestinationRule rule = this.rules.get(rank);
			String pattern = rule.pattern().getPatternString();
			int wildcard = firstWildcard(pattern);
			if (wildcard < 0) {
				this.literals.computeIfAbsent(rule.command(), (command) -> new HashMap<>())
					.putIfAbsent(pattern, new Ranked(rank, rule));
			}
			else {
				building.computeIfAbsent(rule.command(), (command) -> new HashMap<>())
					.computeIfAbsent(literalStart(pattern, wildcard), (prefix) -> new ArrayList<>())
					.add(new Ranked(rank, rule));
			}
		}
		building.forEach((command, byPrefix) -> {
			Node root = new Node();
			byPrefix.forEach((prefix, ranked) -> root.insert(prefix, 0, ranked.toArray(new Ranked[0])));
			this.prefixes.put(command, root);
		});
	}

	List<DestinationRule> rules() {
		return this.rules;
	}

	/**
	 * Find the most specific rule for a destination.
	 * @param command the frame's command
	 * @param destination the destination, already validated as canonical
	 * @return the rule and the destination's variables, or {@code null} when no rule
	 * matches
	 */
	@Nullable Match find(DestinationCommand command, String destination) {
		Map<String, Ranked> literals = this.literals.get(command);
		Ranked literal = (literals != null) ? literals.get(destination) : null;
		int best = (literal != null) ? literal.rank() : Integer.MAX_VALUE;
		Match match = (literal != null) ? new Match(literal.rule(), Map.of()) : null;
		Node node = this.prefixes.get(command);
		PathContainer path = null;
		int depth = 0;
		while (node != null) {
			for (Ranked candidate : node.rules) {
				if (candidate.rank() >= best) {
					break;
				}
				if (path == null) {
					// Matched as the literal the broker routes: no decoding, no matrix
					// parameters.
					path = PathContainer.parsePath(destination, DESTINATION_OPTIONS);
				}
				Map<String, String> variables = candidate.rule().match(path);
				if (variables != null) {
					best = candidate.rank();
					match = new Match(candidate.rule(), variables);
					break;
				}
			}
			node = (depth < destination.length()) ? node.child(destination.charAt(depth++)) : null;
		}
		return match;
	}

	/**
	 * The index of the first character that makes the pattern more than a literal, or -1.
	 */
	private static int firstWildcard(String pattern) {
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '{' || c == '*' || c == '?') {
				return i;
			}
		}
		return -1;
	}

	/**
	 * The literal text every destination the pattern matches starts with. A trailing
	 * {@code /**} or {@code /{*rest}} also matches the path without its slash.
	 */
	private static String literalStart(String pattern, int wildcard) {
		boolean zeroOrMoreSegments = pattern.startsWith("**", wildcard) || pattern.startsWith("{*", wildcard);
		if (zeroOrMoreSegments && wildcard > 0 && pattern.charAt(wildcard - 1) == '/') {
			return pattern.substring(0, wildcard - 1);
		}
		return pattern.substring(0, wildcard);
	}

	/**
	 * A rule found for a destination.
	 *
	 * @param rule the rule
	 * @param variables the destination's variables
	 */
	record Match(DestinationRule rule, Map<String, String> variables) {
	}

	private record Ranked(int rank, DestinationRule rule) {
	}

	/**
	 * A trie node: the rules whose literal start ends here, most specific first, and the
	 * nodes for the next character, sorted for a binary search.
	 */
	private static final class Node {

		private static final Ranked[] NO_RULES = {};

		private Ranked[] rules = NO_RULES;

		private char[] keys = {};

		private Node[] children = {};

		void insert(String prefix, int depth, Ranked[] ranked) {
			if (depth == prefix.length()) {
				this.rules = ranked;
				return;
			}
			char key = prefix.charAt(depth);
			int index = Arrays.binarySearch(this.keys, key);
			if (index < 0) {
				index = -index - 1;
				char[] keys = new char[this.keys.length + 1];
				Node[] children = new Node[keys.length];
				System.arraycopy(this.keys, 0, keys, 0, index);
				System.arraycopy(this.children, 0, children, 0, index);
				System.arraycopy(this.keys, index, keys, index + 1, this.keys.length - index);
				System.arraycopy(this.children, index, children, index + 1, this.children.length - index);
				keys[index] = key;
				children[index] = new Node();
				this.keys = keys;
				this.children = children;
			}
			this.children[index].insert(prefix, depth + 1, ranked);
		}

		@Nullable Node child(char key) {
			int index = Arrays.binarySearch(this.keys, key);
			return (index >= 0) ? this.children[index] : null;
		}

	}

}
