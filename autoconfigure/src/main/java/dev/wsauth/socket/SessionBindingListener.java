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

/**
 * Told by the {@link ConnectionRegistry} which HTTP session ids its connections are bound
 * to, so that the session end monitor tracks sessions without scanning every connection.
 *
 * @author wsauth
 * @since 0.1.0
 */
public interface SessionBindingListener {

	/**
	 * A connection was bound to the id: it registered, or followed a rotation to it.
	 * @param httpSessionId the HTTP session id
	 */
	void bound(String httpSessionId);

	/**
	 * The last connection bound to the id went away.
	 * @param httpSessionId the HTTP session id
	 */
	void unbound(String httpSessionId);

}
