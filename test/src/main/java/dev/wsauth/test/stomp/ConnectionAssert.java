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

import java.time.Duration;
import java.util.List;

import org.assertj.core.api.AbstractAssert;

import org.springframework.util.Assert;

/**
 * AssertJ assertions on a {@link WsAuthConnection}. Waits use the connection's timeout
 * unless {@link #within(Duration)} says otherwise, never a fixed time.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class ConnectionAssert extends AbstractAssert<ConnectionAssert, WsAuthConnection> {

	private Duration timeout;

	ConnectionAssert(WsAuthConnection connection) {
		super(connection, ConnectionAssert.class);
		this.timeout = connection.timeout();
	}

	/**
	 * Wait up to the given time in the assertions that follow.
	 * @param timeout how long to wait
	 * @return this assertion
	 */
	public ConnectionAssert within(Duration timeout) {
		Assert.isTrue(timeout != null && !timeout.isNegative(), "'timeout' must not be negative");
		this.timeout = timeout;
		return this;
	}

	/**
	 * Verify that the socket is open now.
	 * @return this assertion
	 */
	public ConnectionAssert isOpen() {
		isNotNull();
		Integer code = this.actual.awaitCloseCode(Duration.ZERO);
		if (code != null) {
			failWithMessage("%s",
					expected("to be open") + "\nbut it was closed with " + CloseCodes.describe(code) + errors());
		}
		return this;
	}

	/**
	 * Verify that the server closes the socket with the given code, such as {@code 4002}
	 * once the user's session ended.
	 * @param code the WebSocket close code
	 * @return this assertion
	 */
	public ConnectionAssert isClosedWith(int code) {
		isNotNull();
		Integer actualCode = this.actual.awaitCloseCode(this.timeout);
		if (actualCode == null) {
			failWithMessage("%s", expected("to be closed with " + CloseCodes.describe(code))
					+ "\nbut it was still open after " + this.timeout + errors());
		}
		else if (actualCode != code) {
			failWithMessage("%s", expected("to be closed with " + CloseCodes.describe(code))
					+ "\nbut it was closed with " + CloseCodes.describe(actualCode) + errors());
		}
		return this;
	}

	private String expected(String what) {
		return "Expected the connection of " + this.actual.user() + " to " + this.actual.endpoint() + " " + what;
	}

	private String errors() {
		List<String> errors = this.actual.errorMessages();
		return errors.isEmpty() ? "" : "\nERROR frames received: " + errors;
	}

}
