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

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal Redis (RESP2) client for the harness: {@code INFO}, {@code CLIENT LIST} and
 * key clean-up. Counts the commands it sends, so that they can be subtracted from the
 * server's counters.
 *
 * @author wsauth
 */
final class RedisProbe implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private long commandsSent;

	RedisProbe(String host, int port) throws IOException {
		this.socket = new Socket();
		this.socket.connect(new InetSocketAddress(host, port), 5000);
		this.socket.setSoTimeout(30000);
		this.in = new BufferedInputStream(this.socket.getInputStream());
		this.out = this.socket.getOutputStream();
		command("CLIENT", "SETNAME", "wsauth-bench-harness");
	}

	long commandsSent() {
		return this.commandsSent;
	}

	synchronized Object command(String... args) throws IOException {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
		for (String arg : args) {
			byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
			request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
			request.writeBytes(bytes);
			request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		this.out.write(request.toByteArray());
		this.out.flush();
		this.commandsSent++;
		return read();
	}

	/**
	 * Take one snapshot of the command counters, with one {@code INFO} command.
	 * @return the snapshot
	 * @throws IOException on a connection failure
	 */
	Snapshot snapshot() throws IOException {
		long sentBefore = this.commandsSent;
		String info = (String) command("INFO", "stats", "commandstats");
		long total = -1;
		Map<String, Long> calls = new LinkedHashMap<>();
		for (String line : info.split("\r\n")) {
			if (line.startsWith("total_commands_processed:")) {
				total = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
			}
			else if (line.startsWith("cmdstat_")) {
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				int start = line.indexOf("calls=") + "calls=".length();
				int end = line.indexOf(',', start);
				calls.put(name, Long.parseLong(line.substring(start, (end > 0) ? end : line.length())));
			}
		}
		return new Snapshot(System.nanoTime(), total, calls, sentBefore);
	}

	/**
	 * Delete every key matching a pattern.
	 * @param pattern the {@code SCAN MATCH} pattern
	 * @return the number of keys deleted
	 * @throws IOException on a connection failure
	 */
	long deleteMatching(String pattern) throws IOException {
		long deleted = 0;
		String cursor = "0";
		int rounds = 0;
		do {
			List<?> reply = (List<?>) command("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
			cursor = (String) reply.get(0);
			List<?> keys = (List<?>) reply.get(1);
			if (!keys.isEmpty()) {
				List<String> args = new ArrayList<>();
				args.add("UNLINK");
				for (Object key : keys) {
					args.add((String) key);
				}
				deleted += (Long) command(args.toArray(new String[0]));
			}
			rounds++;
		}
		while (!"0".equals(cursor) && rounds < 100000);
		return deleted;
	}

	private Object read() throws IOException {
		int type = this.in.read();
		if (type < 0) {
			throw new IOException("Redis closed the connection");
		}
		String line = readLine();
		switch (type) {
			case '+':
				return line;
			case '-':
				throw new IOException("Redis error: " + line);
			case ':':
				return Long.parseLong(line);
			case '$': {
				int length = Integer.parseInt(line);
				if (length < 0) {
					return null;
				}
				byte[] bytes = this.in.readNBytes(length + 2);
				return new String(bytes, 0, length, StandardCharsets.UTF_8);
			}
			case '*': {
				int count = Integer.parseInt(line);
				List<Object> items = new ArrayList<>(Math.max(count, 0));
				for (int i = 0; i < count; i++) {
					items.add(read());
				}
				return items;
			}
			default:
				throw new IOException("Unexpected RESP type " + (char) type);
		}
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int next = this.in.read();
			if (next < 0) {
				throw new IOException("Redis closed the connection");
			}
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(next);
			previous = next;
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * Redis command counters at one instant.
	 *
	 * @param nanos when the snapshot was taken
	 * @param total {@code total_commands_processed}
	 * @param calls calls per command
	 * @param probeCommandsBefore commands the probe had sent before this snapshot's
	 * {@code INFO}
	 */
	record Snapshot(long nanos, long total, Map<String, Long> calls, long probeCommandsBefore) {

	}

}
