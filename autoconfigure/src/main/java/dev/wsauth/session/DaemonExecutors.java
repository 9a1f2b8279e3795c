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

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The background threads of wsauth's lifecycle components: one named daemon thread each,
 * so they never keep the JVM alive and are easy to spot in a thread dump. Internal to
 * wsauth; not part of its supported API.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class DaemonExecutors {

	private DaemonExecutors() {
	}

	/**
	 * Create a single-thread scheduler whose thread is a daemon.
	 * @param name the thread's name
	 * @return a new scheduler; the caller shuts it down
	 */
	public static ScheduledExecutorService singleThread(String name) {
		return Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		});
	}

}
