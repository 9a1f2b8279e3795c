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

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark node: a separate JVM running {@link BenchmarkNode} (or another node
 * {@link LifecycleBenchmark} dispatches to) from the harness's own classpath, whose CPU
 * time is read from {@code /proc}.
 *
 * @author wsauth
 */
public final class NodeProcess implements AutoCloseable {

	private final String name;

	private final int port;

	private final Process process;

	private final Path log;

	private String info = "";

	private NodeProcess(String name, int port, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.log = log;
	}

	static NodeProcess start(String name, int port, Options options, Path logDir) throws IOException {
		List<String> arguments = new ArrayList<>();
		arguments.add("node");
		arguments.add("--server.port=" + port);
		arguments.add("--spring.data.redis.host=" + options.redisHost);
		arguments.add("--spring.data.redis.port=" + options.redisPort);
		arguments.add("--spring.data.redis.client-name=wsauth-bench-node-" + name);
		arguments.addAll(options.nodeArgs);
		Path log = logDir.resolve(options.label + "-" + options.sessions + "-node-" + name + ".log");
		return start(name, port, options.nodeHeap, options.nodeJvmOptions, arguments, log);
	}

	/**
	 * Start a JVM from the harness's own class path running {@link LifecycleBenchmark}
	 * with the given arguments, the first of which names what it runs.
	 * @param name the node's name, for messages
	 * @param port the port it listens on
	 * @param heap its maximum heap, such as {@code 1g}
	 * @param jvmOptions further JVM options
	 * @param arguments the arguments of {@link LifecycleBenchmark#main(String[])}
	 * @param log where its output goes
	 * @return the started process
	 * @throws IOException if it cannot be started
	 */
	public static NodeProcess start(String name, int port, String heap, List<String> jvmOptions, List<String> arguments,
			Path log) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx" + heap);
		command.add("-XX:+ExitOnOutOfMemoryError");
		command.addAll(jvmOptions);
		String classPath = System.getProperty("java.class.path");
		if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")) {
			// The repackaged jar: its launcher starts LifecycleBenchmark, which
			// dispatches on the first argument.
			command.add("-jar");
			command.add(classPath);
		}
		else {
			command.add("-cp");
			command.add(classPath);
			command.add(LifecycleBenchmark.class.getName());
		}
		command.addAll(arguments);
		Files.createDirectories(log.toAbsolutePath().getParent());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		return new NodeProcess(name, port, builder.start(), log);
	}

	public String name() {
		return this.name;
	}

	public int port() {
		return this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	public String origin() {
		return "http://localhost:" + this.port;
	}

	public String info() {
		return this.info;
	}

	public Path log() {
		return this.log;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public void awaitReady(HttpClient http, Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest request = HttpRequest.newBuilder(URI.create(origin() + "/bench/info"))
			.timeout(Duration.ofSeconds(5))
			.build();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException(
						"Node " + this.name + " exited with " + this.process.exitValue() + "; see " + this.log);
			}
			try {
				HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					this.info = response.body();
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(500);
		}
		throw new IOException("Node " + this.name + " not ready within " + timeout + "; see " + this.log);
	}

	/**
	 * Return the CPU time (user + system, all threads) of the node's JVM so far.
	 * @param ticksPerSecond the kernel clock ticks per second
	 * @return the CPU time in seconds
	 * @throws IOException if {@code /proc} cannot be read
	 */
	public double cpuSeconds(long ticksPerSecond) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// fields[0] is field 3 (state): utime is field 14, stime field 15
		long utime = Long.parseLong(fields[11]);
		long stime = Long.parseLong(fields[12]);
		return (double) (utime + stime) / ticksPerSecond;
	}

	/**
	 * Return the resident set size of the node's JVM.
	 * @return the RSS in MiB, or -1 if unknown
	 */
	public long rssMib() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// unknown
		}
		return -1;
	}

	/**
	 * Return the number of open file descriptors of the node's JVM.
	 * @return the count, or -1 if unknown
	 */
	long openFiles() {
		String[] fds = new File("/proc/" + pid() + "/fd").list();
		return (fds != null) ? fds.length : -1;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
