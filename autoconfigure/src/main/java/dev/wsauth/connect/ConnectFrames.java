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
import java.util.List;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.web.socket.BinaryMessage;
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
	 * Attribute marking a socket closed at once because too many connections were
	 * pending; Spring's handlers never saw it.
	 */
	static final String NOT_ADMITTED = "dev.wsauth.CONNECT_NOT_ADMITTED";

	/**
	 * Generic reason of every refusal: never says which credential was wrong.
	 */
	static final String UNAUTHENTICATED = "unauthenticated";

	private static final int MAX_COMMAND_LENGTH = 16;

	// Stateless: decode() keeps nothing between calls.
	private static final StompDecoder DECODER = new StompDecoder();

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

	/**
	 * Decode the first message of a connection that has not authenticated yet, which must
	 * hold a complete CONNECT frame (possibly after heart-beats). Decoding it here means
	 * garbage, a truncated frame or another command is refused quietly with 4001, instead
	 * of reaching Spring's STOMP handler, which logs a malformed frame at error level
	 * with a stack trace.
	 * @param message the WebSocket message
	 * @return what the message holds
	 */
	static FirstFrame classifyPending(WebSocketMessage<?> message) {
		ByteBuffer bytes;
		if (message instanceof TextMessage text) {
			bytes = ByteBuffer.wrap(text.asBytes());
		}
		else if (message instanceof BinaryMessage binary) {
			bytes = binary.getPayload().asReadOnlyBuffer();
		}
		else {
			return FirstFrame.OTHER;
		}
		List<Message<byte[]>> frames;
		try {
			frames = DECODER.decode(bytes);
		}
		catch (RuntimeException ex) {
			return FirstFrame.OTHER;
		}
		for (Message<byte[]> frame : frames) {
			StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(frame, StompHeaderAccessor.class);
			StompCommand command = (accessor != null) ? accessor.getCommand() : null;
			if (accessor != null && accessor.isHeartbeat()) {
				continue;
			}
			return (StompCommand.CONNECT.equals(command) || StompCommand.STOMP.equals(command)) ? FirstFrame.CONNECT
					: FirstFrame.OTHER;
		}
		// Heart-beats only, or an incomplete frame: a CONNECT must arrive in one message.
		return (frames.isEmpty() || bytes.hasRemaining()) ? FirstFrame.OTHER : FirstFrame.HEARTBEAT;
	}

	static boolean isConnect(String command) {
		return "CONNECT".equals(command) || "STOMP".equals(command);
	}

	/**
	 * What the first message of a pending connection holds.
	 */
	enum FirstFrame {

		/**
		 * Heart-beats only.
		 */
		HEARTBEAT,

		/**
		 * A complete CONNECT or STOMP frame, possibly after heart-beats.
		 */
		CONNECT,

		/**
		 * Anything else: another command, garbage, an incomplete frame.
		 */
		OTHER

	}

}
