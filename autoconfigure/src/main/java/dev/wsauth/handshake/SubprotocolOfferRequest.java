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
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import dev.wsauth.token.SubprotocolBearerToken;

/**
 * An upgrade request whose {@code Sec-WebSocket-Protocol} header lists only the
 * subprotocols left once the bearer token element was taken out, so that the token never
 * reaches the handshake handler, the WebSocket session's handshake headers or a log.
 */
final class SubprotocolOfferRequest extends HttpServletRequestWrapper {

	private final String protocols;

	SubprotocolOfferRequest(HttpServletRequest request, List<String> protocols) {
		super(request);
		this.protocols = String.join(", ", protocols);
	}

	@Override
	public @Nullable String getHeader(String name) {
		return isProtocolHeader(name) ? this.protocols : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		return isProtocolHeader(name) ? Collections.enumeration(List.of(this.protocols)) : super.getHeaders(name);
	}

	private static boolean isProtocolHeader(String name) {
		return SubprotocolBearerToken.HEADER.equalsIgnoreCase(name);
	}

}
