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

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a re-evaluation drops a live subscription that the rules now deny; the
 * client was sent the denial MESSAGE with reason {@code REVOKED}. Carries what an audit
 * log needs, never a session or subscription id.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class WebSocketSubscriptionRevokedEvent extends ApplicationEvent {

	private final @Nullable String principalName;

	private final String destination;

	/**
	 * Create an event.
	 * @param source the re-authorization that dropped the subscription
	 * @param principalName the name of the socket's user, or {@code null}
	 * @param destination the destination of the dropped subscription
	 */
	public WebSocketSubscriptionRevokedEvent(Object source, @Nullable String principalName, String destination) {
		super(source);
		this.principalName = principalName;
		this.destination = destination;
	}

	/**
	 * Return the name of the socket's user.
	 * @return the principal name, or {@code null}
	 */
	public @Nullable String getPrincipalName() {
		return this.principalName;
	}

	/**
	 * Return the destination of the dropped subscription.
	 * @return the destination
	 */
	public String getDestination() {
		return this.destination;
	}

	@Override
	public String toString() {
		return "WebSocketSubscriptionRevokedEvent[principalName=" + this.principalName + ", destination="
				+ this.destination + "]";
	}

}
