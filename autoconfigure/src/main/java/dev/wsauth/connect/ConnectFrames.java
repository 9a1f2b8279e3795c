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
package dev.wsauth.connect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * What the CONNECT-frame authentication classes share: the socket attributes they add and
 * a cheap look at the first STOMP command of a WebSocket message.
 */
final class ConnectFrames {

	/**
	 * Attribute marking a socket authenticated by its CONNECT frame; a second CONNECT on
	 * it is refused.
	 */
	static final String CONNECT_AUTHENTICATED = "dev.wsauth.CONNECT_AUTHENTICATED";

	/**
	 * Attribute marking a socket refused and about to be closed: nothing it sends is
	 * processed any more.
	 */
	static final String REFUSED = "dev.wsauth.CONNECT_REFUSED";

	/**
	 * Attribute marking a socket closed at once because too many connections were
	 * pending; Spring's handlers never saw it.
	 */
	static final String NOT_ADMITTED = "dev.wsauth.CONNECT_NOT_ADMITTED";

	/**
	 * Generic reason of every refusal: never says which credential was wrong.
	 */
	static final String UNAUTHENTICATED = "unauthenticated";

	/**
	 * Close status when credentials could not be checked (the token issuer or user store
	 * failed) or too many connections are pending: try again later.
	 */
	static final CloseStatus TRY_AGAIN_LATER = CloseStatus.SERVICE_OVERLOAD.withReason("try again later");

	private static final int MAX_COMMAND_LENGTH = 16;

	private ConnectFrames() {
	}

	/**
	 * Return the command of the first STOMP frame in a WebSocket message.
	 * @param message the message
	 * @return the command, empty for a heart-beat (end-of-line characters only), or
	 * {@code "?"} when it cannot be read
	 */
	static String firstCommand(WebSocketMessage<?> message) {
		ByteBuffer bytes;
		if (message instanceof TextMessage text) {
			bytes = ByteBuffer.wrap(text.asBytes());
		}
		else if (message instanceof BinaryMessage binary) {
			bytes = binary.getPayload().asReadOnlyBuffer();
		}
		else {
			return "?";
		}
		int start = bytes.position();
		while (start < bytes.limit() && (bytes.get(start) == '\n' || bytes.get(start) == '\r')) {
			start++;
		}
		if (start == bytes.limit()) {
			return "";
		}
		int end = start;
		while (end < bytes.limit() && bytes.get(end) != '\n' && bytes.get(end) != '\r'
				&& end - start <= MAX_COMMAND_LENGTH) {
			end++;
		}
		if (end == bytes.limit() || end - start > MAX_COMMAND_LENGTH) {
			return "?";
		}
		byte[] command = new byte[end - start];
		for (int i = 0; i < command.length; i++) {
			command[i] = bytes.get(start + i);
		}
		return new String(command, StandardCharsets.US_ASCII);
	}

	static boolean isConnect(String command) {
		return "CONNECT".equals(command) || "STOMP".equals(command);
	}

}
