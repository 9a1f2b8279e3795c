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

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Runs the sample in the {@code cluster} profile with Redis and RabbitMQ (STOMP plugin)
 * in Testcontainers: {@code ./mvnw -pl sample-app spring-boot:test-run} (needs Docker).
 * Start it twice with {@code --server.port=8081} and {@code 8082} for two nodes, each
 * with its own containers; to share them, run the main {@code SampleApplication} with the
 * {@code cluster} profile against one Redis and one RabbitMQ instead.
 *
 * @author wsauth
 */
public final class TestSampleApplication {

	private TestSampleApplication() {
	}

	public static void main(String[] args) {
		SpringApplication.from(SampleApplication::main)
			.with(ClusterContainers.class)
			.withAdditionalProfiles("cluster")
			.run(args);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ClusterContainers {

		@Bean
		@ServiceConnection(name = "redis")
		GenericContainer<?> redisContainer() {
			return new GenericContainer<>("redis:7").withExposedPorts(6379);
		}

		@Bean
		GenericContainer<?> rabbitStompContainer() {
			return new GenericContainer<>("rabbitmq:3.13")
				.withCommand("sh", "-c",
						"rabbitmq-plugins enable --offline rabbitmq_stomp && exec docker-entrypoint.sh rabbitmq-server")
				.withExposedPorts(61613)
				.waitingFor(Wait.forListeningPort())
				.withStartupTimeout(Duration.ofMinutes(2));
		}

		@Bean
		DynamicPropertyRegistrar relayProperties(GenericContainer<?> rabbitStompContainer) {
			return (registry) -> {
				registry.add("sample.relay.host", rabbitStompContainer::getHost);
				registry.add("sample.relay.port", () -> rabbitStompContainer.getMappedPort(61613));
			};
		}

	}

}
