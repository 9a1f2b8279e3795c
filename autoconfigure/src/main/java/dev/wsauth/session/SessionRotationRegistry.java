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

import org.jspecify.annotations.Nullable;

/**
 * Remembers, for a short grace period, which session id replaced which. It lets a request
 * that still carries the old id of a just-rotated session (a second tab, an upgrade
 * racing the preflight) find the session it belongs to.
 *
 * @author wsauth
 * @since 0.1.0
 */
public interface SessionRotationRegistry {

	/**
	 * Record that the session with {@code oldId} now has {@code newId}.
	 * @param oldId the id before rotation
	 * @param newId the id after rotation
	 */
	void recordRotation(String oldId, String newId);

	/**
	 * Return the current id of a session that had {@code oldId}, if it was rotated within
	 * the grace period.
	 * @param oldId an id presented by a client
	 * @return the current id, or {@code null} if the id is unknown or its grace period is
	 * over
	 */
	@Nullable String successorOf(String oldId);

}
