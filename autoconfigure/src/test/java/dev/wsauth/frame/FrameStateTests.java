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

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the guard measures what Spring's decoder would hold.
 */
class FrameStateTests {

	@Test
	void theUtf8LengthIsCountedAsJavaEncodesIt() {
		for (String text : new String[] { "", "ascii", "é", "€", "\uD83D\uDE00", "a\u00e9\u20ac\uD83D\uDE00z" }) {
			assertThat(FrameState.utf8Length(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
		}
	}

	@Test
	void aMessageThatFitsTheLimitTogetherWithWhatIsPendingDoesNotExceedItAndOneByteMoreDoes() {
		FrameState state = new FrameState(100);
		state.decoded(40);
		assertThat(state.wouldExceedLimit(new TextMessage("x".repeat(60)))).isFalse();
		assertThat(state.wouldExceedLimit(new TextMessage("x".repeat(61)))).isTrue();
		assertThat(state.wouldExceedLimit(new TextMessage("€".repeat(20)))).isFalse();
		assertThat(state.wouldExceedLimit(new TextMessage("€".repeat(21)))).isTrue();
	}

}
