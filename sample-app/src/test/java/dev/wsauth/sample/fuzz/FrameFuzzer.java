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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.user.SimpSubscription;
import org.springframework.messaging.simp.user.SimpUserRegistry;

import dev.wsauth.sample.fuzz.FrameGrammar.Script;
import dev.wsauth.sample.fuzz.RawWebSocket.Exchange;
import dev.wsauth.sample.fuzz.RawWebSocket.ServerFrame;
import dev.wsauth.sample.fuzz.StompStreamModel.Decoded;
import dev.wsauth.sample.fuzz.StompStreamModel.Denial;
import dev.wsauth.sample.fuzz.StompStreamModel.Expect;
import dev.wsauth.sample.fuzz.StompStreamModel.FrameStep;
import dev.wsauth.sample.fuzz.StompStreamModel.Outgoing;
import dev.wsauth.sample.fuzz.StompStreamModel.Plan;
import dev.wsauth.sample.fuzz.StompStreamModel.Step;
import dev.wsauth.sample.fuzz.StompStreamModel.TerminalStep;

/**
 * Runs one fuzzed connection against the server and compares everything it receives with
 * the {@link StompStreamModel}: every RECEIPT, denial notice, CONNECTED and ERROR frame,
 * the close code, and that nothing arrives for a frame after the one that ended the
 * connection. A connection the model leaves open is then checked end to end: its final
 * SUBSCRIBE is answered (the server still reads it), and a SEND it makes is broadcast in
 * its own user's name (no fuzzed frame changed who it is).
 */
final class FrameFuzzer {

	/** How long a server may take to answer or to close. */
	static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

	static final String SECRET_B2 = "SECRET-B2-";

	static final String SECRET_ADMIN = "SECRET-ADMIN-";

	static final String SECRET_BOB_QUEUE = "SECRET-BOBQ-";

	private static final int MAX_PROBLEMS_PER_CONNECTION = 6;

	private final int port;

	private final Map<String, String> cookies;

	private final String origin;

	private final SimpUserRegistry users;

	private final Set<String> secrets;

	private final AtomicInteger refused = new AtomicInteger();

	private final AtomicInteger checkedFrames = new AtomicInteger();

	/**
	 * Create a fuzzer.
	 * @param port the server port
	 * @param cookies each user's {@code Cookie} header
	 * @param origin the application's own origin
	 * @param users the application's user registry, to see whom a socket belongs to
	 * @param secrets where to add the WebSocket session ids it learns, which must never
	 * be logged
	 */
	FrameFuzzer(int port, Map<String, String> cookies, String origin, SimpUserRegistry users, Set<String> secrets) {
		this.port = port;
		this.cookies = cookies;
		this.origin = origin;
		this.users = users;
		this.secrets = secrets;
	}

	/** How many connections the server ended so far. */
	int refusedConnections() {
		return this.refused.get();
	}

	/** How many decoded frames were checked so far. */
	int checkedFrames() {
		return this.checkedFrames.get();
	}

	/**
	 * Open a socket for the script's user, send its messages and check the answers.
	 * @param script what to send
	 * @param number a number unique to this connection, for its identity checks
	 * @return the problems found, empty if none
	 */
	List<String> run(Script script, int number) {
		Report report = new Report("connection " + number + " (" + script.user() + ")");
		RawWebSocket socket = open(script.user(), report);
		if (socket == null) {
			return report.problems;
		}
		try (socket) {
			List<Outgoing> messages = script.messages();
			TerminalStep end = script.plan().strictTerminal();
			for (int i = 0; i < messages.size(); i++) {
				if (socket.isClosed()) {
					break;
				}
				if (end != null && i > end.message() && !(i == messages.size() - 1 && afterTerminal(end))) {
					// Past the frame that ends the connection only the final SUBSCRIBE
					// goes, which must go unanswered: what else a client pipelines races
					// the close.
					continue;
				}
				try {
					send(socket, messages.get(i));
				}
				catch (IOException ex) {
					// The server closed the connection: what is left goes unsent.
					break;
				}
			}
			List<ServerFrame> seen = new ArrayList<>();
			Plan plan = script.plan();
			Set<String> extraReceipts = new HashSet<>();
			if (plan.terminated()) {
				await(socket, seen, (frames) -> false, ANSWER_TIMEOUT);
			}
			else if (plan.unmodeled() || script.probe() == null) {
				await(socket, seen, (frames) -> false, Duration.ofMillis(300));
			}
			else {
				String probe = script.probe();
				// Spring sends CONNECTED from another thread than the RECEIPT, and
				// registers the session's subscriptions only once CONNECTED is out.
				await(socket, seen,
						(frames) -> hasReceipt(frames, probe)
								&& frames.stream().anyMatch((frame) -> frame.command().equals("CONNECTED")),
						ANSWER_TIMEOUT);
				if (!socket.isClosed()) {
					checkIdentity(socket, seen, script.user(), number, extraReceipts, report);
				}
				Requirements requirements = new Requirements(plan.steps());
				await(socket, seen, requirements::met, ANSWER_TIMEOUT);
			}
			int code = socket.isClosed() ? socket.closeCode(Duration.ZERO) : RawWebSocket.OPEN;
			if (code != RawWebSocket.OPEN) {
				this.refused.incrementAndGet();
			}
			evaluate(script, socket, seen, code, extraReceipts, report);
		}
		return report.problems;
	}

