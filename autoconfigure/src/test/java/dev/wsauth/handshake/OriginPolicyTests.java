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

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link OriginPolicy}.
 *
 * @author wsauth
 */
class OriginPolicyTests {

	private final OriginPolicy sameOriginOnly = new OriginPolicy(List.of(), List.of(), true);

	private final OriginPolicy allowList = new OriginPolicy(List.of("https://a.example"), List.of(), true);

	@Test
	void sameOriginIsAccepted() {
		assertThat(this.sameOriginOnly.isAllowed(request("https://app.example"))).isTrue();
	}

	@Test
	void sameOriginWithExplicitDefaultPortIsAccepted() {
		assertThat(this.sameOriginOnly.isAllowed(request("https://app.example:443"))).isTrue();
	}

	@Test
	void anOriginNotInTheLowerCaseFormBrowsersSendIsRefused() {
		assertThat(this.sameOriginOnly.isAllowed(request("https://app.example"))).isTrue();
		assertThat(this.sameOriginOnly.isAllowed(request("HTTPS://APP.Example"))).isFalse();
		assertThat(this.sameOriginOnly.isAllowed(request("https://APP.example"))).isFalse();
	}

	@Test
	void sameHostWithOtherSchemeIsRejected() {
		assertThat(this.sameOriginOnly.isAllowed(request("http://app.example"))).isFalse();
	}

	@Test
	void sameHostWithOtherPortIsRejected() {
		assertThat(this.sameOriginOnly.isAllowed(request("https://app.example:8443"))).isFalse();
	}

	@Test
	void foreignOriginIsRejectedWithoutAllowList() {
		assertThat(this.sameOriginOnly.isAllowed(request("https://a.example"))).isFalse();
	}

	@Test
	void listedOriginIsAccepted() {
		assertThat(this.allowList.isAllowed(request("https://a.example"))).isTrue();
		assertThat(this.allowList.isExplicitlyAllowed("https://a.example")).isTrue();
	}

	@Test
	void listedOriginWithExplicitDefaultPortIsAccepted() {
		assertThat(this.allowList.isAllowed(request("https://a.example:443"))).isTrue();
		OriginPolicy withPort = new OriginPolicy(List.of("https://a.example:443"), List.of(), true);
		assertThat(withPort.isAllowed(request("https://a.example"))).isTrue();
	}

	@Test
	void listedOriginOnOtherPortIsRejected() {
		assertThat(this.allowList.isAllowed(request("https://a.example:8443"))).isFalse();
	}

	@Test
	void suffixLookalikeIsRejected() {
		assertThat(this.allowList.isAllowed(request("https://a.example.evil.com"))).isFalse();
	}

	@Test
	void prefixLookalikeIsRejected() {
		assertThat(this.allowList.isAllowed(request("https://evila.example"))).isFalse();
	}

	@Test
	void subdomainOfListedOriginIsRejected() {
		assertThat(this.allowList.isAllowed(request("https://sub.a.example"))).isFalse();
	}

	@Test
	void listedHostWithOtherSchemeIsRejected() {
		assertThat(this.allowList.isAllowed(request("http://a.example"))).isFalse();
	}

	@Test
	void originWithPathOrUserInfoIsRejected() {
		assertThat(this.allowList.isAllowed(request("https://a.example/"))).isFalse();
		assertThat(this.allowList.isAllowed(request("https://a.example/x"))).isFalse();
		assertThat(this.allowList.isAllowed(request("https://evil.com@a.example"))).isFalse();
		assertThat(this.allowList.isAllowed(request("https://a.example?x"))).isFalse();
	}

	@Test
	void nonHttpSchemeIsRejected() {
		OriginPolicy policy = new OriginPolicy(List.of(), List.of(), true);
		assertThat(policy.isAllowed(request("ws://app.example"))).isFalse();
		assertThat(policy.isAllowed(request("file://app.example"))).isFalse();
	}

	@Test
	void nullOriginIsRejected() {
		assertThat(this.allowList.isAllowed(request("null"))).isFalse();
		assertThat(this.allowList.isExplicitlyAllowed("null")).isFalse();
	}

	@Test
	void emptyOriginIsRejected() {
		assertThat(this.sameOriginOnly.isAllowed(request(""))).isFalse();
	}

	@Test
	void twoOriginHeadersAreRejected() {
		MockHttpServletRequest request = request("https://app.example");
		request.addHeader("Origin", "https://app.example");
		assertThat(this.sameOriginOnly.isAllowed(request)).isFalse();
	}

	@Test
	void missingOriginIsAcceptedByDefault() {
		assertThat(this.sameOriginOnly.isAllowed(request(null))).isTrue();
	}

	@Test
	void missingOriginIsRejectedWhenNotAllowed() {
		OriginPolicy policy = new OriginPolicy(List.of(), List.of(), false);
		assertThat(policy.isAllowed(request(null))).isFalse();
	}

