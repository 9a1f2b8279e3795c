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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import dev.wsauth.sample.fuzz.RawWebSocket.Exchange;
import dev.wsauth.sample.fuzz.RawWebSocket.ServerFrame;
import dev.wsauth.sample.fuzz.UpgradeGrammar.Upgrade;
import dev.wsauth.test.TestSessions.Cookies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A grammar fuzzer for WebSocket upgrades of {@code /ws}, sent as raw HTTP/1.1 so that
 * every header is the fuzzer's: the origin (absent, the app's own, {@code null},
 * look-alikes, other ports and schemes, upper case, trailing dots, two of them,
 * {@code Sec-Fetch-Site}), session cookies (valid, forged, logged out, two users', empty,
 * huge), the {@code Sec-WebSocket-Protocol} offer (STOMP versions, token elements valid,
 * invalid, padded, alone, twice, among more than 32), {@code Authorization} headers
 * (tokens from {@code POST /api/token}, garbage, expired or foreign tokens, two headers),
 * {@code ?ticket=} (fresh from {@code POST /__ws/ticket}, spent, garbage) and paths near
 * {@code /ws}. Each answer is compared with the README's upgrade table
 * ({@link UpgradeGrammar} computes it from what it generated): never a 5xx, 101 only for
 * an allowed origin with at least one valid credential, no invalid one and one user (and
 * the socket is that user's), 400, 401 or 403 otherwise, and no {@code Set-Cookie} on any
 * answer of the endpoint. The log must stay free of stack traces, errors and every
 * credential and marker the fuzzer sent.
 *
 * <p>
 * The seed is printed at the start ({@code UpgradeFuzzTests seed=... upgrades=...});
 * {@code -Dwsauth.fuzz.seed} and {@code -Dwsauth.fuzz.upgrades} (or
 * {@code WSAUTH_FUZZ_SEED} and {@code WSAUTH_FUZZ_UPGRADES} in the environment) replay or
 * enlarge a run:
 *
 * <pre>
 * ./mvnw -B -pl sample-app -am -Dtest=UpgradeFuzzTests -Dsurefire.failIfNoSpecifiedTests=false -Dwsauth.fuzz.upgrades=100000 verify
 * </pre>
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class UpgradeFuzzTests {

	private static final Log logger = LogFactory.getLog(UpgradeFuzzTests.class);

	private static final long DEFAULT_SEED = 1_512_2026L;

	private static final int DEFAULT_UPGRADES = 2_000;

	private static final int BATCH = 250;

	private static final int MAX_REPORTED = 40;

	@LocalServerPort
	int port;

	@Autowired
	JwtEncoder encoder;

	private final Set<String> cookiesOn101 = new TreeSet<>();

	@Test
	void fuzzedUpgradesAreAnsweredAsTheReadmeSaysWithoutServerErrorsOrCookies(CapturedOutput output)
			throws IOException {
		long seed = FuzzSettings.seed(DEFAULT_SEED);
		int total = FuzzSettings.count("wsauth.fuzz.upgrades", DEFAULT_UPGRADES);
		logger.info("UpgradeFuzzTests seed=" + seed + " upgrades=" + total);
		FuzzAccounts accounts = new FuzzAccounts(this.port);
		Random random = new Random(seed);
		UpgradeGrammar grammar = new UpgradeGrammar(random, new Credentials(accounts), this.port);
		LogCheck log = new LogCheck(output);
		Map<Integer, Integer> statuses = new TreeMap<>();
		List<String> problems = new ArrayList<>();
		int refused = 0;
		int identities = 0;
		for (int i = 1; i <= total; i++) {
			Upgrade upgrade = grammar.next();
			int status = check(i, upgrade, random.nextInt(4) == 0, problems);
			statuses.merge(status, 1, Integer::sum);
			if (status != 101) {
				refused++;
			}
			else if (upgrade.user() != null) {
				identities++;
			}
			if (i % BATCH == 0 || i == total) {
				problems.addAll(log.check(accounts.secrets(), UpgradeGrammar.MARKER, refused));
				refused = 0;
				if (!problems.isEmpty()) {
					throw new AssertionError(report(seed, total, i, problems));
				}
			}
		}
		logger.info("UpgradeFuzzTests seed=" + seed + ": " + total + " upgrades answered " + statuses
				+ "; cookies set on a 101: " + this.cookiesOn101);
		assertThat(statuses).as("answers of %d upgrades", total).containsKeys(101, 400, 401, 403);
		assertThat(identities).as("sockets opened").isPositive();
	}

	/** Send one upgrade and check its answer; returns the status. */
	private int check(int number, Upgrade upgrade, boolean connect, List<String> problems) {
		String name = "upgrade " + number + " (" + upgrade.description() + "; expected "
				+ ((upgrade.expected() == 0) ? "no 101" : upgrade.expected())
				+ ((upgrade.alternative() != 0) ? " or " + upgrade.alternative() : "") + ": " + upgrade.why() + ")";
		Exchange exchange;
		try {
			exchange = RawWebSocket.upgrade(this.port, upgrade.target(), upgrade.headerLines());
		}
		catch (IOException ex) {
			problems.add(name + ": no answer (" + ex.getClass().getSimpleName() + ")");
			return 0;
		}
		int status = exchange.response().status();
		try (RawWebSocket socket = exchange.socket()) {
			if (status == 0 || status >= 500) {
				problems.add(name + ": answered " + ((status == 0) ? "nothing" : status));
			}
			else if (upgrade.expected() == 0 ? status == 101
					: status != upgrade.expected() && status != upgrade.alternative()) {
				problems.add(name + ": answered " + status);
			}
			List<String> cookies = exchange.response()
				.headers("Set-Cookie")
				.stream()
				.map((cookie) -> cookie.split("=", 2)[0].strip())
				.toList();
			if (upgrade.endpoint() && status != 101 && !cookies.isEmpty()) {
				problems.add(name + ": refused with " + status + " and Set-Cookie " + cookies);
			}
			if (upgrade.endpoint() && status == 101 && cookies.contains("SESSION")) {
				problems.add(name + ": the 101 sets the session cookie");
			}
			if (status == 101) {
				this.cookiesOn101.addAll(cookies);
			}
			if (upgrade.endpoint() && status == upgrade.expected() && status >= 400
					&& exchange.response()
						.headers("Cache-Control")
						.stream()
						.noneMatch((value) -> value.contains("no-store"))) {
				problems.add(name + ": refused without Cache-Control: no-store");
			}
			if (socket != null) {
				checkSocket(name, upgrade, exchange, socket, connect, problems);
			}
		}
		return status;
	}

	private static void checkSocket(String name, Upgrade upgrade, Exchange exchange, RawWebSocket socket,
			boolean connect, List<String> problems) {
		List<String> selected = exchange.response().headers("Sec-WebSocket-Protocol");
		if (selected.stream().anyMatch((protocol) -> protocol.toLowerCase().contains("bearer"))) {
			problems.add(name + ": the 101 echoes the token subprotocol");
		}
		if (!connect || upgrade.user() == null) {
			return;
		}
		try {
			socket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
			List<ServerFrame> seen = new ArrayList<>();
			FrameFuzzer.await(socket, seen, (frames) -> !frames.isEmpty(), FrameFuzzer.ANSWER_TIMEOUT);
			if (seen.isEmpty() || !seen.get(0).command().equals("CONNECTED")) {
				problems.add(name + ": CONNECT on the socket got " + seen.stream().map(ServerFrame::describe).toList());
			}
			else if (!upgrade.user().equals(seen.get(0).header("user-name"))) {
				problems.add(name + ": IDENTITY: the socket is " + seen.get(0).header("user-name") + ", not "
						+ upgrade.user());
			}
		}
		catch (IOException ex) {
			problems.add(name + ": the socket failed: " + ex.getClass().getSimpleName());
		}
	}

	private static String report(long seed, int total, int at, List<String> problems) {
		StringBuilder out = new StringBuilder("UpgradeFuzzTests seed=").append(seed)
			.append(" upgrades=")
			.append(total)
			.append(": ")
			.append(problems.size())
			.append(" problems up to upgrade ")
			.append(at)
			.append("; replay with -Dwsauth.fuzz.seed=")
			.append(seed);
		problems.stream().limit(MAX_REPORTED).forEach((problem) -> out.append("\n  - ").append(problem));
		return out.toString();
	}

	/** The credentials of the sample's users, with a few that must be refused. */
	private final class Credentials implements UpgradeGrammar.Credentials {

		private final FuzzAccounts accounts;

		private final Map<String, String> invalidTokens = new ConcurrentHashMap<>();

		private @Nullable String endedSession;

		Credentials(FuzzAccounts accounts) {
			this.accounts = accounts;
		}

		@Override
		public String session(String user) {
			return this.accounts.sessionCookie(user);
		}

		@Override
		public String endedSession() {
			if (this.endedSession == null) {
				Cookies cookies = this.accounts.login("alice");
				String session = cookies.get("SESSION");
				assertThat(this.accounts.sessions().logout(new Cookies(cookies)).statusCode()).as("logout")
					.isLessThan(400);
				this.endedSession = session;
			}
			return this.endedSession;
		}

		@Override
		public String token(String user) {
			return this.accounts.token(user);
		}

		@Override
		public String invalidToken(String user) {
			return this.invalidTokens.computeIfAbsent(user, (name) -> {
				String token = name.equals("alice") ? expiredToken(name) : foreignToken(name);
				secret(token);
				return token;
			});
		}

		@Override
		public String ticket(String user, @Nullable String origin) {
			return this.accounts.ticket(user, origin);
		}

		@Override
		public void secret(String secret) {
			this.accounts.secrets().add(secret);
		}

		private String expiredToken(String user) {
			Instant now = Instant.now();
			JwtClaimsSet claims = JwtClaimsSet.builder()
				.subject(user)
				.issuedAt(now.minus(Duration.ofMinutes(20)))
				.expiresAt(now.minus(Duration.ofMinutes(5)))
				.claim("roles", List.of("USER"))
				.build();
			return UpgradeFuzzTests.this.encoder
				.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
				.getTokenValue();
		}

		private String foreignToken(String user) {
			Instant now = Instant.now();
			JwtClaimsSet claims = JwtClaimsSet.builder()
				.subject(user)
				.issuedAt(now)
				.expiresAt(now.plus(Duration.ofMinutes(5)))
				.claim("roles", List.of("USER"))
				.build();
			SecretKeySpec key = new SecretKeySpec(
					"someone-else-entirely-0123456789abcdef".getBytes(StandardCharsets.UTF_8), "HmacSHA256");
			return NimbusJwtEncoder.withSecretKey(key)
				.build()
				.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
				.getTokenValue();
		}

	}

}
