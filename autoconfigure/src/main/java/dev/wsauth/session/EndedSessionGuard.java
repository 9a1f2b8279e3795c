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

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.MapSession;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.util.Assert;

/**
 * Guards a Spring Session {@link SessionRepository} so that an ended session stays ended:
 * <ul>
 * <li>{@code deleteById} (a logout, {@code HttpSession.invalidate()}, an application's
 * own call) first ends the session's whole family through the {@link SessionTerminator},
 * then deletes the session and every other live id of the family;</li>
 * <li>{@code save} of a session whose family ended (a request or keep-alive that loaded
 * it before the logout, a preflight rotation racing it) is undone and fails with a
 * {@link SessionEndedException}. The check runs before and again after the write, so a
 * logout that lands between the two is still seen: the logout marks the family ended
 * before it deletes, the save writes before it checks;</li>
 * <li>{@code save} of a session under an id that a rotation has since renamed (a request
 * or keep-alive that loaded it before a preflight) is skipped: writing it would bring the
 * old id back, and in the JDBC store rename the session back, so that the cookie the
 * preflight issued would name no session;</li>
 * <li>a save that marks the session expired by Spring Security's concurrent-session
 * control ends its family too;</li>
 * <li>a record the store cannot read back under an ended or rotated id (a request's write
 * that raced the logout, or the rotation that renamed the session, left part of it) is
 * removed with the {@link SessionRecordRemover}, and not found;</li>
 * <li>every other save tells the {@link SessionEndMonitor} when to read the session next,
 * so that a shortened maximum inactive interval, or a security context removed without a
 * logout, is seen on this node without a poll.</li>
 * </ul>
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class EndedSessionGuard implements MethodInterceptor {

	private static final Log logger = LogFactory.getLog(EndedSessionGuard.class);

	/**
	 * The attribute Spring Session's {@code SpringSessionBackedSessionRegistry} sets on a
	 * session that concurrency control expired.
	 */
	static final String EXPIRED_ATTRIBUTE = "org.springframework.session.security.SpringSessionBackedSessionInformation.EXPIRED";

	private final Supplier<SessionTerminator> terminator;

	private final Supplier<@Nullable SessionEndMonitor> monitor;

	private final Supplier<@Nullable SessionRecordRemover> recordRemover;

	/**
	 * Create a guard.
	 * @param terminator supplies the terminator, resolved on first use because the
	 * repository is created before the beans it needs
	 */
	public EndedSessionGuard(Supplier<SessionTerminator> terminator) {
		this(terminator, () -> null, () -> null);
	}

	/**
	 * Create a guard that also tells the session end monitor of every save (so that a
	 * session whose maximum inactive interval was shortened is checked by its new expiry)
	 * and removes records the store cannot read back under retired ids.
	 * @param terminator supplies the terminator, resolved on first use because the
	 * repository is created before the beans it needs
	 * @param monitor supplies the monitor, or {@code null} when there is none
	 * @param recordRemover supplies the store's record remover, or {@code null} when
	 * there is none
	 */
	public EndedSessionGuard(Supplier<SessionTerminator> terminator, Supplier<@Nullable SessionEndMonitor> monitor,
			Supplier<@Nullable SessionRecordRemover> recordRemover) {
		Assert.notNull(terminator, "'terminator' must not be null");
		Assert.notNull(monitor, "'monitor' must not be null");
		Assert.notNull(recordRemover, "'recordRemover' must not be null");
		this.terminator = terminator;
		this.monitor = monitor;
		this.recordRemover = recordRemover;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		if (arguments.length == 1 && invocation.getThis() instanceof SessionRepository<?> repository) {
			String name = invocation.getMethod().getName();
			if ("save".equals(name) && arguments[0] instanceof Session session) {
				return save(invocation, repository, session);
			}
			if ("deleteById".equals(name) && arguments[0] instanceof String id) {
				return delete(invocation, repository, id);
			}
			if ("findById".equals(name) && arguments[0] instanceof String id) {
				return find(invocation, id);
			}
		}
		return invocation.proceed();
	}

	private @Nullable Object save(MethodInvocation invocation, SessionRepository<?> repository, Session session)
			throws Throwable {
		SessionTerminator terminator = this.terminator.get();
		String id = session.getId();
		String originalId = (session instanceof MapSession mapSession) ? mapSession.getOriginalId() : id;
		if (ended(terminator, id, originalId)) {
			undo(repository, id);
			if (!originalId.equals(id)) {
				undo(repository, originalId);
			}
			throw new SessionEndedException();
		}
		if (originalId.equals(id) && terminator.isRotated(id)) {
			logger.debug("Skipped the save of a session under an id rotated since it was loaded");
			return null;
		}
		Object result = invocation.proceed();
		if (ended(terminator, id, originalId)) {
			// The family ended while this save was in flight: undo the write.
			undo(repository, id);
			logger.debug("Undid the save of a session that ended concurrently");
			throw new SessionEndedException();
		}
		if (Boolean.TRUE.equals(session.getAttribute(EXPIRED_ATTRIBUTE))) {
			terminator.end(id);
		}
		SessionEndMonitor monitor = this.monitor.get();
		if (monitor != null) {
			monitor.sessionSaved(id, checkAt(session));
		}
		return result;
	}

	private @Nullable Object delete(MethodInvocation invocation, SessionRepository<?> repository, String id)
			throws Throwable {
		// Ended before the delete: from here on no request can save it back.
		Set<String> family = this.terminator.get().end(id);
		Object result = null;
		try {
			result = invocation.proceed();
		}
		catch (RuntimeException ex) {
			// A write that raced the logout may have left a record the store cannot read
			// back, so cannot delete either.
			if (!removeRecord(id)) {
				throw ex;
			}
			logger.debug("Removed the unreadable record of an ended session");
		}
		for (String member : family) {
			if (!member.equals(id)) {
				undo(repository, member);
			}
		}
		return result;
	}

	/**
	 * Delete an ended session on the target repository (these calls do not pass through
	 * this guard): if the store cannot read what a racing write left, remove the record.
	 */
	private void undo(SessionRepository<?> repository, String id) {
		try {
			repository.deleteById(id);
		}
		catch (RuntimeException ex) {
			if (!removeRecord(id)) {
				throw ex;
			}
			logger.debug("Removed the unreadable record of an ended session");
		}
	}

	private @Nullable Object find(MethodInvocation invocation, String id) throws Throwable {
		try {
			return invocation.proceed();
		}
		catch (RuntimeException ex) {
			if (!this.terminator.get().isRetired(id) || !removeRecord(id)) {
				throw ex;
			}
			logger.debug("Removed the unreadable record of an ended session");
			return null;
		}
	}

	private boolean removeRecord(String id) {
		SessionRecordRemover remover = this.recordRemover.get();
		try {
			return remover != null && remover.remove(id);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not remove a session record", ex);
			return false;
		}
	}

	/**
	 * When the monitor should read the session next: at its expiry, or at once if it no
	 * longer holds a security context (the attribute names are enough: stores that load
	 * attributes lazily are not made to deserialize it).
	 */
	private static Instant checkAt(Session session) {
		if (!session.getAttributeNames().contains(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)) {
			return Instant.MIN;
		}
		Duration maxInactive = session.getMaxInactiveInterval();
		return maxInactive.isNegative() ? Instant.MAX : session.getLastAccessedTime().plus(maxInactive);
	}

	private static boolean ended(SessionTerminator terminator, String id, String originalId) {
		return terminator.isEnded(id) || (!originalId.equals(id) && terminator.isEnded(originalId));
	}

}
