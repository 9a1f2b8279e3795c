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

package dev.wsauth.revocation;

import java.util.function.Consumer;

/**
 * Carries revocations to the other nodes of a cluster.
 *
 * @author wsauth
 * @since 0.1.0
 * @see dev.wsauth.redis.RedisRevocationBroadcast
 */
public interface RevocationBroadcast {

	/**
	 * Send a revocation to every other node.
	 * @param revocation the revocation
	 */
	void publish(Revocation revocation);

	/**
	 * Receive the revocations other nodes publish.
	 * @param listener called with each revocation from another node
	 */
	void subscribe(Consumer<Revocation> listener);

}
