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

package dev.wsauth.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's command-line options, {@code --name=value} or {@code --name value}.
 *
 * @author wsauth
 */
final class Options {

	String label = "dev";

	int sessions = 600;

	int warmupSeconds = 20;

	int gapSeconds = 10;

	int steadySeconds = 30;

	int logoutSamples = 200;

	int logoutWarmup = 50;

	int logoutSpacingMillis = 25;

	int expirySessions = 10;

	int expirySeconds = 5;

	int portA = 18081;

	int portB = 18082;

	String nodeHeap = "2g";

	List<String> nodeJvmOptions = new ArrayList<>();

	List<String> nodeArgs = new ArrayList<>();

	String redisHost = "127.0.0.1";

	int redisPort = 6379;

	String keyPattern = "wsauth-bench*";

	int loginConcurrency = 16;

	int connectConcurrency = 64;

	int maxMinutes = 12;

	Path workDir = Files.isDirectory(Path.of("benchmarks", "src")) ? Path.of("benchmarks") : Path.of(".");

	static Options parse(String[] args) {
		Map<String, String> values = new LinkedHashMap<>();
		Options options = new Options();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("Unexpected argument '" + arg + "'");
			}
			String name;
			String value;
			int equals = arg.indexOf('=');
			if (equals > 0) {
				name = arg.substring(2, equals);
				value = arg.substring(equals + 1);
			}
			else if (i + 1 < args.length) {
				name = arg.substring(2);
				value = args[++i];
			}
			else {
				throw new IllegalArgumentException("No value for '" + arg + "'");
			}
			switch (name) {
				case "node-jvm-option" -> options.nodeJvmOptions.add(value);
				case "node-arg" -> options.nodeArgs.add(value);
				default -> values.put(name, value);
			}
		}
		values.forEach(options::set);
		return options;
	}

	private void set(String name, String value) {
		switch (name) {
			case "label" -> this.label = value.replaceAll("[^A-Za-z0-9._-]", "_");
			case "sessions" -> this.sessions = Integer.parseInt(value);
			case "warmup" -> this.warmupSeconds = Integer.parseInt(value);
			case "gap" -> this.gapSeconds = Integer.parseInt(value);
			case "steady" -> this.steadySeconds = Integer.parseInt(value);
			case "logout-samples" -> this.logoutSamples = Integer.parseInt(value);
			case "logout-warmup" -> this.logoutWarmup = Integer.parseInt(value);
			case "logout-spacing-ms" -> this.logoutSpacingMillis = Integer.parseInt(value);
			case "expiry-sessions" -> this.expirySessions = Integer.parseInt(value);
			case "expiry-seconds" -> this.expirySeconds = Integer.parseInt(value);
			case "port-a" -> this.portA = Integer.parseInt(value);
			case "port-b" -> this.portB = Integer.parseInt(value);
			case "node-heap" -> this.nodeHeap = value;
			case "redis-host" -> this.redisHost = value;
			case "redis-port" -> this.redisPort = Integer.parseInt(value);
			case "login-concurrency" -> this.loginConcurrency = Integer.parseInt(value);
			case "connect-concurrency" -> this.connectConcurrency = Integer.parseInt(value);
			case "max-minutes" -> this.maxMinutes = Integer.parseInt(value);
			case "work-dir" -> this.workDir = Path.of(value);
			default -> throw new IllegalArgumentException("Unknown option '--" + name + "'");
		}
	}

	void validate() {
		if (this.sessions < 2 * (this.logoutWarmup + this.logoutSamples) + this.expirySessions + 1) {
			throw new IllegalArgumentException(
					"--sessions must be more than 2 * (--logout-warmup + --logout-samples) + --expiry-sessions");
		}
		if (!"127.0.0.1".equals(this.redisHost) && !"localhost".equals(this.redisHost)) {
			throw new IllegalArgumentException("Redis must be on the loopback interface");
		}
	}

}