	/** Open a socket for {@code user} with its cookie from the application's origin. */
	@Nullable RawWebSocket open(String user, Report report) {
		try {
			Exchange exchange = RawWebSocket.upgrade(this.port, "/ws", List.of("Cookie: " + this.cookies.get(user),
					"Origin: " + this.origin, "Sec-WebSocket-Protocol: v12.stomp"));
			if (exchange.socket() == null) {
				report.add("upgrade with a valid cookie answered " + exchange.response().status());
			}
			return exchange.socket();
		}
		catch (IOException ex) {
			report.add("upgrade failed: " + ex.getClass().getSimpleName());
			return null;
		}
	}

	/**
	 * Whether a message may follow the one that ends the connection: not after the
	 * container's own closes (1007, 1009), which do not wait for the client.
	 */
	private static boolean afterTerminal(TerminalStep end) {
		return end.terminal() != StompStreamModel.Terminal.MESSAGE_TOO_BIG
				&& end.terminal() != StompStreamModel.Terminal.INVALID_UTF8;
	}

	static void send(RawWebSocket socket, Outgoing message) throws IOException {
		switch (message.kind()) {
			case BINARY -> socket.sendMessage(RawWebSocket.BINARY, message.payload());
			case FRAGMENTED -> socket.sendFragmented(message.payload(), message.cuts());
			default -> socket.sendMessage(RawWebSocket.TEXT, message.payload());
		}
	}

	private void checkIdentity(RawWebSocket socket, List<ServerFrame> seen, String user, int number,
			Set<String> extraReceipts, Report report) {
		String id = "ident-" + number;
		String typing = "ident-typing-" + number;
		extraReceipts.add(id);
		extraReceipts.add(typing);
		try {
			socket.sendText("SUBSCRIBE\nid:" + id + "\ndestination:/topic/boards.b1\nreceipt:" + id + "\n\n\0");
			if (!await(socket, seen, (frames) -> hasReceipt(frames, id), ANSWER_TIMEOUT)) {
				if (!socket.isClosed()) {
					report.add("no RECEIPT within " + ANSWER_TIMEOUT + " for a SUBSCRIBE to its own board");
				}
				return;
			}
			// Spring publishes the subscribe event (which the registry follows) after
			// handing the frame on, so the RECEIPT may come first.
			List<SimpSubscription> subscriptions = new ArrayList<>();
			long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
			while (subscriptions.isEmpty() && System.nanoTime() < deadline) {
				subscriptions.addAll(this.users.findSubscriptions((subscription) -> id.equals(subscription.getId())));
				if (subscriptions.isEmpty()) {
					sleep(Duration.ofMillis(5));
				}
			}
			if (subscriptions.isEmpty()) {
				report.add("its subscription " + id + " is not in the user registry");
			}
			for (SimpSubscription subscription : subscriptions) {
				this.secrets.add(subscription.getSession().getId());
				String owner = subscription.getSession().getUser().getName();
				if (!user.equals(owner)) {
					report.add("IDENTITY CHANGED: the user registry holds the socket as " + owner);
				}
			}
			socket.sendText("SEND\ndestination:/app/boards.b1.typing\nreceipt:" + typing
					+ "\ncontent-type:application/json\n\n{}\0");
			String self = "\"id\":\"" + user + "\"";
			boolean broadcast = await(socket, seen,
					(frames) -> hasReceipt(frames, typing) && frames.stream()
						.anyMatch((frame) -> id.equals(frame.header("subscription")) && frame.body().contains(self)),
					ANSWER_TIMEOUT);
			if (!broadcast && !socket.isClosed()) {
				report.add("no user_typing broadcast naming " + user + " (and its RECEIPT) within " + ANSWER_TIMEOUT
						+ " after a SEND /app/boards.b1.typing; got "
						+ seen.stream().filter((frame) -> id.equals(frame.header("subscription"))).count()
						+ " messages on the subscription");
			}
		}
		catch (IOException ex) {
			// closed meanwhile: the close is evaluated with the rest
		}
	}

