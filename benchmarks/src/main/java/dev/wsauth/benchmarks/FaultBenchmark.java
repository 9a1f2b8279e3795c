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
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Longer fault runs than CI can afford, on two node JVMs ({@link BenchmarkNode}, Redis
 * sessions, simple broker) that each reach Redis through their own
 * {@link FaultForwarder}:
 *
 * <ul>
 * <li>{@code redis-both}: Redis unreachable for both nodes for each outage length, with N
 * idle sockets on each node: statuses during the outage, time from the heal to the first
 * accepted upgrade on each node, sockets closed by the outage, logged-out sessions after
 * the heal;</li>
 * <li>{@code redis-partition}: Redis unreachable for node a only while K of the sessions
 * whose sockets are on a are logged out on b: time from the heal to each close;</li>
 * <li>{@code kill-9}: node b, holding N sockets, killed with {@code SIGKILL}: what the
 * clients see, and the time from the kill until each has reconnected to node a
 * (preflight, upgrade, CONNECTED).</li>
 * </ul>
 *
 * Run from the repository root with the benchmarks jar on the class path:
 * {@code java -cp benchmarks/target/wsauth-benchmarks-0.1.0-SNAPSHOT.jar
 * -Dloader.main=dev.wsauth.benchmarks.FaultBenchmark
 * org.springframework.boot.loader.launch.PropertiesLauncher --outages 5,15,30,60}.
 *
 * @author wsauth
 */
public final class FaultBenchmark {

