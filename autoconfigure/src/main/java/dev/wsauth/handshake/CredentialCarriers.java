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
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.wsauth.token.BearerTokenSyntax;
import dev.wsauth.token.SubprotocolBearerToken;

/**
 * Where a request may carry credentials besides its cookie, parsed but not checked: the
 * subprotocol offer (read on WebSocket upgrades only), the Authorization header and the
 * ticket parameter. More than one value of a carrier, or one that cannot be a credential,
 * is kept as a rejection rather than ignored.
 */
record CredentialCarriers(boolean upgrade, SubprotocolBearerToken.Offer offer, HeaderToken headerToken,
		TicketParameter ticket) {

	// Tickets are 43 characters; anything this long is not one.
	private static final int MAX_TICKET_PARAMETER_LENGTH = 256;

	static CredentialCarriers of(HttpServletRequest request) {
		boolean upgrade = HandshakeAuthenticator.isWebSocketUpgrade(request);
		SubprotocolBearerToken.Offer offer = SubprotocolBearerToken
			.parse(upgrade ? request.getHeaders(SubprotocolBearerToken.HEADER) : null);
		return new CredentialCarriers(upgrade, offer, headerToken(request.getHeaders(HttpHeaders.AUTHORIZATION)),
				ticketParameter(request.getQueryString()));
	}

	/**
	 * Return whether the request carries a token or ticket, well formed or not.
	 */
	boolean carryAny() {
		return this.offer.rejection() != null || this.offer.token() != null || this.headerToken.rejection() != null
				|| this.headerToken.token() != null || this.ticket.malformed() || this.ticket.value() != null;
	}

	private static HeaderToken headerToken(@Nullable Enumeration<String> values) {
		List<String> headers = (values != null) ? Collections.list(values) : List.of();
		if (headers.isEmpty()) {
			return new HeaderToken(null, null);
		}
		if (headers.size() > 1) {
			return new HeaderToken(null, HttpStatus.BAD_REQUEST);
		}
		String token = BearerTokenSyntax.fromAuthorization(headers.get(0));
		if (token == null) {
			// Another scheme (Basic, say) is the application's business.
			return new HeaderToken(null, null);
		}
		return BearerTokenSyntax.isWellFormed(token) ? new HeaderToken(token, null)
				: new HeaderToken(null, HttpStatus.UNAUTHORIZED);
	}

	private static TicketParameter ticketParameter(@Nullable String query) {
		List<String> values = QueryParameters.values(query, HandshakeAuthenticator.TICKET_PARAMETER);
		if (values == null) {
			return new TicketParameter(null, true);
		}
		if (values.isEmpty()) {
			return new TicketParameter(null, false);
		}
		String value = values.get(0);
		if (values.size() > 1 || value.isEmpty() || value.length() > MAX_TICKET_PARAMETER_LENGTH) {
			// duplicated, empty or oversized
			return new TicketParameter(null, true);
		}
		return new TicketParameter(value, false);
	}

	record HeaderToken(@Nullable String token, @Nullable HttpStatus rejection) {

	}

	record TicketParameter(@Nullable String value, boolean malformed) {

	}

}
