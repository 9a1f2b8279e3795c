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

import org.springframework.http.HttpStatus;

/**
 * How wsauth decided a WebSocket upgrade, as metrics, traces and
 * {@link WebSocketUpgradeRefusedEvent events} name it.
 *
 * @author wsauth
 * @since 0.1.0
 */
public enum UpgradeOutcome {

	/**
	 * Authenticated (or awaiting its CONNECT frame) and handed to the handshake.
	 */
	ACCEPTED("accepted", HttpStatus.OK),

	/**
	 * No valid session, token or ticket: 401.
	 */
	UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED),

	/**
	 * A foreign or missing {@code Origin}: 403.
	 */
	ORIGIN("origin", HttpStatus.FORBIDDEN),

	/**
	 * An unreadable request: an undecodable query string, or a credential where none may
	 * be: 400.
	 */
	MALFORMED("malformed", HttpStatus.BAD_REQUEST),

	/**
	 * Over a limit: 429.
	 */
	RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS),

	/**
	 * A store or token issuer is unreachable: 503.
	 */
	UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE);

	private final String tagValue;

	private final HttpStatus status;

	UpgradeOutcome(String tagValue, HttpStatus status) {
		this.tagValue = tagValue;
		this.status = status;
	}

	/**
	 * Return the name used as a metric tag and in events.
	 * @return the name, such as {@code rate-limited}
	 */
	public String tagValue() {
		return this.tagValue;
	}

	/**
	 * Return the HTTP status the upgrade was answered with (200 stands for the handshake
	 * that follows).
	 * @return the status
	 */
	public HttpStatus status() {
		return this.status;
	}

	/**
	 * Return the outcome of a refusal with the given status.
	 * @param status the status of the refusal
	 * @return the outcome
	 */
	public static UpgradeOutcome of(HttpStatus status) {
		for (UpgradeOutcome outcome : values()) {
			if (outcome.status == status) {
				return outcome;
			}
		}
		return (status.is5xxServerError()) ? UNAVAILABLE : MALFORMED;
	}

}
