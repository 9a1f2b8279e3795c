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
package dev.wsauth.handshake;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;

/**
 * Makes wsauth's upgrade decisions visible: an {@link Observation} named
 * {@value #OBSERVATION_NAME} around each decision (a span in traces and, with Spring
 * Boot's Micrometer support, a timer tagged {@code outcome} and {@code reason}), and a
 * {@link WebSocketUpgradeRefusedEvent} for each refusal.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class UpgradeObserver {

	/**
	 * Name of the observation around each upgrade decision.
	 */
	public static final String OBSERVATION_NAME = "wsauth.upgrade";

	private static final KeyValue ACCEPTED = KeyValue.of("outcome", "accepted");

	private static final KeyValue REFUSED = KeyValue.of("outcome", "refused");

	private final ObservationRegistry observationRegistry;

	private @Nullable ApplicationEventPublisher eventPublisher;

	/**
	 * Create an observer.
	 * @param observationRegistry the registry, {@link ObservationRegistry#NOOP} for none
	 */
	public UpgradeObserver(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "'observationRegistry' must not be null");
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Set the publisher of {@link WebSocketUpgradeRefusedEvent}s.
	 * @param eventPublisher the publisher, or {@code null} for none
	 */
	public void setEventPublisher(@Nullable ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	Observation start() {
		return Observation.createNotStarted(OBSERVATION_NAME, this.observationRegistry)
			.contextualName("wsauth upgrade")
			.start();
	}

	void stop(Observation observation, HttpServletRequest request, UpgradeOutcome outcome) {
		observation.lowCardinalityKeyValue((outcome == UpgradeOutcome.ACCEPTED) ? ACCEPTED : REFUSED)
			.lowCardinalityKeyValue("reason", (outcome == UpgradeOutcome.ACCEPTED) ? "none" : outcome.tagValue())
			.stop();
		ApplicationEventPublisher eventPublisher = this.eventPublisher;
		if (outcome != UpgradeOutcome.ACCEPTED && eventPublisher != null) {
			eventPublisher.publishEvent(new WebSocketUpgradeRefusedEvent(this, outcome, request.getRemoteAddr(),
					request.getHeader(HttpHeaders.ORIGIN), request.getRequestURI()));
		}
	}

	/**
	 * Record an upgrade refused before wsauth's decision, by a filter of its own (the
	 * origin check of other endpoints, the upgrade rate limit).
	 * @param request the upgrade request
	 * @param outcome why it was refused
	 */
	public void refused(HttpServletRequest request, UpgradeOutcome outcome) {
		stop(start(), request, outcome);
	}

}
