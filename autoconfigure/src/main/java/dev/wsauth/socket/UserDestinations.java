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
package dev.wsauth.socket;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.user.DefaultUserDestinationResolver;

/**
 * The prefix of user destinations ({@code /user/queue/...}), as Spring's user destination
 * resolver is configured: where destination authorization grants a user's own queues and
 * where receipts look for the broker behind them.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class UserDestinations {

	/**
	 * Spring's default user destination prefix.
	 */
	public static final String DEFAULT_PREFIX = "/user/";

	private UserDestinations() {
	}

	/**
	 * Return the user destination prefix a resolver uses.
	 * @param resolver Spring's user destination resolver, if any
	 * @return its prefix, ending with {@code /}; the default for another resolver or none
	 */
	public static String prefixOf(@Nullable Object resolver) {
		return (resolver instanceof DefaultUserDestinationResolver defaultResolver)
				? defaultResolver.getDestinationPrefix() : DEFAULT_PREFIX;
	}

}