	private void evaluate(Script script, RawWebSocket socket, List<ServerFrame> seen, int code,
			Set<String> extraReceipts, Report report) {
		Plan plan = script.plan();
		List<Step> steps = plan.steps();
		TerminalStep strict = plan.strictTerminal();
		List<String> errors = seen.stream()
			.filter((frame) -> frame.command().equals("ERROR"))
			.map((frame) -> String.valueOf(frame.header("message")))
			.toList();
		List<Step> answerable = steps;
		boolean open = code == RawWebSocket.OPEN;
		if (!open) {
			int matched = endingStep(plan, code, errors);
			if (matched < 0) {
				report.add("closed with " + code + ((socket.failure() != null) ? " (" + socket.failure() + ")" : "")
						+ " after ERROR frames " + errors + ", but "
						+ ((strict != null) ? "expected " + expectation(strict) + " for message " + strict.message()
								+ describe(script, strict.message()) : "nothing it sent called for a close")
						+ lastMessages(script));
				if (plan.unmodeled()) {
					return;
				}
			}
			else {
				answerable = answerable(steps, matched);
			}
		}
		else {
			if (strict != null) {
				report.add("still open " + ANSWER_TIMEOUT + " after " + strict.why() + " in message " + strict.message()
						+ ": expected " + expectation(strict) + "; got ERROR frames " + errors + " "
						+ describe(script, strict.message()));
			}
			else if (!errors.isEmpty()) {
				report.add("ERROR frames " + errors + " but the connection stays open");
			}
		}
		Requirements requirements = new Requirements(answerable);
		requirements.receipts.addAll(extraReceipts);
		int connected = 0;
		for (ServerFrame frame : seen) {
			switch (frame.command()) {
				case "CONNECTED" -> {
					connected++;
					String userName = frame.header("user-name");
					if (userName != null && !userName.equals(script.user())) {
						report.add("IDENTITY CHANGED: CONNECTED names " + userName);
					}
				}
				case "RECEIPT" -> {
					String receipt = frame.header("receipt-id");
					if (!plan.unmodeled() && !requirements.receipts.contains(receipt)) {
						report.add("RECEIPT " + receipt + " answers a frame that was denied, refused or came after "
								+ "the frame that ended the connection" + requirements.frameOf(receipt));
					}
				}
				case "MESSAGE" -> message(script.user(), frame, requirements, plan.unmodeled(), report);
				case "ERROR" -> {
				}
				default -> report.add("unexpected " + frame.describe());
			}
			leaks(script.user(), frame, report);
		}
		this.checkedFrames.addAndGet(answerable.size());
		if (connected > requirements.connectedAllowed) {
			report.add(connected + " CONNECTED frames for " + requirements.connectedAllowed + " CONNECT frames");
		}
		if (!open || plan.unmodeled() || strict != null) {
			return;
		}
		if (connected < requirements.connectedRequired) {
			report.add("no CONNECTED within " + ANSWER_TIMEOUT);
		}
		for (String receipt : requirements.requiredReceipts) {
			if (!hasReceipt(seen, receipt)) {
				report.add("no RECEIPT " + receipt + " within " + ANSWER_TIMEOUT + requirements.frameOf(receipt));
			}
		}
		for (Denial denial : requirements.denials) {
			report.add("no denial notice " + denial + " within " + ANSWER_TIMEOUT);
		}
	}

	private void message(String user, ServerFrame frame, Requirements requirements, boolean unmodeled, Report report) {
		String reason = frame.header("wsauth-denied");
		if (reason == null) {
			if (!DestinationRules.mayRead(user, frame.header("destination"))) {
				report.add("LEAK: MESSAGE for " + frame.header("destination") + " reached " + user + ": "
						+ frame.describe());
			}
			return;
		}
		if (!frame.body().contains("\"type\":\"denied\"") || !frame.body().contains("\"reason\":\"" + reason + "\"")) {
			report.add("denial notice whose body is not a denial: " + frame.describe());
		}
		if (unmodeled) {
			return;
		}
		Denial received = new Denial(String.valueOf(frame.header("wsauth-command")),
				String.valueOf(frame.header("subscription")), String.valueOf(frame.header("destination")), reason,
				frame.header("receipt-id"));
		if (!requirements.denials.remove(received)) {
			report.add("denial notice " + received + " does not answer any frame as the README says"
					+ requirements.closest(received));
		}
	}

