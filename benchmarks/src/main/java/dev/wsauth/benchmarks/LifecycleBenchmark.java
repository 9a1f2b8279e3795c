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

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wsauth.benchmarks.compare.CompareBenchmark;
import dev.wsauth.benchmarks.compare.CompareNodes;

/**
 * Lifecycle benchmark of wsauth on two nodes sharing Spring Session Data Redis: the idle
 * cost of N open sockets (Redis commands per second, CPU of the node holding them), the
 * latency of a logout to close a socket on the other node and on the same node, and how
 * late a socket of an expired session is closed. Starts both nodes as separate JVMs,
 * stops them at the end, and prints a Markdown report (also written to
 * {@code benchmarks/results/<label>-<N>.md}).
 *
 * <p>
 * With {@code node} as first argument it runs one node instead; with {@code compare}, the
 * comparison benchmark ({@link CompareBenchmark}).
 *
 * @author wsauth
 */
public final class LifecycleBenchmark {

	private static final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
			StandardCharsets.UTF_8);

	private static final Pattern SESSION_COOKIE = Pattern.compile("SESSION=([^;]+)");

	private static final Pattern LAST_ACCESSED = Pattern.compile("\"lastAccessedTime\"\\s*:\\s*(\\d+)");

	private final Options options;

	private final List<NodeProcess> nodes = new ArrayList<>();

	private final List<BenchSocket> sockets = new ArrayList<>();

	private final StringBuilder report = new StringBuilder();

	private final Map<String, List<Double>> raw = new LinkedHashMap<>();

	private long ticksPerSecond = 100;

	private LifecycleBenchmark(Options options) {
		this.options = options;
	}

	/**
	 * Run the benchmark, or with {@code node} as first argument, one node.
	 * @param args the options (see the README)
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		if (args.length > 0 && "node".equals(args[0])) {
			BenchmarkNode.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && "compare".equals(args[0])) {
			CompareBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && "compare-node".equals(args[0])) {
			CompareNodes.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && "churn".equals(args[0])) {
			ChurnSoak.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		Options options = Options.parse(args);
		options.validate();
		int status = new LifecycleBenchmark(options).runBounded();
		System.exit(status);
	}

	private int runBounded() {
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(TimeUnit.MINUTES.toMillis(this.options.maxMinutes));
				log("Run exceeded --max-minutes=" + this.options.maxMinutes + "; stopping the nodes");
				stopNodes();
				Runtime.getRuntime().halt(3);
			}
			catch (InterruptedException ex) {
				// run finished in time
			}
		}, "benchmark-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		Runtime.getRuntime().addShutdownHook(new Thread(this::stopNodes));
		try {
			run();
			return 0;
		}
		catch (Exception ex) {
			log("Benchmark failed: " + ex);
			for (StackTraceElement element : ex.getStackTrace()) {
				log("    at " + element);
			}
			return 1;
		}
		finally {
			for (BenchSocket socket : this.sockets) {
				socket.abort();
			}
			stopNodes();
			watchdog.interrupt();
		}
	}

	private void run() throws Exception {
		Options o = this.options;
		this.ticksPerSecond = clockTicks();
		Path logDir = o.workDir.resolve("target").resolve("bench-logs");
		try (RedisProbe redis = new RedisProbe(o.redisHost, o.redisPort)) {
			log("Deleted " + redis.deleteMatching(o.keyPattern) + " stale keys matching " + o.keyPattern);
			HttpClient http = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(10))
				.build();
			HttpClient wsClient = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(30))
				.build();
			NodeProcess a = NodeProcess.start("a", o.portA, o, logDir);
			this.nodes.add(a);
			NodeProcess b = NodeProcess.start("b", o.portB, o, logDir);
			this.nodes.add(b);
			a.awaitReady(http, Duration.ofSeconds(180));
			b.awaitReady(http, Duration.ofSeconds(180));
			log("Node a (pid " + a.pid() + "): " + a.info());
			log("Node b (pid " + b.pid() + "): " + b.info());
			header(a, b);

			long loginStart = System.nanoTime();
			String[] cookies = login(http, b, o.sessions);
			double loginSeconds = seconds(System.nanoTime() - loginStart);
			long connectStart = System.nanoTime();
			int connected = connect(wsClient, b, cookies);
			double connectSeconds = seconds(System.nanoTime() - connectStart);
			section("Setup");
			row("| sessions requested | logged in | sockets connected (STOMP CONNECTED + SUBSCRIBE) | login s | connect s | node b open fds | node b RSS MiB |");
			row("|---|---|---|---|---|---|---|");
			row(String.format(Locale.ROOT, "| %d | %d | %d | %.1f | %.1f | %d | %d |", o.sessions,
					Arrays.stream(cookies).filter((cookie) -> cookie != null).count(), connected, loginSeconds,
					connectSeconds, b.openFiles(), b.rssMib()));
			log("Connected " + connected + " of " + o.sessions + " sockets to node b");
			if (connected == 0) {
				throw new IllegalStateException("No socket connected");
			}

			idle(redis, a, b);
			int w = o.logoutWarmup;
			int k = o.logoutSamples;
			logout(http, "across nodes (logout on a, socket on b), warm-up", a, 0, w, true);
			logout(http, "across nodes (logout on a, socket on b), steady", a, w, k, false);
			logout(http, "one node (logout on b, socket on b), warm-up", b, w + k, w, false);
			logout(http, "one node (logout on b, socket on b), steady", b, 2 * w + k, k, false);
			expiry(http, b);
			unexpected();
			rawSection();
			write();
			log("Deleted " + redis.deleteMatching(o.keyPattern) + " keys matching " + o.keyPattern);
		}
	}

	private void header(NodeProcess a, NodeProcess b) {
		Options o = this.options;
		this.report.append("# wsauth lifecycle benchmark: ")
			.append(o.label)
			.append(", N=")
			.append(o.sessions)
			.append("\n\n");
		this.report.append("- Date: ").append(Instant.now()).append('\n');
		this.report.append("- Machine: ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, Java ")
			.append(System.getProperty("java.version"))
			.append(", Redis at ")
			.append(o.redisHost)
			.append(':')
			.append(o.redisPort)
			.append('\n');
		this.report.append("- Nodes: two JVMs (-Xmx")
			.append(o.nodeHeap)
			.append("), simple broker, ")
			.append("Spring Session Data Redis; node args: ")
			.append(o.nodeArgs)
			.append('\n');
		this.report.append("- Node a: `").append(a.info()).append("`\n");
		this.report.append("- Node b: `").append(b.info()).append("`\n");
		this.report.append("- All sockets are on node b; one socket per session, idle (heart-beat 0,0), ")
			.append("each subscribed to /topic/bench\n");
	}

	private String[] login(HttpClient http, NodeProcess node, int count) throws Exception {
		String[] cookies = new String[count];
		ExecutorService pool = Executors.newFixedThreadPool(this.options.loginConcurrency);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int index = i;
				futures.add(pool.submit(() -> {
					String body = "username=user" + (index % BenchmarkNode.USERS) + "&password="
							+ BenchmarkNode.PASSWORD;
					HttpRequest request = HttpRequest.newBuilder(URI.create(node.origin() + "/login"))
						.timeout(Duration.ofSeconds(30))
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build();
					HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
					for (String header : response.headers().allValues("set-cookie")) {
						Matcher matcher = SESSION_COOKIE.matcher(header);
						if (matcher.find()) {
							cookies[index] = matcher.group(1);
						}
					}
					return null;
				}));
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + count / 50);
			int failures = 0;
			for (Future<?> future : futures) {
				try {
					future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				}
				catch (Exception ex) {
					if (failures++ < 3) {
						log("Login failed: " + ex);
					}
				}
			}
			log("Logged in " + (count - failures) + " sessions");
		}
		finally {
			pool.shutdownNow();
		}
		return cookies;
	}

	private int connect(HttpClient client, NodeProcess node, String[] cookies) throws Exception {
		Semaphore inFlight = new Semaphore(this.options.connectConcurrency);
		List<CompletableFuture<Void>> futures = new ArrayList<>();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + cookies.length / 100);
		for (int i = 0; i < cookies.length; i++) {
			if (cookies[i] == null) {
				continue;
			}
			if (!inFlight.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				log("Connect phase timed out after " + i + " sockets");
				break;
			}
			BenchSocket socket = new BenchSocket(i, cookies[i]);
			this.sockets.add(socket);
			futures.add(socket.open(client, node.origin()).whenComplete((ignored, failure) -> inFlight.release()));
		}
		int connected = 0;
		int failures = 0;
		for (CompletableFuture<Void> future : futures) {
			try {
				future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				connected++;
			}
			catch (Exception ex) {
				if (failures++ < 3) {
					log("Socket failed: " + ex);
				}
			}
		}
		this.sockets.removeIf((socket) -> !socket.connected.isDone() || socket.connected.isCompletedExceptionally());
		return connected;
	}

	private void idle(RedisProbe redis, NodeProcess a, NodeProcess b) throws Exception {
		Options o = this.options;
		section("Idle cost (all sockets open, no traffic)");
		row("| window | from s | length s | Redis cmds/s (excl. harness) | top Redis commands (calls/s) | node b CPU % of one core | node a CPU % of one core | foreign Redis clients |");
		row("|---|---|---|---|---|---|---|---|");
		long start = System.nanoTime();
		window("warm-up", redis, a, b, start, o.warmupSeconds);
		Thread.sleep(TimeUnit.SECONDS.toMillis(o.gapSeconds));
		window("steady", redis, a, b, start, o.steadySeconds);
		this.report.append("\nRedis counters are `INFO stats` / `INFO commandstats` deltas between the window's ")
			.append("ends, minus the harness's own INFO; they include every client of this Redis ")
			.append("(see the foreign clients column). CPU is utime+stime from /proc/<pid>/stat.\n");
	}

	private void window(String name, RedisProbe redis, NodeProcess a, NodeProcess b, long origin, int length)
			throws Exception {
		RedisProbe.Snapshot first = redis.snapshot();
		double cpuA = a.cpuSeconds(this.ticksPerSecond);
		double cpuB = b.cpuSeconds(this.ticksPerSecond);
		Thread.sleep(TimeUnit.SECONDS.toMillis(length));
		RedisProbe.Snapshot last = redis.snapshot();
		double elapsed = seconds(last.nanos() - first.nanos());
		double cpuAPercent = 100 * (a.cpuSeconds(this.ticksPerSecond) - cpuA) / elapsed;
		double cpuBPercent = 100 * (b.cpuSeconds(this.ticksPerSecond) - cpuB) / elapsed;
		long own = last.probeCommandsBefore() - first.probeCommandsBefore();
		long total = last.total() - first.total() - own;
		Map<String, Long> calls = new TreeMap<>();
		last.calls().forEach((command, count) -> {
			long delta = count - first.calls().getOrDefault(command, 0L);
			if ("info".equals(command)) {
				delta -= own;
			}
			if (delta > 0) {
				calls.put(command, delta);
			}
		});
		StringBuilder top = new StringBuilder();
		calls.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(5)
			.forEach((entry) -> top.append((top.length() > 0) ? ", " : "")
				.append(entry.getKey())
				.append(' ')
				.append(String.format(Locale.ROOT, "%.1f", entry.getValue() / elapsed)));
		String foreign = foreignClients(redis);
		row(String.format(Locale.ROOT, "| %s | %.0f | %.1f | %.1f | %s | %.1f | %.1f | %s |", name,
				seconds(first.nanos() - origin), elapsed, total / elapsed, (top.length() > 0) ? top : "-", cpuBPercent,
				cpuAPercent, foreign));
		log(String.format(Locale.ROOT, "Idle %s: %.1f Redis cmds/s, node b CPU %.1f%%, node a CPU %.1f%%", name,
				total / elapsed, cpuBPercent, cpuAPercent));
		raw("idle " + name + " redis cmds/s", total / elapsed);
		raw("idle " + name + " node b cpu %", cpuBPercent);
		raw("idle " + name + " node a cpu %", cpuAPercent);
	}

	private String foreignClients(RedisProbe redis) throws IOException {
		String list = (String) redis.command("CLIENT", "LIST");
		int count = 0;
		StringBuilder commands = new StringBuilder();
		for (String line : list.split("\n")) {
			if (line.isBlank() || line.contains(" name=wsauth-bench")) {
				continue;
			}
			count++;
			Matcher matcher = Pattern.compile(" cmd=(\\S+)").matcher(line);
			if (matcher.find() && commands.length() < 60) {
				commands.append((commands.length() > 0) ? " " : "").append(matcher.group(1));
			}
		}
		return (count == 0) ? "0" : count + " (" + commands + ")";
	}

	private void logout(HttpClient http, String scenario, NodeProcess node, int from, int count, boolean first)
			throws Exception {
		Options o = this.options;
		List<BenchSocket> targets = targets(from, count);
		long[] sent = new long[targets.size()];
		List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
		double[] httpMillis = new double[targets.size()];
		long next = System.nanoTime();
		for (int i = 0; i < targets.size(); i++) {
			long wait = next - System.nanoTime();
			if (wait > 0) {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			next += TimeUnit.MILLISECONDS.toNanos(o.logoutSpacingMillis);
			HttpRequest request = HttpRequest.newBuilder(URI.create(node.origin() + "/logout"))
				.timeout(Duration.ofSeconds(30))
				.header("Cookie", "SESSION=" + targets.get(i).cookie)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build();
			int index = i;
			sent[i] = System.nanoTime();
			responses.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, failure) -> httpMillis[index] = millis(System.nanoTime() - sent[index])));
		}
		Map<Integer, Integer> statuses = new TreeMap<>();
		for (CompletableFuture<HttpResponse<Void>> response : responses) {
			int status;
			try {
				status = response.get(30, TimeUnit.SECONDS).statusCode();
			}
			catch (Exception ex) {
				status = -1;
			}
			statuses.merge(status, 1, Integer::sum);
		}
		awaitEnded(targets, Duration.ofSeconds(30));
		List<Double> latencies = new ArrayList<>();
		Map<String, Integer> signals = new TreeMap<>();
		int early = 0;
		for (int i = 0; i < targets.size(); i++) {
			BenchSocket socket = targets.get(i);
			if (!socket.isEnded()) {
				continue;
			}
			if (socket.endNanos < sent[i]) {
				early++;
				continue;
			}
			latencies.add(millis(socket.endNanos - sent[i]));
			signals.merge(socket.endKind + "/" + socket.closeCode, 1, Integer::sum);
		}
		String name = "logout " + scenario;
		this.raw.put(name + " ms", latencies);
		List<Double> httpLatencies = new ArrayList<>();
		for (double value : httpMillis) {
			httpLatencies.add(value);
		}
		if (first) {
			section("Logout latency (POST /logout sent -> first of STOMP ERROR / WebSocket close on the socket)");
			row("| scenario | samples | closed | p50 ms | p99 ms | max ms | first signal/close code | closed before logout | logout HTTP statuses | logout HTTP p50 ms |");
			row("|---|---|---|---|---|---|---|---|---|---|");
		}
		row(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s | %d | %s | %s |", scenario, targets.size(),
				latencies.size(), fmt(percentile(latencies, 0.50)), fmt(percentile(latencies, 0.99)),
				fmt(percentile(latencies, 1.0)), signals, early, statuses, fmt(percentile(httpLatencies, 0.50))));
		log(String.format(Locale.ROOT, "Logout %s: p50 %s ms, p99 %s ms, max %s ms, closed %d/%d", scenario,
				fmt(percentile(latencies, 0.50)), fmt(percentile(latencies, 0.99)), fmt(percentile(latencies, 1.0)),
				latencies.size(), targets.size()));
	}

	private void expiry(HttpClient http, NodeProcess node) throws Exception {
		Options o = this.options;
		List<BenchSocket> targets = targets(2 * (o.logoutWarmup + o.logoutSamples), o.expirySessions);
		long[] expiresAt = new long[targets.size()];
		for (int i = 0; i < targets.size(); i++) {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create(node.origin() + "/bench/expire-in?seconds=" + o.expirySeconds))
				.timeout(Duration.ofSeconds(30))
				.header("Cookie", "SESSION=" + targets.get(i).cookie)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build();
			long sentMillis = System.currentTimeMillis();
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			Matcher matcher = LAST_ACCESSED.matcher(response.body());
			long lastAccessed = matcher.find() ? Long.parseLong(matcher.group(1)) : sentMillis;
			expiresAt[i] = lastAccessed + TimeUnit.SECONDS.toMillis(o.expirySeconds);
		}
		awaitEnded(targets, Duration.ofSeconds(o.expirySeconds + 30));
		List<Double> lateness = new ArrayList<>();
		Map<String, Integer> signals = new TreeMap<>();
		for (int i = 0; i < targets.size(); i++) {
			BenchSocket socket = targets.get(i);
			if (socket.isEnded()) {
				lateness.add((double) (socket.endEpochMillis - expiresAt[i]));
				signals.merge(socket.endKind + "/" + socket.closeCode, 1, Integer::sum);
			}
		}
		this.raw.put("expiry lateness ms", lateness);
		section("Expiry lateness (first close signal minus lastAccessedTime + max-inactive-interval)");
		row("| sessions | max-inactive-interval s | closed | median ms | max ms | min ms | first signal/close code |");
		row("|---|---|---|---|---|---|---|");
		row(String.format(Locale.ROOT, "| %d | %d | %d | %s | %s | %s | %s |", targets.size(), o.expirySeconds,
				lateness.size(), fmt(percentile(lateness, 0.5)), fmt(percentile(lateness, 1.0)),
				fmt(percentile(lateness, 0.0)), signals));
		log("Expiry lateness: median " + fmt(percentile(lateness, 0.5)) + " ms, max " + fmt(percentile(lateness, 1.0))
				+ " ms, closed " + lateness.size() + "/" + targets.size());
	}

	private void unexpected() {
		Options o = this.options;
		int targeted = 2 * (o.logoutWarmup + o.logoutSamples) + o.expirySessions;
		int bystanders = 0;
		Map<String, Integer> closes = new TreeMap<>();
		for (int i = targeted; i < this.sockets.size(); i++) {
			BenchSocket socket = this.sockets.get(i);
			bystanders++;
			if (socket.isEnded()) {
				closes.merge(socket.endKind + "/" + socket.closeCode, 1, Integer::sum);
			}
		}
		int count = closes.values().stream().mapToInt(Integer::intValue).sum();
		section("Unexpected closes");
		row("Sockets of sessions that were neither logged out nor expired: " + bystanders + "; closed during the run: "
				+ count + ((count > 0) ? " " + closes : "") + ".");
		log("Unexpected closes: " + count + " of " + bystanders);
	}

	private List<BenchSocket> targets(int from, int count) {
		int end = Math.min(this.sockets.size(), from + count);
		return (from < end) ? this.sockets.subList(from, end) : List.of();
	}

	private void awaitEnded(List<BenchSocket> targets, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline && !targets.stream().allMatch(BenchSocket::isEnded)) {
			Thread.sleep(20);
		}
	}

	private void rawSection() {
		section("Raw numbers");
		this.raw.forEach((name, values) -> {
			StringBuilder line = new StringBuilder("- ").append(name).append(" (").append(values.size()).append("): ");
			List<Double> sorted = new ArrayList<>(values);
			sorted.sort(Comparator.naturalOrder());
			for (int i = 0; i < sorted.size(); i++) {
				line.append((i > 0) ? ", " : "").append(fmt(sorted.get(i)));
			}
			row(line.toString());
		});
	}

	private void write() throws IOException {
		String text = this.report.toString();
		out.println();
		out.println(text);
		Path results = this.options.workDir.resolve("results");
		Files.createDirectories(results);
		Path file = results.resolve(this.options.label + "-" + this.options.sessions + ".md");
		Files.writeString(file, text);
		log("Wrote " + file.toAbsolutePath().normalize());
	}

	private void section(String title) {
		this.report.append("\n## ").append(title).append("\n\n");
	}

	private void row(String text) {
		this.report.append(text).append('\n');
	}

	private void raw(String name, double value) {
		this.raw.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
	}

	private synchronized void stopNodes() {
		for (NodeProcess node : this.nodes) {
			node.close();
		}
	}

	private static long clockTicks() {
		try {
			Process process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String value = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			process.waitFor(5, TimeUnit.SECONDS);
			return Long.parseLong(value);
		}
		catch (IOException | RuntimeException ex) {
			return 100;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 100;
		}
	}

	static double percentile(List<Double> values, double quantile) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Comparator.naturalOrder());
		int rank = (int) Math.ceil(quantile * sorted.size());
		return sorted.get(Math.min(sorted.size() - 1, Math.max(0, rank - 1)));
	}

	private static String fmt(double value) {
		return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	private static double millis(long nanos) {
		return nanos / 1e6;
	}

	private static void log(String message) {
		out.println("[bench " + Instant.now() + "] " + message);
	}

}
