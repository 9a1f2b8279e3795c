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

import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockServletContext;
import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link StoredHttpSession} and the session {@link CredentialHidingRequest}
 * shows.
 *
 * @author wsauth
 */
class StoredHttpSessionTests {

	private final MapSession stored = storedSession();

	private final MockHttpSession real = new MockHttpSession(null, "real-id");

	private final AtomicInteger loads = new AtomicInteger();

	@Test
	void readsAreAnsweredFromTheStoredCopyWithoutLoadingTheRealSession() {
		StoredHttpSession session = session(this.real);
		assertThat(session.getId()).isEqualTo(this.stored.getId());
		assertThat(session.getAttribute("color")).isEqualTo("blue");
		assertThat(Collections.list(session.getAttributeNames())).containsExactly("color");
		assertThat(session.getMaxInactiveInterval()).isEqualTo(1800);
		assertThat(session.getCreationTime()).isEqualTo(this.stored.getCreationTime().toEpochMilli());
		assertThat(session.isNew()).isFalse();
		assertThat(this.loads).hasValue(0);
	}

	@Test
	void theFirstChangeGoesToTheRealSessionAndEveryLaterCallToo() {
		this.real.setAttribute("color", "blue");
		StoredHttpSession session = session(this.real);
		session.setAttribute("size", 3);
		assertThat(this.real.getAttribute("size")).isEqualTo(3);
		assertThat(session.getAttribute("size")).isEqualTo(3);
		assertThat(session.getId()).isEqualTo("real-id");
		session.removeAttribute("color");
		session.setMaxInactiveInterval(60);
		assertThat(this.real.getAttribute("color")).isNull();
		assertThat(this.real.getMaxInactiveInterval()).isEqualTo(60);
		session.invalidate();
		assertThat(this.real.isInvalid()).isTrue();
		assertThat(this.loads).hasValue(1);
		assertThat((Object) this.stored.getAttribute("size")).isNull();
	}

	@Test
	void aChangeToASessionThatEndedSinceItWasReadIsRefusedAsForAnInvalidatedSession() {
		StoredHttpSession session = session(null);
		assertThatIllegalStateException().isThrownBy(() -> session.setAttribute("size", 3));
	}

	@Test
	void upgradeRequestShowsTheStoredSessionUntilTheInterceptorsAreDone() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");
		request.setSession(this.real);
		CredentialHidingRequest hiding = new CredentialHidingRequest(request, null, false, this.stored);
		HttpSession session = hiding.getSession(false);
		assertThat(session).isInstanceOf(StoredHttpSession.class);
		assertThat(hiding.getSession()).isSameAs(session);
		assertThat(session.getAttribute("color")).isEqualTo("blue");
		assertThat(hiding.isRequestedSessionIdValid()).isTrue();
		request.setAttribute(CredentialHidingRequest.HIDE_SESSION, Boolean.TRUE);
		assertThat(hiding.getSession(false)).isNull();
	}

	@Test
	void upgradeRequestWithoutAStoredSessionShowsTheRequestsOwn() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");
		request.setSession(this.real);
		CredentialHidingRequest hiding = new CredentialHidingRequest(request, null, false, null);
		assertThat(hiding.getSession(false)).isSameAs(this.real);
	}

	private StoredHttpSession session(HttpSession realSession) {
		return new StoredHttpSession(this.stored, new MockServletContext(), () -> {
			this.loads.incrementAndGet();
			return realSession;
		});
	}

	private static MapSession storedSession() {
		MapSession session = new MapSession("stored-id");
		session.setAttribute("color", "blue");
		return session;
	}

}
