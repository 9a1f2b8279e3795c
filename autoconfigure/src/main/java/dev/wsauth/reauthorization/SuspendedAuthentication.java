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

package dev.wsauth.reauthorization;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

/**
 * The unauthenticated authentication of a socket whose account the user store disabled,
 * locked or expired: unauthenticated and without authorities, so every frame of the
 * socket is denied as unauthenticated. It keeps the authentication the socket had, so
 * that a re-evaluation after the account is usable again can give it back (a bearer
 * token's cannot be reloaded from anywhere). Listeners of Spring's session events see it
 * as the user of such a socket.
 *
 * @author wsauth
 */
final class SuspendedAuthentication extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private final Authentication suspended;

	SuspendedAuthentication(Authentication suspended) {
		super(List.of());
		this.suspended = suspended;
		setAuthenticated(false);
	}

	/**
	 * Return the authentication the socket had before its account became unusable.
	 * @return the suspended authentication
	 */
	Authentication getSuspended() {
		return this.suspended;
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		Assert.isTrue(!authenticated, "A suspended authentication cannot be trusted");
		super.setAuthenticated(false);
	}

	@Override
	public String getName() {
		return this.suspended.getName();
	}

	@Override
	public Object getPrincipal() {
		return this.suspended.getName();
	}

	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + " [Principal=" + getName() + ", Authenticated=false]";
	}

}
