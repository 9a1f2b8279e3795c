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
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import dev.wsauth.handshake.OriginPolicy;

/**
 * What wsauth's pre-connect endpoints (the preflight and the ticket endpoint) share:
 * {@code POST} only, the origin policy as their CSRF defence, CORS for explicitly allowed
 * origins only, bodies refused without being read, and empty answers.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class PreConnectEndpoints {

	private PreConnectEndpoints() {
	}

	/**
	 * Let a request through to the endpoint, or answer it: a CORS preflight (204 or 403),
	 * any method but {@code POST} (405), a foreign origin (403), a body the endpoint will
	 * not read (413, 411). Every answer is {@code Cache-Control: no-store}; an explicitly
	 * allowed cross-origin caller may read it.
	 * @param request the request
	 * @param response the response
	 * @param originPolicy the origin policy
	 * @param corsAllowedHeaders the request headers a cross-origin caller may send
	 * @param maxBodySize the largest declared body accepted, in bytes
	 * @return {@code true} if the endpoint should handle the request
	 */
	public static boolean admit(HttpServletRequest request, HttpServletResponse response, OriginPolicy originPolicy,
			String corsAllowedHeaders, long maxBodySize) {
		return admit(request, response, originPolicy, corsAllowedHeaders, null, maxBodySize);
	}

	/**
	 * Let a request through to the endpoint, or answer it, as
	 * {@link #admit(HttpServletRequest, HttpServletResponse, OriginPolicy, String, long)}
	 * does, and let an explicitly allowed cross-origin caller read the given response
	 * headers.
	 * @param request the request
	 * @param response the response
	 * @param originPolicy the origin policy
	 * @param corsAllowedHeaders the request headers a cross-origin caller may send
	 * @param corsExposedHeaders the response headers a cross-origin caller may read, or
	 * {@code null}
	 * @param maxBodySize the largest declared body accepted, in bytes
	 * @return {@code true} if the endpoint should handle the request
	 */
	public static boolean admit(HttpServletRequest request, HttpServletResponse response, OriginPolicy originPolicy,
			String corsAllowedHeaders, @Nullable String corsExposedHeaders, long maxBodySize) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (HttpMethod.OPTIONS.matches(request.getMethod())
				&& request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
			corsPreflight(request, response, originPolicy, corsAllowedHeaders);
			return false;
		}
		if (!HttpMethod.POST.matches(request.getMethod())) {
			response.setHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
			finish(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED);
			return false;
		}
		if (!originPolicy.isAllowed(request)) {
			finish(response, HttpServletResponse.SC_FORBIDDEN);
			return false;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (originPolicy.isExplicitlyAllowed(origin)) {
			allowOrigin(response, origin);
			if (corsExposedHeaders != null) {
				response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, corsExposedHeaders);
			}
		}
		return acceptBody(request, response, maxBodySize);
	}

	/**
	 * Refuse a body the endpoint will not read: 413 for a declared length over the limit,
	 * 411 for a chunked body. Both close the connection, so the body is never read.
	 * @param request the request
	 * @param response the response
	 * @param maxBodySize the largest declared body accepted, in bytes
	 * @return {@code true} if the request may proceed
	 */
	private static boolean acceptBody(HttpServletRequest request, HttpServletResponse response, long maxBodySize) {
		long length = request.getContentLengthLong();
		if (length > maxBodySize) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
			finish(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
			return false;
		}
		if (length < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
			finish(response, HttpServletResponse.SC_LENGTH_REQUIRED);
			return false;
		}
		return true;
	}

	/**
	 * Answer a CORS preflight for a {@code POST}: 204 with the CORS headers for an
	 * explicitly allowed origin, 403 otherwise (same-origin pages need no CORS).
	 * @param request the {@code OPTIONS} request
	 * @param response the response
	 * @param originPolicy the origin policy
	 * @param allowedHeaders the request headers a cross-origin caller may send
	 */
	private static void corsPreflight(HttpServletRequest request, HttpServletResponse response,
			OriginPolicy originPolicy, String allowedHeaders) {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (!originPolicy.isExplicitlyAllowed(origin)
				|| !HttpMethod.POST.matches(request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD))) {
			finish(response, HttpServletResponse.SC_FORBIDDEN);
			return;
		}
		allowOrigin(response, origin);
		response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, HttpMethod.POST.name());
		response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, allowedHeaders);
		response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
		finish(response, HttpServletResponse.SC_NO_CONTENT);
	}

	/**
	 * Let a cross-origin page read the answer, with credentials.
	 * @param response the response
	 * @param origin the request's origin, already known to be explicitly allowed
	 */
	public static void allowOrigin(HttpServletResponse response, @Nullable String origin) {
		if (origin != null) {
			response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
			response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
			response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
		}
	}

	/**
	 * Answer with a status and no body.
	 * @param response the response
	 * @param status the status
	 */
	public static void finish(HttpServletResponse response, int status) {
		response.setStatus(status);
		response.setContentLength(0);
	}

}
