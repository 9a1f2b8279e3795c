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

package dev.wsauth.sample.client;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.messaging.converter.SimpleMessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandler;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * A non-browser client of the sample app, the way a mobile app, a CLI or a service would
 * talk to it: log in once with the form, get a JWT from {@code POST /api/token}, then
 * open STOMP connections with that token in each of the three ways wsauth accepts when a
 * client holds no session cookie:
 * <ol>
 * <li>a one-time ticket: {@code POST /__ws/ticket} with {@code Authorization: Bearer},
 * then {@code ws://host/ws?ticket=...} (for clients that can only set a URL);</li>
 * <li>{@code Authorization: Bearer} on the upgrade request to {@code /ws};</li>
 * <li>{@code Authorization: Bearer} in the STOMP CONNECT frame to
 * {@code /ws-connect}.</li>
 * </ol>
 * Each connection subscribes to a board, joins it and prints what arrives. The methods
 * are reusable one by one; {@link #main} runs them all. Tokens and tickets are
 * credentials: they are never printed.
 *
 * <p>
 * Run it against a running sample app (build once with
 * {@code ./mvnw -pl sample-app -am package -DskipTests}):
 *
 * <pre>
 * java -cp sample-app/target/wsauth-sample-app-0.1.0-SNAPSHOT.jar \
 *     -Dloader.main=dev.wsauth.sample.client.NativeClientDemo \
 *     org.springframework.boot.loader.launch.PropertiesLauncher alice alice-pw http://localhost:8080 b1
 * </pre>
 *
 * @author wsauth
 */
public final class NativeClientDemo implements AutoCloseable {

	/** How long each HTTP call, upgrade, RECEIPT and message may take. */
	public static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Pattern CSRF_FIELD = Pattern
		.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

	private static final String DENIED_HEADER = "wsauth-denied";

	private static final Pattern TICKET_IN_URL = Pattern.compile("ticket=[^&\\s\"'\\]]*");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final URI base;

	private final HttpClient http = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(TIMEOUT)
		.build();

	private final Map<String, String> cookies = new LinkedHashMap<>();

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final WebSocketStompClient stompClient;

	private final AtomicInteger receipts = new AtomicInteger();

	/**
	 * Create a client of the sample app at {@code base}.
	 * @param base the app's base URL, such as {@code http://localhost:8080}
	 */
	public NativeClientDemo(URI base) {
		this.base = base;
		this.scheduler.setThreadNamePrefix("demo-stomp-");
		this.scheduler.setDaemon(true);
		this.scheduler.initialize();
		this.stompClient = new WebSocketStompClient(new StandardWebSocketClient());
		// Bodies are printed as they come: no conversion to objects.
		this.stompClient.setMessageConverter(new SimpleMessageConverter());
		// Needed to track RECEIPTs (and to send heart-beats).
		this.stompClient.setTaskScheduler(this.scheduler);
		this.stompClient.setReceiptTimeLimit(TIMEOUT.toMillis());
	}

	/**
	 * Run the demo: {@code NativeClientDemo <username> <password> [baseUrl] [boardId]}.
	 * @param args the username and password of a sample user, then optionally the base
	 * URL (default {@code http://localhost:8080}) and a board id (default {@code b1})
	 */
	// A command-line program: standard output is its user interface, not a log.
	@SuppressWarnings("checkstyle:regexpsinglelinejava")
	public static void main(String[] args) {
		if (args.length < 2) {
			System.err.println("Usage: NativeClientDemo <username> <password> [baseUrl] [boardId]");
			System.exit(2);
		}
		URI base = URI.create((args.length > 2) ? args[2] : "http://localhost:8080");
		String board = (args.length > 3) ? args[3] : "b1";
		boolean allPassed;
		try (NativeClientDemo demo = new NativeClientDemo(base)) {
			allPassed = demo.run(args[0], args[1], board, System.out);
		}
		catch (IllegalStateException ex) {
			// The login or the token request failed: a message, not a stack trace.
			System.out.println(ex.getMessage());
			allPassed = false;
		}
		System.exit(allPassed ? 0 : 1);
	}

	/**
	 * Log in, get a token, and connect in each of the three ways; each connection
	 * subscribes to the board's topic, joins the board and prints the event it receives.
	 * @param username the user name
	 * @param password the password
	 * @param boardId a board the user may read, such as {@code b1}
	 * @param out where to print
	 * @return whether all three ways worked
	 * @throws IllegalStateException if the login or the token request fails
	 */
	public boolean run(String username, String password, String boardId, PrintStream out) {
		login(username, password);
		out.println("Logged in as " + username + " at " + this.base);
		String token = requestToken();
		out.println("Got a bearer token from /api/token");
		List<Way> ways = List.of(new Way("ticket", () -> connectWithTicket(requestTicket(token), printer(out))),
				new Way("bearer-header", () -> connectWithBearerHeader(token, printer(out))),
				new Way("connect-frame", () -> connectWithConnectFrame(token, printer(out))));
		boolean allPassed = true;
		for (Way way : ways) {
			try {
				StompSession session = way.connect().open();
				try {
					String event = joinBoard(session, boardId);
					out.println("[" + way.name() + "] /topic/boards." + boardId + ": " + event);
				}
				finally {
					disconnect(session);
				}
			}
			catch (RuntimeException ex) {
				allPassed = false;
				out.println("[" + way.name() + "] failed: " + ex.getMessage());
			}
		}
		return allPassed;
	}

	/**
	 * Log in with the sample's form, as a browser would: fetch the login page for its
	 * CSRF field, then post the form. The session cookie is kept for the calls that
	 * follow.
	 * @param username the user name
	 * @param password the password
	 * @throws IllegalStateException if the login fails
	 */
	public void login(String username, String password) {
		HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/login")).GET());
		Matcher matcher = CSRF_FIELD.matcher(page.body());
		if (!matcher.find()) {
			throw new IllegalStateException("No _csrf field on the login page");
		}
		String csrf = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
		String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(csrf);
		HttpResponse<String> result = send(HttpRequest.newBuilder(uri("/login"))
			.header(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
		String location = result.headers().firstValue(HttpHeaders.LOCATION).orElse("");
		if (result.statusCode() != 302 || location.contains("error")) {
			throw new IllegalStateException("Login failed for " + username + " (HTTP " + result.statusCode() + ")");
		}
	}

	/**
	 * Get a JWT for the logged-in user: {@code POST /api/token} with the session cookie
	 * and the SPA CSRF token ({@code XSRF-TOKEN} cookie sent back as
	 * {@code X-XSRF-TOKEN}).
	 * @return the token
	 * @throws IllegalStateException if the server refuses
	 */
	public String requestToken() {
		if (!this.cookies.containsKey("XSRF-TOKEN")) {
			// The login rotated the CSRF token; any page hands out the new one.
			send(HttpRequest.newBuilder(uri("/login")).GET());
		}
		String csrf = this.cookies.getOrDefault("XSRF-TOKEN", "");
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/token"))
			.header("X-XSRF-TOKEN", csrf)
			.POST(HttpRequest.BodyPublishers.noBody()));
		return field(response, "/api/token", "token");
	}

	/**
	 * Get a one-time ticket with a bearer token: {@code POST /__ws/ticket}. No session
	 * cookie is sent, so the ticket rests on the token alone.
	 * @param token the bearer token
	 * @return the ticket, valid for one upgrade within its {@code expiresIn} seconds
	 * @throws IllegalStateException if the server refuses
	 */
	public String requestTicket(String token) {
		HttpRequest request = HttpRequest.newBuilder(uri("/__ws/ticket"))
			.timeout(TIMEOUT)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		return field(exchange(request), "/__ws/ticket", "ticket");
	}

	/**
	 * Start a STOMP connection to {@code /ws?ticket=...}. The upgrade carries nothing but
	 * the ticket.
	 * @param ticket a ticket from {@link #requestTicket}
	 * @param handler the session handler (an ERROR frame's payload reaches it as
	 * {@code byte[]})
	 * @return the connection in progress
	 */
	public Connecting connectWithTicket(String ticket, StompSessionHandler handler) {
		URI uri = webSocketUri("/ws?ticket=" + encode(ticket));
		return connect(uri, new WebSocketHttpHeaders(), new StompHeaders(), handler);
	}

	/**
	 * Start a STOMP connection to {@code /ws} with {@code Authorization: Bearer} on the
	 * upgrade request.
	 * @param token the bearer token
	 * @param handler the session handler
	 * @return the connection in progress
	 */
	public Connecting connectWithBearerHeader(String token, StompSessionHandler handler) {
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		headers.add(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		return connect(webSocketUri("/ws"), headers, new StompHeaders(), handler);
	}

	/**
	 * Start a STOMP connection to {@code /ws-connect}, whose upgrade carries no
	 * credential, with {@code Authorization: Bearer} in the CONNECT frame.
	 * @param token the bearer token
	 * @param handler the session handler
	 * @return the connection in progress
	 */
	public Connecting connectWithConnectFrame(String token, StompSessionHandler handler) {
		StompHeaders connectHeaders = new StompHeaders();
		connectHeaders.add(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		return connect(webSocketUri("/ws-connect"), new WebSocketHttpHeaders(), connectHeaders, handler);
	}

	/**
	 * Subscribe with a {@code receipt} header. The result completes with the subscription
	 * when the server's RECEIPT says it is live, or exceptionally with a
	 * {@link SubscriptionDeniedException} when wsauth denies it (the connection stays
	 * open).
	 * @param session the session
	 * @param destination the destination, such as {@code /topic/boards.b1}
	 * @param bodies receives the body of every message
	 * @return the subscription once live
	 */
	public CompletableFuture<StompSession.Subscription> subscribe(StompSession session, String destination,
			Consumer<String> bodies) {
		CompletableFuture<StompSession.Subscription> live = new CompletableFuture<>();
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.setReceipt("demo-receipt-" + this.receipts.incrementAndGet());
		StompSession.Subscription subscription = session.subscribe(headers, new StompFrameHandler() {

			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, @Nullable Object payload) {
				String denied = headers.getFirst(DENIED_HEADER);
				if (denied != null) {
					live.completeExceptionally(new SubscriptionDeniedException(destination, denied));
					return;
				}
				bodies.accept((payload != null) ? new String((byte[]) payload, StandardCharsets.UTF_8) : "");
			}

		});
		subscription.addReceiptTask(() -> live.complete(subscription));
		subscription.addReceiptLostTask(
				() -> live.completeExceptionally(new IllegalStateException("No RECEIPT for " + destination)));
		return live;
	}

	/**
	 * Subscribe to {@code /topic/boards.<boardId>}, send
	 * {@code /app/boards.<boardId>.join} once the subscription is live, and return the
	 * first event that arrives.
	 * @param session the session
	 * @param boardId the board id
	 * @return the event's JSON body
	 */
	public String joinBoard(StompSession session, String boardId) {
		CompletableFuture<String> first = new CompletableFuture<>();
		await(subscribe(session, "/topic/boards." + boardId, first::complete), "subscription");
		StompHeaders headers = new StompHeaders();
		headers.setDestination("/app/boards." + boardId + ".join");
		headers.setContentType(org.springframework.util.MimeTypeUtils.APPLICATION_JSON);
		session.send(headers, "{}".getBytes(StandardCharsets.UTF_8));
		return await(first, "board event");
	}

	/**
	 * Send DISCONNECT with a {@code receipt} header and close the connection. (Without a
	 * receipt, Spring's server acknowledges a DISCONNECT with an ERROR frame.)
	 * @param session the session
	 */
	public void disconnect(StompSession session) {
		StompHeaders headers = new StompHeaders();
		headers.setReceipt("demo-disconnect-" + this.receipts.incrementAndGet());
		session.disconnect(headers);
	}

	@Override
	public void close() {
		this.scheduler.shutdown();
	}

	private Connecting connect(URI uri, WebSocketHttpHeaders headers, StompHeaders connectHeaders,
			StompSessionHandler handler) {
		CompletableFuture<StompSession> connected = new CompletableFuture<>();
		this.stompClient.connectAsync(uri, headers, connectHeaders, new ConnectGuard(handler, connected))
			.whenComplete((session, failure) -> {
				if (failure != null) {
					connected.completeExceptionally(failure);
				}
				else {
					connected.complete(session);
				}
			});
		return new Connecting(connected);
	}

	private static StompSessionHandler printer(PrintStream out) {
		return new StompSessionHandlerAdapter() {

			@Override
			public void handleFrame(StompHeaders headers, @Nullable Object payload) {
				// An ERROR frame: print its generic message, never a credential.
				out.println("STOMP ERROR: " + headers.getFirst("message"));
			}

			@Override
			public void handleException(StompSession session, @Nullable StompCommand command, StompHeaders headers,
					byte[] payload, Throwable exception) {
				out.println("STOMP handling failed: " + exception.getMessage());
			}

		};
	}

	private URI uri(String path) {
		return this.base.resolve(path);
	}

	private URI webSocketUri(String pathAndQuery) {
		String scheme = "https".equals(this.base.getScheme()) ? "wss" : "ws";
		return URI.create(scheme + "://" + this.base.getRawAuthority() + pathAndQuery);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		if (!this.cookies.isEmpty()) {
			List<String> pairs = new ArrayList<>();
			this.cookies.forEach((name, value) -> pairs.add(name + "=" + value));
			request.header("Cookie", String.join("; ", pairs));
		}
		HttpResponse<String> response = exchange(request.timeout(TIMEOUT).build());
		storeCookies(response.headers().allValues("Set-Cookie"));
		return response;
	}

	private HttpResponse<String> exchange(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request to " + request.uri().getPath() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private void storeCookies(List<String> setCookies) {
		for (String setCookie : setCookies) {
			String pair = setCookie.split(";", 2)[0];
			int eq = pair.indexOf('=');
			if (eq <= 0) {
				continue;
			}
			String name = pair.substring(0, eq).trim();
			String value = pair.substring(eq + 1).trim();
			if (value.isEmpty() || setCookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
				this.cookies.remove(name);
			}
			else {
				this.cookies.put(name, value);
			}
		}
	}

	private static String field(HttpResponse<String> response, String path, String name) {
		if (response.statusCode() != 200) {
			throw new IllegalStateException(path + " answered HTTP " + response.statusCode());
		}
		Map<String, Object> body = JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() {
		});
		if (!(body.get(name) instanceof String value) || value.isEmpty()) {
			throw new IllegalStateException(path + " answered no " + name);
		}
		return value;
	}

	// A transport error may quote the URL, whose query holds the ticket.
	private static String redact(@Nullable String message) {
		return (message != null) ? TICKET_IN_URL.matcher(message).replaceAll("ticket=[redacted]") : "";
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	static <T> T await(CompletableFuture<T> future, String what) {
		try {
			return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof IllegalStateException || cause instanceof SubscriptionDeniedException) {
				throw (RuntimeException) cause;
			}
			throw new IllegalStateException(what + " failed: " + redact(cause.getMessage()));
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("No " + what + " within " + TIMEOUT, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * A STOMP connection in progress.
	 *
	 * @param session completes with the session on CONNECTED
	 */
	public record Connecting(CompletableFuture<StompSession> session) {

		/**
		 * Wait for the CONNECTED frame.
		 * @return the session
		 * @throws IllegalStateException if the upgrade or the CONNECT was refused, or
		 * nothing happened within {@link NativeClientDemo#TIMEOUT}
		 */
		public StompSession open() {
			return await(this.session, "STOMP connection");
		}

	}

	/**
	 * wsauth denied a SUBSCRIBE with a notice; the connection stays open.
	 */
	public static final class SubscriptionDeniedException extends RuntimeException {

		private final String reason;

		SubscriptionDeniedException(String destination, String reason) {
			super("Subscription to " + destination + " denied: " + reason);
			this.reason = reason;
		}

		/**
		 * Return the denial reason, such as {@code FORBIDDEN}.
		 * @return the reason
		 */
		public String reason() {
			return this.reason;
		}

	}

	/**
	 * Fails the connection as soon as the server answers the CONNECT with an ERROR frame
	 * or the transport fails before CONNECTED, instead of waiting for the timeout.
	 */
	private static final class ConnectGuard implements StompSessionHandler {

		private final StompSessionHandler delegate;

		private final CompletableFuture<StompSession> connected;

		ConnectGuard(StompSessionHandler delegate, CompletableFuture<StompSession> connected) {
			this.delegate = delegate;
			this.connected = connected;
		}

		@Override
		public void afterConnected(StompSession session, StompHeaders connectedHeaders) {
			this.delegate.afterConnected(session, connectedHeaders);
		}

		@Override
		public void handleException(StompSession session, @Nullable StompCommand command, StompHeaders headers,
				byte[] payload, Throwable exception) {
			this.delegate.handleException(session, command, headers, payload, exception);
		}

		@Override
		public void handleTransportError(StompSession session, Throwable exception) {
			this.connected.completeExceptionally(
					new IllegalStateException("Connection failed: " + exception.getClass().getSimpleName()));
			this.delegate.handleTransportError(session, exception);
		}

		@Override
		public Type getPayloadType(StompHeaders headers) {
			// ERROR bodies are passed on as bytes: SimpleMessageConverter converts
			// nothing.
			return byte[].class;
		}

		@Override
		public void handleFrame(StompHeaders headers, @Nullable Object payload) {
			// Only ERROR frames reach the session handler.
			this.connected
				.completeExceptionally(new IllegalStateException("STOMP ERROR: " + headers.getFirst("message")));
			this.delegate.handleFrame(headers, payload);
		}

	}

	private record Way(String name, ConnectionStarter starter) {

		Connecting connect() {
			return this.starter.start();
		}

	}

	@FunctionalInterface
	private interface ConnectionStarter {

		Connecting start();

	}

}
