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

package dev.wsauth.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends a WebSocket upgrade request on a plain socket and reads the response head, for
 * assertions on headers the JDK WebSocket client does not expose on a refused upgrade
 * (Set-Cookie, Location) and for request targets it would normalize.
 */
public final class RawUpgrade {

	private static final int TIMEOUT_MILLIS = 5000;

	private RawUpgrade() {
	}

	/**
	 * Send a STOMP-over-WebSocket upgrade request to {@code target} and return the
	 * response head.
	 * @param port the server port
	 * @param target the request target, exactly as written on the request line
	 * @param headerLines extra header lines, such as {@code Cookie: JSESSIONID=...}
	 * @return the response status and headers
	 */
	public static Response send(int port, String target, String... headerLines) {
		String[] lines = new String[headerLines.length + 1];
		lines[0] = "Sec-WebSocket-Protocol: v12.stomp";
		System.arraycopy(headerLines, 0, lines, 1, headerLines.length);
		return sendExactly(port, target, lines);
	}

	/**
	 * Send an upgrade request with only the given extra header lines (no subprotocol
	 * offer unless one is among them) and return the response head.
	 * @param port the server port
	 * @param target the request target, exactly as written on the request line
	 * @param headerLines extra header lines
	 * @return the response status and headers
	 */
	public static Response sendExactly(int port, String target, String... headerLines) {
		StringBuilder request = new StringBuilder();
		request.append("GET ").append(target).append(" HTTP/1.1\r\n");
		request.append("Host: localhost:").append(port).append("\r\n");
		request.append("Upgrade: websocket\r\n");
		request.append("Connection: Upgrade\r\n");
		request.append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
		request.append("Sec-WebSocket-Version: 13\r\n");
		for (String line : headerLines) {
			request.append(line).append("\r\n");
		}
		request.append("\r\n");
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(TIMEOUT_MILLIS);
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
			return new Response(Integer.parseInt(statusLine.split(" ")[1].trim()), headers);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != -1 && c != '\n') {
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	/**
	 * The head of a response.
	 *
	 * @param status the status code
	 * @param headerLines the header lines, as received
	 */
	public record Response(int status, List<String> headerLines) {

		/**
		 * Return the values of a header.
		 * @param name the header name, case-insensitive
		 * @return the values, in order
		 */
		public List<String> headers(String name) {
			String prefix = name.toLowerCase(Locale.ROOT) + ":";
			return this.headerLines.stream()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
				.map((line) -> line.substring(prefix.length()).trim())
				.toList();
		}

	}

}
