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

package dev.wsauth.frame;

import org.springframework.web.socket.CloseStatus;

import dev.wsauth.socket.WsAuthCloseStatus;

/**
 * Why a frame was refused. The description is wsauth's own fixed text, the only thing
 * about a refused frame that reaches the log: a frame's content is the client's to
 * choose.
 */
enum FrameRefusal {

	INVALID_HEADER("a header is malformed or has an invalid escape"),

	INVALID_LINE_ENDING("a carriage return is not followed by a line feed"),

	UNKNOWN_COMMAND("the command is unknown"),

	SERVER_COMMAND("the command is one only a server sends"),

	UNTERMINATED("the frame is not terminated by a NUL octet where its content-length ends"),

	BODY_NOT_ALLOWED("the command does not allow a body"),

	MISSING_HEADER("a header the command requires is missing"),

	NOT_CONNECTED("a frame came before CONNECT"),

	ALREADY_CONNECTED("a second CONNECT"),

	MALFORMED("the frame cannot be decoded"),

	TOO_LARGE("the frame is larger than the frame size limit", WsAuthCloseStatus.FRAME_TOO_LARGE),

	TOO_MANY_FRAMES("the connection sent frames faster than the frame rate limit", WsAuthCloseStatus.TOO_MANY_FRAMES);

	private final String description;

	private final CloseStatus status;

	FrameRefusal(String description) {
		this(description, WsAuthCloseStatus.MALFORMED_FRAME);
	}

	FrameRefusal(String description, CloseStatus status) {
		this.description = description;
		this.status = status;
	}

	String description() {
		return this.description;
	}

	CloseStatus status() {
		return this.status;
	}

	/**
	 * The short generic reason the ERROR frame's {@code message} header carries.
	 */
	String message() {
		return this.status.getReason();
	}

	/**
	 * Classify a failure of Spring's {@code StompDecoder} by the fixed start of its
	 * message, never passing the rest on: it quotes the client's bytes.
	 */
	static FrameRefusal of(Throwable failure) {
		String message = failure.getMessage();
		if (message == null) {
			return MALFORMED;
		}
		if (failure instanceof IllegalArgumentException && message.startsWith("No enum constant")) {
			return UNKNOWN_COMMAND;
		}
		if (message.startsWith("Illegal escape sequence") || message.startsWith("Illegal header")
				|| message.startsWith("Invalid mime type") || message.startsWith("Invalid token character")) {
			return INVALID_HEADER;
		}
		if (message.startsWith("'\\r' must be followed")) {
			return INVALID_LINE_ENDING;
		}
		if (message.startsWith("Frame must be terminated")) {
			return UNTERMINATED;
		}
		if (message.contains(" shouldn't have a payload")) {
			return BODY_NOT_ALLOWED;
		}
		return MALFORMED;
	}

}
