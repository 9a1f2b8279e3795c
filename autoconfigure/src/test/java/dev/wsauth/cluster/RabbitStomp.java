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

package dev.wsauth.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.wsauth.test.TestServices;

/**
 * A STOMP connection straight to RabbitMQ (no wsauth in between), to look at what the
 * broker has.
 */
final class RabbitStomp implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private RabbitStomp(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	static RabbitStomp connect(TestServices.Endpoint endpoint) {
		try {
			Socket socket = new Socket();
			socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 5000);
			socket.setSoTimeout(10_000);
			RabbitStomp stomp = new RabbitStomp(socket);
			stomp.send("CONNECT", Map.of("accept-version", "1.2", "host", "/", "login", "guest", "passcode", "guest"));
			String connected = stomp.nextCommand();
			if (!"CONNECTED".equals(connected)) {
				stomp.close();
				throw new IllegalStateException("RabbitMQ answered CONNECT with " + connected);
			}
			return stomp;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Subscribe with a receipt and return the broker's answer: {@code RECEIPT} or
	 * {@code ERROR}.
	 */
	String subscribe(String destination, Map<String, String> extraHeaders) {
		Map<String, String> headers = new java.util.LinkedHashMap<>(extraHeaders);
		headers.put("id", "s-" + destination.hashCode());
		headers.put("destination", destination);
		headers.put("receipt", "r-" + destination.hashCode());
		send("SUBSCRIBE", headers);
		return nextCommand();
	}

	private void send(String command, Map<String, String> headers) {
		StringBuilder frame = new StringBuilder(command).append('\n');
		headers.forEach((name, value) -> frame.append(name).append(':').append(value).append('\n'));
		frame.append('\n').append('\0');
		try {
			this.out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String nextCommand() {
		try {
			ByteArrayOutputStream frame = new ByteArrayOutputStream();
			int b;
			while ((b = this.in.read()) != 0) {
				if (b < 0) {
					throw new IOException("Connection closed by RabbitMQ");
				}
				frame.write(b);
			}
			String text = frame.toString(StandardCharsets.UTF_8).stripLeading();
			int end = text.indexOf('\n');
			return (end >= 0) ? text.substring(0, end) : text;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
