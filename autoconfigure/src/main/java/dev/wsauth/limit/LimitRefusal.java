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

package dev.wsauth.limit;

/**
 * The limits wsauth enforces beyond message and frame sizes, one value per kind of
 * refusal, so that every refusal can be counted under one name.
 *
 * @author wsauth
 * @since 0.1.0
 */
public enum LimitRefusal {

	/**
	 * The user already holds {@code wsauth.limits.connections-per-user} connections: the
	 * upgrade is refused with 429, or a connection that lost its reservation is closed
	 * with 4029.
	 */
	CONNECTIONS_PER_USER,

	/**
	 * The remote address opened upgrades faster than
	 * {@code wsauth.limits.upgrades-per-address} allows: 429.
	 */
	UPGRADES_PER_ADDRESS,

	/**
	 * The connection sent frames faster than {@code wsauth.limits.frames-per-second}
	 * allows: ERROR, then close 4029.
	 */
	FRAMES_PER_SECOND

}
