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
package dev.wsauth.benchmarks.compare;

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
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wsauth.benchmarks.NodeProcess;

/**
 * The comparison benchmark ({@code compare}): the same STOMP application as plain Spring
 * (A, {@link PlainStompNode}), with hand-written Spring Security messaging (B,
 * {@link HandWrittenSecurityNode}) and with wsauth (C, {@link WsAuthNode}), each in a
 * fresh JVM per round, alternating A, B, C. Measures upgrades (cold and steady),
 * SUBSCRIBE + UNSUBSCRIBE cost, heap per held connection, the preflight against a plain
 * authenticated GET, and session store calls per upgrade; prints a Markdown report and
 * writes it to {@code benchmarks/results/compare-<yyyy-MM-dd-HHmm>.md}.
 *
 * @author wsauth
 */
public final class CompareBenchmark {

	private static final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
			StandardCharsets.UTF_8);

	private static final Pattern SESSION_COOKIE = Pattern.compile("SESSION=([^;]+)");

	private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\"\\s*:\\s*(-?\\d+)");

	private static final List<String> PHASES = List.of("upgrades", "pairs", "heap", "store", "preflight");

	private final Settings settings;

	private final Map<String, Figure> figures = new LinkedHashMap<>();

	private final List<String> notes = new ArrayList<>();

	private final ExecutorService clientExecutor = Executors.newFixedThreadPool(2, (runnable) -> {
		Thread thread = new Thread(runnable, "compare-client");
		thread.setDaemon(true);
		return thread;
	});

	private final HttpClient http;

	private volatile NodeProcess current;

	private long ticksPerSecond = 100;

	private String loadAtStart = "unknown";

	private CompareBenchmark(Settings settings) {
		this.settings = settings;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.executor(this.clientExecutor)
			.build();
	}

	/**
	 * Run the comparison.
	 * @param args the options, {@code --name=value} or {@code --name value}
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		Settings settings = Settings.parse(args);
		System.exit(new CompareBenchmark(settings).runBounded());
	}

	private int runBounded() {
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(TimeUnit.MINUTES.toMillis(this.settings.maxMinutes));
				log("Run exceeded --max-minutes=" + this.settings.maxMinutes + "; stopping");
				stopNode();
				Runtime.getRuntime().halt(3);
			}
			catch (InterruptedException ex) {
				// finished in time
			}
		}, "compare-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		Runtime.getRuntime().addShutdownHook(new Thread(this::stopNode));
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
			stopNode();
			watchdog.interrupt();
		}
	}

	private void run() throws Exception {
		Settings s = this.settings;
		this.ticksPerSecond = clockTicks();
		this.loadAtStart = procValue("/proc/loadavg", "");
		long started = System.nanoTime();
		for (int round = 1; round <= s.rounds; round++) {
			for (String variant : s.variants) {
				log("Round " + round + ", variant " + variant);
				try {
					runVariant(variant, round);
				}
				catch (Exception ex) {
					String note = "Round " + round + ", variant " + variant + " failed: " + ex;
					log(note);
					this.notes.add(note);
				}
				finally {
					stopNode();
				}
			}
		}
		String report = report(Duration.ofNanos(System.nanoTime() - started));
		Path dir = s.workDir.resolve("results");
		Files.createDirectories(dir);
		Path file = dir
			.resolve("compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")) + ".md");
		Files.writeString(file, report);
		out.println(report);
		log("Report written to " + file);
	}

	private void runVariant(String variant, int round) throws Exception {
		Settings s = this.settings;
		List<String> arguments = List.of("compare-node", variant, "--server.port=" + s.port,
				"--bench.rules=" + s.rules);
		Path log = s.workDir.resolve("target")
			.resolve("bench-logs")
			.resolve("compare-" + variant + "-round" + round + ".log");
		NodeProcess node = NodeProcess.start(variant, s.port, s.heap, s.jvmOptions, arguments, log);
		this.current = node;
		node.awaitReady(this.http, Duration.ofSeconds(s.startTimeoutSeconds));
		log("  ready: " + node.info());
		List<String> cookies = "A".equals(variant) ? nulls(s.sessions) : login(node, s.sessions);
		if (!s.skip.contains("upgrades")) {
			Load cold = upgrades(node, cookies, s.coldSeconds, Integer.MAX_VALUE);
			recordUpgrades("cold", variant, cold, s.coldSeconds);
			upgrades(node, cookies, s.warmupSeconds, Integer.MAX_VALUE);
			Load steady = upgrades(node, cookies, s.windowSeconds, Integer.MAX_VALUE);
			recordUpgrades("steady", variant, steady, s.windowSeconds);
		}
		if (!s.skip.contains("pairs")) {
			// The same paced pattern for all three, so that CPU per pair compares; then,
			// in C, the receipt loop, for SUBSCRIBE → RECEIPT latency.
			Load cold = pairs(node, cookies, s.coldPairs, false);
			recordPairs("cold", variant, cold, false);
			Load warm = pairs(node, cookies, s.warmupPairs, false);
			record("SUBSCRIBE + UNSUBSCRIBE, warm-up (" + s.warmupPairs + " pairs or " + s.pairsMaxSeconds
					+ " s, not measured): pairs counted", "pairs", null, variant, warm.count.get());
			Load steady = pairs(node, cookies, s.steadyPairs, false);
			recordPairs("steady", variant, steady, false);
			if ("C".equals(variant)) {
				Load receipts = pairs(node, cookies, s.steadyPairs, true);
				recordPairs("receipt loop", variant, receipts, true);
			}
		}
		if (!s.skip.contains("heap")) {
			heap(node, cookies, variant);
		}
		if (!s.skip.contains("store") && !"A".equals(variant)) {
			Map<String, Long> before = numbers(get(node, "/bench/store"));
			if (before.get("reads") < 0) {
				throw new IllegalStateException("The node counts no session store calls");
			}
			Load load = upgrades(node, cookies, 120, s.storeUpgrades);
			Thread.sleep(500);
			Map<String, Long> after = numbers(get(node, "/bench/store"));
			int count = load.count.get();
			record("Session store: findById calls per upgrade", "calls", true, variant,
					(double) (after.get("reads") - before.get("reads")) / count);
			record("Session store: save calls per upgrade", "calls", true, variant,
					(double) (after.get("writes") - before.get("writes")) / count);
			noteErrors("store", variant, load);
		}
		if (!s.skip.contains("preflight") && "C".equals(variant)) {
			// The preflight rotates the session: fresh sessions, one per worker.
			List<String> preflightCookies = login(node, s.preflightConcurrency);
			requests(node, "POST", "/__ws/auth", preflightCookies, s.preflightWarmupSeconds);
			Load preflight = requests(node, "POST", "/__ws/auth", preflightCookies, s.preflightSeconds);
			requests(node, "GET", "/bench/hello", preflightCookies, s.preflightWarmupSeconds);
			Load hello = requests(node, "GET", "/bench/hello", preflightCookies, s.preflightSeconds);
			double preflightRate = preflight.count.get() / (double) s.preflightSeconds;
			double helloRate = hello.count.get() / (double) s.preflightSeconds;
			record("Preflight: POST /__ws/auth requests/s", "req/s", false, variant, preflightRate);
			record("Preflight: GET /bench/hello requests/s (same JVM)", "req/s", false, variant, helloRate);
			record("Preflight: POST /__ws/auth ÷ GET /bench/hello", "ratio", false, variant, preflightRate / helloRate);
			noteErrors("preflight", variant, preflight);
			noteErrors("hello", variant, hello);
		}
	}

	// Logins

	private List<String> login(NodeProcess node, int count) throws Exception {
		List<String> cookies = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String form = "username=user" + (i % CompareNodes.USERS) + "&password=" + CompareNodes.PASSWORD;
			HttpRequest request = HttpRequest.newBuilder(URI.create(node.origin() + "/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.timeout(Duration.ofSeconds(10))
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build();
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			String cookie = sessionCookie(response);
			if (response.statusCode() != 204 || cookie == null) {
				throw new IOException("Login answered " + response.statusCode() + " " + response.headers().map());
			}
			cookies.add(cookie);
		}
		return cookies;
	}

	private static String sessionCookie(HttpResponse<?> response) {
		String cookie = null;
		for (String header : response.headers().allValues("set-cookie")) {
			Matcher matcher = SESSION_COOKIE.matcher(header);
			if (matcher.find() && !matcher.group(1).isEmpty()) {
				cookie = matcher.group(1);
			}
		}
		return cookie;
	}

	private static List<String> nulls(int count) {
		return Arrays.asList(new String[count]);
	}

	// Upgrades

	/**
	 * Upgrades at the configured concurrency for a time or up to a count: each opens a
	 * socket with the session cookie, sends CONNECT, waits for CONNECTED and closes.
	 */
	private Load upgrades(NodeProcess node, List<String> cookies, int seconds, int maxCount) throws Exception {
		Load load = new Load(maxCount == Integer.MAX_VALUE ? 1 << 21 : maxCount);
		int concurrency = this.settings.concurrency;
		CountDownLatch slots = new CountDownLatch(concurrency);
		AtomicInteger issued = new AtomicInteger();
		double cpuBefore = node.cpuSeconds(this.ticksPerSecond);
		double clientBefore = clientCpuSeconds();
		long start = System.nanoTime();
		long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
		for (int slot = 0; slot < concurrency; slot++) {
			nextUpgrade(node, cookies, load, issued, maxCount, deadline, slots);
		}
		if (!slots.await(seconds + 60L, TimeUnit.SECONDS)) {
			throw new TimeoutException("Upgrades did not finish");
		}
		load.elapsedNanos = System.nanoTime() - start;
		load.cpuSeconds = node.cpuSeconds(this.ticksPerSecond) - cpuBefore;
		load.clientCpuSeconds = clientCpuSeconds() - clientBefore;
		return load;
	}

	private void nextUpgrade(NodeProcess node, List<String> cookies, Load load, AtomicInteger issued, int maxCount,
			long deadline, CountDownLatch slots) {
		int n = issued.getAndIncrement();
		if (n >= maxCount || System.nanoTime() >= deadline || load.errors.get() > 1000) {
			slots.countDown();
			return;
		}
		StompSocket socket = StompSocket.open(this.http, node.origin(), cookies.get(n % cookies.size()));
		socket.connected.orTimeout(20, TimeUnit.SECONDS).whenComplete((connected, failure) -> {
			if (failure != null) {
				load.error(failure);
				socket.abort();
			}
			else {
				load.add(socket.connectedNanos - socket.startNanos);
				socket.close();
			}
			nextUpgrade(node, cookies, load, issued, maxCount, deadline, slots);
		});
	}

	private void recordUpgrades(String phase, String variant, Load load, int seconds) {
		String title = "Upgrades, " + phase + " (" + ("cold".equals(phase) ? "first " + seconds + " s of the JVM"
				: seconds + " s after " + this.settings.warmupSeconds + " s warm-up") + ")";
		int count = load.count.get();
		record(title + ": upgrades/s", "upgrades/s", false, variant, count / (load.elapsedNanos / 1e9));
		record(title + ": latency p50", "ms", true, variant, load.percentile(0.50) / 1e6);
		record(title + ": latency p99", "ms", true, variant, load.percentile(0.99) / 1e6);
		record(title + ": node CPU per upgrade", "ms", true, variant, load.cpuSeconds * 1e3 / count);
		record(title + ": harness (client) CPU per upgrade, for reference", "ms", null, variant,
				load.clientCpuSeconds * 1e3 / count);
		noteErrors("upgrades " + phase, variant, load);
	}

	// SUBSCRIBE + UNSUBSCRIBE pairs

	/**
	 * SUBSCRIBE + UNSUBSCRIBE pairs on the configured number of open connections, up to a
	 * count or until {@code --pairs-max-seconds}, whichever comes first. With receipts
	 * (wsauth answers them), each SUBSCRIBE waits for its RECEIPT before the UNSUBSCRIBE
	 * and the next pair. Without (the simple broker sends none), pairs are sent back to
	 * back in batches, each ended by a ping ({@code SEND /app/bench.p<i>}, answered on
	 * {@code /topic/bench.p<i>}) that bounds how far the client runs ahead. Either way
	 * each connection ends with a DISCONNECT with a receipt, which Spring answers itself.
	 */
	private Load pairs(NodeProcess node, List<String> cookies, int total, boolean receipts) throws Exception {
		int connections = this.settings.concurrency;
		List<StompSocket> sockets = hold(node, cookies, connections);
		Load load = new Load(receipts ? total : 1);
		AtomicInteger sentPairs = new AtomicInteger();
		try {
			if (!receipts) {
				preparePings(sockets);
			}
			List<CompletableFuture<Void>> done = new ArrayList<>();
			double cpuBefore = node.cpuSeconds(this.ticksPerSecond);
			double clientBefore = clientCpuSeconds();
			long start = System.nanoTime();
			long deadline = start + TimeUnit.SECONDS.toNanos(this.settings.pairsMaxSeconds);
			for (int i = 0; i < connections; i++) {
				int count = total / connections + ((i < total % connections) ? 1 : 0);
				done.add(receipts ? receiptLoop(sockets.get(i), i, count, deadline, sentPairs, load)
						: paced(sockets.get(i), i, count, deadline, sentPairs, load));
			}
			CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]))
				.get(this.settings.phaseTimeoutSeconds, TimeUnit.SECONDS);
			load.elapsedNanos = System.nanoTime() - start;
			Thread.sleep(200);
			load.cpuSeconds = node.cpuSeconds(this.ticksPerSecond) - cpuBefore;
			load.clientCpuSeconds = clientCpuSeconds() - clientBefore;
			load.samples = Math.min(load.count.get(), total);
			load.count.set(sentPairs.get());
			load.capped = sentPairs.get() < total;
			return load;
		}
		finally {
			for (StompSocket socket : sockets) {
				socket.abort();
			}
		}
	}

	private static String subscribe(int connection, int k, boolean receipt) {
		return "SUBSCRIBE\nid:sub-" + k + "\ndestination:/topic/bench." + connection
				+ (receipt ? "\nreceipt:r-" + k : "") + "\n\n\0";
	}

	private static String unsubscribe(int k) {
		return "UNSUBSCRIBE\nid:sub-" + k + "\n\n\0";
	}

	private static final String DISCONNECT = "DISCONNECT\nreceipt:bye\n\n\0";

	private CompletableFuture<Void> paced(StompSocket socket, int connection, int count, long deadline,
			AtomicInteger sentPairs, Load load) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		int batch = this.settings.pairsPerPing;
		String ping = ping(connection);
		AtomicBoolean awaitingPong = new AtomicBoolean();
		int[] state = { 0, 0 };
		// state[0]: pairs sent; state[1]: frame index within the batch
		Runnable[] nextBatch = new Runnable[1];
		nextBatch[0] = () -> {
			if (state[0] >= count || System.nanoTime() >= deadline) {
				socket.send(DISCONNECT);
				return;
			}
			int size = Math.min(batch, count - state[0]);
			int first = state[0];
			state[0] += size;
			sentPairs.addAndGet(size);
			state[1] = 0;
			socket.sendAll(() -> {
				int frame = state[1]++;
				if (frame < 2 * size) {
					int k = first + (frame >> 1);
					return ((frame & 1) == 0) ? subscribe(connection, k, false) : unsubscribe(k);
				}
				if (frame == 2 * size) {
					awaitingPong.set(true);
					return ping;
				}
				return null;
			}).whenComplete((ignored, failure) -> {
				if (failure != null) {
					done.completeExceptionally(failure);
				}
			});
		};
		socket.receiptListener = new StompSocket.ReceiptListener() {

			@Override
			public void onReceipt(StompSocket s, CharSequence frame) {
				done.complete(null);
			}

			@Override
			public void onMessage(StompSocket s, CharSequence frame) {
				// The ping's answer: the server has caught up with this batch.
				if (awaitingPong.compareAndSet(true, false)) {
					nextBatch[0].run();
				}
			}

			@Override
			public void onError(StompSocket s, CharSequence frame) {
				done.completeExceptionally(new IllegalStateException("STOMP " + frame.toString().trim()));
			}

		};
		socket.closed.whenComplete((ignored, failure) -> done
			.completeExceptionally(new IllegalStateException("closed before the DISCONNECT receipt")));
		nextBatch[0].run();
		return done;
	}

	/**
	 * Subscribe each connection to its ping's answer, and check that a ping is answered,
	 * before anything is measured.
	 */
	private void preparePings(List<StompSocket> sockets) throws Exception {
		List<CompletableFuture<Void>> sent = new ArrayList<>();
		for (int i = 0; i < sockets.size(); i++) {
			sent.add(
					sockets.get(i).send("SUBSCRIBE\nid:pong\ndestination:/topic/bench.p" + i + "\n\n\0").thenRun(() -> {
					}));
		}
		CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
		Thread.sleep(300);
		List<CompletableFuture<Void>> answered = new ArrayList<>();
		for (int i = 0; i < sockets.size(); i++) {
			CompletableFuture<Void> pong = new CompletableFuture<>();
			sockets.get(i).receiptListener = new StompSocket.ReceiptListener() {

				@Override
				public void onReceipt(StompSocket s, CharSequence frame) {
				}

				@Override
				public void onMessage(StompSocket s, CharSequence frame) {
					pong.complete(null);
				}

				@Override
				public void onError(StompSocket s, CharSequence frame) {
					pong.completeExceptionally(new IllegalStateException("STOMP " + frame.toString().trim()));
				}

			};
			sockets.get(i).send(ping(i));
			answered.add(pong);
		}
		CompletableFuture.allOf(answered.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
	}

	private static String ping(int connection) {
		return "SEND\ndestination:/app/bench.p" + connection + "\ncontent-length:0\n\n\0";
	}

	private CompletableFuture<Void> receiptLoop(StompSocket socket, int connection, int count, long deadline,
			AtomicInteger sentPairs, Load load) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		AtomicLong sent = new AtomicLong();
		AtomicInteger pair = new AtomicInteger();
		socket.receiptListener = new StompSocket.ReceiptListener() {

			@Override
			public void onReceipt(StompSocket s, CharSequence frame) {
				if (frame.toString().contains("receipt-id:bye")) {
					done.complete(null);
					return;
				}
				load.add(System.nanoTime() - sent.get());
				int k = pair.get();
				int n = pair.incrementAndGet();
				sentPairs.incrementAndGet();
				String next = (n < count && System.nanoTime() < deadline) ? subscribe(connection, n, true) : DISCONNECT;
				s.send(unsubscribe(k));
				sent.set(System.nanoTime());
				s.send(next).whenComplete((ignored, failure) -> {
					if (failure != null) {
						done.completeExceptionally(failure);
					}
				});
			}

			@Override
			public void onError(StompSocket s, CharSequence frame) {
				done.completeExceptionally(new IllegalStateException("STOMP " + frame.toString().trim()));
			}

		};
		socket.closed.whenComplete((ignored, failure) -> done
			.completeExceptionally(new IllegalStateException("closed before the DISCONNECT receipt")));
		if (count == 0) {
			socket.send(DISCONNECT);
		}
		else {
			sent.set(System.nanoTime());
			socket.send(subscribe(connection, 0, true));
		}
		return done;
	}

	private void recordPairs(String phase, String variant, Load load, boolean receipts) {
		Settings s = this.settings;
		String title = switch (phase) {
			case "cold" -> "SUBSCRIBE + UNSUBSCRIBE, cold (the JVM's first " + s.coldPairs + " pairs or "
					+ s.pairsMaxSeconds + " s; paced)";
			case "steady" -> "SUBSCRIBE + UNSUBSCRIBE, steady (" + s.steadyPairs + " pairs or " + s.pairsMaxSeconds
					+ " s after the warm-up; paced)";
			default -> "SUBSCRIBE + UNSUBSCRIBE, C's receipt loop after the steady run (" + s.steadyPairs + " pairs or "
					+ s.pairsMaxSeconds + " s; each SUBSCRIBE waits for its RECEIPT)";
		};
		record(title + ": node CPU per pair", "µs", true, variant, load.cpuSeconds * 1e6 / load.count.get());
		record(title + ": harness (client) CPU per pair, for reference", "µs", null, variant,
				load.clientCpuSeconds * 1e6 / load.count.get());
		record(title + ": pairs/s", "pairs/s", false, variant, load.count.get() / (load.elapsedNanos / 1e9));
		if (receipts) {
			record(title + ": SUBSCRIBE → RECEIPT p50", "ms", true, variant, load.percentile(0.50) / 1e6);
			record(title + ": SUBSCRIBE → RECEIPT p99", "ms", true, variant, load.percentile(0.99) / 1e6);
		}
		record(title + ": pairs counted", "pairs", null, variant, load.count.get());
		if (load.capped) {
			this.notes.add("Variant " + variant + ", pairs " + phase + ": the " + s.pairsMaxSeconds
					+ " s limit ended the phase after " + load.count.get() + " pairs");
		}
	}

	// Held connections

	private List<StompSocket> hold(NodeProcess node, List<String> cookies, int count) throws Exception {
		ConcurrentLinkedQueue<StompSocket> open = new ConcurrentLinkedQueue<>();
		Load load = new Load(1);
		CountDownLatch slots = new CountDownLatch(this.settings.concurrency);
		AtomicInteger issued = new AtomicInteger();
		for (int slot = 0; slot < this.settings.concurrency; slot++) {
			nextHeld(node, cookies, count, issued, open, load, slots);
		}
		if (!slots.await(this.settings.phaseTimeoutSeconds, TimeUnit.SECONDS) || open.size() < count) {
			open.forEach(StompSocket::abort);
			throw new TimeoutException(
					"Opened " + open.size() + " of " + count + " connections; errors: " + load.describeErrors());
		}
		return new ArrayList<>(open);
	}

	private void nextHeld(NodeProcess node, List<String> cookies, int count, AtomicInteger issued,
			ConcurrentLinkedQueue<StompSocket> open, Load load, CountDownLatch slots) {
		int n = issued.getAndIncrement();
		if (n >= count || load.errors.get() > 100) {
			slots.countDown();
			return;
		}
		StompSocket socket = StompSocket.open(this.http, node.origin(), cookies.get(n % cookies.size()));
		socket.connected.orTimeout(20, TimeUnit.SECONDS).whenComplete((connected, failure) -> {
			if (failure != null) {
				load.error(failure);
				socket.abort();
			}
			else {
				open.add(socket);
			}
			nextHeld(node, cookies, count, issued, open, load, slots);
		});
	}

	private void heap(NodeProcess node, List<String> cookies, String variant) throws Exception {
		int count = this.settings.heldConnections;
		long before = numbers(get(node, "/bench/heap")).get("used");
		List<StompSocket> sockets = hold(node, cookies, count);
		try {
			Thread.sleep(500);
			long after = numbers(get(node, "/bench/heap")).get("used");
			record("Heap per held connection (" + count + " connections, after System.gc())", "KiB", true, variant,
					(after - before) / 1024.0 / count);
		}
		finally {
			sockets.forEach(StompSocket::abort);
			Thread.sleep(1000);
		}
	}

	// HTTP requests

	/**
	 * Requests at the preflight concurrency for a time, each worker with its own session,
	 * following the rotated cookie when the response sets one.
	 */
	private Load requests(NodeProcess node, String method, String path, List<String> cookies, int seconds)
			throws Exception {
		Load load = new Load(1);
		CountDownLatch workers = new CountDownLatch(cookies.size());
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		URI uri = URI.create(node.origin() + path);
		for (int i = 0; i < cookies.size(); i++) {
			nextRequest(uri, method, node.origin(), cookies, i, load, deadline, workers);
		}
		if (!workers.await(seconds + 60L, TimeUnit.SECONDS)) {
			throw new TimeoutException("Requests to " + path + " did not finish");
		}
		return load;
	}

	private void nextRequest(URI uri, String method, String origin, List<String> cookies, int worker, Load load,
			long deadline, CountDownLatch workers) {
		if (System.nanoTime() >= deadline || load.errors.get() > 1000) {
			workers.countDown();
			return;
		}
		HttpRequest request = HttpRequest.newBuilder(uri)
			.header("Cookie", "SESSION=" + cookies.get(worker))
			.header("Origin", origin)
			.timeout(Duration.ofSeconds(20))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
			if (failure != null) {
				load.error(failure);
			}
			else if (response.statusCode() / 100 != 2) {
				load.error(new IOException(method + " " + uri.getPath() + " answered " + response.statusCode()));
			}
			else {
				String cookie = sessionCookie(response);
				if (cookie != null) {
					cookies.set(worker, cookie);
				}
				load.count.incrementAndGet();
			}
			nextRequest(uri, method, origin, cookies, worker, load, deadline, workers);
		});
	}

	private String get(NodeProcess node, String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(node.origin() + path))
			.timeout(Duration.ofSeconds(60))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IOException("GET " + path + " answered " + response.statusCode());
		}
		return response.body();
	}

	private static Map<String, Long> numbers(String json) {
		Map<String, Long> values = new LinkedHashMap<>();
		Matcher matcher = NUMBER.matcher(json);
		while (matcher.find()) {
			values.put(matcher.group(1), Long.parseLong(matcher.group(2)));
		}
		return values;
	}

	// Figures and the report

	private void record(String title, String unit, Boolean lowerIsBetter, String variant, double value) {
		this.figures.computeIfAbsent(title, (key) -> new Figure(title, unit, lowerIsBetter)).values
			.computeIfAbsent(variant, (key) -> new ArrayList<>())
			.add(value);
	}

	private void noteErrors(String phase, String variant, Load load) {
		if (load.errors.get() > 0) {
			String note = "Variant " + variant + ", " + phase + ": " + load.errors.get() + " errors ("
					+ load.describeErrors() + ")";
			log(note);
			this.notes.add(note);
		}
	}

	private String report(Duration took) {
		Settings s = this.settings;
		StringBuilder md = new StringBuilder();
		md.append("# wsauth compare: plain STOMP (A), hand-written Spring Security (B), wsauth (C)\n\n");
		md.append("Generated ")
			.append(LocalDateTime.now().withNano(0))
			.append(", took ")
			.append(took.toMinutes())
			.append(" min ")
			.append(took.toSecondsPart())
			.append(" s.\n\n");
		md.append("## Machine\n\n");
		md.append("- CPUs (nproc): ").append(Runtime.getRuntime().availableProcessors()).append('\n');
		md.append("- CPU model: ").append(procValue("/proc/cpuinfo", "model name")).append('\n');
		md.append("- RAM: ").append(procValue("/proc/meminfo", "MemTotal")).append('\n');
		md.append("- JDK: ")
			.append(System.getProperty("java.vm.name"))
			.append(' ')
			.append(System.getProperty("java.runtime.version"))
			.append(" (nodes and client)\n");
		md.append("- Load average (1, 5, 15 min) at start: ")
			.append(this.loadAtStart)
			.append(", at end: ")
			.append(procValue("/proc/loadavg", ""))
			.append(" (anything else running on the machine skews every figure)\n");
		md.append("- Open files limit of the harness (its nodes inherit it): ")
			.append(procValue("/proc/self/limits", "Max open files").replaceAll("\\s+", " "))
			.append('\n');
		md.append("- Client and node share the machine; loopback only.\n\n");
		md.append("## Settings\n\n");
		md.append("- Rounds: ")
			.append(s.rounds)
			.append(", variants in order ")
			.append(String.join(", ", s.variants))
			.append(" per round, a fresh JVM per variant per round, `-Xmx")
			.append(s.heap)
			.append("`")
			.append(s.jvmOptions.isEmpty() ? "" : " " + String.join(" ", s.jvmOptions))
			.append('\n');
		md.append("- Destination rules in B and C: ")
			.append(s.rules)
			.append(" (")
			.append(s.rules - 2)
			.append(" generated SUBSCRIBE rules: `/topic/lit.<i>` authenticated, `/topic/room<i>.{id}` ")
			.append("hasRole('USER'), `/topic/org<i>/{team}/**` authenticated; then `/topic/bench.{id}` authenticated, ")
			.append("the one the load uses, last; and SEND `/app/bench.{id}` authenticated). A has none.\n");
		md.append("- B: `@EnableWebSocketSecurity` with a `MessageMatcherDelegatingAuthorizationManager` ")
			.append("(`nullDestMatcher().authenticated()`, the rules in that order, `anyMessage().denyAll()`); ")
			.append("CONNECT's CSRF check replaced by a no-op `ChannelInterceptor` bean named ")
			.append("`csrfChannelInterceptor` (Spring Security 7 looks it up by that name). ")
			.append("Form login, in-memory Spring Session (`@EnableSpringHttpSession`, `MapSessionRepository`), ")
			.append("HTTP CSRF off. wsauth auto-configuration excluded.\n");
		md.append("- C: the same HTTP security and session store, wsauth auto-configuration on, the rules as ")
			.append("`wsauth.authorization.rules[*]` properties, same-origin `Origin` header.\n");
		md.append("- A: `@EnableWebSocketMessageBroker` only; wsauth, Boot security and session ")
			.append("auto-configurations excluded. Redis auto-configurations excluded in all three.\n");
		md.append("- Sessions logged in per JVM (B, C): ")
			.append(s.sessions)
			.append(", users user0..user")
			.append(CompareNodes.USERS - 1)
			.append('\n');
		md.append("- Upgrades (open `/ws` with cookie and Origin, CONNECT, wait for CONNECTED, close; no preflight): ")
			.append("concurrency ")
			.append(s.concurrency)
			.append(", cold window ")
			.append(s.coldSeconds)
			.append(" s from readiness, then ")
			.append(s.warmupSeconds)
			.append(" s warm-up, then a ")
			.append(s.windowSeconds)
			.append(" s window. Latency: start of the upgrade request → CONNECTED.\n");
		md.append("- SUBSCRIBE + UNSUBSCRIBE (to `/topic/bench.<n>`, ids `sub-<k>`): ")
			.append(s.concurrency)
			.append(" open connections; cold = the JVM's first ")
			.append(s.coldPairs)
			.append(" pairs; steady = ")
			.append(s.steadyPairs)
			.append(" pairs after ")
			.append(s.warmupPairs)
			.append(" warm-up pairs; each of the three runs also ends after ")
			.append(s.pairsMaxSeconds)
			.append(" s (the pairs counted are in the tables). Paced, the same in all three: ")
			.append(s.pairsPerPing)
			.append(" pairs back to back, then a ping (`SEND /app/bench.p<n>`, answered by a ")
			.append("`@MessageMapping` on `/topic/bench.p<n>`, present in all three), waiting for its answer; so the ")
			.append("CPU includes one ping per ")
			.append(s.pairsPerPing)
			.append(" pairs. The simple broker sends no ")
			.append("RECEIPT, so only C then runs a receipt loop: each SUBSCRIBE carries a `receipt`, and the ")
			.append("UNSUBSCRIBE and next SUBSCRIBE wait for wsauth's RECEIPT (latency: SUBSCRIBE queued → RECEIPT; ")
			.append("its CPU includes writing the RECEIPT). Every connection ends with DISCONNECT + receipt; CPU is ")
			.append("read 200 ms after the last.\n");
		md.append("- Heap: `/bench/heap` (two `System.gc()`, used heap) before and after opening ")
			.append(s.heldConnections)
			.append(" connections (CONNECTED received) at concurrency ")
			.append(s.concurrency)
			.append(".\n");
		md.append("- Store calls: `/bench/store` before and after ")
			.append(s.storeUpgrades)
			.append(" upgrades (B, C).\n");
		md.append("- Preflight (C): concurrency ")
			.append(s.preflightConcurrency)
			.append(", ")
			.append(s.preflightWarmupSeconds)
			.append(" s warm-up then ")
			.append(s.preflightSeconds)
			.append(" s each for `POST /__ws/auth` (following the rotated cookie) and `GET /bench/hello`.\n");
		if (!s.skip.isEmpty()) {
			md.append("- Skipped: ").append(String.join(", ", s.skip)).append('\n');
		}
		md.append(
				"- CPU figures: node JVM user + system time from `/proc/<pid>/stat` over the phase; lower is better.\n\n");
		md.append("## Figures\n\n");
		for (Figure figure : this.figures.values()) {
			md.append(figure.table(s.rounds, s.variants)).append('\n');
		}
		if (!this.notes.isEmpty()) {
			md.append("## Notes\n\n");
			for (String note : this.notes) {
				md.append("- ").append(note).append('\n');
			}
		}
		return md.toString();
	}

	private double clientCpuSeconds() {
		try {
			String stat = Files.readString(Path.of("/proc/self/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (double) (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / this.ticksPerSecond;
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	private static String procValue(String file, String key) {
		try {
			for (String line : Files.readAllLines(Path.of(file))) {
				if (line.startsWith(key)) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException ex) {
			// unknown
		}
		return "unknown";
	}

	private void stopNode() {
		NodeProcess node = this.current;
		if (node != null) {
			this.current = null;
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

	private static void log(String message) {
		out.println("[" + LocalDateTime.now().withNano(0) + "] " + message);
	}

	/**
	 * What one phase counted.
	 */
	static final class Load {

		final AtomicInteger count = new AtomicInteger();

		final AtomicInteger errors = new AtomicInteger();

		private final long[] latencies;

		private final Map<String, AtomicInteger> errorKinds = new java.util.concurrent.ConcurrentHashMap<>();

		volatile long elapsedNanos;

		volatile double cpuSeconds;

		volatile double clientCpuSeconds;

		/** How many latencies were recorded, when the count means something else. */
		volatile int samples = -1;

		/** Whether the time limit ended the phase before the count was reached. */
		volatile boolean capped;

		Load(int capacity) {
			this.latencies = new long[capacity];
		}

		void add(long nanos) {
			int index = this.count.getAndIncrement();
			if (index < this.latencies.length) {
				this.latencies[index] = nanos;
			}
		}

		void error(Throwable failure) {
			this.errors.incrementAndGet();
			Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
			String kind = cause.getClass().getSimpleName() + ": " + cause.getMessage();
			if (kind.length() > 120) {
				kind = kind.substring(0, 120);
			}
			if (this.errorKinds.size() < 20) {
				this.errorKinds.computeIfAbsent(kind, (key) -> new AtomicInteger()).incrementAndGet();
			}
		}

		String describeErrors() {
			return this.errorKinds.toString();
		}

		double percentile(double p) {
			int n = Math.min((this.samples >= 0) ? this.samples : this.count.get(), this.latencies.length);
			if (n == 0) {
				return Double.NaN;
			}
			long[] sorted = Arrays.copyOf(this.latencies, n);
			Arrays.sort(sorted);
			return sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)];
		}

	}

	/**
	 * One figure: a value per variant per round.
	 */
	static final class Figure {

		final String title;

		final String unit;

		/** Whether lower is better; {@code null} for a count that is neither. */
		final Boolean lowerIsBetter;

		final Map<String, List<Double>> values = new LinkedHashMap<>();

		Figure(String title, String unit, Boolean lowerIsBetter) {
			this.title = title;
			this.unit = unit;
			this.lowerIsBetter = lowerIsBetter;
		}

		String table(int rounds, List<String> variants) {
			StringBuilder md = new StringBuilder();
			md.append("### ").append(this.title).append(" (").append(this.unit);
			if (this.lowerIsBetter != null) {
				md.append(", ").append(this.lowerIsBetter ? "lower" : "higher").append(" is better");
			}
			md.append(")\n\n");
			md.append("| variant |");
			for (int r = 1; r <= rounds; r++) {
				md.append(" round ").append(r).append(" |");
			}
			md.append(" median |\n|---|");
			md.append("---:|".repeat(rounds + 1)).append('\n');
			Map<String, Double> medians = new LinkedHashMap<>();
			for (String variant : variants) {
				List<Double> list = this.values.get(variant);
				if (list == null) {
					continue;
				}
				md.append("| ").append(variant).append(" |");
				for (int r = 0; r < rounds; r++) {
					md.append(' ').append((r < list.size()) ? format(list.get(r)) : "–").append(" |");
				}
				double median = median(list);
				medians.put(variant, median);
				md.append(" **").append(format(median)).append("** |\n");
			}
			Double c = medians.get("C");
			List<String> ratios = new ArrayList<>();
			for (String other : List.of("A", "B")) {
				Double base = medians.get(other);
				if (c != null && base != null && base != 0) {
					ratios.add("C/" + other + " = " + String.format(Locale.ROOT, "%.2f", c / base));
				}
			}
			if (!ratios.isEmpty() && this.lowerIsBetter != null) {
				md.append("\nRatio of medians: ")
					.append(String.join(", ", ratios))
					.append(" (")
					.append(this.lowerIsBetter ? "lower" : "higher")
					.append(" is better).\n");
			}
			return md.toString();
		}

		private static double median(List<Double> list) {
			double[] sorted = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
			int n = sorted.length;
			return ((n % 2) == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
		}

		private static String format(double value) {
			double abs = Math.abs(value);
			String pattern = (abs >= 100) ? "%.0f" : (abs >= 10) ? "%.1f" : (abs >= 1) ? "%.2f" : "%.3f";
			return String.format(Locale.ROOT, pattern, value);
		}

	}

	/**
	 * The options, {@code --name=value} or {@code --name value}.
	 */
	static final class Settings {

		int rounds = 3;

		String heap = "1g";

		int rules = 1000;

		int concurrency = 50;

		int sessions = 50;

		int coldSeconds = 10;

		int warmupSeconds = 20;

		int windowSeconds = 15;

		int coldPairs = 20_000;

		int warmupPairs = 70_000;

		int steadyPairs = 50_000;

		int heldConnections = 5000;

		int pairsMaxSeconds = 5;

		int pairsPerPing = 20;

		int storeUpgrades = 1000;

		int preflightConcurrency = 20;

		int preflightSeconds = 10;

		int preflightWarmupSeconds = 10;

		int port = 18091;

		int startTimeoutSeconds = 120;

		int phaseTimeoutSeconds = 180;

		int maxMinutes = 25;

		List<String> variants = List.of("A", "B", "C");

		Set<String> skip = new LinkedHashSet<>();

		List<String> jvmOptions = new ArrayList<>();

		Path workDir = Files.isDirectory(Path.of("benchmarks", "src")) ? Path.of("benchmarks") : Path.of(".");

		static Settings parse(String[] args) {
			Settings settings = new Settings();
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				if (!arg.startsWith("--")) {
					throw new IllegalArgumentException("Unexpected argument '" + arg + "'");
				}
				int equals = arg.indexOf('=');
				String name;
				String value;
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
				settings.set(name, value);
			}
			if (settings.rules < 2) {
				throw new IllegalArgumentException("--rules must be at least 2");
			}
			return settings;
		}

		private void set(String name, String value) {
			switch (name) {
				case "rounds" -> this.rounds = Integer.parseInt(value);
				case "heap" -> this.heap = value;
				case "rules" -> this.rules = Integer.parseInt(value);
				case "concurrency" -> this.concurrency = Integer.parseInt(value);
				case "sessions" -> this.sessions = Integer.parseInt(value);
				case "cold-seconds" -> this.coldSeconds = Integer.parseInt(value);
				case "warmup-seconds" -> this.warmupSeconds = Integer.parseInt(value);
				case "window-seconds" -> this.windowSeconds = Integer.parseInt(value);
				case "cold-pairs" -> this.coldPairs = Integer.parseInt(value);
				case "warmup-pairs" -> this.warmupPairs = Integer.parseInt(value);
				case "steady-pairs" -> this.steadyPairs = Integer.parseInt(value);
				case "held-connections" -> this.heldConnections = Integer.parseInt(value);
				case "pairs-max-seconds" -> this.pairsMaxSeconds = Integer.parseInt(value);
				case "pairs-per-ping" -> this.pairsPerPing = Integer.parseInt(value);
				case "store-upgrades" -> this.storeUpgrades = Integer.parseInt(value);
				case "preflight-concurrency" -> this.preflightConcurrency = Integer.parseInt(value);
				case "preflight-seconds" -> this.preflightSeconds = Integer.parseInt(value);
				case "preflight-warmup-seconds" -> this.preflightWarmupSeconds = Integer.parseInt(value);
				case "port" -> this.port = Integer.parseInt(value);
				case "start-timeout-seconds" -> this.startTimeoutSeconds = Integer.parseInt(value);
				case "phase-timeout-seconds" -> this.phaseTimeoutSeconds = Integer.parseInt(value);
				case "max-minutes" -> this.maxMinutes = Integer.parseInt(value);
				case "variants" -> this.variants = List.of(value.toUpperCase(Locale.ROOT).split(","));
				case "skip" -> this.skip = new LinkedHashSet<>(List.of(value.split(",")));
				case "node-jvm-option" -> this.jvmOptions.add(value);
				case "work-dir" -> this.workDir = Path.of(value);
				default -> throw new IllegalArgumentException("Unknown option '--" + name + "'");
			}
			for (String phase : this.skip) {
				if (!PHASES.contains(phase)) {
					throw new IllegalArgumentException("Unknown phase '" + phase + "' in --skip; use " + PHASES);
				}
			}
		}

	}

}
