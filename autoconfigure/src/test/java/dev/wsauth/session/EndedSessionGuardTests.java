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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;

import dev.wsauth.revocation.WebSocketRevocations;
import dev.wsauth.socket.ConnectionRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link EndedSessionGuard} applied by {@link EndedSessionGuardPostProcessor}.
 */
class EndedSessionGuardTests {

	private final InMemorySessionRotationRegistry families = new InMemorySessionRotationRegistry(
			Duration.ofSeconds(10));

	private final SessionTerminator terminator = new SessionTerminator(this.families,
			new WebSocketRevocations(new ConnectionRegistry(() -> null)));

	private final MapSessionRepository target = new MapSessionRepository(new ConcurrentHashMap<>());

	private final MapSessionRepository repository = guard(this.target);

	@Test
	void theGuardedRepositoryKeepsItsClass() {
		assertThat(AopUtils.isAopProxy(this.repository)).isTrue();
		assertThat(this.repository).isInstanceOf(MapSessionRepository.class);
	}

	@Test
	void aSaveOfASessionWhoseFamilyEndedIsUndoneAndFails() {
		MapSession session = this.repository.createSession();
		this.repository.save(session);
		// A request loaded the session; a logout then ended it.
		MapSession loaded = this.repository.findById(session.getId());
		this.repository.deleteById(session.getId());
		loaded.setAttribute("touched", true);
		assertThatExceptionOfType(SessionEndedException.class).isThrownBy(() -> this.repository.save(loaded));
		assertThat(this.target.findById(session.getId())).isNull();
	}

	@Test
	void aSaveOfARenamedSessionWhoseOldIdEndedIsUndoneAndFails() {
		MapSession session = this.repository.createSession();
		this.repository.save(session);
		MapSession loaded = this.repository.findById(session.getId());
		String oldId = loaded.getId();
		this.terminator.end(oldId);
		String newId = loaded.changeSessionId();
		assertThatExceptionOfType(SessionEndedException.class).isThrownBy(() -> this.repository.save(loaded));
		assertThat(this.target.findById(newId)).isNull();
		assertThat(this.target.findById(oldId)).isNull();
	}

	@Test
	void aSaveOfASessionLoadedBeforeARotationDoesNotWriteItBackUnderTheOldId() {
		MapSession session = this.repository.createSession();
		this.repository.save(session);
		String oldId = session.getId();
		// A keep-alive touch loaded the session; a preflight then renamed it.
		MapSession stale = this.repository.findById(oldId);
		MapSession renamed = this.repository.findById(oldId);
		String newId = renamed.changeSessionId();
		this.families.recordRotation(oldId, newId);
		this.repository.save(renamed);
		stale.setLastAccessedTime(Instant.now());
		this.repository.save(stale);
		assertThat(this.target.findById(oldId)).isNull();
		assertThat(this.target.findById(newId)).isNotNull();
	}

	@Test
	void deletingASessionEndsItsFamilyAndDeletesItsLiveSuccessor() {
		MapSession session = this.repository.createSession();
		this.repository.save(session);
		String oldId = session.getId();
		MapSession renamed = this.repository.findById(oldId);
		String newId = renamed.changeSessionId();
		this.families.recordRotation(oldId, newId);
		this.repository.save(renamed);
		// A logout carrying the old id deletes through the repository.
		this.repository.deleteById(oldId);
		assertThat(this.families.isEnded(oldId)).isTrue();
		assertThat(this.families.isEnded(newId)).isTrue();
		assertThat(this.target.findById(newId)).isNull();
	}

	@Test
	void aSessionExpiredByConcurrencyControlEndsItsFamily() {
		MapSession session = this.repository.createSession();
		session.setAttribute(EndedSessionGuard.EXPIRED_ATTRIBUTE, Boolean.TRUE);
		this.repository.save(session);
		assertThat(this.families.isEnded(session.getId())).isTrue();
	}

	@Test
	void liveSessionsAreSavedAndFoundAsUsual() {
		MapSession session = this.repository.createSession();
		session.setAttribute("name", "value");
		this.repository.save(session);
		assertThat(this.repository.findById(session.getId()).<String>getAttribute("name")).isEqualTo("value");
		assertThat(this.families.isEnded(session.getId())).isFalse();
	}

