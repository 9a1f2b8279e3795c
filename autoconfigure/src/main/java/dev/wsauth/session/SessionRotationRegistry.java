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

import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.wsauth.socket.SessionSuccession;

/**
 * Remembers, for a short grace period, which session id replaced which, and which session
 * families ended. It lets a request that still carries the old id of a just-rotated
 * session (a second tab, an upgrade racing the preflight) find the session it belongs to,
 * and it makes a logout end every id of that family: the ids a session had and the ids it
 * was given since, however the logout and the rotations interleave.
 *
 * <p>
 * The family operations must be linearizable with each other: a rotation recorded
 * concurrently with {@link #endFamily(String)} either is seen by it (and its new id is
 * ended too) or sees its old id ended (and then {@link #isEnded(String)} is true for the
 * new id as soon as the rotation is recorded).
 *
 * @author wsauth
 * @since 0.1.0
 */
public interface SessionRotationRegistry extends SessionSuccession {

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

	/**
	 * Return the id a session that had {@code oldId} was rotated into, for as long as
	 * ended families are remembered (the ended-retention period), not only within the
	 * grace period, so that sockets opened with the old id, on any node, stay bound to
	 * the session. Not for authenticating a request that presents the old id; that is
	 * {@link #successorOf(String)}.
	 * @param oldId an id the session had
	 * @return the id it was rotated into, or {@code null} if it was not rotated within
	 * the ended-retention period
	 */
	@Nullable String rotatedInto(String oldId);

	/**
	 * End a session family: mark the given id, every id it was rotated from and every id
	 * it was rotated into (within the ended-retention period) as ended, for the
	 * ended-retention period. A logout long after a rotation on another node so still
	 * reaches the sockets that were opened before it.
	 * @param sessionId any id of the family
	 * @return every id of the family, including {@code sessionId}
	 */
	Set<String> endFamily(String sessionId);

	/**
	 * Return the ids of a session family without ending it.
	 * @param sessionId any id of the family
	 * @return every id of the family known within the ended-retention period, including
	 * {@code sessionId}
	 */
	Set<String> familyOf(String sessionId);

	/**
	 * Return whether the family of this id was ended within the ended-retention period. A
	 * rotation recorded after its old id's family ended yields an ended new id.
	 * @param sessionId a session id
	 * @return whether the session ended
	 */
	boolean isEnded(String sessionId);

}
