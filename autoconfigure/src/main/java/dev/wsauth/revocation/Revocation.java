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

package dev.wsauth.revocation;

import java.nio.charset.StandardCharsets;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * A request to close sockets (or to re-evaluate a user's subscriptions), as it travels
 * between nodes: the target is a principal name or the hash of an HTTP session id
 * ({@link dev.wsauth.socket.HttpSessionIdHash}), never the session id itself.
 *
 * @param kind what the target names
 * @param target the principal name or the session id hash
 * @param code the close code
 * @param reason the close reason, sent to the client; must not reveal anything secret
 * @author wsauth
 * @since 0.1.0
 */
public record Revocation(Kind kind, String target, int code, String reason) {

	/**
	 * Longest reason, in UTF-8 bytes, that fits a WebSocket close frame.
	 */
	static final int MAX_REASON_BYTES = 123;

	public Revocation {
		Assert.notNull(kind, "'kind' must not be null");
		Assert.hasText(target, "'target' must not be empty");
		Assert.isTrue(code >= 1000 && code <= 4999, "'code' must be a WebSocket close code");
		Assert.notNull(reason, "'reason' must not be null");
		Assert.isTrue(reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES,
				"'reason' must fit a close frame");
	}

	/**
	 * Create the request to re-evaluate a user's live subscriptions on every node.
	 * @param principalName the principal name
	 * @return the request
	 */
	public static Revocation reevaluation(String principalName) {
		return new Revocation(Kind.REEVALUATE, principalName, 1000, "");
	}

	/**
	 * Return the close status this revocation closes sockets with.
	 * @return the close status
	 */
	public CloseStatus closeStatus() {
		return new CloseStatus(this.code, this.reason);
	}

	/**
	 * What the target of a revocation names.
	 */
	public enum Kind {

		/**
		 * The hash of an HTTP session id.
		 */
		SESSION,

		/**
		 * A principal name.
		 */
		USER,

		/**
		 * A principal name whose live subscriptions are to be re-evaluated rather than
		 * closed: the code and reason are not used. A node that does not know this kind
		 * ignores it.
		 */
		REEVALUATE

	}

}
