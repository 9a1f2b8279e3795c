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
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link SessionRotationRegistry} must give for session families, whatever it
 * is stored in. Each subclass runs these against one implementation.
 */
public abstract class SessionFamilyContractTests {

	/**
	 * Create a registry with the given grace and a ten-minute ended retention, empty of
	 * the ids other tests use.
	 * @param grace the rotation grace
	 * @return the registry
	 */
	protected abstract SessionRotationRegistry registry(Duration grace);

	/**
	 * Return an id no other test uses.
	 * @param name a readable part
	 * @return the id
	 */
	protected abstract String id(String name);

	@Test
	void endingAFamilyEndsEveryIdItWasRotatedFromAndInto() {
		SessionRotationRegistry registry = registry(Duration.ofSeconds(10));
		String a = id("a");
		String b = id("b");
		String c = id("c");
		String other = id("other");
		registry.recordRotation(a, b);
		registry.recordRotation(b, c);
		assertThat(registry.endFamily(b)).containsExactlyInAnyOrder(a, b, c);
		assertThat(registry.isEnded(a)).isTrue();
		assertThat(registry.isEnded(b)).isTrue();
		assertThat(registry.isEnded(c)).isTrue();
		assertThat(registry.isEnded(other)).isFalse();
	}

	@Test
	void aRotationRecordedAfterItsOldIdEndedYieldsAnEndedNewId() {
		SessionRotationRegistry registry = registry(Duration.ofSeconds(10));
		String a = id("a");
		String b = id("b");
		registry.endFamily(a);
		registry.recordRotation(a, b);
		assertThat(registry.isEnded(b)).isTrue();
	}

	@Test
	void withoutGraceARotationStillInheritsTheEndOfItsOldId() {
		SessionRotationRegistry registry = registry(Duration.ZERO);
		String a = id("a");
		String b = id("b");
		registry.endFamily(a);
		registry.recordRotation(a, b);
		assertThat(registry.successorOf(a)).isNull();
		assertThat(registry.isEnded(b)).isTrue();
	}

	@Test
	void withoutGraceAnOldIdLeadsNoRequestToItsSessionButStaysInTheFamilyAndNamesItsSuccessor() {
		SessionRotationRegistry registry = registry(Duration.ZERO);
		String a = id("a");
		String b = id("b");
		String c = id("c");
		registry.recordRotation(a, b);
		registry.recordRotation(b, c);
		assertThat(registry.successorOf(a)).isNull();
		assertThat(registry.rotatedInto(a)).isEqualTo(b);
		assertThat(registry.rotatedInto(b)).isEqualTo(c);
		assertThat(registry.rotatedInto(c)).isNull();
		assertThat(registry.familyOf(c)).containsExactlyInAnyOrder(a, b, c);
		assertThat(registry.endFamily(c)).containsExactlyInAnyOrder(a, b, c);
		assertThat(registry.isEnded(a)).isTrue();
	}

	@Test
	void familyOfNamesTheFamilyWithoutEndingIt() {
		SessionRotationRegistry registry = registry(Duration.ofSeconds(10));
		String a = id("a");
		String b = id("b");
		registry.recordRotation(a, b);
		assertThat(registry.familyOf(a)).containsExactlyInAnyOrder(a, b);
		assertThat(registry.isEnded(a)).isFalse();
		assertThat(registry.isEnded(b)).isFalse();
		assertThat(registry.familyOf(id("alone"))).hasSize(1);
	}

	@Test
	void aRotationRacingTheEndOfItsFamilyNeverLeavesALiveSuccessor() throws Exception {
		SessionRotationRegistry registry = registry(Duration.ofSeconds(10));
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 200; round++) {
				String oldId = id("old" + round);
				String newId = id("new" + round);
				CyclicBarrier start = new CyclicBarrier(2);
				Future<?> rotation = threads.submit(() -> {
					start.await();
					registry.recordRotation(oldId, newId);
					return null;
				});
				Future<?> end = threads.submit(() -> {
					start.await();
					registry.endFamily(oldId);
					return null;
				});
				rotation.get(10, TimeUnit.SECONDS);
				end.get(10, TimeUnit.SECONDS);
				assertThat(registry.isEnded(newId)).as("round %d", round).isTrue();
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

}
