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

package dev.wsauth.client;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Serves the browser client: the entry module {@value BrowserClientBundle#ENTRY_NAME}
 * with {@code Cache-Control: no-cache} (one cheap revalidation per page load), and the
 * content-hashed bundle it re-exports with {@code Cache-Control: public,
 * max-age=31536000, immutable}. Both carry a strong ETag and answer {@code If-None-Match}
 * with 304. Any other file name gets 404, any method but {@code GET} and {@code HEAD}
 * 405.
 *
 * <p>
 * Setting {@code Cache-Control} here keeps Spring Security's default {@code no-store} off
 * these responses: its header writer leaves a response alone that has one.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class BrowserClientRequestHandler implements HttpRequestHandler {

	/**
	 * {@code Cache-Control} of the entry module.
	 */
	public static final String ENTRY_CACHE_CONTROL = "no-cache";

	/**
	 * {@code Cache-Control} of the content-hashed bundle.
	 */
	public static final String BUNDLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

	private static final String CONTENT_TYPE = "text/javascript;charset=utf-8";

	private final BrowserClientBundle bundle;

	/**
	 * Create a handler.
	 * @param bundle the bundle to serve
	 */
	public BrowserClientRequestHandler(BrowserClientBundle bundle) {
		Assert.notNull(bundle, "'bundle' must not be null");
		this.bundle = bundle;
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String uri = request.getRequestURI();
		String name = uri.substring(uri.lastIndexOf('/') + 1);
		if (BrowserClientBundle.ENTRY_NAME.equals(name)) {
			serve(request, response, this.bundle.entryBytes(), this.bundle.getEntryETag(), ENTRY_CACHE_CONTROL);
		}
		else if (this.bundle.getBundleName().equals(name)) {
			serve(request, response, this.bundle.bundleBytes(), this.bundle.getBundleETag(), BUNDLE_CACHE_CONTROL);
		}
		else {
			// An old page asking for a bundle this server no longer has.
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			response.setStatus(HttpServletResponse.SC_NOT_FOUND);
			response.setContentLength(0);
		}
	}

	private void serve(HttpServletRequest request, HttpServletResponse response, byte[] content, String etag,
			String cacheControl) throws IOException {
		boolean head = HttpMethod.HEAD.matches(request.getMethod());
		if (!head && !HttpMethod.GET.matches(request.getMethod())) {
			response.setHeader(HttpHeaders.ALLOW, "GET, HEAD");
			response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
			response.setContentLength(0);
			return;
		}
		response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
		if (new ServletWebRequest(request, response).checkNotModified(etag)) {
			return;
		}
		response.setContentType(CONTENT_TYPE);
		response.setContentLength(content.length);
		if (!head) {
			response.getOutputStream().write(content);
		}
	}

}
