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

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.prepost.PreAuthorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link DestinationRulesInitializer}.
 *
 * @author wsauth
 */
class DestinationRulesInitializerTests {

	private final DestinationAuthorizationManager manager = new DestinationAuthorizationManager(
			new DefaultMethodSecurityExpressionHandler(), new CanonicalDestinationValidator());

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	@Test
	void propertyAndAnnotatedRulesAreCompiled() {
		this.beanFactory.registerSingleton("boardRules", new BoardRules());
		initialize(List.of(subscribe("/topic/admin", "hasRole('ADMIN')", "wsauth.authorization.rules[0]")));
		assertThat(this.manager.getRuleDescriptions()).containsExactlyInAnyOrder("SUBSCRIBE /topic/admin",
				"SUBSCRIBE /topic/boards.{boardId}", "SEND /app/boards.{boardId}.typing");
	}

	@Test
	void methodWithBothAnnotationsDeclaresTwoRules() {
		this.beanFactory.registerSingleton("chatRules", new ChatRules());
		initialize(List.of());
		assertThat(this.manager.getRuleDescriptions()).containsExactlyInAnyOrder("SUBSCRIBE /topic/chat",
				"SEND /topic/chat");
	}

	@Test
	void duplicatePropertyAndAnnotatedRuleFailNamingBoth() {
		this.beanFactory.registerSingleton("boardRules", new BoardRules());
		assertThatIllegalStateException()
			.isThrownBy(() -> initialize(
					List.of(subscribe("/topic/boards.{boardId}", "permitAll()", "wsauth.authorization.rules[0]"))))
			.withMessageContaining("wsauth.authorization.rules[0]")
			.withMessageContaining("BoardRules#read");
	}

	@Test
	void duplicateRulesWithDifferentVariableNamesFail() {
		this.beanFactory.registerSingleton("boardRules", new BoardRules());
		assertThatIllegalStateException()
			.isThrownBy(() -> initialize(
					List.of(subscribe("/topic/boards.{id}", "permitAll()", "wsauth.authorization.rules[3]"))))
			.withMessageContaining("wsauth.authorization.rules[3]")
			.withMessageContaining("BoardRules#read");
	}

	@Test
	void duplicatePropertyRulesFail() {
		assertThatIllegalStateException()
			.isThrownBy(() -> initialize(List.of(subscribe("/topic/admin", "permitAll()", "first"),
					subscribe("/topic/admin", "hasRole('ADMIN')", "second"))))
			.withMessageContaining("first")
			.withMessageContaining("second");
	}

	@Test
	void captureOfTheRestAndCaptureOfOneSegmentAreDifferentRules() {
		initialize(List.of(subscribe("/topic/{*rest}", "permitAll()", "first"),
				subscribe("/topic/{name}", "hasRole('ADMIN')", "second")));
	}

	@Test
	void samePatternForSubscribeAndSendIsNotDuplicate() {
		initialize(List.of(subscribe("/topic/chat", "permitAll()", "first"),
				new DestinationRuleDefinition(DestinationCommand.SEND, "/topic/chat", "permitAll()", "second")));
		assertThat(this.manager.getRuleDescriptions()).hasSize(2);
	}

	@Test
	void ruleMethodWithoutPreAuthorizeFails() {
		this.beanFactory.registerSingleton("unguardedRules", new UnguardedRules());
		assertThatIllegalStateException().isThrownBy(() -> initialize(List.of()))
			.withMessageContaining("UnguardedRules#open")
			.withMessageContaining("@PreAuthorize");
	}

	@Test
	void ruleMethodParameterMatchingNoVariableFails() {
		this.beanFactory.registerSingleton("mismatchedRules", new MismatchedRules());
		assertThatIllegalStateException().isThrownBy(() -> initialize(List.of()))
			.withMessageContaining("MismatchedRules#read")
			.withMessageContaining("id");
	}

	@Test
	void ruleMethodParameterOfUnconvertibleTypeFails() {
		this.beanFactory.registerSingleton("unconvertibleRules", new UnconvertibleRules());
		assertThatIllegalStateException().isThrownBy(() -> initialize(List.of()))
			.withMessageContaining("UnconvertibleRules#read")
			.withMessageContaining("cannot be converted");
	}

	@Test
	void patternWithoutLeadingSlashFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> initialize(List.of(subscribe("topic/admin", "permitAll()", "rules[0]"))))
			.withMessageContaining("rules[0]")
			.withMessageContaining("topic/admin");
	}

	@Test
	void unparsablePatternFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> initialize(List.of(subscribe("/topic/{*rest}/x", "permitAll()", "rules[0]"))))
			.withMessageContaining("rules[0]");
	}

	@Test
	void unparsableExpressionFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> initialize(List.of(subscribe("/topic/admin", "hasRole('ADMIN'", "rules[0]"))))
			.withMessageContaining("rules[0]")
			.withMessageContaining("invalid expression");
	}

	@Test
	void emptyExpressionIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> subscribe("/topic/admin", " ", "rules[0]"))
			.withMessageContaining("rules[0]");
	}

	private void initialize(List<DestinationRuleDefinition> definitions) {
		DestinationRulesInitializer initializer = new DestinationRulesInitializer(this.manager, definitions);
		initializer.setBeanFactory(this.beanFactory);
		initializer.afterSingletonsInstantiated();
	}

	private static DestinationRuleDefinition subscribe(String pattern, String access, String source) {
		return new DestinationRuleDefinition(DestinationCommand.SUBSCRIBE, pattern, access, source);
	}

	static class BoardRules {

		@SubscribeRule("/topic/boards.{boardId}")
		@PreAuthorize("permitAll()")
		void read(String boardId) {
		}

		@SendRule("/app/boards.{boardId}.typing")
		@PreAuthorize("permitAll()")
		void type(String boardId) {
		}

	}

	static class ChatRules {

		@SubscribeRule("/topic/chat")
		@SendRule("/topic/chat")
		@PreAuthorize("permitAll()")
		void chat() {
		}

	}

	static class UnguardedRules {

		@SubscribeRule("/topic/open")
		void open() {
		}

	}

	static class MismatchedRules {

		@SubscribeRule("/topic/boards.{boardId}")
		@PreAuthorize("permitAll()")
		void read(String id) {
		}

	}

	static class UnconvertibleRules {

		@SubscribeRule("/topic/boards.{boardId}")
		@PreAuthorize("permitAll()")
		void read(Runnable boardId) {
		}

	}

}
