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

import java.util.Set;

import org.springframework.util.Assert;

import dev.wsauth.revocation.WebSocketRevocations;
import dev.wsauth.socket.WsAuthCloseStatus;

/**
 * Ends session families: marks every id of the family as ended in the
 * {@link SessionRotationRegistry} first (so that no request still holding the session can
 * save it back, and no socket can register under it), then closes every socket of the
 * family with {@link WsAuthCloseStatus#SESSION_ENDED} on this node and, through the
 * {@link WebSocketRevocations} broadcast, on every other node at once.
 *
 * <p>
 * Every way a session ends leads here: a logout (with the current id or an old one),
 * {@code HttpSession.invalidate()} and {@code SessionRepository.deleteById} (through
 * {@link EndedSessionGuard}), a plain servlet session's destruction, and Spring
 * Security's concurrent-session expiry.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SessionTerminator {

	private final SessionRotationRegistry families;

	private final WebSocketRevocations revocations;

	/**
	 * Create a terminator.
	 * @param families the registry of rotations and ended families
	 * @param revocations closes sockets on this node and on the others
	 */
	public SessionTerminator(SessionRotationRegistry families, WebSocketRevocations revocations) {
		Assert.notNull(families, "'families' must not be null");
		Assert.notNull(revocations, "'revocations' must not be null");
		this.families = families;
		this.revocations = revocations;
	}

	/**
	 * End the family of a session and close its sockets everywhere.
	 * @param sessionId any id of the family
	 * @return every id of the family
	 */
	public Set<String> end(String sessionId) {
		Assert.hasText(sessionId, "'sessionId' must not be empty");
		Set<String> family = this.families.endFamily(sessionId);
		this.revocations.revokeSessions(family, WsAuthCloseStatus.SESSION_ENDED);
		return family;
	}

	/**
	 * Return whether a session's family ended.
	 * @param sessionId a session id
	 * @return whether it ended
	 */
	public boolean isEnded(String sessionId) {
		return this.families.isEnded(sessionId);
	}

	/**
	 * Return whether no live session should be stored under an id any more: its family
	 * ended, or it was rotated into a successor.
	 * @param sessionId a session id
	 * @return whether the id is retired
	 */
	public boolean isRetired(String sessionId) {
		return this.families.isEnded(sessionId) || isRotated(sessionId);
	}

	/**
	 * Return whether an id was rotated into a successor (within the rotation grace).
	 * @param sessionId a session id
	 * @return whether the id has a successor
	 */
	public boolean isRotated(String sessionId) {
		return this.families.successorOf(sessionId) != null;
	}

}
