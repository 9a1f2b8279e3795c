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

package dev.wsauth.preflight;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

import dev.wsauth.handshake.OriginPolicy;
import dev.wsauth.session.AuthenticatedSession;
import dev.wsauth.session.SessionAuthenticationResolver;
import dev.wsauth.session.SessionEndedException;
import dev.wsauth.session.SessionRotationRegistry;
import dev.wsauth.socket.ExchangeObservation;
import dev.wsauth.socket.SessionRotatedEvent;
import dev.wsauth.socket.UnavailableResponse;

/**
 * Serves the pre-connect endpoint a client calls before every (re)connect. An
 * authenticated session gets 204 with its id rotated (a new session cookie on an ordinary
 * 2xx, never on the 101 that some proxies tear down) and {@value #ROTATED_HEADER}
 * {@code true}, or {@code false} when it kept its id; no session gets 401, a cross-site
 * request 403, any method but POST 405. A failing session store (such as Redis being
 * unreachable) gets 503 with {@code Retry-After}, never a 500.
 *
 * <p>
 * The endpoint runs ahead of the application's security filter chain: it needs no CSRF
 * token because it refuses cross-site requests itself, and it never redirects to a login
 * page.
 *
 * <p>
 * Rotation and concurrent tabs: a session is rotated at most once per grace period, under
 * a lock on the cookies the request presented. A request that presents the old id within
 * the grace period gets the current id back instead of a 401, so two tabs that preflight
 * at the same moment with the same cookie both end up with a working session.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class PreflightFilter extends OncePerRequestFilter {

	/**
	 * Session attribute recording when wsauth last rotated the session, in epoch
	 * milliseconds.
	 */
	public static final String ROTATED_AT_ATTRIBUTE = "dev.wsauth.ROTATED_AT";

	/**
	 * Header of the 204 telling the client whether this response changed its session id
	 * ({@code true}: rotated, or handed out a concurrent rotation's successor) or not
	 * ({@code false}: rotation off, or within the grace period). Exposed to explicitly
	 * allowed cross-origin callers.
	 */
	public static final String ROTATED_HEADER = "WsAuth-Session-Rotated";

	private static final Log logger = LogFactory.getLog(PreflightFilter.class);

	private static final int LOCK_STRIPES = 64;

	private static final String PREFLIGHT_BUSY = "Preflight busy";

	/**
	 * Name of the observation around each request to this endpoint.
	 */
	public static final String OBSERVATION_NAME = "wsauth.preflight";

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private final String path;

	private final OriginPolicy originPolicy;

	private final SessionAuthenticationResolver sessionResolver;

	private final SessionRotationRegistry rotations;

	private final ApplicationEventPublisher eventPublisher;

	private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

	private List<PreflightHook> hooks = List.of();

	private @Nullable SessionIdWriter sessionIdWriter;

	private boolean rotate = true;

	private Duration rotationGrace = Duration.ofSeconds(10);

	private long maxBodySize = 1024;

	private Clock clock = Clock.systemUTC();

	private Duration lockTimeout = Duration.ofSeconds(5);

	private Set<String> sessionCookieNames = Set.of("SESSION", "JSESSIONID");

	/**
	 * Create a filter.
	 * @param path the endpoint path within the application, such as {@code /__ws/auth}
	 * @param originPolicy the origin policy
	 * @param sessionResolver resolves the session behind a request
	 * @param rotations records rotations for the grace period
	 * @param eventPublisher publishes {@link SessionRotatedEvent}s
	 */
	public PreflightFilter(String path, OriginPolicy originPolicy, SessionAuthenticationResolver sessionResolver,
			SessionRotationRegistry rotations, ApplicationEventPublisher eventPublisher) {
		Assert.isTrue(path.startsWith("/") && path.length() > 1, "'path' must start with '/'");
		Assert.notNull(originPolicy, "'originPolicy' must not be null");
		Assert.notNull(sessionResolver, "'sessionResolver' must not be null");
		Assert.notNull(rotations, "'rotations' must not be null");
		Assert.notNull(eventPublisher, "'eventPublisher' must not be null");
		this.path = path;
		this.originPolicy = originPolicy;
		this.sessionResolver = sessionResolver;
		this.rotations = rotations;
		this.eventPublisher = eventPublisher;
		for (int i = 0; i < LOCK_STRIPES; i++) {
			this.locks[i] = new ReentrantLock();
		}
	}

	/**
	 * Set the hooks consulted before rotation, in order.
	 * @param hooks the hooks
	 */
	public void setHooks(List<PreflightHook> hooks) {
		Assert.notNull(hooks, "'hooks' must not be null");
		this.hooks = List.copyOf(hooks);
	}

	/**
	 * Set how the current id is written for a request that presented an old one. Without
	 * it, such a request still gets 204 but no cookie.
	 * @param sessionIdWriter the writer
	 */
	public void setSessionIdWriter(@Nullable SessionIdWriter sessionIdWriter) {
		this.sessionIdWriter = sessionIdWriter;
	}

	/**
	 * Set whether an authenticated preflight rotates the session id. Default
	 * {@code true}.
	 * @param rotate whether to rotate
	 */
	public void setRotate(boolean rotate) {
		this.rotate = rotate;
	}

	/**
	 * Set the grace period during which an old id still leads to its session, and within
	 * which a session is not rotated again.
	 * @param rotationGrace the grace period
	 */
	public void setRotationGrace(Duration rotationGrace) {
		Assert.notNull(rotationGrace, "'rotationGrace' must not be null");
		Assert.isTrue(!rotationGrace.isNegative(), "'rotationGrace' must not be negative");
		this.rotationGrace = rotationGrace;
	}

	/**
	 * Set the largest request body accepted, in bytes; a larger declared body is refused
	 * with 413 without being read.
	 * @param maxBodySize the limit
	 */
	public void setMaxBodySize(long maxBodySize) {
		Assert.isTrue(maxBodySize >= 0, "'maxBodySize' must not be negative");
		this.maxBodySize = maxBodySize;
	}

	/**
	 * Set the names of the cookies that carry the session id; concurrent preflights are
	 * serialized per value of these cookies. Defaults to {@code SESSION} (Spring Session)
	 * and {@code JSESSIONID} (servlet containers).
	 * @param sessionCookieNames the cookie names
	 */
	public void setSessionCookieNames(Set<String> sessionCookieNames) {
		Assert.notEmpty(sessionCookieNames, "'sessionCookieNames' must not be empty");
		this.sessionCookieNames = Set.copyOf(sessionCookieNames);
	}

	void setLockTimeout(Duration lockTimeout) {
		this.lockTimeout = lockTimeout;
	}

	void setClock(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Return the endpoint path.
	 * @return the path within the application
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Set the registry of the {@value #OBSERVATION_NAME} observation around each request.
	 * By default none.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "'observationRegistry' must not be null");
		this.observationRegistry = observationRegistry;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.path.equals(UrlPathHelper.defaultInstance.getPathWithinApplication(request));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain filterChain)
			throws ServletException, IOException {
		ExchangeObservation.observe(OBSERVATION_NAME, this.observationRegistry, response,
				() -> handle(request, response, filterChain));
	}

	private void handle(HttpServletRequest request, HttpServletResponse response, FilterChain filterChain)
			throws ServletException, IOException {
		if (!PreConnectEndpoints.admit(request, response, this.originPolicy, "Content-Type, X-Requested-With",
				ROTATED_HEADER, this.maxBodySize)) {
			return;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		List<ReentrantLock> locks = locksFor(request);
		int held = 0;
		try {
			long deadline = System.nanoTime() + this.lockTimeout.toNanos();
			for (ReentrantLock lock : locks) {
				if (!lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					// Another preflight of this session holds it: retry soon.
					UnavailableResponse.write(response, PREFLIGHT_BUSY, "1");
					return;
				}
				held++;
			}
			authenticateOrUnavailable(request, response);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			UnavailableResponse.write(response, PREFLIGHT_BUSY, "1");
		}
		finally {
			for (int i = held - 1; i >= 0; i--) {
				locks.get(i).unlock();
			}
		}
	}

	/**
	 * Return the locks to hold, in stripe order, one per session cookie value, so two
	 * requests with the same session cookie exclude each other. Other cookies are
	 * ignored: a request with many junk cookies must not lock every stripe. They are not
	 * chosen by {@code getRequestedSessionId()}, because with Spring Session that loads
	 * and caches the session: a request that loaded it before waiting would then rotate a
	 * stale copy and fork the session.
	 */
	private List<ReentrantLock> locksFor(HttpServletRequest request) {
		SortedSet<Integer> stripes = new TreeSet<>();
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (cookie.getValue() != null && this.sessionCookieNames.contains(cookie.getName())) {
					stripes.add(Math.floorMod(cookie.getValue().hashCode(), LOCK_STRIPES));
				}
			}
		}
		if (stripes.isEmpty()) {
			String requestedId = request.getRequestedSessionId();
			if (requestedId != null) {
				stripes.add(Math.floorMod(requestedId.hashCode(), LOCK_STRIPES));
			}
		}
		return stripes.stream().map((stripe) -> this.locks[stripe]).toList();
	}

	private void authenticateOrUnavailable(HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		try {
			authenticate(request, response);
		}
		catch (SessionEndedException ex) {
			// A logout won the race with this preflight: the rotated session was undone.
			sessionEnded(request, response);
		}
		catch (RuntimeException ex) {
			// A session store failure (Spring Data's DataAccessException and its kin):
			// the session may be fine, so tell the client to retry rather than to log in.
			logger.warn("Session store unavailable; answering preflight with 503 (" + ex.getClass().getName() + ")");
			logger.debug("Session store failure", ex);
			if (response.isCommitted()) {
				throw ex;
			}
			UnavailableResponse.write(response, UnavailableResponse.SESSION_STORE_UNAVAILABLE,
					UnavailableResponse.RETRY_AFTER_SECONDS);
		}
	}

	private void authenticate(HttpServletRequest request, HttpServletResponse response) throws IOException {
		AuthenticatedSession session = this.sessionResolver.resolve(request);
		if (session == null) {
			PreConnectEndpoints.finish(response, HttpServletResponse.SC_UNAUTHORIZED);
			return;
		}
		for (PreflightHook hook : this.hooks) {
			if (!hook.preflight(session.authentication(), request, response)) {
				PreConnectEndpoints.finish(response, HttpServletResponse.SC_UNAUTHORIZED);
				return;
			}
		}
		if (session.successor()) {
			if (this.sessionIdWriter != null) {
				this.sessionIdWriter.write(request, response, session.sessionId());
			}
			rotated(response, this.sessionIdWriter != null);
			PreConnectEndpoints.finish(response, HttpServletResponse.SC_NO_CONTENT);
			return;
		}
		HttpSession httpSession = request.getSession(false);
		if (!this.rotate || httpSession == null || rotatedRecently(httpSession)) {
			rotated(response, false);
			PreConnectEndpoints.finish(response, HttpServletResponse.SC_NO_CONTENT);
			return;
		}
		String oldId = httpSession.getId();
		String newId;
		try {
			newId = request.changeSessionId();
			request.getSession(false).setAttribute(ROTATED_AT_ATTRIBUTE, this.clock.millis());
		}
		catch (IllegalStateException ex) {
			// A plain servlet session invalidated by a concurrent logout.
			sessionEnded(request, response);
			return;
		}
		// Recorded before the renamed session is saved: from the save on, the old id
		// names no session, and a concurrent upgrade with it must find the successor.
		this.rotations.recordRotation(oldId, newId);
		if (this.rotations.isEnded(newId)) {
			// The family ended between the resolution and the rotation: the registry
			// ended the new id with it, and the save below would be undone.
			sessionEnded(request, response);
			return;
		}
		// Re-keys open sockets before the client can present the new id.
		this.eventPublisher.publishEvent(new SessionRotatedEvent(this, oldId, newId));
		// Committing the response makes Spring Session save the renamed session and write
		// its cookie now, inside the lock, so that a concurrent request with the old id
		// finds the rotation already done.
		rotated(response, true);
		PreConnectEndpoints.finish(response, HttpServletResponse.SC_NO_CONTENT);
		try {
			response.flushBuffer();
		}
		catch (IllegalStateException ex) {
			// The store refused to save a session deleted by a concurrent logout (Spring
			// Session Data Redis: "Session was invalidated"; wsauth's guard: an ended
			// family).
			sessionEnded(request, response);
			return;
		}
		logger.debug("Rotated session id on preflight");
	}

	private void sessionEnded(HttpServletRequest request, HttpServletResponse response) throws IOException {
		HttpSession session = request.getSession(false);
		if (session != null) {
			try {
				session.invalidate();
			}
			catch (IllegalStateException ex) {
				// already invalidated, or its family already ended
			}
		}
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		// A null value removes the header (Servlet 6): a 401 tells nothing of rotation.
		response.setHeader(ROTATED_HEADER, null);
		PreConnectEndpoints.finish(response, HttpServletResponse.SC_UNAUTHORIZED);
	}

	private static void rotated(HttpServletResponse response, boolean rotated) {
		response.setHeader(ROTATED_HEADER, Boolean.toString(rotated));
	}

	private boolean rotatedRecently(HttpSession session) {
		if (!(session.getAttribute(ROTATED_AT_ATTRIBUTE) instanceof Long rotatedAt)) {
			return false;
		}
		return this.clock.millis() - rotatedAt < this.rotationGrace.toMillis();
	}

}