	private static final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
			StandardCharsets.UTF_8);

	private static final Pattern SESSION_COOKIE = Pattern.compile("SESSION=([^;]+)");

	private static final String PREFIX = "wsauth-fault-bench";

	private final Settings settings;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final HttpClient wsClient = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(30))
		.build();

	private final List<Node> nodes = new ArrayList<>();

	private final List<BenchSocket> sockets = new ArrayList<>();

	private final StringBuilder report = new StringBuilder();

	private FaultForwarder redisA;

	private FaultForwarder redisB;

	private Node a;

	private Node b;

	private FaultBenchmark(Settings settings) {
		this.settings = settings;
	}

	/**
	 * Run the fault harness.
	 * @param args options, see {@link Settings}
	 * @throws Exception on a failure to start
	 */
	public static void main(String[] args) throws Exception {
		Settings settings = Settings.parse(args);
		System.exit(new FaultBenchmark(settings).runBounded());
	}

	private int runBounded() {
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(TimeUnit.MINUTES.toMillis(this.settings.maxMinutes));
				log("Run exceeded --max-minutes=" + this.settings.maxMinutes + "; stopping the nodes");
				stopNodes();
				Runtime.getRuntime().halt(3);
			}
			catch (InterruptedException ex) {
				// finished in time
			}
		}, "fault-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		Runtime.getRuntime().addShutdownHook(new Thread(this::stopNodes));
		try {
			run();
			return 0;
		}
		catch (Exception ex) {
			log("Fault run failed: " + ex);
			for (StackTraceElement element : ex.getStackTrace()) {
				log("    at " + element);
			}
			return 1;
		}
		finally {
			abortSockets();
			stopNodes();
			watchdog.interrupt();
		}
	}

	private void run() throws Exception {
		Settings s = this.settings;
		try (RedisProbe redis = new RedisProbe(s.redisHost, s.redisPort)) {
			log("Deleted " + redis.deleteMatching(PREFIX + "*") + " stale keys matching " + PREFIX + "*");
			this.redisA = new FaultForwarder(s.redisHost, s.redisPort);
			this.redisB = new FaultForwarder(s.redisHost, s.redisPort);
			this.a = startNode("a", s.portA, this.redisA);
			this.b = startNode("b", s.portB, this.redisB);
			this.a.awaitReady(Duration.ofSeconds(180));
			this.b.awaitReady(Duration.ofSeconds(180));
			header();
			for (int repeat = 1; repeat <= s.repeats; repeat++) {
				for (int outage : s.outages) {
					redisBoth(repeat, outage);
				}
			}
			for (int repeat = 1; repeat <= s.repeats; repeat++) {
				for (int outage : s.outages) {
					partition(repeat, outage);
				}
			}
			for (int repeat = 1; repeat <= s.repeats; repeat++) {
				killNine(repeat);
			}
			write();
			log("Deleted " + redis.deleteMatching(PREFIX + "*") + " keys matching " + PREFIX + "*");
		}
	}

	private void header() {
		Settings s = this.settings;
		this.report.append("# wsauth fault runs: ").append(s.label).append("\n\n");
		this.report.append("- Date: ").append(Instant.now()).append('\n');
		this.report.append("- Machine: ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, Java ")
			.append(System.getProperty("java.version"))
			.append(", Redis at ")
			.append(s.redisHost)
			.append(':')
			.append(s.redisPort)
			.append(" (each node through its own forwarder)\n");
		this.report.append("- Nodes: two JVMs (-Xmx")
			.append(s.nodeHeap)
			.append("), BenchmarkNode (simple broker, Redis sessions); node args: ")
			.append(nodeArgs("<name>"))
			.append('\n');
		this.report.append("- Sockets per scenario: ")
			.append(s.sessions)
			.append("; outages (s): ")
			.append(Arrays.toString(s.outages))
			.append("; repeats: ")
			.append(s.repeats)
			.append('\n');
	}

	// Redis unreachable for both nodes.
	private void redisBoth(int repeat, int outageSeconds) throws Exception {
		int n = this.settings.sessions;
		String[] liveA = login(this.a, n);
		String[] liveB = login(this.b, n);
		String[] ended = login(this.a, 10);
		for (String cookie : ended) {
			require(logout(this.b, cookie) < 400, "logout before the outage");
		}
		String logoutVictim = login(this.a, 1)[0];
		List<BenchSocket> onA = connect(this.a, liveA);
		List<BenchSocket> onB = connect(this.b, liveB);
		Thread.sleep(2000);
		log("redis-both " + outageSeconds + "s: cutting Redis for both nodes");
		this.redisA.stop();
		this.redisB.stop();
		long cut = System.nanoTime();
		Map<Integer, Integer> liveUpgrades = new TreeMap<>();
		Map<Integer, Integer> endedPreflights = new TreeMap<>();
		CompletableFuture<Integer> logout = CompletableFuture.supplyAsync(() -> logout(this.a, logoutVictim));
		do {
			liveUpgrades.merge(upgradeStatus(this.a, liveA[0]), 1, Integer::sum);
			liveUpgrades.merge(upgradeStatus(this.b, liveB[0]), 1, Integer::sum);
			endedPreflights.merge(preflight(this.b, ended[0]).status(), 1, Integer::sum);
			Thread.sleep(1000);
		}
		while (System.nanoTime() - cut < TimeUnit.SECONDS.toNanos(outageSeconds));
		int logoutDuring = logout.get(60, TimeUnit.SECONDS);
		int closedDuring = ended(onA) + ended(onB);
		this.redisA.start();
		this.redisB.start();
		long healed = System.nanoTime();
		double actual = (healed - cut) / 1e9;
		log("redis-both " + outageSeconds + "s: healed");
		ExecutorService probes = Executors.newFixedThreadPool(2);
		Map<Integer, Integer> recoveryStatuses = new ConcurrentHashMap<>();
		Future<Double> recoveredA = probes.submit(() -> firstUpgrade(this.a, liveA[0], healed, recoveryStatuses));
		Future<Double> recoveredB = probes.submit(() -> firstUpgrade(this.b, liveB[0], healed, recoveryStatuses));
		double msA = recoveredA.get(120, TimeUnit.SECONDS);
		double msB = recoveredB.get(120, TimeUnit.SECONDS);
		probes.shutdownNow();
		Thread.sleep(3000);
		int closedAfter = ended(onA) + ended(onB);
		Map<String, Integer> closeCodes = endSignals(onA, onB);
		Map<Integer, Integer> endedAfter = new TreeMap<>();
		for (String cookie : ended) {
			endedAfter.merge(upgradeStatus(this.a, cookie), 1, Integer::sum);
			endedAfter.merge(preflight(this.b, cookie).status(), 1, Integer::sum);
		}
		Map<Integer, Integer> liveAfter = new TreeMap<>();
		for (int i = 0; i < Math.min(n, 20); i++) {
			liveAfter.merge(upgradeStatus(this.a, liveB[i]), 1, Integer::sum);
			liveAfter.merge(upgradeStatus(this.b, liveA[i]), 1, Integer::sum);
		}
		int victimAfter = preflight(this.b, logoutVictim).status();
		if (repeat == 1 && outageSeconds == this.settings.outages[0]) {
			section("Redis unreachable for both nodes (" + n + " idle sockets on each node)");
			row("| run | outage s (actual) | live upgrades during outage (status: count) | logged-out preflights during outage | logout during outage | heal to first 101, node a ms | node b ms | upgrades after heal before first 101 | sockets closed (during / 3 s after heal; signals) | logged-out sessions after heal (upgrade a + preflight b) | live sessions after heal (upgrades on the other node) | session whose logout failed, preflight after heal |");
			row("|---|---|---|---|---|---|---|---|---|---|---|---|");
		}
		row(String.format(Locale.ROOT,
				"| %d | %d (%.1f) | %s | %s | %d | %.0f | %.0f | %s | %d / %d %s | %s | %s | %d |", repeat,
				outageSeconds, actual, liveUpgrades, endedPreflights, logoutDuring, msA, msB,
				new TreeMap<>(recoveryStatuses), closedDuring, closedAfter, closeCodes, endedAfter, liveAfter,
				victimAfter));
		log(String.format(Locale.ROOT, "redis-both %ds: heal to first 101 a %.0f ms, b %.0f ms; closed %d/%d",
				outageSeconds, msA, msB, closedDuring, closedAfter));
		abortSockets();
	}

	// Redis unreachable for node a while sessions with sockets on a are logged out on b.
	private void partition(int repeat, int outageSeconds) throws Exception {
		int n = this.settings.sessions;
		int k = Math.max(1, Math.min(n / 2, 50));
		String[] cookies = login(this.b, n);
		List<BenchSocket> onA = connect(this.a, cookies);
		require(onA.size() == n, "all sockets connected");
		Thread.sleep(2000);
		log("redis-partition " + outageSeconds + "s: cutting Redis for node a");
		this.redisA.stop();
		long cut = System.nanoTime();
		Map<Integer, Integer> logoutStatuses = new TreeMap<>();
		for (int i = 0; i < k; i++) {
			logoutStatuses.merge(logout(this.b, onA.get(i).cookie), 1, Integer::sum);
		}
		long remaining = TimeUnit.SECONDS.toNanos(outageSeconds) - (System.nanoTime() - cut);
		if (remaining > 0) {
			TimeUnit.NANOSECONDS.sleep(remaining);
		}
		List<BenchSocket> targets = onA.subList(0, k);
		List<BenchSocket> others = onA.subList(k, n);
		int closedBeforeHeal = ended(targets);
		this.redisA.start();
		long healed = System.nanoTime();
		double actual = (healed - cut) / 1e9;
		long deadline = healed + TimeUnit.SECONDS.toNanos(150);
		while (ended(targets) < k && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		List<Double> latencies = new ArrayList<>();
		for (BenchSocket socket : targets) {
			if (socket.isEnded() && socket.endNanos >= healed) {
				latencies.add((socket.endNanos - healed) / 1e6);
			}
		}
		Thread.sleep(3000);
		Map<Integer, Integer> afterHeal = new TreeMap<>();
		for (BenchSocket socket : targets) {
			afterHeal.merge(upgradeStatus(this.a, socket.cookie), 1, Integer::sum);
		}
		if (repeat == 1 && outageSeconds == this.settings.outages[0]) {
			section("Redis unreachable for node a only; " + k + " of " + n
					+ " sessions with a socket on a logged out on b during the partition");
			row("| run | partition s (actual) | logout statuses on b | closed before heal | closed after heal | heal to close p50 ms | max ms | signals of the logged-out | other sockets closed | logged-out sessions, upgrade on a after heal |");
			row("|---|---|---|---|---|---|---|---|---|---|");
		}
		row(String.format(Locale.ROOT, "| %d | %d (%.1f) | %s | %d | %d | %s | %s | %s | %d | %s |", repeat,
				outageSeconds, actual, logoutStatuses, closedBeforeHeal, latencies.size(),
				fmt(LifecycleBenchmark.percentile(latencies, 0.5)), fmt(LifecycleBenchmark.percentile(latencies, 1.0)),
				endSignals(targets), ended(others), afterHeal));
		log(String.format(Locale.ROOT, "redis-partition %ds: closed %d/%d after heal, p50 %s ms, max %s ms",
				outageSeconds, latencies.size(), k, fmt(LifecycleBenchmark.percentile(latencies, 0.5)),
				fmt(LifecycleBenchmark.percentile(latencies, 1.0))));
		abortSockets();
	}

	// Node b, holding every socket, killed with SIGKILL; the clients reconnect to a.
	private void killNine(int repeat) throws Exception {
		int n = this.settings.sessions;
		String[] cookies = login(this.a, n);
		List<BenchSocket> onB = connect(this.b, cookies);
		require(onB.size() == n, "all sockets connected");
		Thread.sleep(2000);
		log("kill-9: killing node b (pid " + this.b.process.pid() + ")");
		long killed = System.nanoTime();
		this.b.kill();
		long deadline = killed + TimeUnit.SECONDS.toNanos(60);
		while (ended(onB) < n && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		List<Double> seen = new ArrayList<>();
		for (BenchSocket socket : onB) {
			if (socket.isEnded()) {
				seen.add((socket.endNanos - killed) / 1e6);
			}
		}
		Map<String, Integer> signals = endSignals(onB);
		// Each client reconnects as soon as it has seen its socket end: preflight, then
		// the upgrade with the rotated cookie, on the node that is left.
		ExecutorService clients = Executors.newFixedThreadPool(32);
		List<Future<Reconnect>> futures = new ArrayList<>();
		for (BenchSocket socket : onB) {
			futures.add(clients.submit(() -> reconnect(socket)));
		}
		List<Double> reconnected = new ArrayList<>();
		Map<Integer, Integer> preflights = new TreeMap<>();
		List<BenchSocket> again = new ArrayList<>();
		int failures = 0;
		for (Future<Reconnect> future : futures) {
			try {
				Reconnect result = future.get(120, TimeUnit.SECONDS);
				preflights.merge(result.preflightStatus(), 1, Integer::sum);
				if (result.socket() != null) {
					again.add(result.socket());
					reconnected.add((result.connectedNanos() - killed) / 1e6);
				}
				else {
					failures++;
				}
			}
			catch (ExecutionException | TimeoutException ex) {
				failures++;
			}
		}
		clients.shutdownNow();
		// A logout on the surviving node ends the reconnected sockets of those sessions.
		int logouts = Math.min(10, again.size());
		for (int i = 0; i < logouts; i++) {
			logout(this.a, again.get(i).cookie);
		}
		long logoutDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (ended(again.subList(0, logouts)) < logouts && System.nanoTime() < logoutDeadline) {
			Thread.sleep(10);
		}
		Map<String, Integer> logoutSignals = endSignals(again.subList(0, logouts));
		int othersClosed = ended(again.subList(logouts, again.size()));
		if (repeat == 1) {
			section("Node b killed with SIGKILL while holding " + n + " sockets; clients reconnect to node a");
			row("| run | sockets | signals on the killed node's sockets | kill to close seen p50 ms | max ms | preflights on a (status: count) | reconnected | failed | kill to reconnected p50 ms | p99 ms | max ms | logouts on a after: signals | other reconnected sockets closed |");
			row("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
		}
		row(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %d | %d | %s | %s | %s | %s | %d |", repeat, n,
				signals, fmt(LifecycleBenchmark.percentile(seen, 0.5)), fmt(LifecycleBenchmark.percentile(seen, 1.0)),
				preflights, reconnected.size(), failures, fmt(LifecycleBenchmark.percentile(reconnected, 0.5)),
				fmt(LifecycleBenchmark.percentile(reconnected, 0.99)),
				fmt(LifecycleBenchmark.percentile(reconnected, 1.0)), logoutSignals, othersClosed));
		log(String.format(Locale.ROOT, "kill-9: %d/%d reconnected, p50 %s ms, max %s ms", reconnected.size(), n,
				fmt(LifecycleBenchmark.percentile(reconnected, 0.5)),
				fmt(LifecycleBenchmark.percentile(reconnected, 1.0))));
		abortSockets();
		this.nodes.remove(this.b);
		this.b = startNode("b", this.settings.portB, this.redisB);
		this.b.awaitReady(Duration.ofSeconds(180));
	}

	private Reconnect reconnect(BenchSocket old) throws Exception {
		while (!old.isEnded()) {
			Thread.sleep(5);
		}
		Preflight preflight = preflight(this.a, old.cookie);
		if (preflight.status() != 204) {
			return new Reconnect(preflight.status(), null, 0);
		}
		BenchSocket socket = new BenchSocket(old.index, preflight.cookie());
		synchronized (this.sockets) {
			this.sockets.add(socket);
		}
		try {
			socket.open(this.wsClient, this.a.origin()).get(30, TimeUnit.SECONDS);
			return new Reconnect(204, socket, System.nanoTime());
		}
		catch (ExecutionException | TimeoutException ex) {
			return new Reconnect(204, null, 0);
		}
	}

	private double firstUpgrade(Node node, String cookie, long healed, Map<Integer, Integer> statuses)
			throws InterruptedException {
		while (true) {
			int status = upgradeStatus(node, cookie);
			if (status == 101) {
				return (System.nanoTime() - healed) / 1e6;
			}
			statuses.merge(status, 1, Integer::sum);
			Thread.sleep(100);
		}
	}

	private String[] login(Node node, int count) throws Exception {
		String[] cookies = new String[count];
		for (int i = 0; i < count; i++) {
			String body = "username=user" + (i % BenchmarkNode.USERS) + "&password=" + BenchmarkNode.PASSWORD;
			HttpRequest request = HttpRequest.newBuilder(URI.create(node.origin() + "/login"))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			cookies[i] = sessionCookie(response);
			require(response.statusCode() == 204 && cookies[i] != null, "login on node " + node.name);
		}
		return cookies;
	}

	private int logout(Node node, String cookie) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(node.origin() + "/logout"))
			.timeout(Duration.ofSeconds(30))
			.header("Cookie", "SESSION=" + cookie)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private Preflight preflight(Node node, String cookie) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(node.origin() + "/__ws/auth"))
			.timeout(Duration.ofSeconds(30))
			.header("Cookie", "SESSION=" + cookie)
			.header("Origin", node.origin())
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			String rotated = sessionCookie(response);
			return new Preflight(response.statusCode(), (rotated != null) ? rotated : cookie);
		}
		catch (IOException ex) {
			return new Preflight(-1, cookie);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Preflight(-1, cookie);
		}
	}

	private int upgradeStatus(Node node, String cookie) {
		CompletableFuture<WebSocket> future = this.wsClient.newWebSocketBuilder()
			.header("Cookie", "SESSION=" + cookie)
			.header("Origin", node.origin())
			.connectTimeout(Duration.ofSeconds(10))
			.buildAsync(URI.create(node.origin().replace("http://", "ws://") + "/ws"), new WebSocket.Listener() {
			});
		try {
			future.get(15, TimeUnit.SECONDS).abort();
			return 101;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException handshake) {
				return handshake.getResponse().statusCode();
			}
			return -1;
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			return -2;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private List<BenchSocket> connect(Node node, String[] cookies) throws Exception {
		List<BenchSocket> opened = new ArrayList<>();
		List<CompletableFuture<Void>> futures = new ArrayList<>();
		for (int i = 0; i < cookies.length; i++) {
			BenchSocket socket = new BenchSocket(i, cookies[i]);
			opened.add(socket);
			futures.add(socket.open(this.wsClient, node.origin()));
		}
		for (CompletableFuture<Void> future : futures) {
			future.get(60, TimeUnit.SECONDS);
		}
		synchronized (this.sockets) {
			this.sockets.addAll(opened);
		}
		return opened;
	}

	private static String sessionCookie(HttpResponse<?> response) {
		for (String header : response.headers().allValues("set-cookie")) {
			Matcher matcher = SESSION_COOKIE.matcher(header);
			if (matcher.find() && !matcher.group(1).isEmpty()) {
				return matcher.group(1);
			}
		}
		return null;
	}

	@SafeVarargs
	private static int ended(List<BenchSocket>... lists) {
		int ended = 0;
		for (List<BenchSocket> list : lists) {
			for (BenchSocket socket : list) {
				if (socket.isEnded()) {
					ended++;
				}
			}
		}
		return ended;
	}

	@SafeVarargs
	private static Map<String, Integer> endSignals(List<BenchSocket>... lists) {
		Map<String, Integer> signals = new TreeMap<>();
		for (List<BenchSocket> list : lists) {
			for (BenchSocket socket : list) {
				if (socket.isEnded()) {
					String message = (socket.errorMessage != null) ? " '" + socket.errorMessage + "'" : "";
					signals.merge(socket.endKind + message + "/" + socket.closeCode, 1, Integer::sum);
				}
			}
		}
		return signals;
	}

	private void abortSockets() {
		synchronized (this.sockets) {
			for (BenchSocket socket : this.sockets) {
				socket.abort();
			}
			this.sockets.clear();
		}
	}

	private List<String> nodeArgs(String name) {
		List<String> args = new ArrayList<>(List.of("--spring.data.redis.client-name=" + PREFIX + "-node-" + name,
				"--spring.session.data.redis.namespace=" + PREFIX + ":session",
				"--wsauth.session.revocations.channel=" + PREFIX + ":revocations",
				"--wsauth.ticket.redis-key-prefix=" + PREFIX + ":ticket:", "--spring.data.redis.timeout=1s",
				"--spring.data.redis.connect-timeout=500ms"));
		args.addAll(this.settings.nodeArgs);
		return args;
	}

	private Node startNode(String name, int port, FaultForwarder redis) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx" + this.settings.nodeHeap);
		command.add("-XX:+ExitOnOutOfMemoryError");
		String classPath = System.getProperty("java.class.path");
		if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")) {
			command.add("-jar");
			command.add(classPath);
		}
		else {
			command.add("-cp");
			command.add(classPath);
			command.add(LifecycleBenchmark.class.getName());
		}
		command.add("node");
		command.add("--server.port=" + port);
		command.add("--spring.data.redis.host=127.0.0.1");
		command.add("--spring.data.redis.port=" + redis.port());
		command.addAll(nodeArgs(name));
		Path logDir = this.settings.workDir.resolve("target").resolve("fault-logs");
		Files.createDirectories(logDir);
		Path log = logDir.resolve(this.settings.label + "-node-" + name + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		Node node = new Node(name, port, process, log);
		this.nodes.add(node);
		return node;
	}

	private void write() throws IOException {
		Path file = this.settings.report;
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, this.report.toString(), StandardCharsets.UTF_8);
		log("Wrote " + file);
		out.println(this.report);
	}

	private void section(String title) {
		this.report.append("\n## ").append(title).append("\n\n");
	}

	private void row(String text) {
		this.report.append(text).append('\n');
	}

	private synchronized void stopNodes() {
		for (Node node : this.nodes) {
			node.process.destroyForcibly();
		}
	}

	private static void require(boolean condition, String what) {
		if (!condition) {
			throw new IllegalStateException("Failed: " + what);
		}
	}

	private static String fmt(double value) {
		return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
	}

	private static void log(String message) {
		out.println("[fault " + Instant.now() + "] " + message);
	}

	/**
	 * A node JVM.
	 *
	 * @param name the node's name
	 * @param port its HTTP port
	 * @param process the JVM
	 * @param log its output
	 */
	private record Node(String name, int port, Process process, Path log) {

		String origin() {
			return "http://localhost:" + this.port;
		}

		void awaitReady(Duration timeout) throws IOException, InterruptedException {
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
			HttpRequest request = HttpRequest.newBuilder(URI.create(origin() + "/bench/info"))
				.timeout(Duration.ofSeconds(5))
				.build();
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				if (!this.process.isAlive()) {
					throw new IOException("Node " + this.name + " exited; see " + this.log);
				}
				try {
					if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
						return;
					}
				}
				catch (IOException ex) {
					// not listening yet
				}
				Thread.sleep(250);
			}
			throw new IOException("Node " + this.name + " not ready within " + timeout + "; see " + this.log);
		}

		void kill() throws InterruptedException {
			this.process.destroyForcibly();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Node " + this.name + " did not die");
			}
		}

	}

	private record Preflight(int status, String cookie) {

	}

	private record Reconnect(int preflightStatus, BenchSocket socket, long connectedNanos) {

	}

	/**
	 * Options, {@code --name=value} or {@code --name value}: {@code --label},
	 * {@code --sessions} (sockets per scenario, default 100), {@code --outages}
	 * (comma-separated seconds, default 5,15,30,60), {@code --repeats} (default 1),
	 * {@code --port-a}/{@code --port-b} (18181/18182), {@code --node-heap} (1g),
	 * {@code --node-arg} (repeatable), {@code --redis-host}/{@code --redis-port},
	 * {@code --report}, {@code --max-minutes} (40).
	 */
	static final class Settings {

		String label = "dev";

		int sessions = 100;

		int[] outages = { 5, 15, 30, 60 };

		int repeats = 1;

		int portA = 18181;

		int portB = 18182;

		String nodeHeap = "1g";

		List<String> nodeArgs = new ArrayList<>();

		String redisHost = "127.0.0.1";

		int redisPort = 6379;

		int maxMinutes = 40;

		Path workDir = Files.isDirectory(Path.of("benchmarks", "src")) ? Path.of("benchmarks") : Path.of(".");

		Path report;

		static Settings parse(String[] args) {
			Settings settings = new Settings();
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
					case "label" -> settings.label = value.replaceAll("[^A-Za-z0-9._-]", "_");
					case "sessions" -> settings.sessions = Integer.parseInt(value);
					case "outages" -> settings.outages = Arrays.stream(value.split(","))
						.mapToInt((part) -> Integer.parseInt(part.trim()))
						.toArray();
					case "repeats" -> settings.repeats = Integer.parseInt(value);
					case "port-a" -> settings.portA = Integer.parseInt(value);
					case "port-b" -> settings.portB = Integer.parseInt(value);
					case "node-heap" -> settings.nodeHeap = value;
					case "node-arg" -> settings.nodeArgs.add(value);
					case "redis-host" -> settings.redisHost = value;
					case "redis-port" -> settings.redisPort = Integer.parseInt(value);
					case "report" -> settings.report = Path.of(value);
					case "max-minutes" -> settings.maxMinutes = Integer.parseInt(value);
					default -> throw new IllegalArgumentException("Unknown option '--" + name + "'");
				}
			}
			if (settings.report == null) {
				settings.report = settings.workDir.resolve("target")
					.resolve("fault-runs")
					.resolve("fault-" + settings.label + ".md");
			}
			if (settings.sessions < 2 || settings.outages.length == 0 || settings.repeats < 1) {
				throw new IllegalArgumentException("--sessions must be at least 2, --outages and --repeats not empty");
			}
			requireFree(settings.portA);
			requireFree(settings.portB);
			return settings;
		}

		private static void requireFree(int port) {
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				socket.setReuseAddress(true);
			}
			catch (IOException ex) {
				throw new IllegalArgumentException(
						"Port " + port + " is in use; choose another with --port-a/--port-b");
			}
		}

	}

}
