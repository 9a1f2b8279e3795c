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

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.util.MultiValueMap;

/**
 * Spring's STOMP decoder, made to report a malformed frame to the guard instead of
 * throwing. Spring's STOMP handler logs a decoding failure at ERROR with its stack trace,
 * the WebSocket session id and the client's own bytes; a refused buffer is consumed and
 * decodes to nothing, which that handler takes for an incomplete frame and ignores.
 * Outside a guarded connection it decodes exactly as Spring's.
 */
final class GuardedStompDecoder extends StompDecoder {

	private static final ThreadLocal<@Nullable FrameState> current = new ThreadLocal<>();

	/**
	 * Run the given handling of one inbound message with the connection's frame state.
	 */
	static void decodeFor(FrameState state, MessageHandling handling) throws Exception {
		current.set(state);
		try {
			handling.handle();
		}
		finally {
			current.remove();
		}
	}

	@Override
	public List<Message<byte[]>> decode(ByteBuffer byteBuffer,
			@Nullable MultiValueMap<String, String> partialMessageHeaders) {
		FrameState state = current.get();
		if (state == null) {
			return super.decode(byteBuffer, partialMessageHeaders);
		}
		List<Message<byte[]>> frames;
		try {
			frames = super.decode(byteBuffer, partialMessageHeaders);
		}
		catch (RuntimeException ex) {
			return refuse(state, byteBuffer, FrameRefusal.of(ex));
		}
		List<Message<byte[]>> accepted = frames;
		for (int i = 0; i < frames.size(); i++) {
			Message<byte[]> frame = frames.get(i);
			if (FrameState.isHeartbeat(frame) && !state.isConnected()) {
				// Spring would take it for a frame of an unknown STOMP session and log
				// that with the session id: there is nothing to process.
				if (accepted == frames) {
					accepted = new ArrayList<>(frames.subList(0, i));
				}
				continue;
			}
			FrameRefusal refusal = state.check(frame);
			if (refusal != null) {
				return refuse(state, byteBuffer, refusal);
			}
			if (accepted != frames) {
				accepted.add(frame);
			}
		}
		// The frames in order: an incomplete one at the end comes last.
		if (byteBuffer.hasRemaining()) {
			FrameRefusal refusal = checkIncompleteFrame(byteBuffer, partialMessageHeaders, state.frameSizeLimit());
			if (refusal != null) {
				return refuse(state, byteBuffer, refusal);
			}
		}
		state.decoded(byteBuffer.remaining());
		return accepted;
	}

	/**
	 * Check what Spring's buffering decoder keeps of an incomplete frame: it would wait
	 * for the rest of a frame that can never be valid, and fail, with a logged stack
	 * trace, on a content-length that is unreadable or over the limit.
	 */
	private static @Nullable FrameRefusal checkIncompleteFrame(ByteBuffer rest,
			@Nullable MultiValueMap<String, String> partialHeaders, int limit) {
		for (int i = rest.position(); i < rest.limit(); i++) {
			byte b = rest.get(i);
			if (b != '\r' && b != '\n') {
				if (b < 'A' || b > 'Z') {
					return FrameRefusal.UNKNOWN_COMMAND;
				}
				break;
			}
		}
		if (partialHeaders == null) {
			return null;
		}
		Integer contentLength;
		try {
			contentLength = StompHeaderAccessor.getContentLength(partialHeaders);
		}
		catch (NumberFormatException ex) {
			return FrameRefusal.INVALID_HEADER;
		}
		if (contentLength == null) {
			return null;
		}
		if (contentLength < 0) {
			return FrameRefusal.INVALID_HEADER;
		}
		return (contentLength > limit) ? FrameRefusal.TOO_LARGE : null;
	}

	private static List<Message<byte[]>> refuse(FrameState state, ByteBuffer byteBuffer, FrameRefusal refusal) {
		// Nothing of a refused buffer may stay behind for the next message.
		byteBuffer.position(byteBuffer.limit());
		state.refuse(refusal);
		return Collections.emptyList();
	}

	/**
	 * The handling of one inbound message.
	 */
	@FunctionalInterface
	interface MessageHandling {

		void handle() throws Exception;

	}

}
