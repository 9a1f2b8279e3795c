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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DestinationRuleIndex}: it must find exactly the rule a scan of the
 * sorted rules finds.
 *
 * @author wsauth
 */
class DestinationRuleIndexTests {

	private static final PathContainer.Options OPTIONS = PathContainer.Options.create('/', false);

	private static final String[] SEGMENTS = { "topic", "queue", "a", "ab", "b.c", "room1", "room12", "x-y", "" };

	private static final String[] SHAPES = { "%s", "{v}", "%s.{v}", "{v}.%s", "*", "%s*", "**", "{*rest}", "%s?", "?%s",
			"{v:[a-c]+}", "%s.*" };

	private final PathPatternParser parser = new PathPatternParser();

	@Test
	void indexFindsTheRuleAScanOfTheSortedRulesFinds() {
		Random random = new Random(16122026L);
		for (int round = 0; round < 150; round++) {
			List<DestinationRule> rules = randomRules(random, 1 + random.nextInt(40));
			DestinationRuleIndex index = new DestinationRuleIndex(rules);
			for (int probe = 0; probe < 200; probe++) {
				String destination = randomDestination(random);
				for (DestinationCommand command : DestinationCommand.values()) {
					DestinationRule expected = scan(rules, command, destination);
					DestinationRuleIndex.Match match = index.find(command, destination);
					assertThat((match != null) ? match.rule() : null)
						.as("%s %s among %s", command, destination, describe(rules))
						.isSameAs(expected);
					if (match != null) {
						assertThat(match.variables()).isEqualTo(expected.match(path(destination)));
					}
				}
			}
		}
	}

	@Test
	void catchAllAfterASlashAlsoMatchesThePathWithoutIt() {
		DestinationRuleIndex index = index("/topic/**", "/topic/news/{*rest}");
		assertThat(index.find(DestinationCommand.SUBSCRIBE, "/topic").rule().pattern().getPatternString())
			.isEqualTo("/topic/**");
		assertThat(index.find(DestinationCommand.SUBSCRIBE, "/topic/news").rule().pattern().getPatternString())
			.isEqualTo("/topic/news/{*rest}");
	}

	@Test
	void literalRuleIsFoundWithoutVariables() {
		DestinationRuleIndex index = index("/topic/news", "/topic/{name}");
		DestinationRuleIndex.Match match = index.find(DestinationCommand.SUBSCRIBE, "/topic/news");
		assertThat(match.rule().pattern().getPatternString()).isEqualTo("/topic/news");
		assertThat(match.variables()).isEmpty();
		assertThat(index.find(DestinationCommand.SUBSCRIBE, "/topic/sport").variables())
			.isEqualTo(Map.of("name", "sport"));
	}

	@Test
	void ruleOfOneCommandIsNotFoundForTheOther() {
		DestinationRuleIndex index = index("/topic/news", "/topic/{name}");
		assertThat(index.find(DestinationCommand.SEND, "/topic/news")).isNull();
		assertThat(index.find(DestinationCommand.SEND, "/topic/sport")).isNull();
	}

	@Test
	void destinationNoRuleCoversFindsNothing() {
		DestinationRuleIndex index = index("/topic/boards.{id}", "/topic/news");
		assertThat(index.find(DestinationCommand.SUBSCRIBE, "/queue/boards.1")).isNull();
		assertThat(index.find(DestinationCommand.SUBSCRIBE, "/topic/boards")).isNull();
		assertThat(index.find(DestinationCommand.SUBSCRIBE, "/topic/news2")).isNull();
	}

	private DestinationRuleIndex index(String... patterns) {
		List<DestinationRule> rules = new ArrayList<>();
		for (String pattern : patterns) {
			rules.add(rule(DestinationCommand.SUBSCRIBE, pattern));
		}
		rules.sort(Comparator.comparing(DestinationRule::pattern, PathPattern.SPECIFICITY_COMPARATOR));
		return new DestinationRuleIndex(rules);
	}

	private List<DestinationRule> randomRules(Random random, int count) {
		List<DestinationRule> rules = new ArrayList<>();
		List<String> seen = new ArrayList<>();
		while (rules.size() < count) {
			String pattern = randomPattern(random);
			DestinationCommand command = random.nextBoolean() ? DestinationCommand.SUBSCRIBE : DestinationCommand.SEND;
			PathPattern parsed;
			try {
				parsed = this.parser.parse(pattern);
			}
			catch (RuntimeException ex) {
				continue;
			}
			if (seen.contains(command + parsed.getPatternString())) {
				continue;
			}
			seen.add(command + parsed.getPatternString());
			rules.add(DestinationRule.ofExpression(command, parsed, new SpelExpressionParser().parseExpression("true"),
					"test", null));
		}
		rules.sort(Comparator.comparing(DestinationRule::pattern, PathPattern.SPECIFICITY_COMPARATOR));
		return rules;
	}

	private static String randomPattern(Random random) {
		StringBuilder pattern = new StringBuilder();
		int segments = 1 + random.nextInt(3);
		for (int i = 0; i < segments; i++) {
			String segment = SEGMENTS[random.nextInt(SEGMENTS.length - 1)];
			String shape = (i == 0 && random.nextInt(3) > 0) ? "%s" : SHAPES[random.nextInt(SHAPES.length)];
			pattern.append('/').append(shape.replace("%s", segment));
			if (shape.equals("**") || shape.equals("{*rest}")) {
				break;
			}
		}
		return pattern.toString();
	}

	private static String randomDestination(Random random) {
		StringBuilder destination = new StringBuilder();
		int segments = random.nextInt(5);
		for (int i = 0; i < segments; i++) {
			destination.append('/').append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
			if (random.nextInt(6) == 0) {
				destination.append(".").append(SEGMENTS[random.nextInt(SEGMENTS.length - 1)]);
			}
		}
		if (destination.length() == 0 || random.nextInt(10) == 0) {
			destination.append('/');
		}
		return destination.toString();
	}

	private static DestinationRule scan(List<DestinationRule> rules, DestinationCommand command, String destination) {
		PathContainer path = path(destination);
		for (DestinationRule rule : rules) {
			if (rule.command() == command && rule.match(path) != null) {
				return rule;
			}
		}
		return null;
	}

	private DestinationRule rule(DestinationCommand command, String pattern) {
		return DestinationRule.ofExpression(command, this.parser.parse(pattern),
				new SpelExpressionParser().parseExpression("true"), "test", null);
	}

	private static PathContainer path(String destination) {
		return PathContainer.parsePath(destination, OPTIONS);
	}

	private static List<String> describe(List<DestinationRule> rules) {
		return rules.stream().map(DestinationRule::describe).toList();
	}

}
