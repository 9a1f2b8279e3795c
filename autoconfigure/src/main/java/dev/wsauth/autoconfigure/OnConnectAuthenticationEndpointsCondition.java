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

package dev.wsauth.autoconfigure;

import java.util.Set;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code wsauth.connect-authentication.endpoints} names at least one
 * endpoint, in any form a list can be bound from (comma-separated or indexed).
 */
class OnConnectAuthenticationEndpointsCondition extends SpringBootCondition {

	private static final String PROPERTY = "wsauth.connect-authentication.endpoints";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("CONNECT-frame authentication endpoints");
		Set<String> endpoints = Binder.get(context.getEnvironment())
			.bind(PROPERTY, Bindable.setOf(String.class))
			.orElse(Set.of());
		if (endpoints.isEmpty()) {
			return ConditionOutcome.noMatch(message.didNotFind("property").items(PROPERTY));
		}
		return ConditionOutcome.match(message.found("property").items(PROPERTY));
	}

}
