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

package dev.wsauth.socket;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnavailableResponse}.
 */
class UnavailableResponseTests {

	@Test
	void aServiceUnavailableAnswerIsUncachedWithRetryAfterAndAShortPlainReason() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.getOutputStream().write("partial".getBytes());
		UnavailableResponse.write(response, UnavailableResponse.SESSION_STORE_UNAVAILABLE,
				UnavailableResponse.RETRY_AFTER_SECONDS);
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(response.getHeader("Retry-After")).isEqualTo("5");
		assertThat(response.getContentType()).isEqualTo("text/plain;charset=UTF-8");
		assertThat(response.getContentAsString()).isEqualTo("Session store unavailable");
	}

	@Test
	void aCommittedResponseIsLeftAlone() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setStatus(200);
		response.setCommitted(true);
		UnavailableResponse.write(response, UnavailableResponse.SERVICE_UNAVAILABLE, "1");
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getHeader("Retry-After")).isNull();
	}

}
