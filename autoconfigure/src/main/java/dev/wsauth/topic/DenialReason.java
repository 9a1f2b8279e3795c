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

package dev.wsauth.topic;

/**
 * Why a frame was denied, as told to the client.
 *
 * @author wsauth
 * @since 0.1.0
 */
public enum DenialReason {

	/**
	 * No rule allows the frame, or the rule's expression is false.
	 */
	FORBIDDEN,

	/**
	 * The destination is missing, a pattern, or not in canonical form.
	 */
	INVALID_DESTINATION,

	/**
	 * The frame carries no authenticated user.
	 */
	UNAUTHENTICATED,

	/**
	 * A SUBSCRIBE beyond the connection's limit of live subscriptions. The client may
	 * subscribe again after it has unsubscribed from others.
	 */
	TOO_MANY_SUBSCRIPTIONS,

	/**
	 * A live subscription that a re-evaluation found no longer allowed (a role removed, a
	 * membership revoked): the subscription is dropped, the connection and its other
	 * subscriptions stay. A new SUBSCRIBE is decided as usual.
	 */
	REVOKED

}
