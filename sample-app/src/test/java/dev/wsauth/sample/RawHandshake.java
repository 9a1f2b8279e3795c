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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A WebSocket upgrade request written by hand on a plain socket, for tests that must see
 * the response head exactly as sent (the JDK client hides the headers of a 101).
 */
final class RawHandshake {

	private RawHandshake() {
	}

	/**
	 * Send an upgrade request for {@code path} with extra header lines and return the
	 * response head.
	 */
	static Response upgrade(int port, String path, String... headerLines) {
		StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n").append("Host: localhost:")
			.append(port)
			.append("\r\n")
			.append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
			.append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
		for (String line : headerLines) {
			request.append(line).append("\r\n");
		}
		request.append("\r\n");
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			String statusLine = readLine(in);
			List<String> headers = new ArrayList<>();
			String line;
			while (!(line = readLine(in)).isEmpty()) {
				headers.add(line);
			}
			return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int c;
		while ((c = in.read()) != -1 && c != '\n') {
			if (c != '\r') {
				line.write(c);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	/** A response head: the status and every header line. */
	record Response(int status, List<String> headerLines) {

		/** The values of every line of the named header. */
		List<String> header(String name) {
			String prefix = name.toLowerCase(Locale.ROOT) + ":";
			return this.headerLines.stream()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
				.map((line) -> line.substring(prefix.length()).strip())
				.toList();
		}

	}

}
