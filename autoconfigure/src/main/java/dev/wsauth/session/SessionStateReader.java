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

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Reads, for many sessions at once, whether each is still live and authenticated and when
 * it would expire: the few fields the {@link SessionEndMonitor} needs, batched, never a
 * full load of each session.
 *
 * @author wsauth
 * @since 0.1.0
 */
@FunctionalInterface
public interface SessionStateReader {

	/**
	 * Read the state of the given sessions.
	 * @param sessionIds the session ids, at most a few hundred
	 * @return for each live, authenticated session its expiry instant
	 * ({@link Instant#MAX} for a session that never idles out); an id that is absent
	 * names a session that is gone, expired or no longer authenticated
	 * @throws RuntimeException if the store cannot be read: nothing is then taken as
	 * ended
	 */
	Map<String, Instant> read(Collection<String> sessionIds);

	/**
	 * Tell which of the given sessions may have ended, for reconciliation. It runs over
	 * every session of this node, so a reader should answer with as few store commands as
	 * it can (for Redis one {@code EXISTS} over the whole batch); it need not look at
	 * expiry, which the monitor reads when each session is due anyway. The ids returned
	 * are then read with {@link #read(Collection)}.
	 * <p>
	 * The default suspects every session, so reconciliation reads them all.
	 * @param sessionIds the session ids, at most a few hundred, without duplicates
	 * @return the ids that may name a session that is gone
	 * @throws RuntimeException if the store cannot be read: nothing is then taken as
	 * ended
	 */
	default Collection<String> mayHaveEnded(Collection<String> sessionIds) {
		return sessionIds;
	}

}
