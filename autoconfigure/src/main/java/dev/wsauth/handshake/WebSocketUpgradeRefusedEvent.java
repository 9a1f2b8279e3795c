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
package dev.wsauth.handshake;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Published when wsauth refuses a WebSocket upgrade before the 101, with what an audit
 * log needs and never a credential: no cookie, token, ticket or session id.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class WebSocketUpgradeRefusedEvent extends ApplicationEvent {

	private static final int MAX_ORIGIN_LENGTH = 256;

	private final UpgradeOutcome outcome;

	private final @Nullable String remoteAddress;

	private final @Nullable String origin;

	private final String path;

	/**
	 * Create an event.
	 * @param source the component that refused the upgrade
	 * @param outcome why it was refused
	 * @param remoteAddress the client's address, as the request gave it
	 * @param origin the request's {@code Origin} header, cut to 256 characters
	 * @param path the request path, without its query string
	 */
	public WebSocketUpgradeRefusedEvent(Object source, UpgradeOutcome outcome, @Nullable String remoteAddress,
			@Nullable String origin, String path) {
		super(source);
		this.outcome = outcome;
		this.remoteAddress = remoteAddress;
		this.origin = (origin != null && origin.length() > MAX_ORIGIN_LENGTH) ? origin.substring(0, MAX_ORIGIN_LENGTH)
				: origin;
		this.path = path;
	}

	/**
	 * Return why the upgrade was refused.
	 * @return the outcome, never {@link UpgradeOutcome#ACCEPTED}
	 */
	public UpgradeOutcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Return the HTTP status the upgrade was answered with.
	 * @return the status code
	 */
	public int getStatus() {
		return this.outcome.status().value();
	}

	/**
	 * Return the client's address (behind a proxy, the forwarded address when Spring
	 * Boot's forwarded-header strategy is set).
	 * @return the address, or {@code null}
	 */
	public @Nullable String getRemoteAddress() {
		return this.remoteAddress;
	}

	/**
	 * Return the request's {@code Origin} header.
	 * @return the origin, or {@code null} if the request had none
	 */
	public @Nullable String getOrigin() {
		return this.origin;
	}

	/**
	 * Return the path of the endpoint the upgrade was for.
	 * @return the request path
	 */
	public String getPath() {
		return this.path;
	}

	@Override
	public String toString() {
		return "WebSocketUpgradeRefusedEvent[outcome=" + this.outcome.tagValue() + ", remoteAddress="
				+ this.remoteAddress + ", origin=" + this.origin + ", path=" + this.path + "]";
	}

}
