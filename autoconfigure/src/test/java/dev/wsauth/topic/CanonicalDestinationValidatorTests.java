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

package dev.wsauth.topic;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CanonicalDestinationValidator}.
 *
 * @author wsauth
 */
class CanonicalDestinationValidatorTests {

	private final CanonicalDestinationValidator validator = new CanonicalDestinationValidator();

	@ParameterizedTest
	@ValueSource(strings = { "/topic/boards.b1", "/user/queue/notifications", "/app/boards.b1.typing", "/topic/a",
			"/topic/a-b_c~d", "/queue/Board-42" })
	void canonicalDestinationIsValid(String destination) {
		assertThat(this.validator.isValid(destination)).isTrue();
	}

	@ParameterizedTest
	@MethodSource("invalidDestinations")
	void nonCanonicalDestinationIsInvalid(String destination) {
		assertThat(this.validator.isValid(destination)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(ints = { CanonicalDestinationValidator.MAX_LENGTH - 1, CanonicalDestinationValidator.MAX_LENGTH })
	void destinationUpToMaximumLengthIsValid(int length) {
		assertThat(this.validator.isValid(ofLength(length))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/exchange/amq.topic/orders", "/exchange/amq.direct", "/amq/queue/orders",
			"/temp-queue/replies", "/reply-queue/replies", "/Exchange/amq.topic/orders" })
	void destinationAddressingBrokerObjectsIsInvalidByDefault(String destination) {
		assertThat(this.validator.isValid(destination)).isFalse();
	}

	@Test
	void reservedPrefixesCanBeChanged() {
		this.validator.setReservedPrefixes(List.of("/amq/queue/"));
		assertThat(this.validator.isValid("/exchange/amq.topic/orders")).isTrue();
		assertThat(this.validator.isValid("/amq/queue/orders")).isFalse();
		assertThat(this.validator.isValid("/topic/orders")).isTrue();
	}

	@Test
	void reservedPrefixMustStartAndEndWithSlash() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.validator.setReservedPrefixes(List.of("/exchange")));
	}

	static Stream<String> invalidDestinations() {
		return Stream.of("/topic/**", "/topic/*", "/topic/boards.*", "/topic/boards.{boardId}", "/topic/#", "/topic/a>",
				"/topic/users.alice;bob", "/topic/a;x=1", "/topic/a?", "/topic//a", "/topic/./a", "/topic/../admin",
				"/topic/a/", "/topic/a.", "/topic/a..b", "/topic/a./b", "/topic/%2e%2e/admin", "/topic/%2F",
				"/topic\\admin", "/topic/a\\b", "/topic/a b", "/topic/a\tb", "/topic/a\u0000", "/topic/a\r\nb",
				"/topic/a\nb", "/topic/a\u007f", "/topic\uff0fadmin", "/topic/\u00e9", "/topic/a\u2028", "/topic/\"a",
				"", "/", "topic/a", ".topic/a", ofLength(CanonicalDestinationValidator.MAX_LENGTH + 1));
	}

	private static String ofLength(int length) {
		return "/topic/" + "a".repeat(length - "/topic/".length());
	}

}
