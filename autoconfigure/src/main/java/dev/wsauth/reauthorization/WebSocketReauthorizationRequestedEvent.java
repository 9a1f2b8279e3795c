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

package dev.wsauth.reauthorization;

import org.springframework.context.ApplicationEvent;
import org.springframework.util.Assert;

/**
 * Asks for a user's live subscriptions to be re-evaluated on every node, as
 * {@link WebSocketAuthorizations#reevaluate(String)} does. Publish it after changing what
 * the rules depend on (a role, a membership), from code that should not depend on the
 * {@code WebSocketAuthorizations} bean.
 *
 * @author wsauth
 * @since 0.1.0
 */
public class WebSocketReauthorizationRequestedEvent extends ApplicationEvent {

	private final String user;

	/**
	 * Create an event.
	 * @param source the object that publishes the event
	 * @param user the principal name whose subscriptions to re-evaluate
	 */
	public WebSocketReauthorizationRequestedEvent(Object source, String user) {
		super(source);
		Assert.hasText(user, "'user' must not be empty");
		this.user = user;
	}

	/**
	 * Return the principal name whose subscriptions to re-evaluate.
	 * @return the principal name
	 */
	public String getUser() {
		return this.user;
	}

}
