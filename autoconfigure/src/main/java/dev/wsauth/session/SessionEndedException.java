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
 * Thrown when a session is saved after its family ended: the save is undone and the
 * request that held the session must not succeed. wsauth's session-ended filter turns it
 * into a 401 for a request whose response is not yet committed.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SessionEndedException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception with a generic message that names no session.
	 */
	public SessionEndedException() {
		super("Session ended");
	}

}
