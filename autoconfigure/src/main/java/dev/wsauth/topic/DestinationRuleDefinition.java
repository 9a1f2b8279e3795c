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

import org.springframework.util.Assert;

/**
 * A destination rule written as data, such as one from {@code application.yml}.
 *
 * @param command the frames the rule applies to
 * @param pattern the destination pattern, such as {@code /topic/admin}
 * @param expression the Spring Security expression, such as {@code hasRole('ADMIN')}
 * @param source where the rule was declared, such as
 * {@code wsauth.authorization.rules[0]} or {@code com.example.BoardRules#read}, for error
 * messages and the {@code wsauth} Actuator endpoint
 * @author wsauth
 * @since 0.1.0
 */
public record DestinationRuleDefinition(DestinationCommand command, String pattern, String expression, String source) {

	public DestinationRuleDefinition {
		Assert.notNull(command, "'command' must not be null");
		Assert.hasText(pattern, () -> source + ": 'pattern' must not be empty");
		Assert.hasText(expression, () -> source + ": 'expression' must not be empty");
	}

}
