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

/**
 * Removes what a session store holds under a session id without reading it. The
 * {@link EndedSessionGuard} uses it when the repository cannot delete or load an ended
 * session because a write that raced the logout left a partial record behind (Spring
 * Session's indexed Redis repository then fails with "creationTime key must not be
 * null").
 *
 * @author wsauth
 * @since 0.1.0
 */
@FunctionalInterface
public interface SessionRecordRemover {

	/**
	 * Remove the session's record.
	 * @param sessionId the session id
	 * @return whether this remover knows the store and removed the record
	 * @throws RuntimeException if the store cannot be reached
	 */
	boolean remove(String sessionId);

}
