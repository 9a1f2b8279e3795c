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

package dev.wsauth.session;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Reads an attribute of a session by the session's id, outside of any request.
 *
 * @author wsauth
 * @since 0.1.0
 */
@FunctionalInterface
public interface SessionLookup {

	/**
	 * Return an attribute of the session with the given id.
	 * @param sessionId the session id
	 * @param attributeName the attribute name
	 * @return the attribute value, or {@code null} if the session or the attribute does
	 * not exist or the session expired
	 */
	@Nullable Object findAttribute(String sessionId, String attributeName);

	/**
	 * Return when the session with the given id was created, if the store can tell.
	 * @param sessionId the session id
	 * @return the creation time, or {@code null} if the session does not exist or the
	 * store cannot tell
	 */
	default @Nullable Instant findCreationTime(String sessionId) {
		return null;
	}

}
