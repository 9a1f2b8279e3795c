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

import java.util.Map;

/**
 * What close codes mean, for failure messages.
 *
 * @author wsauth
 */
final class CloseCodes {

	private static final Map<Integer, String> MEANINGS = Map.ofEntries(Map.entry(1000, "normal closure"),
			Map.entry(1001, "going away"), Map.entry(1002, "protocol error: malformed frame"),
			Map.entry(1006, "abnormal closure, no close frame"), Map.entry(1007, "invalid UTF-8"),
			Map.entry(1008, "policy violation"), Map.entry(1009, "too big"), Map.entry(1011, "server error"),
			Map.entry(1013, "try again later"), Map.entry(4001, "unauthenticated"),
			Map.entry(4002, "session ended or credentials expired"), Map.entry(4003, "forbidden"),
			Map.entry(4029, "too many frames or connections"), Map.entry(4500, "slow consumer"));

	private CloseCodes() {
	}

	static String describe(int code) {
		String meaning = MEANINGS.get(code);
		return (meaning != null) ? code + " (" + meaning + ")" : String.valueOf(code);
	}

}
