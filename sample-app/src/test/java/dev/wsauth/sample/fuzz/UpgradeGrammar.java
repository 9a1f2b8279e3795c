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

package dev.wsauth.sample.fuzz;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Generates WebSocket upgrade requests to the sample app, varying every carrier of a
 * credential and the origin, and says what the README's upgrade table promises for each:
 * 403 for an origin that is not allowed, 400 for malformed credential carriers, 401
 * without a valid credential or with an invalid one or with credentials of two users, 101
 * otherwise, bound to the one user the credentials name.
 */
final class UpgradeGrammar {

	static final String MARKER = "FUZZ-MARK-";

	private static final String KUBERNETES = "base64url.bearer.authorization.k8s.io.";

	private static final String WSAUTH = "base64url.bearer.wsauth.";

	private static final Pattern PROTOCOL_TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

	private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

	private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

	private final Random random;

	private final Credentials credentials;

	private final int port;

	private long markers;

	/** The credentials the grammar draws on; tickets are fetched when drawn. */
	interface Credentials {

		/** The {@code SESSION} cookie of the user's session. */
		String session(String user);

		/** A {@code SESSION} cookie of a session that was logged out. */
		String endedSession();

		/** A valid bearer token of the user. */
		String token(String user);

		/** A well-formed token of the user that the application must refuse. */
		String invalidToken(String user);

		/** A fresh ticket of the user, requested with the given origin. */
		String ticket(String user, @Nullable String origin);

		/** Remember text that must never be logged. */
		void secret(String secret);

	}

	/** A ticket the fuzzer holds and what it knows of it. */
	private record Ticket(String value, @Nullable String user, @Nullable String origin, State state) {

		enum State {

			FRESH, SPENT

		}

	}

	private final List<Ticket> spentTickets = new ArrayList<>();

	UpgradeGrammar(Random random, Credentials credentials, int port) {
		this.random = random;
		this.credentials = credentials;
		this.port = port;
	}

	/**
	 * One upgrade request and what must answer it.
	 *
	 * @param target the request target
	 * @param headerLines the header lines besides Host, Upgrade, Connection and the
	 * WebSocket key and version
	 * @param endpoint whether the target is the STOMP endpoint {@code /ws}
	 * @param expected the status the README promises, 0 for "anything but 101 and 5xx"
	 * @param alternative another status the server may answer where the README leaves
	 * room (the framework refuses a path parameter), 0 for none
	 * @param user the user a 101 must be bound to
	 * @param why the reason for the expected status
	 * @param description what the request carries, without credentials
	 */
	record Upgrade(String target, List<String> headerLines, boolean endpoint, int expected, int alternative,
			@Nullable String user, String why, String description) {

	}

