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

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

import dev.wsauth.limit.TokenBucket;

/**
 * What the guard knows about one connection's inbound frames. The container hands a
 * connection's messages to the application one at a time, so the fields are never written
 * concurrently; they are volatile because consecutive messages may arrive on different
 * threads.
 */
final class FrameState {

	private final int frameSizeLimit;

	/**
	 * Bytes of an incomplete frame that Spring's decoder holds for this connection.
	 */
	private volatile int pendingBytes;

	private volatile boolean connected;

	private volatile boolean decoded;

	private volatile @Nullable FrameRefusal refusal;

	private final @Nullable TokenBucket frameRate;

	FrameState(int frameSizeLimit) {
		this(frameSizeLimit, null);
	}

	/**
	 * A state whose frames (heart-beats aside) take a token each from the given bucket.
	 */
	FrameState(int frameSizeLimit, @Nullable TokenBucket frameRate) {
		this.frameSizeLimit = frameSizeLimit;
		this.frameRate = frameRate;
	}

	int frameSizeLimit() {
		return this.frameSizeLimit;
	}

	/**
	 * Whether the message would make the frame Spring's decoder assembles larger than the
	 * limit, which that decoder would report with a logged stack trace.
	 */
	boolean wouldExceedLimit(WebSocketMessage<?> message) {
		long pending = this.pendingBytes;
		if (message instanceof TextMessage text) {
			String payload = text.getPayload();
			// At most three UTF-8 bytes per char: most messages need no count.
			if (pending + 3L * payload.length() <= this.frameSizeLimit) {
				return false;
			}
			return pending + utf8Length(payload) > this.frameSizeLimit;
		}
		if (message instanceof BinaryMessage binary) {
			return pending + binary.getPayloadLength() > this.frameSizeLimit;
		}
		return false;
	}

	void beforeDecoding() {
		this.decoded = false;
	}

	/**
	 * Account for a message Spring's decoder only buffered, without decoding, because a
	 * {@code content-length} it had read said more was to come.
	 */
	void afterDecoding(WebSocketMessage<?> message) {
		if (this.decoded) {
			return;
		}
		if (message instanceof TextMessage text) {
			this.pendingBytes += utf8Length(text.getPayload());
		}
		else if (message instanceof BinaryMessage binary) {
			this.pendingBytes += binary.getPayloadLength();
		}
	}

	void decoded(int remainingBytes) {
		this.decoded = true;
		this.pendingBytes = remainingBytes;
	}

	void refuse(FrameRefusal refusal) {
		this.decoded = true;
		this.pendingBytes = 0;
		if (this.refusal == null) {
			this.refusal = refusal;
		}
	}

	boolean isConnected() {
		return this.connected;
	}

	static boolean isHeartbeat(Message<byte[]> frame) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(frame, StompHeaderAccessor.class);
		return accessor == null || accessor.getCommand() == null;
	}

	@Nullable FrameRefusal refusal() {
		return this.refusal;
	}

	/**
	 * Check a decoded frame against what its command requires and against the order of
	 * frames on a connection.
	 * @return why the frame is refused, or {@code null} to let it through
	 */
	@Nullable FrameRefusal check(Message<byte[]> frame) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(frame, StompHeaderAccessor.class);
		StompCommand command = (accessor != null) ? accessor.getCommand() : null;
		if (accessor == null || command == null) {
			// A heartbeat.
			return null;
		}
		if (this.frameRate != null && !this.frameRate.tryTake(System.nanoTime())) {
			return FrameRefusal.TOO_MANY_FRAMES;
		}
		String contentLength = accessor.getFirstNativeHeader(StompHeaderAccessor.STOMP_CONTENT_LENGTH_HEADER);
		if (contentLength != null && !isContentLength(contentLength)) {
			// Spring's decoder ignores a content-length it cannot read and reads to the
			// NUL instead; the frame is malformed all the same.
			return FrameRefusal.INVALID_HEADER;
		}
		if (command == StompCommand.CONNECT || command == StompCommand.STOMP) {
			if (this.connected) {
				return FrameRefusal.ALREADY_CONNECTED;
			}
			this.connected = true;
			return null;
		}
		if (!this.connected) {
			return FrameRefusal.NOT_CONNECTED;
		}
		return switch (command) {
			case SUBSCRIBE -> (accessor.getDestination() == null || accessor.getSubscriptionId() == null)
					? FrameRefusal.MISSING_HEADER : null;
			case UNSUBSCRIBE -> (accessor.getSubscriptionId() == null) ? FrameRefusal.MISSING_HEADER : null;
			case SEND -> (accessor.getDestination() == null) ? FrameRefusal.MISSING_HEADER : null;
			case CONNECTED, RECEIPT, MESSAGE, ERROR -> FrameRefusal.SERVER_COMMAND;
			default -> null;
		};
	}

	private static boolean isContentLength(String value) {
		if (value.isEmpty() || value.length() > 9) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) < '0' || value.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

	static int utf8Length(CharSequence chars) {
		int length = 0;
		for (int i = 0; i < chars.length(); i++) {
			char c = chars.charAt(i);
			if (c < 0x80) {
				length++;
			}
			else if (c < 0x800) {
				length += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < chars.length()
					&& Character.isLowSurrogate(chars.charAt(i + 1))) {
				length += 4;
				i++;
			}
			else {
				length += 3;
			}
		}
		return length;
	}

}
