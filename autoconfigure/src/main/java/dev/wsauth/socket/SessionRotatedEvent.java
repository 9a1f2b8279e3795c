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

import org.springframework.context.ApplicationEvent;

/**
 * Published when wsauth rotated the id of an HTTP session. Spring Session publishes no
 * event of its own for an id change; listeners use this one to follow a session whose
 * sockets were bound to its old id.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SessionRotatedEvent extends ApplicationEvent {

	private final String oldId;

	private final String newId;

	/**
	 * Create a new event.
	 * @param source the component that rotated the session
	 * @param oldId the id before rotation
	 * @param newId the id after rotation
	 */
	public SessionRotatedEvent(Object source, String oldId, String newId) {
		super(source);
		this.oldId = oldId;
		this.newId = newId;
	}

	/**
	 * Return the id before rotation.
	 * @return the old id
	 */
	public String getOldId() {
		return this.oldId;
	}

	/**
	 * Return the id after rotation.
	 * @return the new id
	 */
	public String getNewId() {
		return this.newId;
	}

	@Override
	public String toString() {
		// Session ids are credentials: never part of a log line.
		return "SessionRotatedEvent";
	}

}
