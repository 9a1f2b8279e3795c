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

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;

/**
 * Lets tests see which sessions exist: the application's {@link MapSessionRepository} is
 * replaced by one of the same class and timeout over a map the tests can read, which can
 * also be told to take its time after renaming a session, as a remote store would.
 */
@TestConfiguration(proxyBeanMethods = false)
class ObservedSessions {

	@Bean
	static SessionIds sessionIds() {
		return new SessionIds();
	}

	/** The ids of every session in the repository. */
	static final class SessionIds implements BeanPostProcessor {

		private final Map<String, Session> sessions = new ConcurrentHashMap<>();

		private final AtomicLong renameHoldMillis = new AtomicLong();

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof MapSessionRepository repository) {
				MapSession probe = repository.createSession();
				Duration timeout = probe.getMaxInactiveInterval();
				MapSessionRepository observed = new ObservedRepository(this.sessions, this.renameHoldMillis);
				observed.setDefaultMaxInactiveInterval(timeout);
				return observed;
			}
			return bean;
		}

		Set<String> current() {
			return Set.copyOf(this.sessions.keySet());
		}

		/** Make the next save of a renamed session return only after the given time. */
		void holdNextRename(Duration hold) {
			this.renameHoldMillis.set(hold.toMillis());
		}

	}

	private static final class ObservedRepository extends MapSessionRepository {

		private final AtomicLong renameHoldMillis;

		ObservedRepository(Map<String, Session> sessions, AtomicLong renameHoldMillis) {
			super(sessions);
			this.renameHoldMillis = renameHoldMillis;
		}

		@Override
		public void save(MapSession session) {
			boolean renamed = !session.getId().equals(session.getOriginalId());
			super.save(session);
			long hold = renamed ? this.renameHoldMillis.getAndSet(0) : 0;
			if (hold > 0) {
				try {
					Thread.sleep(hold);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

}
