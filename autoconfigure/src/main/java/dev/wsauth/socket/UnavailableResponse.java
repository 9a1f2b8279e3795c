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

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * The one 503 answer of the upgrade, the preflight and the ticket endpoint: not cached, a
 * {@code Retry-After}, and a short plain-text reason, never a stack trace.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class UnavailableResponse {

	/**
	 * Seconds a client should wait before retrying after a 503 or a 429.
	 */
	public static final String RETRY_AFTER_SECONDS = "5";

	/**
	 * Reason given when the session store failed.
	 */
	public static final String SESSION_STORE_UNAVAILABLE = "Session store unavailable";

	/**
	 * Reason given when a store or token issuer behind the ticket endpoint failed.
	 */
	public static final String SERVICE_UNAVAILABLE = "Service unavailable";

	private UnavailableResponse() {
	}

	/**
	 * Answer 503, unless the response is already committed.
	 * @param response the response
	 * @param reason the body, short and generic
	 * @param retryAfterSeconds the {@code Retry-After} value
	 * @throws IOException if the body cannot be written
	 */
	public static void write(HttpServletResponse response, String reason, String retryAfterSeconds) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
		byte[] body = reason.getBytes(StandardCharsets.UTF_8);
		response.setContentType("text/plain;charset=UTF-8");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
