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

package dev.wsauth.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The external services integration tests need. With a Docker engine, each is a
 * Testcontainers container started once per JVM; without one, the local server at its
 * default loopback address, overridable by environment variables. A service that cannot
 * be reached fails the test with a clear message: nothing is skipped.
 */
public final class TestServices {

	private static final boolean DOCKER = dockerAvailable();

	private static Endpoint rabbitStomp;

	private static Endpoint redis;

	private static Endpoint postgres;

	private TestServices() {
	}

	/**
	 * RabbitMQ's STOMP port ({@code WSAUTH_TEST_RABBITMQ_HOST},
	 * {@code WSAUTH_TEST_RABBITMQ_STOMP_PORT}; default 127.0.0.1:61613, guest/guest).
	 */
	public static synchronized Endpoint rabbitStomp() {
		if (rabbitStomp == null) {
			if (DOCKER) {
				GenericContainer<?> container = new GenericContainer<>("rabbitmq:3.13").withCommand("sh", "-c",
						"rabbitmq-plugins enable --offline rabbitmq_stomp && exec docker-entrypoint.sh rabbitmq-server")
					.withExposedPorts(61613)
					.waitingFor(Wait.forListeningPort())
					.withStartupTimeout(Duration.ofMinutes(2));
				container.start();
				rabbitStomp = new Endpoint(container.getHost(), container.getMappedPort(61613));
			}
			else {
				rabbitStomp = local("RabbitMQ STOMP", "WSAUTH_TEST_RABBITMQ_HOST", "WSAUTH_TEST_RABBITMQ_STOMP_PORT",
						61613);
			}
		}
		return rabbitStomp;
	}

	/**
	 * Redis ({@code WSAUTH_TEST_REDIS_HOST}, {@code WSAUTH_TEST_REDIS_PORT}; default
	 * 127.0.0.1:6379, no password).
	 */
	public static synchronized Endpoint redis() {
		if (redis == null) {
			if (DOCKER) {
				GenericContainer<?> container = new GenericContainer<>("redis:7").withExposedPorts(6379)
					.waitingFor(Wait.forListeningPort())
					.withStartupTimeout(Duration.ofMinutes(2));
				container.start();
				redis = new Endpoint(container.getHost(), container.getMappedPort(6379));
			}
			else {
				redis = local("Redis", "WSAUTH_TEST_REDIS_HOST", "WSAUTH_TEST_REDIS_PORT", 6379);
			}
		}
		return redis;
	}

	/**
	 * PostgreSQL ({@code WSAUTH_TEST_POSTGRES_HOST}, {@code WSAUTH_TEST_POSTGRES_PORT};
	 * default 127.0.0.1:5432, database {@code test}, user {@code postgres}, trust auth).
	 */
	public static synchronized Endpoint postgres() {
		if (postgres == null) {
			if (DOCKER) {
				GenericContainer<?> container = new GenericContainer<>("postgres:16")
					.withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
					.withEnv("POSTGRES_DB", "test")
					.withExposedPorts(5432)
					.waitingFor(Wait.forListeningPort())
					.withStartupTimeout(Duration.ofMinutes(2));
				container.start();
				postgres = new Endpoint(container.getHost(), container.getMappedPort(5432));
			}
			else {
				postgres = local("PostgreSQL", "WSAUTH_TEST_POSTGRES_HOST", "WSAUTH_TEST_POSTGRES_PORT", 5432);
			}
		}
		return postgres;
	}

	private static Endpoint local(String name, String hostVariable, String portVariable, int defaultPort) {
		String host = env(hostVariable, "127.0.0.1");
		int port = Integer.parseInt(env(portVariable, Integer.toString(defaultPort)));
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 2000);
		}
		catch (IOException ex) {
			throw new IllegalStateException(name + " is not reachable at " + host + ":" + port
					+ " and no Docker engine is available for Testcontainers. Start it (bash .ci/run does) or set "
					+ hostVariable + "/" + portVariable + ".", ex);
		}
		return new Endpoint(host, port);
	}

	private static String env(String name, String defaultValue) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : defaultValue;
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * A host and port.
	 *
	 * @param host the host
	 * @param port the port
	 */
	public record Endpoint(String host, int port) {

	}

}
