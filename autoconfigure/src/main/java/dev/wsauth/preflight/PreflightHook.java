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

import org.springframework.security.core.Authentication;

/**
 * Lets the application take part in an authenticated preflight, before the session is
 * rotated: refuse it, or add headers and cookies to the 204. Hooks run in
 * {@link org.springframework.core.Ordered order}; the first refusal wins.
 *
 * @author wsauth
 * @since 0.1.0
 */
@FunctionalInterface
public interface PreflightHook {

	/**
	 * Decide on a preflight from an authenticated session.
	 * @param authentication the authentication stored in the session
	 * @param request the preflight request
	 * @param response the response, to which headers and cookies may be added
	 * @return {@code false} to answer 401 instead of 204
	 */
	boolean preflight(Authentication authentication, HttpServletRequest request, HttpServletResponse response);

}