	@Test
	void aSaveTellsTheSessionEndMonitorTheSessionsExpiry() {
		SessionEndMonitor monitor = mock(SessionEndMonitor.class);
		MapSessionRepository repository = guard(new MapSessionRepository(new ConcurrentHashMap<>()), () -> monitor,
				() -> null);
		MapSession session = authenticated(repository.createSession());
		session.setMaxInactiveInterval(Duration.ofSeconds(5));
		repository.save(session);
		then(monitor).should().sessionSaved(session.getId(), session.getLastAccessedTime().plusSeconds(5));
		MapSession eternal = authenticated(repository.createSession());
		eternal.setMaxInactiveInterval(Duration.ofSeconds(-1));
		repository.save(eternal);
		then(monitor).should().sessionSaved(eternal.getId(), Instant.MAX);
		// A context removed without a logout: read at once.
		session.removeAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		repository.save(session);
		then(monitor).should().sessionSaved(session.getId(), Instant.MIN);
	}

	@Test
	void anEndedSessionWhoseRecordTheStoreCannotReadIsRemovedAndNotFound() {
		MapSessionRepository corrupt = new MapSessionRepository(new ConcurrentHashMap<>()) {

			@Override
			public MapSession findById(String id) {
				throw new IllegalStateException("creationTime key must not be null");
			}

			@Override
			public void deleteById(String id) {
				throw new IllegalStateException("creationTime key must not be null");
			}

		};
		List<String> removed = new ArrayList<>();
		MapSessionRepository repository = guard(corrupt, () -> null, () -> (id) -> removed.add(id));
		// A live session's unreadable record is the store's failure, not wsauth's to
		// hide.
		assertThatIllegalStateException().isThrownBy(() -> repository.findById("s1"));
		repository.deleteById("s1");
		assertThat(removed).containsExactly("s1");
		assertThat(repository.findById("s1")).isNull();
		assertThat(removed).containsExactly("s1", "s1");
	}

	@Test
	void aSaveOfAnEndedSessionWhoseRecordCannotBeReadStillFailsAsEnded() {
		MapSessionRepository corrupt = new MapSessionRepository(new ConcurrentHashMap<>()) {

			@Override
			public void deleteById(String id) {
				throw new IllegalStateException("creationTime key must not be null");
			}

		};
		List<String> removed = new ArrayList<>();
		MapSessionRepository repository = guard(corrupt, () -> null, () -> (id) -> removed.add(id));
		MapSession session = repository.createSession();
		this.terminator.end(session.getId());
		assertThatExceptionOfType(SessionEndedException.class).isThrownBy(() -> repository.save(session));
		assertThat(removed).containsExactly(session.getId());
	}

	@Test
	void withoutARecordRemoverAFailedDeleteStillFails() {
		MapSessionRepository failing = new MapSessionRepository(new ConcurrentHashMap<>()) {

			@Override
			public void deleteById(String id) {
				throw new IllegalStateException("store down");
			}

		};
		MapSessionRepository repository = guard(failing);
		assertThatIllegalStateException().isThrownBy(() -> repository.deleteById("s1"));
		// Ended all the same: the mark comes before the delete.
		assertThat(this.families.isEnded("s1")).isTrue();
	}

	private static MapSession authenticated(MapSession session) {
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(new TestingAuthenticationToken("alice", "secret", "ROLE_USER")));
		return session;
	}

	private MapSessionRepository guard(MapSessionRepository repository) {
		return guard(repository, () -> null, () -> null);
	}

	private MapSessionRepository guard(MapSessionRepository repository, Supplier<SessionEndMonitor> monitor,
			Supplier<SessionRecordRemover> recordRemover) {
		EndedSessionGuardPostProcessor postProcessor = new EndedSessionGuardPostProcessor(() -> this.terminator,
				monitor, recordRemover);
		postProcessor.setBeanClassLoader(getClass().getClassLoader());
		return (MapSessionRepository) postProcessor.postProcessAfterInitialization(repository, "sessionRepository");
	}

}