	Upgrade next() {
		List<String> headers = new ArrayList<>();
		List<String> description = new ArrayList<>();
		Set<String> users = new LinkedHashSet<>();
		String why;

		// The target: the endpoint, with or without a query, or a path near it.
		String path = "/ws";
		boolean endpoint = true;
		boolean urlSessionId = false;
		int p = this.random.nextInt(100);
		if (p < 8) {
			path = pick("/ws/", "/WS", "/ws/x", "/ws.json", "/wsx", "//ws", "/./ws", "/ws/../ws", "/ws%2F", "/ws/info",
					"/w%73/");
			endpoint = false;
			description.add("path " + path);
		}
		else if (p < 10) {
			path = "/%77s";
			description.add("path /%77s");
		}
		else if (p < 12) {
			path = "/ws;jsessionid=" + marker();
			urlSessionId = true;
			description.add("session id in the URL");
		}

		// The origin policy: 403 before anything else is looked at.
		boolean crossSite = false;
		String origin = null;
		int o = this.random.nextInt(100);
		String same = "http://localhost:" + this.port;
		if (o < 20) {
			description.add("no Origin");
		}
		else if (o < 62) {
			origin = same;
			description.add("same Origin");
		}
		else if (o < 65) {
			origin = "HTTP://LOCALHOST:" + this.port;
			description.add("same Origin in upper case");
		}
		else if (o < 69) {
			origin = "null";
		}
		else if (o < 72) {
			origin = "";
		}
		else if (o < 96) {
			origin = pick("http://localhost.evil.test:" + this.port, "http://localhost:" + this.port + ".evil.test",
					"http://evil.test", "http://localhost:" + (this.port + 1), "https://localhost:" + this.port,
					"http://127.0.0.1:" + this.port, "http://localhost.:" + this.port, same + "/", same + "/ws",
					"http://user@localhost:" + this.port, "http://l\u043ecalhost:" + this.port, "http://localhost",
					"ws://localhost:" + this.port, "http://" + marker() + ".evil.test", same + "?", same + "#",
					" " + same, same + " ", "http://localhost:0" + this.port, "http://[::1]:" + this.port);
		}
		if (origin != null) {
			headers.add("Origin: " + origin);
			if (o >= 65) {
				description.add("Origin " + origin);
			}
		}
		boolean twoOrigins = this.random.nextInt(100) < 3;
		if (twoOrigins) {
			if (origin == null) {
				headers.add("Origin: " + same);
			}
			headers.add("Origin: " + same);
			description.add("a second Origin");
		}
		int f = this.random.nextInt(100);
		if (f < 20) {
			String site = pick("same-origin", "same-origin", "same-site", "none", "cross-site", "CROSS-SITE");
			headers.add("Sec-Fetch-Site: " + site);
			crossSite = site.equalsIgnoreCase("cross-site");
			description.add("Sec-Fetch-Site " + site);
		}
		// A server reads a header value without the whitespace around it.
		String originValue = (origin != null) ? origin.strip() : null;
		// Compared in the lower-case form browsers send: one written otherwise is
		// refused.
		boolean originAllowed = !twoOrigins && !crossSite
				&& (originValue == null || (originValue.equals(originValue.toLowerCase(Locale.ROOT))
						&& Objects.equals(normalize(originValue), normalize(same))));

		// Cookies: a session names its user, a dead or forged one names nobody.
		Set<String> cookieUsers = new HashSet<>();
		boolean tooManyCookies = false;
		int c = this.random.nextInt(100);
		String cookie = null;
		boolean headTooLarge = false;
		if (c < 25) {
			description.add("no cookie");
		}
		else if (c < 50) {
			cookie = session("alice", cookieUsers);
			description.add("alice's cookie");
		}
		else if (c < 68) {
			cookie = session("bob", cookieUsers);
			description.add("bob's cookie");
		}
		else if (c < 76) {
			cookie = "SESSION=" + forged();
			description.add("a forged cookie");
		}
		else if (c < 80) {
			cookie = "SESSION=" + this.credentials.endedSession();
			description.add("a logged-out cookie");
		}
		else if (c < 84) {
			cookie = session("alice", cookieUsers) + "; " + session("bob", cookieUsers);
			description.add("alice's and bob's cookies");
		}
		else if (c < 88) {
			cookie = session("alice", cookieUsers) + "; SESSION=" + forged();
			description.add("alice's and a forged cookie");
		}
		else if (c < 90) {
			cookie = session("bob", cookieUsers) + "; " + session("bob", cookieUsers);
			description.add("bob's cookie twice");
		}
		else if (c < 93) {
			cookie = "SESSION=";
			description.add("an empty cookie");
		}
		else if (c < 96) {
			cookie = "SESSION=" + forged() + "x".repeat(3000);
			description.add("a long forged cookie");
		}
		else if (c < 98) {
			cookie = "SESSION=!" + marker() + "!; JSESSIONID=" + marker();
			description.add("garbage cookies");
		}
		else if (c < 99) {
			cookie = "SESSION=" + forged() + "x".repeat(9000);
			headTooLarge = true;
			description.add("a cookie above the header size limit");
		}
		else {
			StringBuilder many = new StringBuilder("SESSION=" + this.credentials.session("alice"));
			for (int i = 0; i < 9; i++) {
				many.append("; SESSION=").append(forged());
			}
			cookie = many.toString();
			// More session cookies than anyone sends (over eight): refused like cookies
			// of two users, whatever else the request carries.
			tooManyCookies = true;
			description.add("ten session cookies");
		}
		if (cookie != null) {
			headers.add("Cookie: " + cookie);
		}
		// Cookies of two users refuse the upgrade whatever else it carries.
		boolean cookiesOfTwoUsers = cookieUsers.size() > 1 || tooManyCookies;
		if (urlSessionId) {
			// An id in the URL makes the cookie no credential.
			cookieUsers.clear();
		}

		// Sec-WebSocket-Protocol: STOMP versions and perhaps a token element.
		List<String> offer = new ArrayList<>();
		int s = this.random.nextInt(100);
		List<String> protocolLines = new ArrayList<>();
		if (s < 10) {
			description.add("no subprotocol");
		}
		else if (s < 62) {
			protocolLines.add("v12.stomp");
		}
		else if (s < 67) {
			protocolLines.add("v10.stomp, v11.stomp, v12.stomp");
		}
		else {
			String user = pick("alice", "bob");
			String element;
			int t = this.random.nextInt(100);
			if (t < 45) {
				element = KUBERNETES + base64Url(this.credentials.token(user));
				description.add(user + "'s token as a subprotocol");
			}
			else if (t < 52) {
				element = WSAUTH + base64Url(this.credentials.token(user));
				description.add(user + "'s token as a wsauth subprotocol");
			}
			else if (t < 57) {
				element = KUBERNETES.toUpperCase(Locale.ROOT) + base64Url(this.credentials.token(user));
				description.add(user + "'s token under an upper-case prefix");
			}
			else if (t < 65) {
				element = KUBERNETES + base64Url(this.credentials.token(user)) + "==";
				description.add("a padded token");
			}
			else if (t < 70) {
				element = KUBERNETES + Base64.getEncoder()
					.encodeToString(("\u00ff\u00fe" + this.credentials.token(user)).getBytes(StandardCharsets.UTF_8));
				description.add("a token in the standard alphabet");
			}
			else if (t < 78) {
				element = KUBERNETES + base64Url(marker() + ".garbage.token");
				description.add("a garbage token as a subprotocol");
			}
			else if (t < 82) {
				element = KUBERNETES + base64Url(this.credentials.invalidToken(user));
				description.add("an invalid token as a subprotocol");
			}
			else if (t < 85) {
				element = KUBERNETES;
				description.add("an empty token element");
			}
			else {
				element = KUBERNETES + base64Url(this.credentials.token(user));
			}
			if (t >= 85 && t < 90) {
				protocolLines.add(element);
				description.add("only a token element");
			}
			else if (t >= 90 && t < 95) {
				protocolLines
					.add("v12.stomp, " + element + ", " + KUBERNETES + base64Url(this.credentials.token(user)));
				description.add("two token elements");
			}
			else if (t >= 95) {
				StringBuilder line = new StringBuilder("v12.stomp");
				for (int i = 0; i < 32; i++) {
					line.append(", x").append(i);
				}
				protocolLines.add(line.append(", ").append(element).toString());
				description.add("more than 32 subprotocols");
			}
			else if (this.random.nextBoolean()) {
				protocolLines.add("v12.stomp");
				protocolLines.add(element);
				description.add("over two header lines");
			}
			else {
				protocolLines.add("v12.stomp, " + element);
			}
		}
		for (String line : protocolLines) {
			headers.add("Sec-WebSocket-Protocol: " + line);
			for (String element : line.split(",", -1)) {
				if (!element.strip().isEmpty()) {
					offer.add(element.strip());
				}
			}
		}
		String protocolToken = null;
		boolean protocolRejected = false;
		int protocolStatus = 0;
		List<String> tokenElements = offer.stream().filter(UpgradeGrammar::isTokenElement).toList();
		List<String> others = offer.stream().filter((element) -> !isTokenElement(element)).toList();
		if (offer.size() > 32 || tokenElements.size() > 1 || (tokenElements.size() == 1 && others.isEmpty())) {
			protocolRejected = true;
			protocolStatus = 400;
		}
		else if (tokenElements.size() == 1) {
			protocolToken = decodeElement(tokenElements.get(0));
			if (protocolToken == null || !BEARER_TOKEN.matcher(protocolToken).matches()) {
				protocolRejected = true;
				protocolStatus = 401;
			}
			else if (others.stream().anyMatch((other) -> !PROTOCOL_TOKEN.matcher(other).matches())) {
				protocolRejected = true;
				protocolStatus = 400;
			}
		}

		// Authorization headers.
		List<String> authorizations = new ArrayList<>();
		int a = this.random.nextInt(100);
		if (a < 70) {
			// none
		}
		else if (a < 78) {
			authorizations.add("Bearer " + this.credentials.token("alice"));
			description.add("alice's bearer header");
		}
		else if (a < 84) {
			authorizations.add("Bearer " + this.credentials.token("bob"));
			description.add("bob's bearer header");
		}
		else if (a < 88) {
			authorizations.add("Bearer " + marker() + ".garbage");
			description.add("a garbage bearer header");
		}
		else if (a < 91) {
			authorizations.add("Bearer " + this.credentials.invalidToken(pick("alice", "bob")));
			description.add("an invalid bearer header");
		}
		else if (a < 93) {
			authorizations.add(pick("Bearer", "Bearer  ", "Bearer a b", "Bearer \"" + marker() + "\""));
			description.add("a malformed bearer header");
		}
		else if (a < 96) {
			authorizations.add("Bearer " + this.credentials.token("alice"));
			authorizations.add("Bearer " + this.credentials.token(pick("alice", "bob")));
			description.add("two Authorization headers");
		}
		else {
			authorizations.add("Basic " + Base64.getEncoder().encodeToString("alice:alice-pw".getBytes()));
			description.add("a Basic header");
		}
		for (String authorization : authorizations) {
			headers.add("Authorization: " + authorization);
		}
		String headerToken = null;
		int headerStatus = 0;
		if (authorizations.size() > 1) {
			headerStatus = 400;
		}
		else if (authorizations.size() == 1 && authorizations.get(0).regionMatches(true, 0, "Bearer", 0, 6)) {
			String value = authorizations.get(0).strip();
			int end = 0;
			while (end < value.length() && !Character.isWhitespace(value.charAt(end))) {
				end++;
			}
			if (value.substring(0, end).equalsIgnoreCase("Bearer")) {
				headerToken = value.substring(end).strip();
				if (headerToken.isEmpty() || !BEARER_TOKEN.matcher(headerToken).matches()) {
					headerStatus = 401;
					headerToken = null;
				}
			}
		}

		// The ticket parameter.
		String query = null;
		boolean ticketMalformed = false;
		Ticket ticket = null;
		int q = this.random.nextInt(100);
		if (q < 72) {
			if (this.random.nextInt(10) == 0) {
				query = pick("x=1", "", "ticketx=1", "Ticket=abc");
			}
		}
		else if (q < 86) {
			String user = pick("alice", "bob");
			String ticketOrigin = this.random.nextBoolean() ? same : null;
			ticket = new Ticket(this.credentials.ticket(user, ticketOrigin), user, ticketOrigin, Ticket.State.FRESH);
			query = "ticket=" + ticket.value();
			description.add("a fresh ticket of " + user + " issued " + ((ticketOrigin != null) ? "from" : "without")
					+ " the origin");
		}
		else if (q < 90 && !this.spentTickets.isEmpty()) {
			ticket = this.spentTickets.get(this.random.nextInt(this.spentTickets.size()));
			query = "ticket=" + ticket.value();
			description.add("a spent ticket");
		}
		else {
			String garbage = pick("", "%zz", "%00", marker(), "a".repeat(300), "%C3%A9".repeat(43),
					marker() + "&ticket=" + marker(), "A".repeat(43), marker() + "%");
			query = "ticket=" + garbage;
			ticketMalformed = garbage.isEmpty() || garbage.contains("%zz") || garbage.length() > 256
					|| garbage.contains("&ticket=") || garbage.endsWith("%");
			// Well formed, it is still no ticket the server issued.
			ticket = ticketMalformed ? null : new Ticket(garbage, null, null, Ticket.State.SPENT);
			this.credentials.secret(garbage);
			description.add("a garbage ticket");
		}
		String target = (query != null) ? path + "?" + query : path;

		// What the README promises.
		int expected;
		if (headTooLarge) {
			expected = 400;
			why = "request head above the server's limit";
		}
		else if (!endpoint) {
			expected = 0;
			why = "not the STOMP endpoint";
		}
		else if (!originAllowed) {
			expected = 403;
			why = "origin not allowed";
		}
		else if (!decodable(query)) {
			expected = 400;
			why = "a query string that cannot be decoded";
		}
		else if (protocolRejected && protocolStatus == 400) {
			expected = 400;
			why = "malformed subprotocol offer";
		}
		else if (protocolRejected) {
			expected = 401;
			why = "undecodable subprotocol token";
		}
		else if (headerStatus == 400) {
			expected = 400;
			why = "two Authorization headers";
		}
		else if (headerStatus == 401) {
			expected = 401;
			why = "malformed bearer header";
		}
		else if (ticketMalformed) {
			expected = 401;
			why = "malformed ticket";
		}
		else {
			String tokenUser = null;
			boolean invalidToken = false;
			for (String token : new String[] { headerToken, protocolToken }) {
				if (token == null) {
					continue;
				}
				String owner = ownerOf(token);
				if (owner == null) {
					invalidToken = true;
				}
				else {
					users.add(owner);
					tokenUser = owner;
				}
			}
			users.addAll(cookieUsers);
			boolean ticketValid = false;
			if (ticket != null && !invalidToken) {
				ticketValid = ticket.state() == Ticket.State.FRESH && Objects.equals(ticket.origin(), originValue);
				if (ticket.user() != null) {
					this.spentTickets
						.add(new Ticket(ticket.value(), ticket.user(), ticket.origin(), Ticket.State.SPENT));
				}
				if (ticketValid) {
					users.add(ticket.user());
				}
			}
			if (invalidToken) {
				expected = 401;
				why = "an invalid token";
			}
			else if (ticket != null && !ticketValid) {
				expected = 401;
				why = "a spent ticket or one bound to another origin";
			}
			else if (cookiesOfTwoUsers) {
				expected = 401;
				why = "session cookies of two users, or too many";
			}
			else if (users.isEmpty()) {
				expected = 401;
				why = "no credential";
			}
			else if (users.size() > 1) {
				expected = 401;
				why = "credentials of different users";
			}
			else {
				expected = 101;
				why = "one valid credential of " + users.iterator().next() + ((tokenUser != null) ? " (token)" : "");
			}
		}
		String user = (expected == 101) ? users.iterator().next() : null;
		int alternative = 0;
		if (urlSessionId && expected != 403) {
			// Spring Security's firewall refuses a path parameter with 400.
			alternative = 400;
		}
		return new Upgrade(target, List.copyOf(headers), endpoint && !headTooLarge, expected, alternative, user, why,
				String.join(", ", description));
	}

