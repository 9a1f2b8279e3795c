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

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The credential headers a client frame can carry (a bearer token in
 * {@code Authorization}, a STOMP {@code passcode}), and removing them so that they reach
 * neither the application, nor its event listeners, nor a broker relay.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class StompCredentials {

	/**
	 * The header a bearer token travels in, in a CONNECT frame or a refresh SEND.
	 */
	public static final String AUTHORIZATION = "Authorization";

	private static final String AUTHORIZATION_LOWER_CASE = AUTHORIZATION.toLowerCase(Locale.ROOT);

	// Where Spring's STOMP decoder keeps the passcode it masks in the native headers.
	private static final String PASSCODE_CREDENTIALS_HEADER = "stompCredentials";

	private StompCredentials() {
	}

	/**
	 * Return every value of the {@code Authorization} header of a client frame, in either
	 * case of its name: a frame carries a bearer token only if there is exactly one.
	 * @param accessor the frame's headers
	 * @return the values, possibly empty
	 */
	public static List<String> authorizationValues(StompHeaderAccessor accessor) {
		List<String> values = new ArrayList<>(1);
		for (String name : List.of(AUTHORIZATION, AUTHORIZATION_LOWER_CASE)) {
			List<String> headers = accessor.getNativeHeader(name);
			if (headers != null) {
				values.addAll(headers);
			}
		}
		return values;
	}

	/**
	 * Return a copy of a client frame without its credential headers, or the frame itself
	 * when it has none.
	 * @param message the frame
	 * @return the frame without credentials
	 */
	public static Message<?> withoutCredentials(Message<?> message) {
		StompHeaderAccessor accessor = StompHeaderAccessor.wrap(message);
		if (accessor.getNativeHeader(AUTHORIZATION) == null
				&& accessor.getNativeHeader(AUTHORIZATION_LOWER_CASE) == null
				&& accessor.getNativeHeader(StompHeaderAccessor.STOMP_PASSCODE_HEADER) == null
				&& accessor.getHeader(PASSCODE_CREDENTIALS_HEADER) == null) {
			return message;
		}
		removeCredentials(accessor);
		return MessageBuilder.createMessage(message.getPayload(), accessor.getMessageHeaders());
	}

	/**
	 * Remove the credential headers of a client frame.
	 * @param accessor the frame's mutable headers
	 */
	public static void removeCredentials(StompHeaderAccessor accessor) {
		accessor.removeNativeHeader(StompHeaderAccessor.STOMP_PASSCODE_HEADER);
		accessor.removeNativeHeader(AUTHORIZATION);
		accessor.removeNativeHeader(AUTHORIZATION_LOWER_CASE);
		accessor.removeHeader(PASSCODE_CREDENTIALS_HEADER);
	}

}
