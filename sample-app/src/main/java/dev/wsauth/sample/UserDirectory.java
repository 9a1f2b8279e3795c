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

package dev.wsauth.sample;

import java.util.Locale;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import dev.wsauth.handshake.WebSocketUserDataResolver;

/**
 * Binds a {@link UserProfile} to every socket at upgrade time.
 *
 * @author wsauth
 */
@Component
class UserDirectory implements WebSocketUserDataResolver {

	@Override
	public UserProfile resolve(Authentication authentication, ServerHttpRequest request) {
		String id = authentication.getName();
		String name = id.isEmpty() ? id : id.substring(0, 1).toUpperCase(Locale.ROOT) + id.substring(1);
		return new UserProfile(id, name);
	}

}
