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

package dev.wsauth.test.stomp;

import org.jspecify.annotations.Nullable;

/**
 * How the server answered a frame sent with a {@code receipt} header.
 *
 * @param kind what came back
 * @param frame the frame that answered, or {@code null} when none did
 * @author wsauth
 */
record Outcome(Kind kind, @Nullable Frame frame) {

	static final Outcome CLOSED = new Outcome(Kind.CLOSED, null);

	static final Outcome TIMED_OUT = new Outcome(Kind.TIMED_OUT, null);

	@Nullable String denialReason() {
		Frame frame = this.frame;
		if (frame == null) {
			return null;
		}
		return (this.kind == Kind.DENIED) ? frame.header("wsauth-denied") : frame.header("message");
	}

	enum Kind {

		/** A RECEIPT: the frame was allowed and took effect. */
		RECEIPT,

		/** A denial notice ({@code wsauth-denied} MESSAGE) carrying the receipt id. */
		DENIED,

		/** An ERROR frame carrying the receipt id (strict mode, a failed handler). */
		ERROR,

		/** The connection closed first. */
		CLOSED,

		/** Nothing came in time. */
		TIMED_OUT

	}

}
