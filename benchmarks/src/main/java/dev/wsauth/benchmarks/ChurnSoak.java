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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The churn soak: two nodes with Redis sessions, and clients that log in, run the
 * preflight (which rotates the session id), open a socket, subscribe, rotate again while
 * connected, log out on either node and check that the socket is closed, at a fixed rate
 * of new sockets for a fixed time. Every sample reports each node's heap after a full
 * collection, the open sockets against the live sessions in Redis, and any socket still
 * open a few seconds after its session is gone.
 *
 * <pre>
 * ./mvnw -B -Pbenchmarks -pl benchmarks -am -DskipTests package
 * java -jar benchmarks/target/wsauth-benchmarks-0.1.0-SNAPSHOT.jar churn --minutes 30 --rate 200
 * </pre>
 */
final class ChurnSoak {

	private static final Pattern SESSION_COOKIE = Pattern.compile("SESSION=([^;]+)");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
			StandardCharsets.UTF_8);

	private final Options nodeOptions = new Options();

	private double minutes = 30;

	private int rate = 200;

	private int holdMillis = 2000;

	private int sampleSeconds = 30;

	private double warmupMinutes = 3;

	private int maxInFlight = 2000;

	private final List<NodeProcess> nodes = new ArrayList<>();

	private final AtomicLong started = new AtomicLong();

	private final AtomicLong completed = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicLong skipped = new AtomicLong();

	private final AtomicLong notClosedAfterLogout = new AtomicLong();

	private final AtomicLong closedWrongly = new AtomicLong();

	private final AtomicLong inFlight = new AtomicLong();

	private final AtomicLong rotations = new AtomicLong();

	private final Set<String> failureKinds = ConcurrentHashMap.newKeySet();

	private ChurnSoak() {
		this.nodeOptions.label = "churn";
		this.nodeOptions.nodeHeap = "1g";
	}

	static void main(String[] args) throws Exception {
		ChurnSoak soak = new ChurnSoak();
		soak.parse(args);
		int status;
		try {
			status = soak.run();
		}
		finally {
			soak.nodes.forEach(NodeProcess::close);
		}
		System.exit(status);
	}

	private void parse(String[] args) {
		List<String> nodeOptionArgs = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			String name = arg.substring(2);
			String value;
			int equals = name.indexOf('=');
			if (equals > 0) {
				value = name.substring(equals + 1);
				name = name.substring(0, equals);
			}
			else {
				value = args[++i];
			}
			switch (name) {
				case "minutes" -> this.minutes = Double.parseDouble(value);
				case "rate" -> this.rate = Integer.parseInt(value);
				case "hold-ms" -> this.holdMillis = Integer.parseInt(value);
				case "sample-seconds" -> this.sampleSeconds = Integer.parseInt(value);
				case "warmup-minutes" -> this.warmupMinutes = Double.parseDouble(value);
				case "max-in-flight" -> this.maxInFlight = Integer.parseInt(value);
				default -> {
					nodeOptionArgs.add("--" + name);
					nodeOptionArgs.add(value);
				}
			}
		}
		Options parsed = Options.parse(nodeOptionArgs.toArray(new String[0]));
		this.nodeOptions.label = parsed.label.equals("dev") ? "churn" : parsed.label;
		this.nodeOptions.nodeHeap = nodeOptionArgs.contains("--node-heap") ? parsed.nodeHeap : "1g";
		// Short enough that the preflight of a connected client rotates its session
		// again.
		this.nodeOptions.nodeArgs.add("--wsauth.preflight.rotation-grace=200ms");
		this.nodeOptions.nodeArgs.addAll(parsed.nodeArgs);
		this.nodeOptions.nodeJvmOptions.addAll(parsed.nodeJvmOptions);
		this.nodeOptions.portA = parsed.portA;
		this.nodeOptions.portB = parsed.portB;
		this.nodeOptions.workDir = parsed.workDir;
		this.nodeOptions.sessions = this.rate;
	}

	private int run() throws Exception {
		Options o = this.nodeOptions;
		Path logDir = o.workDir.resolve("target").resolve("bench-logs");
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		try (RedisProbe redis = new RedisProbe(o.redisHost, o.redisPort)) {
			log("Deleted " + redis.deleteMatching(o.keyPattern) + " stale keys matching " + o.keyPattern);
			NodeProcess a = NodeProcess.start("a", o.portA, o, logDir);
			this.nodes.add(a);
			NodeProcess b = NodeProcess.start("b", o.portB, o, logDir);
			this.nodes.add(b);
			a.awaitReady(http, Duration.ofSeconds(180));
			b.awaitReady(http, Duration.ofSeconds(180));
			List<String> report = new ArrayList<>();
			report.add("# Churn soak: " + o.label);
			report.add("");
			report.add("Started " + Instant.now() + "; " + this.minutes + " min at " + this.rate
					+ " new sockets/s (open loop, at most " + this.maxInFlight + " cycles in flight), hold "
					+ this.holdMillis + " ms on average; node heap -Xmx" + o.nodeHeap + "; samples every "
					+ this.sampleSeconds + " s; warm-up " + this.warmupMinutes + " min; "
					+ Runtime.getRuntime().availableProcessors() + " cores.");
			report.add("Node a: " + a.info());
			report.add("Node b: " + b.info());
			report.add("");
			report.add(
					"| t (s) | heap a MiB | heap b MiB | open sockets a+b | live sessions (Redis) | cycles in flight | cycles done | new sockets/s | failed | not closed after logout | open past their session |");
			report.add("|---|---|---|---|---|---|---|---|---|---|---|");
			ExecutorService workers = Executors.newCachedThreadPool();
			ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
			Semaphore slots = new Semaphore(this.maxInFlight);
			long periodNanos = TimeUnit.SECONDS.toNanos(1) / this.rate;
			ticker.scheduleAtFixedRate(() -> {
				if (!slots.tryAcquire()) {
					this.skipped.incrementAndGet();
					return;
				}
				this.started.incrementAndGet();
				this.inFlight.incrementAndGet();
				workers.execute(() -> {
					try {
						cycle(http, a, b);
					}
					finally {
						this.inFlight.decrementAndGet();
						slots.release();
					}
				});
			}, 0, periodNanos, TimeUnit.NANOSECONDS);
			long start = System.nanoTime();
			long end = start + (long) (this.minutes * 60e9);
			long lastDone = 0;
			long lastSample = start;
			List<long[]> steadyHeap = new ArrayList<>();
			long outlivedTotal = 0;
			while (System.nanoTime() < end) {
				Thread.sleep(TimeUnit.SECONDS.toMillis(this.sampleSeconds));
				long now = System.nanoTime();
				JsonNode sampleA = soak(http, a, true);
				JsonNode sampleB = soak(http, b, true);
				long liveSessions = countSessions(redis);
				Set<String> orphans = orphans(sampleA, sampleB);
				int outlived = 0;
				if (!orphans.isEmpty()) {
					// A socket whose session ended moments ago may be closing right now.
					Thread.sleep(3000);
					Set<String> still = orphans(soak(http, a, false), soak(http, b, false));
					still.retainAll(orphans);
					outlived = still.size();
					outlivedTotal += outlived;
				}
				long done = this.completed.get();
				double t = (now - start) / 1e9;
				double socketsPerSecond = (done - lastDone) / ((now - lastSample) / 1e9);
				lastDone = done;
				lastSample = now;
				long heapA = sampleA.get("heapUsedAfterGc").asLong();
				long heapB = sampleB.get("heapUsedAfterGc").asLong();
				int open = sampleA.get("openSockets").asInt() + sampleB.get("openSockets").asInt();
				if (t >= this.warmupMinutes * 60) {
					steadyHeap.add(new long[] { heapA, heapB, open });
				}
				String row = String.format(Locale.ROOT,
						"| %.0f | %.1f | %.1f | %d | %d | %d | %d | %.0f | %d | %d | %d |", t, heapA / 1048576.0,
						heapB / 1048576.0, open, liveSessions, this.inFlight.get(), done, socketsPerSecond,
						this.failed.get(), this.notClosedAfterLogout.get(), outlived);
				report.add(row);
				log(row);
			}
			ticker.shutdownNow();
			workers.shutdown();
			workers.awaitTermination(60, TimeUnit.SECONDS);
			report.add("");
			report.add("## Summary");
			report.add("");
			report.add("- Cycles started " + this.started.get() + ", completed " + this.completed.get() + ", failed "
					+ this.failed.get() + (this.failureKinds.isEmpty() ? "" : " " + this.failureKinds)
					+ ", skipped because " + this.maxInFlight + " were in flight " + this.skipped.get()
					+ "; session ids rotated " + this.rotations.get() + ".");
			report.add("- Sockets not closed within 10 s of their logout's 204: " + this.notClosedAfterLogout.get()
					+ "; sockets closed with another code than 4002: " + this.closedWrongly.get() + ".");
			report.add("- Sockets still open 3 s after the node found their session gone, over all samples: "
					+ outlivedTotal + ".");
			report.add(heapSummary(steadyHeap));
			Path results = o.workDir.resolve("results");
			Files.createDirectories(results);
			Path file = results.resolve("churn-" + o.label + ".md");
			Files.writeString(file, String.join("\n", report) + "\n");
			log("Wrote " + file);
			redis.deleteMatching(o.keyPattern);
			return (this.notClosedAfterLogout.get() == 0 && outlivedTotal == 0) ? 0 : 2;
		}
	}

	private String heapSummary(List<long[]> steady) {
		if (steady.size() < 2) {
			return "- Too few samples after the warm-up to judge the heap.";
		}
		StringBuilder summary = new StringBuilder(
				"- Heap after GC after the warm-up (" + steady.size() + " samples): ");
		for (int node = 0; node < 2; node++) {
			long first = steady.get(0)[node];
			long min = Long.MAX_VALUE;
			long max = 0;
			for (long[] sample : steady) {
				min = Math.min(min, sample[node]);
				max = Math.max(max, sample[node]);
			}
			long last = steady.get(steady.size() - 1)[node];
			summary.append(String.format(Locale.ROOT,
					"node %s first %.1f MiB, last %.1f MiB (%+.1f %%), range %.1f-%.1f MiB; ", (node == 0) ? "a" : "b",
					first / 1048576.0, last / 1048576.0, 100.0 * (last - first) / first, min / 1048576.0,
					max / 1048576.0));
		}
		return summary.toString();
	}

	private void cycle(HttpClient http, NodeProcess a, NodeProcess b) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		NodeProcess home = random.nextBoolean() ? a : b;
		int hold = random.nextInt(this.holdMillis / 4, this.holdMillis * 7 / 4 + 1);
		BenchSocket socket = null;
		try {
			String cookie = login(http, home, random.nextInt(BenchmarkNode.USERS));
			cookie = preflight(http, home, cookie);
			socket = new BenchSocket(0, cookie);
			socket.open(http, home.origin()).get(30, TimeUnit.SECONDS);
			Thread.sleep(hold / 2);
			cookie = preflight(http, random.nextBoolean() ? a : b, cookie);
			Thread.sleep(hold - hold / 2);
			logout(http, random.nextBoolean() ? a : b, cookie);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (!socket.isEnded() && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			if (!socket.isEnded()) {
				this.notClosedAfterLogout.incrementAndGet();
			}
			else if (!"ERROR".equals(socket.endKind) && socket.closeCode != 4002) {
				this.closedWrongly.incrementAndGet();
			}
			this.completed.incrementAndGet();
		}
		catch (Exception ex) {
			this.failed.incrementAndGet();
			this.failureKinds.add(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		finally {
			if (socket != null) {
				socket.abort();
			}
		}
	}

	private static String login(HttpClient http, NodeProcess node, int user) throws IOException, InterruptedException {
		String body = "username=user" + user + "&password=" + BenchmarkNode.PASSWORD;
		HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(node.origin() + "/login"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.discarding());
		String cookie = cookie(response, 204, "login");
		if (cookie == null) {
			throw new IllegalStateException("login set no session cookie");
		}
		return cookie;
	}

	/**
	 * Run the preflight.
	 * @return the rotated id, or the given one if the session was rotated within the
	 * grace period and so kept its id
	 */
	private String preflight(HttpClient http, NodeProcess node, String cookie)
			throws IOException, InterruptedException {
		HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(node.origin() + "/__ws/auth"))
			.timeout(Duration.ofSeconds(30))
			.header("Cookie", "SESSION=" + cookie)
			.header("Origin", node.origin())
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.discarding());
		String rotated = cookie(response, 204, "preflight");
		if (rotated == null) {
			return cookie;
		}
		this.rotations.incrementAndGet();
		return rotated;
	}

	private static void logout(HttpClient http, NodeProcess node, String cookie)
			throws IOException, InterruptedException {
		HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(node.origin() + "/logout"))
			.timeout(Duration.ofSeconds(30))
			.header("Cookie", "SESSION=" + cookie)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.discarding());
		if (response.statusCode() != 204) {
			throw new IllegalStateException("logout answered " + response.statusCode());
		}
	}

	private static @Nullable String cookie(HttpResponse<?> response, int status, String what) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(what + " answered " + response.statusCode());
		}
		for (String header : response.headers().allValues("set-cookie")) {
			Matcher matcher = SESSION_COOKIE.matcher(header);
			if (matcher.find()) {
				return matcher.group(1);
			}
		}
		return null;
	}

	private static JsonNode soak(HttpClient http, NodeProcess node, boolean gc)
			throws IOException, InterruptedException {
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(URI.create(node.origin() + "/bench/soak?gc=" + gc))
				.timeout(Duration.ofSeconds(60))
				.build(), HttpResponse.BodyHandlers.ofString());
		return json.readTree(response.body());
	}

	private static Set<String> orphans(JsonNode... samples) {
		Set<String> orphans = new HashSet<>();
		for (JsonNode sample : samples) {
			sample.get("orphans").forEach((hash) -> orphans.add(hash.asString()));
		}
		return orphans;
	}

	private static long countSessions(RedisProbe redis) throws IOException {
		Object keys = redis.command("KEYS", "wsauth-bench:session:sessions:*");
		return (keys instanceof List<?> list) ? list.size() : 0;
	}

	private static void log(String line) {
		out.println("[churn " + Instant.now() + "] " + line);
	}

}
