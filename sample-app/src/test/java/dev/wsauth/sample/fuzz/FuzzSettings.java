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

package dev.wsauth.sample.fuzz;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The size and seed of a fuzz run: a system property ({@code -Dwsauth.fuzz.seed=...},
 * which Maven Surefire passes on from the command line), else an environment variable
 * ({@code WSAUTH_FUZZ_SEED=...}), else the fixed default, so that a CI failure can be
 * replayed exactly.
 */
final class FuzzSettings {

	private FuzzSettings() {
	}

	/** The seed: {@code wsauth.fuzz.seed} or {@code WSAUTH_FUZZ_SEED}. */
	static long seed(long defaultSeed) {
		String value = value("wsauth.fuzz.seed");
		return (value != null) ? Long.parseLong(value) : defaultSeed;
	}

	/** A count such as {@code wsauth.fuzz.frames} or {@code WSAUTH_FUZZ_FRAMES}. */
	static int count(String property, int defaultCount) {
		String value = value(property);
		int count = (value != null) ? Integer.parseInt(value.replace("_", "")) : defaultCount;
		if (count <= 0) {
			throw new IllegalArgumentException(property + " must be positive");
		}
		return count;
	}

	private static @Nullable String value(String property) {
		String value = System.getProperty(property);
		if (value == null || value.isBlank()) {
			value = System.getenv(property.toUpperCase(Locale.ROOT).replace('.', '_'));
		}
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