	private String session(String user, Set<String> cookieUsers) {
		cookieUsers.add(user);
		return "SESSION=" + this.credentials.session(user);
	}

	private String forged() {
		String forged = Base64.getEncoder()
			.encodeToString((this.random.nextBoolean() ? UUID.randomUUID().toString() : marker())
				.getBytes(StandardCharsets.UTF_8));
		this.credentials.secret(forged);
		return forged;
	}

	private @Nullable String ownerOf(String token) {
		for (String user : List.of("alice", "bob")) {
			if (token.equals(this.credentials.token(user))) {
				return user;
			}
		}
		return null;
	}

	private static boolean isTokenElement(String element) {
		return element.regionMatches(true, 0, KUBERNETES, 0, KUBERNETES.length())
				|| element.regionMatches(true, 0, WSAUTH, 0, WSAUTH.length());
	}

	private static @Nullable String decodeElement(String element) {
		String encoded = element.regionMatches(true, 0, KUBERNETES, 0, KUBERNETES.length())
				? element.substring(KUBERNETES.length()) : element.substring(WSAUTH.length());
		if (encoded.isEmpty() || !BASE64URL.matcher(encoded).matches() || encoded.length() % 4 == 1) {
			return null;
		}
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(encoded);
			String decoded = new String(bytes, StandardCharsets.UTF_8);
			return decoded.getBytes(StandardCharsets.UTF_8).length == bytes.length && !decoded.contains("\ufffd")
					? decoded : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * An origin as RFC 6454 compares it: scheme and host in lower case, port explicit.
	 */
	static @Nullable String normalize(String origin) {
		if (origin.isBlank() || origin.equals("null")) {
			return null;
		}
		try {
			URI uri = new URI(origin);
			String scheme = uri.getScheme();
			String host = uri.getHost();
			if (scheme == null || host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
					|| uri.getRawFragment() != null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())) {
				return null;
			}
			scheme = scheme.toLowerCase(Locale.ROOT);
			if (!scheme.equals("http") && !scheme.equals("https")) {
				return null;
			}
			int port = (uri.getPort() != -1) ? uri.getPort() : scheme.equals("https") ? 443 : 80;
			return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	static String base64Url(String token) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
	}

	private String marker() {
		return MARKER + "u" + (++this.markers);
	}

	@SafeVarargs
	private <T> T pick(T... choices) {
		return choices[this.random.nextInt(choices.length)];
	}

	/**
	 * Whether each name and value of a query string is made of well-formed percent
	 * escapes of UTF-8, as the README requires of an upgrade's query string.
	 */
	static boolean decodable(@Nullable String query) {
		if (query == null) {
			return true;
		}
		for (String part : query.split("[&=]", -1)) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			for (int i = 0; i < part.length(); i++) {
				char c = part.charAt(i);
				if (c != '%') {
					bytes.write(c);
					continue;
				}
				if (i + 2 >= part.length() || !HexFormat.isHexDigit(part.charAt(i + 1))
						|| !HexFormat.isHexDigit(part.charAt(i + 2))) {
					return false;
				}
				bytes.write(HexFormat.fromHexDigits(part, i + 1, i + 3));
				i += 2;
			}
			try {
				StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(bytes.toByteArray()));
			}
			catch (CharacterCodingException ex) {
				return false;
			}
		}
		return true;
	}

}
