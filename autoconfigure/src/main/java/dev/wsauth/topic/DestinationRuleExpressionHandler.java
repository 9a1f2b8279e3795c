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

import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.authorization.AuthorizationManagerFactory;

/**
 * The expression handler wsauth builds when the application declares none: Spring
 * Security's {@link DefaultMethodSecurityExpressionHandler}, whose
 * {@link AuthorizationManagerFactory} destination rules can use directly. A rule that is
 * one call such as {@code hasRole('ADMIN')} or {@code isAuthenticated()} is then decided
 * by the same {@code AuthorizationManager} the expression root would ask, without
 * building an evaluation context for every frame.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class DestinationRuleExpressionHandler extends DefaultMethodSecurityExpressionHandler {

	AuthorizationManagerFactory<?> authorizationManagerFactory() {
		return getAuthorizationManagerFactory();
	}

	String rolePrefix() {
		return getDefaultRolePrefix();
	}

}
