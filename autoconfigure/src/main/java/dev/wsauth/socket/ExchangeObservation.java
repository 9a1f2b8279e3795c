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
package dev.wsauth.socket;

import java.io.IOException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The observation around one of wsauth's own HTTP endpoints (the preflight, the ticket
 * endpoint): tagged {@code outcome} by the status it answered, so that the metric Spring
 * Boot derives from it counts preflights and tickets by outcome.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class ExchangeObservation {

	private ExchangeObservation() {
	}

	/**
	 * Handle an exchange inside an observation, stopped with the outcome of the answer
	 * (or the error that escaped).
	 * @param name the observation name
	 * @param registry the registry
	 * @param response the response the exchange answers on
	 * @param exchange handles the exchange
	 * @throws IOException as the exchange throws it
	 * @throws ServletException as the exchange throws it
	 */
	public static void observe(String name, ObservationRegistry registry, HttpServletResponse response,
			Exchange exchange) throws IOException, ServletException {
		Observation observation = start(name, registry);
		try (Observation.Scope scope = observation.openScope()) {
			exchange.handle();
		}
		catch (IOException | ServletException | RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			stop(observation, response);
		}
	}

	/**
	 * Start an observation.
	 * @param name the observation name
	 * @param registry the registry
	 * @return the started observation
	 */
	public static Observation start(String name, ObservationRegistry registry) {
		return Observation.createNotStarted(name, registry).contextualName(name.replace('.', ' ')).start();
	}

	/**
	 * Stop an observation, tagged with the outcome the response's status stands for.
	 * @param observation the observation
	 * @param response the response, its status set
	 */
	public static void stop(Observation observation, HttpServletResponse response) {
		if (observation.isNoop()) {
			return;
		}
		int status = response.getStatus();
		observation.lowCardinalityKeyValue("outcome", outcome(status))
			.lowCardinalityKeyValue("status", Integer.toString(status))
			.stop();
	}

	/**
	 * One exchange, as a filter handles it.
	 */
	@FunctionalInterface
	public interface Exchange {

		/**
		 * Handle the exchange.
		 * @throws IOException on an I/O failure
		 * @throws ServletException on a servlet failure
		 */
		void handle() throws IOException, ServletException;

	}

	/**
	 * Return the outcome a status stands for.
	 * @param status the HTTP status code
	 * @return {@code success}, {@code unauthenticated}, {@code forbidden},
	 * {@code malformed}, {@code rate-limited}, {@code unavailable} or {@code error}
	 */
	static String outcome(int status) {
		if (status >= 200 && status < 300) {
			return "success";
		}
		return switch (status) {
			case 401 -> "unauthenticated";
			case 403 -> "forbidden";
			case 400, 405, 411, 413, 415 -> "malformed";
			case 429 -> "rate-limited";
			case 503 -> "unavailable";
			default -> "error";
		};
	}

}
