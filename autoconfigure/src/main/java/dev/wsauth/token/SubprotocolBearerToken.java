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

package dev.wsauth.token;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * Reads a bearer token a browser offers as a WebSocket subprotocol, as Kubernetes does:
 * {@code Sec-WebSocket-Protocol: v12.stomp, base64url.bearer.authorization.k8s.io.<token>}
 * (or the prefix {@code base64url.bearer.wsauth.}), where {@code <token>} is the token in
 * unpadded base64url. The browser API cannot set headers but can list subprotocols, so
 * this is the only header a browser can put a token in.
 *
 * <p>
 * An offer must contain at most one token element and at least one other subprotocol,
 * which is what the server selects: echoing the token element would hand it back in the
 * response, and a browser fails a handshake whose offer gets no answer.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class SubprotocolBearerToken {

	/**
	 * The request header the offer is read from.
	 */
	public static final String HEADER = "Sec-WebSocket-Protocol";

	/**
	 * The Kubernetes prefix of a token element.
	 */
	public static final String KUBERNETES_PREFIX = "base64url.bearer.authorization.k8s.io.";

	/**
	 * The wsauth prefix of a token element.
	 */
	public static final String WSAUTH_PREFIX = "base64url.bearer.wsauth.";

	private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

	// RFC 6455: a subprotocol is an RFC 2616 token
	private static final Pattern PROTOCOL_TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

	private static final int MAX_ELEMENTS = 32;

	private SubprotocolBearerToken() {
	}

	/**
	 * Parse the subprotocols offered by an upgrade request.
	 * @param headerValues every {@value #HEADER} header line of the request, which form
	 * one list (RFC 6455 section 11.3.4)
	 * @return the offer
	 */
	public static Offer parse(@Nullable Enumeration<String> headerValues) {
		List<String> protocols = new ArrayList<>();
		String encoded = null;
		int tokenElements = 0;
		int elements = 0;
		if (headerValues != null) {
			for (String line : Collections.list(headerValues)) {
				for (String element : line.split(",", -1)) {
					String protocol = element.strip();
					if (protocol.isEmpty()) {
						continue;
					}
					if (++elements > MAX_ELEMENTS) {
						return Offer.rejected(HttpStatus.BAD_REQUEST);
					}
					String token = tokenPart(protocol);
					if (token != null) {
						tokenElements++;
						encoded = token;
					}
					else {
						protocols.add(protocol);
					}
				}
			}
		}
		if (tokenElements == 0) {
			return new Offer(null, List.copyOf(protocols), null);
		}
		if (tokenElements > 1 || protocols.isEmpty()) {
			return Offer.rejected(HttpStatus.BAD_REQUEST);
		}
		String token = (encoded != null) ? decode(encoded) : null;
		if (token == null || !BearerTokenSyntax.isWellFormed(token)) {
			return Offer.rejected(HttpStatus.UNAUTHORIZED);
		}
		for (String protocol : protocols) {
			if (!PROTOCOL_TOKEN.matcher(protocol).matches()) {
				return Offer.rejected(HttpStatus.BAD_REQUEST);
			}
		}
		return new Offer(token, List.copyOf(protocols), null);
	}

	private static @Nullable String tokenPart(String protocol) {
		if (protocol.regionMatches(true, 0, KUBERNETES_PREFIX, 0, KUBERNETES_PREFIX.length())) {
			return protocol.substring(KUBERNETES_PREFIX.length());
		}
		if (protocol.regionMatches(true, 0, WSAUTH_PREFIX, 0, WSAUTH_PREFIX.length())) {
			return protocol.substring(WSAUTH_PREFIX.length());
		}
		return null;
	}

	private static @Nullable String decode(String encoded) {
		// Unpadded base64url only, as Kubernetes: padding and the standard alphabet are
		// refused rather than guessed at.
		if (encoded.isEmpty() || encoded.length() > BearerTokenSyntax.MAX_TOKEN_LENGTH * 2
				|| !BASE64URL.matcher(encoded).matches() || encoded.length() % 4 == 1) {
			return null;
		}
		try {
			byte[] bytes = java.util.Base64.getUrlDecoder().decode(encoded);
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (IllegalArgumentException | CharacterCodingException ex) {
			return null;
		}
	}

	/**
	 * Encode a token as a subprotocol element with the Kubernetes prefix.
	 * @param token the raw token
	 * @return the element
	 */
	public static String encode(String token) {
		return KUBERNETES_PREFIX + java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(token.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The subprotocols an upgrade request offers, with the token element taken out.
	 *
	 * @param token the decoded token, or {@code null} if none was offered
	 * @param protocols the other subprotocols, in the order offered
	 * @param rejection the status to refuse the upgrade with, or {@code null} if the
	 * offer is acceptable
	 */
	public record Offer(@Nullable String token, List<String> protocols, @Nullable HttpStatus rejection) {

		static Offer rejected(HttpStatus status) {
			return new Offer(null, List.of(), status);
		}

	}

}
