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

/**
 * Browser client of wsauth: runs the preflight (POST /__ws/auth) before every socket, or
 * offers a bearer token as a WebSocket subprotocol (token mode), reconnects with backoff,
 * restores subscriptions, and reports denial notices, receipts and what happens (events).
 * Built on @stomp/stompjs.
 *
 * The npm package @wsauth/client; bundled with @stomp/stompjs into one file, it is also
 * served by every application that uses the starter at /wsauth/wsauth-client.js.
 */

import { Client as StompJsClient } from '@stomp/stompjs';

/** Connection status values. */
export const Status = Object.freeze({
	CONNECTING: 'connecting',
	OPEN: 'open',
	DISCONNECTED: 'disconnected',
	FAILED: 'failed',
});

/** WebSocket close codes used by wsauth. */
export const CloseCode = Object.freeze({
	UNAUTHENTICATED: 4001,
	SESSION_ENDED: 4002,
	FORBIDDEN: 4003,
	TOO_MANY: 4029,
});

const CLOSE_DESCRIPTIONS = Object.freeze({
	1000: ['Closed normally by the server.', 'Reconnects with back-off.'],
	1001: ['The server is going away (shutting down or restarting).', 'Reconnects with back-off.'],
	1006: ['Connection lost without a close frame (network, proxy or server crash).', 'Reconnects with back-off.'],
	1008: ['The server refused the connection by policy.', 'Reconnects with back-off.'],
	1009: ['A frame was too large for the server.', 'Reconnects with back-off.'],
	1011: ['The server hit an unexpected error.', 'Reconnects with back-off.'],
	1012: ['The server is restarting.', 'Reconnects with back-off.'],
	1013: ['The server is overloaded or could not check the credentials: try again later.',
		'Reconnects with back-off.'],
	4001: ['Not authenticated: the connection had no valid credentials.', 'Stops; log in and connect again.'],
	4002: ['Session ended: logged out or expired.', 'Runs the preflight once; logs in again if it answers 401.'],
	4003: ['Forbidden: a frame was denied in strict mode.', 'Stops; does not reconnect.'],
	4029: ['Too many connections or frames for this user.', 'Reconnects with back-off.'],
});

/**
 * What a WebSocket close code means and what this client does about it.
 * @param code the close code
 * @returns `{ meaning, action }`, two short English sentences
 */
export function describeClose(code) {
	const known = CLOSE_DESCRIPTIONS[code];
	if (known) {
		return Object.freeze({ meaning: known[0], action: known[1] });
	}
	return Object.freeze({
		meaning: `Closed with code ${code}.`,
		action: 'Reconnects with back-off.',
	});
}

/** The header of the preflight's answer telling whether it rotated the session id. */
const ROTATED_HEADER = 'WsAuth-Session-Rotated';

/** Default path of the preflight endpoint. */
export const DEFAULT_AUTH_PATH = '/__ws/auth';

/** The STOMP subprotocols offered on every socket, most preferred first. */
export const STOMP_SUBPROTOCOLS = Object.freeze(['v12.stomp', 'v11.stomp', 'v10.stomp']);

/**
 * Prefix of the subprotocol element that carries a bearer token (as Kubernetes does): a
 * browser cannot set an Authorization header on a WebSocket, but it can offer
 * subprotocols. The server selects a STOMP subprotocol, never this element.
 */
export const TOKEN_SUBPROTOCOL_PREFIX = 'base64url.bearer.authorization.k8s.io.';

/**
 * The subprotocols offered with a bearer token: the STOMP ones, then the token as
 * unpadded base64url of its UTF-8 bytes.
 * @param token the bearer token
 * @returns the subprotocol list
 */
export function tokenSubprotocols(token) {
	return [...STOMP_SUBPROTOCOLS, TOKEN_SUBPROTOCOL_PREFIX + base64Url(token)];
}

