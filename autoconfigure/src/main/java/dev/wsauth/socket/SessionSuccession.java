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
 * What the {@link ConnectionRegistry} needs to know of session rotations to bind a socket
 * to the right HTTP session: the id a rotated session has now, and whether a session's
 * family ended. Implemented by the session package's rotation registry.
 *
 * @author wsauth
 * @since 0.1.0
 */
public interface SessionSuccession {

	/**
	 * Return the current id of a session that had {@code oldId}, if it was rotated within
	 * the grace period.
	 * @param oldId an id presented by a client
	 * @return the current id, or {@code null} if the id is unknown or its grace period is
	 * over
	 */
	@Nullable String successorOf(String oldId);

	/**
	 * Return whether a session's family ended (within the ended-retention period).
	 * @param sessionId any id of the family
	 * @return whether it ended
	 */
	boolean isEnded(String sessionId);

}
