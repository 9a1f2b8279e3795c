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

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.Assert;

/**
 * Reads every session id a request presents, in order: with Spring Session its
 * {@code HttpSessionIdResolver}, with plain servlet sessions the session cookies.
 *
 * @author wsauth
 * @since 0.1.0
 */
@FunctionalInterface
public interface RequestedSessionIds {

	/**
	 * Return the session ids the request presents.
	 * @param request the request
	 * @return the ids, possibly empty
	 */
	List<String> resolve(HttpServletRequest request);

	/**
	 * Return a reader of the values of every cookie with the given name.
	 * @param cookieName the session cookie name, such as {@code JSESSIONID}
	 * @return the reader
	 */
	static RequestedSessionIds cookies(String cookieName) {
		Assert.hasText(cookieName, "'cookieName' must not be empty");
		return (request) -> {
			List<String> ids = new ArrayList<>();
			Cookie[] cookies = request.getCookies();
			if (cookies != null) {
				for (Cookie cookie : cookies) {
					if (cookieName.equals(cookie.getName()) && cookie.getValue() != null) {
						ids.add(cookie.getValue());
					}
				}
			}
			return ids;
		};
	}

}