function base64Url(text) {
	const bytes = new TextEncoder().encode(text);
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return globalThis.btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// Two 4002 closes within this many milliseconds: the second one backs off.
const SESSION_ENDED_WINDOW = 10000;

const DENIED_HEADER = 'wsauth-denied';

// Sent only when the server exposes rules (wsauth.authorization.expose-rule).
const RULE_HEADER = 'wsauth-rule';

/** Rejects a subscribe() promise, and is passed to onDenied, when a SUBSCRIBE is denied. */
export class SubscriptionDeniedError extends Error {
	constructor(reason, destination, subscriptionId, rule = null) {
		super(`Subscription to ${destination} denied: ${reason}${rule ? ` (rule ${rule})` : ''}`);
		this.name = 'SubscriptionDeniedError';
		this.reason = reason;
		this.destination = destination;
		this.subscriptionId = subscriptionId;
		this.rule = rule;
	}
}

/** Rejects pending subscribe() promises when the connection fails for good. */
export class ConnectionFailedError extends Error {
	constructor(failure) {
		super(`Connection failed (${failure.kind}: ${failure.reason})`);
		this.name = 'ConnectionFailedError';
		this.failure = failure;
	}
}

// Bound once so that every client using the default fetch shares preflights (and so
// that fetch is never called with a foreign `this`, which browsers refuse).
const defaultFetch = (input, init) => globalThis.fetch(input, init);

// Preflights in flight, by fetch function and path: concurrent connect attempts share one.
const preflightsInFlight = new WeakMap();

function preflight(fetchFn, path) {
	let byPath = preflightsInFlight.get(fetchFn);
	if (!byPath) {
		byPath = new Map();
		preflightsInFlight.set(fetchFn, byPath);
	}
	let pending = byPath.get(path);
	if (!pending) {
		pending = Promise.resolve()
			.then(() => fetchFn(path, { method: 'POST', credentials: 'include' }))
			.then(
				(response) => ({ status: response.status, rotated: rotatedHeader(response) }),
				(error) => ({ status: 0, rotated: null, error }),
			)
			.finally(() => byPath.delete(path));
		byPath.set(path, pending);
	}
	return pending;
}

// true / false from the rotation header, null without it (or when a cross-origin page
// may not read it).
function rotatedHeader(response) {
	const value = response.headers && typeof response.headers.get === 'function'
		? response.headers.get(ROTATED_HEADER)
		: null;
	if (value === null || value === undefined) {
		return null;
	}
	return value.trim().toLowerCase() === 'true';
}

function reportListenerError(error) {
	if (typeof globalThis.reportError === 'function') {
		globalThis.reportError(error);
	}
	else {
		console.error(error);
	}
}

function defaultUrl(path) {
	const location = globalThis.location;
	if (!location) {
		throw new Error("'url' is required outside a browser page");
	}
	const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
	return `${scheme}//${location.host}${path}`;
}

function resolveUrl(url) {
	if (url === undefined || url === null) {
		return defaultUrl('/ws');
	}
	if (url.startsWith('/')) {
		return defaultUrl(url);
	}
	return url;
}

/**
 * A wsauth connection. Create it with {@link connect}.
 */
export class WsAuthClient {
	#url;
	#authPath;
	#token;
	#WebSocket;
	#Client;
	#fetch;
	#setTimeout;
	#clearTimeout;
	#random;
	#options;

	#status = Status.DISCONNECTED;
	#failure = null;
	#active = false;
	#generation = 0;
	#attempts = 0;

	#lastSessionEndedAt = -Infinity;
	#timer = null;
	#stomp = null;
	#connected = false;
	#nextId = 0;
	#nextReceipt = 0;
	#subscriptions = new Map();
	#receipts = new Map();
	#statusListeners = new Set();
	#denialListeners = new Set();
	#eventListeners = new Set();

	constructor(options = {}) {
		this.#options = options;
		this.#url = resolveUrl(options.url);
		this.#token = typeof options.token === 'function' ? options.token : null;
		// In token mode the token is the credential: no preflight, no cookie needed.
		this.#authPath = this.#token ? null : options.auth === true ? DEFAULT_AUTH_PATH : options.auth || null;
		this.#WebSocket = options.WebSocket || null;
		this.#Client = options.Client || StompJsClient;
		this.#fetch = options.fetch || defaultFetch;
		this.#setTimeout = options.setTimeout || ((fn, ms) => globalThis.setTimeout(fn, ms));
		this.#clearTimeout = options.clearTimeout || ((id) => globalThis.clearTimeout(id));
		this.#random = options.random || Math.random;
	}

	/** One of the {@link Status} values. */
	get status() {
		return this.#status;
	}

	/**
	 * The last failure, or null: `{kind: 'preflight', status, reason}` (reason is the
	 * HTTP status, or 'network'), `{kind: 'token', reason}` (reason is 'none' when the
	 * token function gave no token, 'error' when it failed), `{kind: 'close', code,
	 * reason}` or `{kind: 'receipt-timeout', reason}`.
	 */
	get failure() {
		return this.#failure;
	}

	/** The WebSocket URL. */
	get url() {
		return this.#url;
	}

	/**
	 * Start connecting, or restart after `failed` or `disconnect()`. Does nothing while
	 * already connecting or open.
	 * @returns this client
	 */
	connect() {
		if (this.#active) {
			return this;
		}
		this.#active = true;
		this.#attempts = 0;
		this.#attempt();
		return this;
	}

	/** Close the socket and stop reconnecting. Subscriptions are kept for a later connect(). */
	disconnect() {
		this.#active = false;
		this.#generation++;
		this.#cancelTimer();
		this.#dropSocket();
		this.#setStatus(Status.DISCONNECTED);
	}

	/**
	 * Subscribe to a destination; the subscription is restored after every reconnect.
	 * @param destination the destination, such as /topic/boards.b1
	 * @param callback called with each @stomp/stompjs message (body, headers)
	 * @param options `{id, headers, onDenied(error)}`
	 * @returns a promise resolved with `{id, destination, unsubscribe()}` when the server
	 * sent the RECEIPT, rejected with a {@link SubscriptionDeniedError} when it sent a
	 * denial notice instead. The promise also has a `subscription` property holding the
	 * same handle, available at once.
	 */
	subscribe(destination, callback, options = {}) {
		const id = options.id || `sub-${++this.#nextId}`;
		if (this.#subscriptions.has(id)) {
			throw new Error(`Subscription id ${id} is in use`);
		}
		const entry = {
			id,
			destination,
			callback,
			headers: options.headers || {},
			onDenied: options.onDenied,
			pending: null,
			receipt: null,
		};
		entry.handle = Object.freeze({ id, destination, unsubscribe: () => this.#unsubscribe(entry) });
		const promise = new Promise((resolve, reject) => {
			entry.pending = { resolve, reject };
		});
		promise.subscription = entry.handle;
		this.#subscriptions.set(id, entry);
		if (this.#connected) {
			this.#sendSubscribe(entry);
		}
		return promise;
	}

	/**
	 * Send a frame if the connection is open.
	 * @param destination the destination, such as /app/boards.b1.typing
	 * @param body a string, or a value sent as JSON
	 * @param headers extra STOMP headers
	 * @returns whether the frame was sent
	 */
	send(destination, body = '', headers = {}) {
		if (!this.#connected) {
			return false;
		}
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		this.#stomp.publish({ destination, body: text, headers });
		return true;
	}

	/**
	 * Observe the status. The listener is called at once with the current status and
	 * failure, then on each change.
	 * @returns a function that removes the listener
	 */
	onStatus(listener) {
		this.#statusListeners.add(listener);
		listener(this.#status, this.#failure);
		return () => this.#statusListeners.delete(listener);
	}

	/**
	 * Observe denial notices: `{command, subscriptionId, destination, reason}` for every
	 * denied SUBSCRIBE (also restored ones) and SEND.
	 * @returns a function that removes the listener
	 */
	onDenial(listener) {
		this.#denialListeners.add(listener);
		return () => this.#denialListeners.delete(listener);
	}

	/**
	 * Observe what the client does, as it happens: `{type, at, ...}` frozen objects for
	 * the preflight, the token, the upgrade, the socket opening, CONNECTED, every
	 * SUBSCRIBE with its RECEIPT or denial, UNSUBSCRIBE, receipt timeouts, closes (with
	 * {@link describeClose}), scheduled reconnects and the final failure.
	 * @param listener called with each event from now on
	 * @returns a function that removes the listener
	 */
	onEvent(listener) {
		this.#eventListeners.add(listener);
		return () => this.#eventListeners.delete(listener);
	}

	async #attempt() {
		const generation = ++this.#generation;
		this.#cancelTimer();
		this.#setStatus(Status.CONNECTING);
		if (this.#token) {
			const token = await this.#fetchToken();
			if (generation !== this.#generation) {
				return;
			}
			this.#emit('token', { outcome: token === null ? 'none' : token === undefined ? 'error' : 'ok' });
			if (token === null) {
				// No token: the application says the user is not signed in. Terminal.
				this.#fail({ kind: 'token', reason: 'none' });
				return;
			}
			if (token === undefined) {
				// The token function failed (the network, the token endpoint): retry.
				this.#failure = { kind: 'token', reason: 'error' };
				this.#retryLater();
				return;
			}
			this.#openSocket(generation, token);
			return;
		}
		if (this.#authPath) {
			const result = await preflight(this.#fetch, this.#authPath);
			if (generation !== this.#generation) {
				return;
			}
			this.#emit('preflight', { path: this.#authPath, status: result.status, rotated: result.rotated });
			if (result.status < 200 || result.status >= 300) {
				const failure = {
					kind: 'preflight',
					status: result.status,
					reason: result.status || 'network',
				};
				if (result.status >= 400 && result.status < 500) {
					this.#fail(failure);
				}
				else {
					this.#failure = failure;
					this.#retryLater();
				}
				return;
			}
		}
		this.#openSocket(generation, null);
	}

	// The token, null when the function gave none, undefined when it failed.
	async #fetchToken() {
		try {
			const token = await this.#token();
			return typeof token === 'string' && token.length > 0 ? token : null;
		}
		catch {
			return undefined;
		}
	}

	#openSocket(generation, token) {
		const current = () => generation === this.#generation;
		const options = this.#options;
		const WebSocketClass = this.#WebSocket || globalThis.WebSocket;
		const url = this.#url;
		const protocols = token !== null ? tokenSubprotocols(token) : [...STOMP_SUBPROTOCOLS];
		const config = {
			brokerURL: url,
			// The token rides in Sec-WebSocket-Protocol, never in the URL (URLs end up in
			// logs and histories). The factory also lets the client see the 101.
			webSocketFactory: () => {
				this.#emit('upgrade', { url });
				const socket = new WebSocketClass(url, protocols);
				if (typeof socket.addEventListener === 'function') {
					socket.addEventListener('open', () => {
						if (current()) {
							this.#emit('open', { protocol: socket.protocol || '' });
						}
					});
				}
				return socket;
			},
			connectHeaders: options.connectHeaders || {},
			reconnectDelay: 0,
			heartbeatIncoming: options.heartbeatIncoming ?? 10000,
			heartbeatOutgoing: options.heartbeatOutgoing ?? 10000,
			debug: options.debug || (() => {}),
			onConnect: (frame) => {
				if (current()) {
					this.#onConnected(frame || { headers: {} });
				}
			},
			onWebSocketClose: (event) => {
				if (current()) {
					this.#onClosed(event || {});
				}
			},
			onUnhandledMessage: (message) => {
				if (current()) {
					this.#onUnhandledMessage(message);
				}
			},
			onUnhandledReceipt: (frame) => {
				if (current()) {
					this.#onReceipt(frame.headers['receipt-id']);
				}
			},
		};
		const stomp = new this.#Client(config);
		this.#stomp = stomp;
		stomp.activate();
	}

	#onConnected(frame) {
		const headers = frame.headers || {};
		this.#emit('connected', {
			version: headers.version ?? null,
			heartBeat: headers['heart-beat'] ?? null,
			user: headers['user-name'] ?? null,
		});
		this.#connected = true;
		this.#attempts = 0;
		this.#setStatus(Status.OPEN);
		for (const entry of this.#subscriptions.values()) {
			this.#sendSubscribe(entry);
		}
	}

	#onClosed(event) {
		this.#connected = false;
		this.#receipts.clear();
		this.#dropSocket();
		const failure = { kind: 'close', code: event.code, reason: event.reason || '' };
		this.#emit('close', { code: event.code, reason: failure.reason, ...describeClose(event.code) });
		if (event.code === CloseCode.UNAUTHENTICATED || event.code === CloseCode.FORBIDDEN) {
			this.#fail(failure);
		}
		else if (event.code === CloseCode.SESSION_ENDED) {
			if (this.#authPath || this.#token) {
				// Run the preflight (or fetch a fresh token) once, now: 2xx reconnects, 4xx
				// fails, 5xx backs off. A second 4002 soon after the first goes through the
				// backoff instead, so a server that keeps ending sessions cannot drive a
				// reconnect loop.
				this.#failure = failure;
				const now = Date.now();
				const repeated = now - this.#lastSessionEndedAt < SESSION_ENDED_WINDOW;
				this.#lastSessionEndedAt = now;
				if (repeated) {
					this.#retryLater();
				}
				else {
					this.#attempt();
				}
			}
			else {
				this.#fail(failure);
			}
		}
		else {
			this.#failure = failure;
			this.#retryLater();
		}
	}

	#onUnhandledMessage(message) {
		const reason = message.headers[DENIED_HEADER];
		if (!reason) {
			return;
		}
		const entry = this.#subscriptions.get(message.headers.subscription);
		const rule = message.headers[RULE_HEADER] || null;
		if (entry) {
			this.#deny(entry, reason, rule);
			return;
		}
		const denial = {
			command: message.headers['wsauth-command'] || 'SEND',
			subscriptionId: message.headers.subscription,
			destination: message.headers.destination,
			reason,
			rule,
		};
		this.#emit('denied', {
			command: denial.command,
			id: denial.command === 'SUBSCRIBE' ? denial.subscriptionId ?? null : null,
			destination: denial.destination ?? null,
			reason,
			rule,
		});
		this.#emitDenial(denial);
	}

	#onReceipt(receiptId) {
		const entry = this.#receipts.get(receiptId);
		if (!entry) {
			return;
		}
		this.#receipts.delete(receiptId);
		this.#settleTimer(entry);
		this.#emit('receipt', { id: entry.id, destination: entry.destination });
		if (entry.pending) {
			entry.pending.resolve(entry.handle);
			entry.pending = null;
		}
	}

	#sendSubscribe(entry) {
		const receipt = `${entry.id}-receipt-${++this.#nextReceipt}`;
		entry.receipt = receipt;
		this.#receipts.set(receipt, entry);
		const generation = this.#generation;
		this.#stomp.subscribe(entry.destination, (message) => this.#deliver(entry, message),
			{ ...entry.headers, id: entry.id, receipt });
		this.#emit('subscribe', { id: entry.id, destination: entry.destination, receipt });
		const timeout = this.#options.receiptTimeout ?? 10000;
		if (timeout > 0) {
			this.#settleTimer(entry);
			entry.timer = this.#setTimeout(() => {
				entry.timer = null;
				if (generation === this.#generation && this.#receipts.get(receipt) === entry) {
					// No RECEIPT nor denial: the socket may be half-open. Reconnect.
					this.#emit('receipt-timeout', { id: entry.id, destination: entry.destination });
					this.#failure = { kind: 'receipt-timeout', reason: entry.destination };
					this.#connected = false;
					this.#receipts.clear();
					this.#generation++;
					this.#dropSocket();
					this.#retryLater();
				}
			}, timeout);
		}
	}

	#deliver(entry, message) {
		if (this.#subscriptions.get(entry.id) !== entry) {
			return;
		}
		const reason = message.headers[DENIED_HEADER];
		if (reason) {
			this.#deny(entry, reason, message.headers[RULE_HEADER] || null);
			return;
		}
		entry.callback(message);
	}

	#deny(entry, reason, rule) {
		this.#subscriptions.delete(entry.id);
		this.#receipts.delete(entry.receipt);
		this.#settleTimer(entry);
		const error = new SubscriptionDeniedError(reason, entry.destination, entry.id, rule);
		if (entry.pending) {
			entry.pending.reject(error);
			entry.pending = null;
		}
		if (entry.onDenied) {
			entry.onDenied(error);
		}
		this.#emit('denied', { command: 'SUBSCRIBE', id: entry.id, destination: entry.destination, reason, rule });
		this.#emitDenial({ command: 'SUBSCRIBE', subscriptionId: entry.id, destination: entry.destination, reason, rule });
	}

	#unsubscribe(entry) {
		if (this.#subscriptions.get(entry.id) !== entry) {
			return;
		}
		this.#subscriptions.delete(entry.id);
		this.#receipts.delete(entry.receipt);
		this.#settleTimer(entry);
		if (this.#connected) {
			this.#stomp.unsubscribe(entry.id);
		}
		this.#emit('unsubscribe', { id: entry.id, destination: entry.destination });
		if (entry.pending) {
			entry.pending.reject(new Error(`Unsubscribed from ${entry.destination} before its RECEIPT`));
			entry.pending = null;
		}
	}

	#settleTimer(entry) {
		if (entry.timer) {
			this.#clearTimeout(entry.timer);
			entry.timer = null;
		}
	}

	#retryLater() {
		this.#setStatus(Status.DISCONNECTED);
		const initial = this.#options.reconnectDelay ?? 1000;
		const max = this.#options.maxReconnectDelay ?? 30000;
		const base = Math.min(max, initial * 2 ** this.#attempts);
		const delay = Math.round(base * (0.75 + this.#random() * 0.5));
		this.#attempts++;
		this.#emit('retry', { attempt: this.#attempts, delay });
		this.#cancelTimer();
		this.#timer = this.#setTimeout(() => {
			this.#timer = null;
			if (this.#active) {
				this.#attempt();
			}
		}, delay);
	}

	#fail(failure) {
		this.#failure = failure;
		this.#active = false;
		this.#connected = false;
		this.#generation++;
		this.#cancelTimer();
		this.#dropSocket();
		const error = new ConnectionFailedError(failure);
		for (const entry of this.#subscriptions.values()) {
			this.#settleTimer(entry);
			if (entry.pending) {
				entry.pending.reject(error);
				entry.pending = null;
			}
		}
		this.#setStatus(Status.FAILED);
		this.#emit('failed', { failure });
	}

	#dropSocket() {
		const stomp = this.#stomp;
		this.#stomp = null;
		this.#connected = false;
		if (stomp) {
			Promise.resolve()
				.then(() => stomp.deactivate())
				.catch(() => {});
		}
	}

	#cancelTimer() {
		if (this.#timer !== null) {
			this.#clearTimeout(this.#timer);
			this.#timer = null;
		}
	}

	#setStatus(status) {
		if (this.#status === status) {
			return;
		}
		this.#status = status;
		for (const listener of [...this.#statusListeners]) {
			listener(status, this.#failure);
		}
	}

	#emit(type, fields) {
		if (this.#eventListeners.size === 0) {
			return;
		}
		const event = Object.freeze({ type, at: Date.now(), ...fields });
		for (const listener of [...this.#eventListeners]) {
			try {
				listener(event);
			}
			catch (error) {
				// A broken listener (a UI panel) must not break the connection: report it
				// as browsers report an uncaught error instead.
				reportListenerError(error);
			}
		}
	}

	#emitDenial(denial) {
		for (const listener of [...this.#denialListeners]) {
			listener(denial);
		}
	}
}

/**
 * Create a client and start connecting.
 * @param options `url` (ws(s) URL or path; default `/ws` on the page's host), `auth`
 * (`true` for /__ws/auth, a path, or false), `token` (a function returning a bearer
 * token or a promise of one, called before every socket; replaces the preflight),
 * `reconnectDelay` (1000 ms),
 * `maxReconnectDelay` (30000 ms), `receiptTimeout` (10000 ms, 0 to disable),
 * `connectHeaders`, `heartbeatIncoming`, `heartbeatOutgoing`, `debug`; for tests:
 * `Client` (the @stomp/stompjs Client class), `WebSocket`, `fetch`, `setTimeout`,
 * `clearTimeout`, `random`
 * @returns the {@link WsAuthClient}
 */
export function connect(options = {}) {
	return new WsAuthClient(options).connect();
}
