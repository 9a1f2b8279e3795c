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

/**
 * Which WebSocket session ids wsauth accepts. Spring appends the session id to resolved
 * user destinations ({@code /queue/x-user<id>}), and SockJS lets the client choose it, so
 * only ids that can never form a broker pattern or a path are accepted.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class WebSocketSessionIds {

	private static final int MAX_LENGTH = 128;

	private WebSocketSessionIds() {
	}

	/**
	 * Return whether a WebSocket session id consists only of ASCII letters, digits,
	 * {@code -} and {@code _}, and is at most 128 characters long.
	 * @param id the session id
	 * @return {@code true} if safe
	 */
	public static boolean isSafe(@Nullable String id) {
		if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_';
			if (!safe) {
				return false;
			}
		}
		return true;
	}

}
