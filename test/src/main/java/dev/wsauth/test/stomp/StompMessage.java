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

import org.jspecify.annotations.Nullable;

/**
 * A STOMP MESSAGE frame a subscription received: its headers and its body as text.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class StompMessage {

	private final Frame frame;

	StompMessage(Frame frame) {
		this.frame = frame;
	}

	/**
	 * Return the frame's headers, in the order they came.
	 * @return the headers
	 */
	public Map<String, String> headers() {
		return this.frame.headers();
	}

	/**
	 * Return one header of the frame.
	 * @param name the header name, such as {@code content-type}
	 * @return the value, or {@code null} if the frame has no such header
	 */
	public @Nullable String header(String name) {
		return this.frame.header(name);
	}

	/**
	 * Return the destination the message was published to.
	 * @return the destination, such as {@code /topic/boards.b1}
	 */
	public @Nullable String destination() {
		return this.frame.header("destination");
	}

	/**
	 * Return the body as text.
	 * @return the body, empty if none
	 */
	public String body() {
		return this.frame.body();
	}

	@Override
	public String toString() {
		return "MESSAGE " + this.frame.headers() + " " + this.frame.body();
	}

}
