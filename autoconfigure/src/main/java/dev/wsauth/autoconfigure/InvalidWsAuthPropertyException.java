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

package dev.wsauth.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when a {@code wsauth.*} property has a value wsauth cannot work with.
 * Spring Boot reports it as "APPLICATION FAILED TO START", naming the property and how to
 * fix it.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class InvalidWsAuthPropertyException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final String reason;

	private final String action;

	/**
	 * Create an exception.
	 * @param property the property, such as {@code wsauth.preflight.rotation-grace}
	 * @param reason what is wrong with its value
	 * @param action how to fix it
	 * @param cause the failure that revealed it, or {@code null}
	 */
	public InvalidWsAuthPropertyException(String property, String reason, String action, @Nullable Throwable cause) {
		super("Invalid " + property + ": " + reason, cause);
		this.property = property;
		this.reason = reason;
		this.action = action;
	}

	/**
	 * Return the property whose value is invalid.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return what is wrong with the value.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * Return how to fix the value.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