	/**
	 * The leak problems a frame would be reported with on a socket of {@code user}, for a
	 * test that the check sees a leak.
	 */
	static List<String> leakProblems(String user, ServerFrame frame) {
		Report report = new Report(user);
		leaks(user, frame, report);
		if (frame.command().equals("MESSAGE") && frame.header("wsauth-denied") == null
				&& !DestinationRules.mayRead(user, frame.header("destination"))) {
			report.add("LEAK: MESSAGE for " + frame.header("destination"));
		}
		return report.problems();
	}

	private static void leaks(String user, ServerFrame frame, Report report) {
		String raw = frame.raw();
		if ((user.equals("alice") && (raw.contains(SECRET_B2) || raw.contains(SECRET_BOB_QUEUE)))
				|| raw.contains(SECRET_ADMIN)) {
			report.add("LEAK: " + user + " received a message published for someone else: " + frame.describe());
		}
	}

	/**
	 * The frames that may be answered when the server ended the connection at step
	 * {@code end}: nothing of the WebSocket message that ended it reaches the
	 * application, nor anything after it (a DISCONNECT excepted, which is processed).
	 */
	private static List<Step> answerable(List<Step> steps, int end) {
		Step last = steps.get(end);
		int message;
		if (last instanceof TerminalStep terminal) {
			message = terminal.message();
		}
		else {
			FrameStep frame = (FrameStep) last;
			if (frame.lenient() == StompStreamModel.Terminal.DISCONNECTED) {
				return steps.subList(0, end + 1);
			}
			message = frame.frame().message();
		}
		List<Step> answerable = new ArrayList<>();
		for (Step step : steps.subList(0, end)) {
			if (step instanceof FrameStep frame && frame.frame().message() < message) {
				answerable.add(step);
			}
		}
		return answerable;
	}

	/**
	 * The index of the step at which the server ended the connection with {@code code}
	 * after the given ERROR frames, the latest that fits, or -1 if none does.
	 */
	static int endingStep(Plan plan, int code, List<String> errors) {
		List<Step> steps = plan.steps();
		for (int i = steps.size() - 1; i >= 0; i--) {
			if (ends(steps.get(i), code, errors, plan.strictTerminal())) {
				return i;
			}
		}
		return -1;
	}

	private static boolean ends(Step step, int code, List<String> errors, @Nullable TerminalStep strict) {
		if (step instanceof TerminalStep terminal) {
			return terminal.terminal().accepts(code, errors)
					|| closedByContainerAfterError(terminal.terminal(), terminal.message(), code, errors, strict);
		}
		FrameStep frame = (FrameStep) step;
		return frame.lenient() != null && (frame.lenient().accepts(code, errors)
				|| closedByContainerAfterError(frame.lenient(), frame.frame().message(), code, errors, strict));
	}

	/**
	 * Whether a refusal's ERROR frame went out but the container's own close overtook
	 * wsauth's 1002: the client had already sent, after the refused message, the message
	 * that ends the plan with a container close (not UTF-8: 1007; above the message size
	 * limit: 1009). The container checks that message on its reading thread, without the
	 * application, while Spring's outbound thread writes the ERROR frame and only then
	 * closes; on a loaded machine the container reads on in between.
	 */
	private static boolean closedByContainerAfterError(StompStreamModel.Terminal terminal, int message, int code,
			List<String> errors, @Nullable TerminalStep strict) {
		if (terminal != StompStreamModel.Terminal.MALFORMED || !errors.equals(List.of("malformed frame"))
				|| strict == null || strict.message() <= message) {
			return false;
		}
		return switch (strict.terminal()) {
			case INVALID_UTF8 -> code == 1007;
			case MESSAGE_TOO_BIG -> code == 1009;
			default -> false;
		};
	}

	private static String expectation(TerminalStep step) {
		return switch (step.terminal()) {
			case MALFORMED -> "ERROR message:malformed frame, then close 1002 (" + step.why() + ")";
			case FRAME_TOO_LARGE -> "ERROR message:frame too large, then close 1009 (" + step.why() + ")";
			case MESSAGE_TOO_BIG -> "close 1009 without ERROR (" + step.why() + ")";
			case INVALID_UTF8 -> "close 1007 (" + step.why() + ")";
			default -> step.terminal() + " (" + step.why() + ")";
		};
	}

