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

package dev.wsauth.preflight;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes a session id to a response the way the application's session support does, for a
 * preflight that presented an old id within the rotation grace period.
 *
 * @author wsauth
 * @since 0.1.0
 */
@FunctionalInterface
public interface SessionIdWriter {

	/**
	 * Write the id.
	 * @param request the request
	 * @param response the response
	 * @param sessionId the current session id
	 */
	void write(HttpServletRequest request, HttpServletResponse response, String sessionId);

}
