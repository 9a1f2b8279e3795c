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
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.messaging.simp.stomp.StompDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Each failure of Spring's STOMP decoder gets its kind of refusal, read from the fixed
 * start of the decoder's message and never from the client's bytes.
 */
class FrameRefusalTests {

	static Stream<Arguments> failures() {
		return Stream.of(Arguments.of("SUBSCRIBE\nid:1\ndestination:/topic/a\\t\n\n\0", FrameRefusal.INVALID_HEADER),
				Arguments.of("SUBSCRIBE\nid:1\nno-colon\n\n\0", FrameRefusal.INVALID_HEADER),
				Arguments.of("SEND\rX\n\n\0", FrameRefusal.INVALID_LINE_ENDING),
				Arguments.of("subscribe\nid:1\n\n\0", FrameRefusal.UNKNOWN_COMMAND),
				Arguments.of("SEND\ndestination:/a\ncontent-length:1\n\nabc\0", FrameRefusal.UNTERMINATED),
				Arguments.of("SUBSCRIBE\nid:1\ndestination:/a\n\nbody\0", FrameRefusal.BODY_NOT_ALLOWED),
				Arguments.of("SEND\ndestination:/a\ncontent-type:a/b/c\n\n\0", FrameRefusal.INVALID_HEADER));
	}

	@ParameterizedTest
	@MethodSource("failures")
	void decoderFailuresAreClassifiedByKind(String frame, FrameRefusal expected) {
		Throwable failure = catchThrowable(
				() -> new StompDecoder().decode(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8))));
		assertThat(failure).isNotNull();
		assertThat(FrameRefusal.of(failure)).isEqualTo(expected);
	}

	@Test
	void aFailureWithoutAKnownStartIsMalformedAndItsMessageIsNotUsed() {
		assertThat(FrameRefusal.of(new IllegalStateException("FORGED"))).isEqualTo(FrameRefusal.MALFORMED);
		assertThat(FrameRefusal.of(new IllegalStateException())).isEqualTo(FrameRefusal.MALFORMED);
		assertThat(FrameRefusal.values()).allSatisfy((refusal) -> assertThat(refusal.message()).isIn("malformed frame",
				"frame too large", "too many frames"));
	}

}