	private static String lastMessages(Script script) {
		List<Outgoing> messages = script.messages();
		StringBuilder out = new StringBuilder("; messages:");
		for (int i = Math.max(0, messages.size() - 30); i < messages.size(); i++) {
			out.append("\n      #").append(i).append(' ').append(redact(messages.get(i).describe()));
		}
		return out.toString();
	}

	private static String describe(Script script, int message) {
		if (message < 0 || message >= script.messages().size()) {
			return "";
		}
		return "\n      message #" + message + ": " + redact(script.messages().get(message).describe());
	}

	/** Keep credentials a frame carries out of failure messages. */
	static String redact(String text) {
		return text.replaceAll("(?i)(Bearer )[A-Za-z0-9._~+/=-]+", "$1<token>")
			.replaceAll("passcode:[^\\\\]*", "passcode:<password>");
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static boolean hasReceipt(List<ServerFrame> frames, String receipt) {
		return frames.stream()
			.anyMatch((frame) -> frame.command().equals("RECEIPT") && receipt.equals(frame.header("receipt-id")));
	}

	/** Collect frames until {@code done} holds, the socket closes or time runs out. */
	static boolean await(RawWebSocket socket, List<ServerFrame> seen, Predicate<List<ServerFrame>> done,
			Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!done.test(seen)) {
			long left = (deadline - System.nanoTime()) / 1_000_000;
			if (left <= 0) {
				return false;
			}
			ServerFrame frame = socket.poll(Duration.ofMillis(Math.min(left, 25)));
			if (frame != null) {
				seen.add(frame);
			}
			else if (socket.isClosed()) {
				ServerFrame rest;
				while ((rest = socket.poll(Duration.ZERO)) != null) {
					seen.add(rest);
				}
				return done.test(seen);
			}
		}
		return true;
	}

	/** What the frames before a step may and must be answered with. */
	private static final class Requirements {

		private final Set<String> receipts = new HashSet<>();

		private final Set<String> requiredReceipts = new HashSet<>();

		private final List<Denial> denials = new ArrayList<>();

		private final Map<String, Decoded> frames = new HashMap<>();

		private int connectedRequired;

		private int connectedAllowed;

		Requirements(List<Step> steps) {
			for (Step each : steps) {
				if (!(each instanceof FrameStep step)) {
					continue;
				}
				Expect expect = step.expect();
				if (expect.receipt() != null) {
					this.receipts.add(expect.receipt());
					this.requiredReceipts.add(expect.receipt());
					this.frames.put(expect.receipt(), step.frame());
				}
				if (expect.optionalReceipt() != null) {
					this.receipts.add(expect.optionalReceipt());
				}
				if (expect.denial() != null) {
					this.denials.add(expect.denial());
					if (expect.denial().receipt() != null) {
						this.frames.put(expect.denial().receipt(), step.frame());
					}
				}
				if (expect.connected()) {
					this.connectedRequired++;
				}
				if (expect.connectedAllowed()) {
					this.connectedAllowed++;
				}
			}
		}

		boolean met(List<ServerFrame> seen) {
			for (String receipt : this.requiredReceipts) {
				if (!hasReceipt(seen, receipt)) {
					return false;
				}
			}
			long notices = seen.stream().filter((frame) -> frame.header("wsauth-denied") != null).count();
			long connected = seen.stream().filter((frame) -> frame.command().equals("CONNECTED")).count();
			return notices >= this.denials.size() && connected >= this.connectedRequired;
		}

		String frameOf(@Nullable String receipt) {
			Decoded frame = (receipt != null) ? this.frames.get(receipt) : null;
			return (frame != null) ? "\n      frame: " + redact(frame.describe()) : "";
		}

		String closest(Denial received) {
			for (Denial denial : this.denials) {
				if (denial.subscription().equals(received.subscription())
						&& denial.destination().equals(received.destination())) {
					return "; expected " + denial;
				}
			}
			return frameOf(received.receipt());
		}

	}

	/** The problems found on one connection. */
	static final class Report {

		private final String name;

		private final List<String> problems = new ArrayList<>();

		Report(String name) {
			this.name = name;
		}

		void add(String problem) {
			if (this.problems.size() < MAX_PROBLEMS_PER_CONNECTION) {
				this.problems.add(this.name + ": " + problem);
			}
		}

		List<String> problems() {
			return this.problems;
		}

	}

}