	@Test
	void crossSiteFetchIsRejectedForSameOrigin() {
		MockHttpServletRequest request = request("https://app.example");
		request.addHeader("Sec-Fetch-Site", "cross-site");
		assertThat(this.sameOriginOnly.isAllowed(request)).isFalse();
	}

	@Test
	void crossSiteFetchIsRejectedWithoutOrigin() {
		MockHttpServletRequest request = request(null);
		request.addHeader("Sec-Fetch-Site", "Cross-Site");
		assertThat(this.sameOriginOnly.isAllowed(request)).isFalse();
	}

	@Test
	void crossSiteFetchIsAcceptedForListedOrigin() {
		MockHttpServletRequest request = request("https://a.example");
		request.addHeader("Sec-Fetch-Site", "cross-site");
		assertThat(this.allowList.isAllowed(request)).isTrue();
	}

	@Test
	void sameSiteFetchIsAcceptedForSameOrigin() {
		MockHttpServletRequest request = request("https://app.example");
		request.addHeader("Sec-Fetch-Site", "same-origin");
		assertThat(this.sameOriginOnly.isAllowed(request)).isTrue();
	}

	@Test
	void patternMatchesWhereWritten() {
		OriginPolicy policy = new OriginPolicy(List.of(), List.of("https://*.example.com"), true);
		assertThat(policy.isAllowed(request("https://a.example.com"))).isTrue();
		assertThat(policy.isExplicitlyAllowed("https://a.example.com")).isTrue();
		assertThat(policy.isExplicitlyAllowed("https://a.example.com:443")).isTrue();
	}

	@Test
	void patternDoesNotMatchElsewhere() {
		OriginPolicy policy = new OriginPolicy(List.of(), List.of("https://*.example.com"), true);
		assertThat(policy.isAllowed(request("http://a.example.com"))).isFalse();
		assertThat(policy.isAllowed(request("https://a.example.com.evil.com"))).isFalse();
		assertThat(policy.isAllowed(request("https://a.example.com:8443"))).isFalse();
		assertThat(policy.isAllowed(request("https://evilexample.com"))).isFalse();
		assertThat(policy.isExplicitlyAllowed("https://b.other.com")).isFalse();
	}

	@Test
	void patternWithPortMatchesOnlyThatPort() {
		OriginPolicy policy = new OriginPolicy(List.of(), List.of("https://*.example.com:8443"), true);
		assertThat(policy.isExplicitlyAllowed("https://a.example.com:8443")).isTrue();
		assertThat(policy.isExplicitlyAllowed("https://a.example.com")).isFalse();
	}

	@Test
	void sameOriginIsNotExplicitlyAllowed() {
		assertThat(this.sameOriginOnly.isExplicitlyAllowed("https://app.example")).isFalse();
		assertThat(this.sameOriginOnly.isExplicitlyAllowed(null)).isFalse();
	}

	@Test
	void configuredOriginWithTrailingSlashIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OriginPolicy(List.of("https://a.example/"), List.of(), true))
			.withMessageContaining("https://a.example/");
	}

	@Test
	void configuredOriginWithWildcardOrPathIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OriginPolicy(List.of("https://*.example"), List.of(), true));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OriginPolicy(List.of("https://a.example/app"), List.of(), true));
		assertThatIllegalArgumentException().isThrownBy(() -> new OriginPolicy(List.of("a.example"), List.of(), true));
		assertThatIllegalArgumentException().isThrownBy(() -> new OriginPolicy(List.of("null"), List.of(), true));
		assertThatIllegalArgumentException().isThrownBy(() -> new OriginPolicy(List.of("*"), List.of(), true));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://*", "http://*", "https://*:443", "*://app.example", "https://*.com", "https://*.",
			"https://app*", "https://*example.com" })
	void originPatternOpenToEverySiteOrATopLevelDomainIsRefused(String pattern) {
		assertThatIllegalArgumentException().isThrownBy(() -> new OriginPolicy(List.of(), List.of(pattern), true))
			.withMessageContaining(pattern);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://*.example.com", "https://*.example.com:8443", "https://app-*.example.com" })
	void originPatternBoundToADomainIsAccepted(String pattern) {
		new OriginPolicy(List.of(), List.of(pattern), true);
	}

	@Test
	void catchAllOriginPatternIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new OriginPolicy(List.of(), List.of("*"), true));
		assertThatIllegalArgumentException().isThrownBy(() -> new OriginPolicy(List.of(), List.of("**"), true));
	}

	private static MockHttpServletRequest request(String origin) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");
		request.setScheme("https");
		request.setServerName("app.example");
		request.setServerPort(443);
		request.setSecure(true);
		if (origin != null) {
			request.addHeader("Origin", origin);
		}
		return request;
	}

}
