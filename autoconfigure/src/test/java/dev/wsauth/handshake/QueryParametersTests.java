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

package dev.wsauth.handshake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link QueryParameters}.
 */
class QueryParametersTests {

	@Test
	void valuesAreDecodedInOrder() {
		assertThat(QueryParameters.values("a=1&ticket=x%2Dy&b&ticket=z", "ticket")).containsExactly("x-y", "z");
	}

	@Test
	void absentParameterGivesNoValues() {
		assertThat(QueryParameters.values(null, "ticket")).isEmpty();
		assertThat(QueryParameters.values("", "ticket")).isEmpty();
		assertThat(QueryParameters.values("a=1", "ticket")).isEmpty();
	}

	@Test
	void encodedNamesAreMatchedAndNameOnlyParametersHaveAnEmptyValue() {
		assertThat(QueryParameters.values("%74icket=1&ticket", "ticket")).containsExactly("1", "");
	}

	@Test
	void undecodableNameOrValueMakesTheQueryMalformed() {
		assertThat(QueryParameters.values("a%zz=1&ticket=x", "ticket")).isNull();
		assertThat(QueryParameters.values("ticket=x%2", "ticket")).isNull();
		assertThat(QueryParameters.values("other=x%2&ticket=y", "ticket")).containsExactly("y");
	}

	@Test
	void aQueryStringIsDecodableOnlyWithWellFormedEscapesOfUtf8() {
		assertThat(QueryParameters.isDecodable(null)).isTrue();
		assertThat(QueryParameters.isDecodable("ticket=abc&x=%C3%A9&y")).isTrue();
		assertThat(QueryParameters.isDecodable("ticket=abc%")).isFalse();
		assertThat(QueryParameters.isDecodable("ticket=%zz")).isFalse();
		assertThat(QueryParameters.isDecodable("ticket=%C3")).isFalse();
		assertThat(QueryParameters.isDecodable("%FF=1")).isFalse();
	}

}
