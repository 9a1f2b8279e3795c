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

// Unit tests of wsauth-client.js with a fake STOMP client, fake fetch and fake timers.
// Run with: npm test (in client/)

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
	CloseCode,
	connect,
	ConnectionFailedError,
	describeClose,
	Status,
	SubscriptionDeniedError,
	tokenSubprotocols,
} from '../src/wsauth-client.js';

/** Stands in for the browser's WebSocket: records what it was created with. */
class FakeWebSocket {
	static instances = [];

	constructor(url, protocols) {
		this.url = url;
		this.protocols = protocols;
		this.protocol = '';
		this.listeners = [];
		FakeWebSocket.instances.push(this);
	}

	addEventListener(type, listener) {
		this.listeners.push({ type, listener });
	}

	// Test driver: the 101 arrived with this subprotocol.
	opened(protocol) {
		this.protocol = protocol;
		for (const { type, listener } of this.listeners) {
			if (type === 'open') {
				listener({ type });
			}
		}
	}
}

/** Stands in for @stomp/stompjs's Client: records frames, lets a test drive callbacks. */
class FakeStompClient {
	static instances = [];

	constructor(config) {
		this.config = config;
		this.subscriptions = new Map();
		this.frames = [];
		this.activated = false;
		this.deactivated = false;
		this.connected = false;
		FakeStompClient.instances.push(this);
	}

	activate() {
		this.activated = true;
		// As @stomp/stompjs does: the socket comes from the factory when there is one.
		this.webSocket = this.config.webSocketFactory ? this.config.webSocketFactory() : null;
	}

	deactivate() {
		this.deactivated = true;
		this.connected = false;
		return Promise.resolve();
	}

	subscribe(destination, callback, headers) {
		this.subscriptions.set(headers.id, callback);
		this.frames.push({ command: 'SUBSCRIBE', destination, headers });
		return { id: headers.id, unsubscribe: () => this.unsubscribe(headers.id) };
	}

	unsubscribe(id) {
		this.subscriptions.delete(id);
		this.frames.push({ command: 'UNSUBSCRIBE', headers: { id } });
	}

	publish(params) {
		this.frames.push({ command: 'SEND', ...params });
	}

	// Test drivers

	open(headers = {}) {
		if (this.webSocket && !this.webSocket.protocol) {
			this.webSocket.opened('v12.stomp');
		}
		this.connected = true;
		this.config.onConnect({ headers });
	}

	close(code, reason = '') {
		this.connected = false;
		this.config.onWebSocketClose({ code, reason });
	}

	message(subscription, headers, body = '') {
		const allHeaders = { subscription, ...headers };
		const callback = this.subscriptions.get(subscription);
		if (callback) {
			callback({ headers: allHeaders, body });
		}
		else {
			this.config.onUnhandledMessage({ headers: allHeaders, body });
		}
	}

	receipt(receiptId) {
		this.config.onUnhandledReceipt({ headers: { 'receipt-id': receiptId } });
	}

	subscribeFrames() {
		return this.frames.filter((frame) => frame.command === 'SUBSCRIBE');
	}
}

/** A fetch whose answers the test gives one by one. */
function fakeFetch() {
	const calls = [];
	const fetch = (path, init) => {
		let answer;
		const promise = new Promise((resolve, reject) => {
			answer = { resolve, reject };
		});
		calls.push({ path, init, answer });
		return promise;
	};
	fetch.calls = calls;
	fetch.respond = async (status, headers = {}) => {
		await settle();
		const call = calls.find((c) => !c.done);
		call.done = true;
		const lowerCase = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
		call.answer.resolve({
			status,
			ok: status >= 200 && status < 300,
			headers: { get: (name) => lowerCase.get(name.toLowerCase()) ?? null },
		});
		await settle();
	};
	fetch.failNetwork = async () => {
		await settle();
		const call = calls.find((c) => !c.done);
		call.done = true;
		call.answer.reject(new TypeError('Failed to fetch'));
		await settle();
	};
	return fetch;
}

/** Timers that only fire when the test says so. */
function fakeTimers() {
	let next = 1;
	const pending = new Map();
	return {
		pending,
		setTimeout: (fn, ms) => {
			const id = next++;
			pending.set(id, { fn, ms });
			return id;
		},
		clearTimeout: (id) => pending.delete(id),
		delays: () => [...pending.values()].map((timer) => timer.ms),
		async runAll() {
			const timers = [...pending.entries()];
			pending.clear();
			for (const [, timer] of timers) {
				timer.fn();
			}
			await settle();
		},
	};
}

async function settle() {
	for (let i = 0; i < 10; i++) {
		await new Promise((resolve) => setImmediate(resolve));
	}
}

function setup(overrides = {}) {
	FakeStompClient.instances = [];
	FakeWebSocket.instances = [];
	const fetch = fakeFetch();
	const timers = fakeTimers();
	const options = {
		url: 'ws://app.test/ws',
		auth: true,
		Client: FakeStompClient,
		WebSocket: FakeWebSocket,
		fetch,
		setTimeout: timers.setTimeout,
		clearTimeout: timers.clearTimeout,
		random: () => 0.5,
		receiptTimeout: 0,
		...overrides,
	};
	const statuses = [];
	return {
		fetch,
		timers,
		statuses,
		sockets: FakeStompClient.instances,
		start() {
			const client = connect(options);
			client.onStatus((status) => statuses.push(status));
			return client;
		},
		options,
	};
}

async function openClient(overrides) {
	const env = setup(overrides);
	const client = env.start();
	await env.fetch.respond(204);
	env.sockets.at(-1).open();
	return { ...env, client };
}

test('the preflight is a credentialed POST to /__ws/auth that runs before the socket', async () => {
	const env = setup();
	const client = env.start();
	assert.equal(client.status, Status.CONNECTING);
	await settle();
	assert.equal(env.fetch.calls.length, 1);
	assert.equal(env.fetch.calls[0].path, '/__ws/auth');
	assert.deepEqual(env.fetch.calls[0].init, { method: 'POST', credentials: 'include' });
	assert.equal(env.sockets.length, 0);
	await env.fetch.respond(204);
	assert.equal(env.sockets.length, 1);
	assert.equal(env.sockets[0].config.brokerURL, 'ws://app.test/ws');
	assert.equal(env.sockets[0].config.reconnectDelay, 0);
	assert.equal(env.sockets[0].activated, true);
	env.sockets[0].open();
	assert.equal(client.status, Status.OPEN);
	assert.deepEqual(env.statuses, ['connecting', 'open']);
});

test('a custom auth path is used for the preflight', async () => {
	const env = setup({ auth: '/custom/auth' });
	env.start();
	await settle();
	assert.equal(env.fetch.calls[0].path, '/custom/auth');
});

test('without auth the socket opens without a preflight', async () => {
	const env = setup({ auth: false });
	const client = env.start();
	await settle();
	assert.equal(env.fetch.calls.length, 0);
	env.sockets[0].open();
	assert.equal(client.status, Status.OPEN);
});

test('the preflight runs again before every reconnect', async () => {
	const env = await openClient();
	env.sockets[0].close(1006);
	assert.equal(env.client.status, Status.DISCONNECTED);
	assert.deepEqual(env.client.failure, { kind: 'close', code: 1006, reason: '' });
	assert.equal(env.fetch.calls.length, 1);
	await env.timers.runAll();
	assert.equal(env.fetch.calls.length, 2);
	assert.equal(env.sockets.length, 1);
	await env.fetch.respond(204);
	assert.equal(env.sockets.length, 2);
	env.sockets[1].open();
	assert.equal(env.client.status, Status.OPEN);
	assert.equal(env.sockets[0].deactivated, true);
});

test('concurrent connect attempts share one in-flight preflight', async () => {
	const env = setup();
	const first = connect(env.options);
	const second = connect(env.options);
	await settle();
	assert.equal(env.fetch.calls.length, 1);
	await env.fetch.respond(204);
	assert.equal(env.sockets.length, 2);
	assert.equal(first.status, Status.CONNECTING);
	assert.equal(second.status, Status.CONNECTING);
	// Once settled, the next attempt gets a fresh preflight.
	connect(env.options);
	await settle();
	assert.equal(env.fetch.calls.length, 2);
});

for (const status of [401, 403]) {
	test(`a ${status} preflight is terminal: failed, the status as reason, no retries`, async () => {
		const env = setup();
		const client = env.start();
		await env.fetch.respond(status);
		assert.equal(client.status, Status.FAILED);
		assert.deepEqual(client.failure, { kind: 'preflight', status, reason: status });
		assert.equal(env.sockets.length, 0);
		assert.equal(env.timers.pending.size, 0);
		await env.timers.runAll();
		assert.equal(env.fetch.calls.length, 1);
	});
}

test('a 5xx preflight backs off and retries', async () => {
	const env = setup();
	const client = env.start();
	await env.fetch.respond(503);
	assert.equal(client.status, Status.DISCONNECTED);
	assert.deepEqual(client.failure, { kind: 'preflight', status: 503, reason: 503 });
	assert.equal(env.sockets.length, 0);
	assert.deepEqual(env.timers.delays(), [1000]);
	await env.timers.runAll();
	assert.equal(env.fetch.calls.length, 2);
	await env.fetch.respond(204);
	env.sockets[0].open();
	assert.equal(client.status, Status.OPEN);
});

test('a network error on the preflight backs off and retries', async () => {
	const env = setup();
	const client = env.start();
	await env.fetch.failNetwork();
	assert.equal(client.status, Status.DISCONNECTED);
	assert.equal(client.failure.reason, 'network');
	assert.equal(env.timers.pending.size, 1);
	await env.timers.runAll();
	assert.equal(env.fetch.calls.length, 2);
});

test('the backoff grows exponentially, is capped and has jitter', async () => {
	let random = 0;
	const env = setup({ random: () => random, reconnectDelay: 100, maxReconnectDelay: 1000 });
	env.start();
	const delays = [];
	for (let i = 0; i < 6; i++) {
		await env.fetch.respond(500);
		delays.push(...env.timers.delays());
		await env.timers.runAll();
	}
	// random() = 0 gives the lowest delay: 75% of the nominal one
	assert.deepEqual(delays, [75, 150, 300, 600, 750, 750]);
	random = 0.999999;
	await env.fetch.respond(500);
	assert.deepEqual(env.timers.delays(), [1250]);
});

test('the backoff resets after a successful connection', async () => {
	const env = setup();
	env.start();
	await env.fetch.respond(500);
	await env.timers.runAll();
	await env.fetch.respond(500);
	assert.deepEqual(env.timers.delays(), [2000]);
	await env.timers.runAll();
	await env.fetch.respond(204);
	env.sockets[0].open();
	env.sockets[0].close(1006);
	assert.deepEqual(env.timers.delays(), [1000]);
});

for (const code of [4001, 4003]) {
	test(`close code ${code} is terminal`, async () => {
		const env = await openClient();
		env.sockets[0].close(code, 'bye');
		assert.equal(env.client.status, Status.FAILED);
		assert.deepEqual(env.client.failure, { kind: 'close', code, reason: 'bye' });
		assert.equal(env.timers.pending.size, 0);
		await settle();
		assert.equal(env.fetch.calls.length, 1);
		assert.equal(env.sockets.length, 1);
	});
}

test('close code 4002 runs the preflight at once and reconnects on 204', async () => {
	const env = await openClient();
	env.sockets[0].close(4002, 'session ended');
	await settle();
	assert.equal(env.client.status, Status.CONNECTING);
	assert.equal(env.timers.pending.size, 0);
	assert.equal(env.fetch.calls.length, 2);
	await env.fetch.respond(204);
	env.sockets[1].open();
	assert.equal(env.client.status, Status.OPEN);
});

test('close code 4002 followed by a 401 preflight fails and stops', async () => {
	const env = await openClient();
	env.sockets[0].close(4002, 'session ended');
	await env.fetch.respond(401);
	assert.equal(env.client.status, Status.FAILED);
	assert.deepEqual(env.client.failure, { kind: 'preflight', status: 401, reason: 401 });
	assert.equal(env.timers.pending.size, 0);
	assert.equal(env.sockets.length, 1);
	assert.deepEqual(env.statuses, ['connecting', 'open', 'connecting', 'failed']);
});

test('a second close code 4002 soon after the first backs off instead of reconnecting at once', async () => {
	const env = await openClient();
	env.sockets[0].close(4002, 'session ended');
	await env.fetch.respond(204);
	env.sockets[1].open();
	env.sockets[1].close(4002, 'session ended');
	await settle();
	assert.equal(env.client.status, Status.DISCONNECTED);
	assert.equal(env.timers.pending.size, 1);
	assert.equal(env.fetch.calls.length, 2);
	await env.timers.runAll();
	await env.fetch.respond(204);
	assert.equal(env.sockets.length, 3);
});

test('close code 4002 without auth is terminal', async () => {
	const env = setup({ auth: false });
	const client = env.start();
	env.sockets[0].open();
	env.sockets[0].close(4002);
	assert.equal(client.status, Status.FAILED);
});

test('other close codes back off and reconnect', async () => {
	const env = await openClient();
	env.sockets[0].close(1012, 'restart');
	assert.equal(env.client.status, Status.DISCONNECTED);
	assert.equal(env.timers.pending.size, 1);
	await env.timers.runAll();
	await env.fetch.respond(204);
	assert.equal(env.sockets.length, 2);
});

test('subscribe sends a receipt header and resolves on the RECEIPT', async () => {
	const env = await openClient();
	const received = [];
	const promise = env.client.subscribe('/topic/boards.b1', (message) => received.push(message.body));
	const [frame] = env.sockets[0].subscribeFrames();
	assert.equal(frame.destination, '/topic/boards.b1');
	assert.equal(frame.headers.id, promise.subscription.id);
	assert.ok(frame.headers.receipt);
	let resolved = null;
	promise.then((subscription) => {
		resolved = subscription;
	});
	await settle();
	assert.equal(resolved, null);
	env.sockets[0].receipt(frame.headers.receipt);
	await settle();
	assert.equal(resolved, promise.subscription);
	env.sockets[0].message(frame.headers.id, {}, '{"type":"user_typing"}');
	assert.deepEqual(received, ['{"type":"user_typing"}']);
});

test('a subscription made before the connection opens is sent once connected', async () => {
	const env = setup();
	const client = env.start();
	const promise = client.subscribe('/topic/announcements', () => {}, { id: 'news' });
	await env.fetch.respond(204);
	assert.equal(env.sockets[0].subscribeFrames().length, 0);
	env.sockets[0].open();
	const [frame] = env.sockets[0].subscribeFrames();
	assert.equal(frame.headers.id, 'news');
	env.sockets[0].receipt(frame.headers.receipt);
	assert.equal((await promise).id, 'news');
});

test('a denied subscription rejects with its reason and the connection stays open', async () => {
	const env = await openClient();
	const denials = [];
	const onDenied = [];
	env.client.onDenial((denial) => denials.push(denial));
	const promise = env.client.subscribe('/topic/boards.b2', () => assert.fail('no message expected'), {
		onDenied: (error) => onDenied.push(error.reason),
	});
	const [frame] = env.sockets[0].subscribeFrames();
	env.sockets[0].message(frame.headers.id, {
		'wsauth-denied': 'FORBIDDEN',
		'wsauth-command': 'SUBSCRIBE',
		'receipt-id': frame.headers.receipt,
		destination: '/topic/boards.b2',
	});
	await assert.rejects(promise, (error) => {
		assert.ok(error instanceof SubscriptionDeniedError);
		assert.equal(error.reason, 'FORBIDDEN');
		assert.equal(error.destination, '/topic/boards.b2');
		assert.equal(error.rule, null);
		return true;
	});
	assert.deepEqual(onDenied, ['FORBIDDEN']);
	assert.deepEqual(denials, [
		{
			command: 'SUBSCRIBE',
			subscriptionId: frame.headers.id,
			destination: '/topic/boards.b2',
			reason: 'FORBIDDEN',
			rule: null,
		},
	]);
	assert.equal(env.client.status, Status.OPEN);
	assert.equal(env.sockets[0].deactivated, false);
	// A late RECEIPT for the denied subscription changes nothing.
	env.sockets[0].receipt(frame.headers.receipt);
	assert.equal(env.client.status, Status.OPEN);
});

test('an INVALID_DESTINATION denial is reported with that reason', async () => {
	const env = await openClient();
	const promise = env.client.subscribe('/topic/*', () => {});
	const [frame] = env.sockets[0].subscribeFrames();
	env.sockets[0].message(frame.headers.id, { 'wsauth-denied': 'INVALID_DESTINATION' });
	await assert.rejects(promise, { reason: 'INVALID_DESTINATION' });
});

test('a denied SEND is reported to denial listeners', async () => {
	const env = await openClient();
	const denials = [];
	env.client.onDenial((denial) => denials.push(denial));
	assert.equal(env.client.send('/app/boards.b2.typing', {}), true);
	env.sockets[0].message('wsauth-denials', {
		'wsauth-denied': 'FORBIDDEN',
		'wsauth-command': 'SEND',
		destination: '/app/boards.b2.typing',
	});
	assert.deepEqual(denials, [
		{
			command: 'SEND',
			subscriptionId: 'wsauth-denials',
			destination: '/app/boards.b2.typing',
			reason: 'FORBIDDEN',
			rule: null,
		},
	]);
	assert.equal(env.client.status, Status.OPEN);
});

test('subscriptions are restored after a reconnect, denied ones are not', async () => {
	const env = await openClient();
	const kept = env.client.subscribe('/topic/boards.b1', () => {}, { id: 'board' });
	const denied = env.client.subscribe('/topic/boards.b2', () => {}, { id: 'other' });
	const frames = env.sockets[0].subscribeFrames();
	env.sockets[0].receipt(frames[0].headers.receipt);
	env.sockets[0].message('other', { 'wsauth-denied': 'FORBIDDEN' });
	await kept;
	await assert.rejects(denied);
	env.sockets[0].close(1006);
	await env.timers.runAll();
	await env.fetch.respond(204);
	env.sockets[1].open();
	const restored = env.sockets[1].subscribeFrames();
	assert.deepEqual(restored.map((frame) => [frame.headers.id, frame.destination]), [['board', '/topic/boards.b1']]);
	assert.notEqual(restored[0].headers.receipt, frames[0].headers.receipt);
	const received = [];
	env.client.subscribe('/topic/admin', (message) => received.push(message.body), { id: 'late' });
	env.sockets[1].message('late', {}, 'x');
	assert.deepEqual(received, ['x']);
});

test('an unsubscribed destination is not restored', async () => {
	const env = await openClient();
	const promise = env.client.subscribe('/topic/boards.b1', () => {}, { id: 'board' });
	promise.subscription.unsubscribe();
	await assert.rejects(promise);
	assert.deepEqual(env.sockets[0].frames.at(-1), { command: 'UNSUBSCRIBE', headers: { id: 'board' } });
	env.sockets[0].close(1006);
	await env.timers.runAll();
	await env.fetch.respond(204);
	env.sockets[1].open();
	assert.equal(env.sockets[1].subscribeFrames().length, 0);
});

test('a missing RECEIPT forces a reconnect after the receipt timeout', async () => {
	const env = await openClient({ receiptTimeout: 5000 });
	const promise = env.client.subscribe('/topic/boards.b1', () => {}, { id: 'board' });
	assert.deepEqual(env.timers.delays(), [5000]);
	await env.timers.runAll();
	assert.equal(env.client.status, Status.DISCONNECTED);
	assert.deepEqual(env.client.failure, { kind: 'receipt-timeout', reason: '/topic/boards.b1' });
	assert.equal(env.sockets[0].deactivated, true);
	await env.timers.runAll();
	await env.fetch.respond(204);
	env.sockets[1].open();
	const [frame] = env.sockets[1].subscribeFrames();
	env.sockets[1].receipt(frame.headers.receipt);
	assert.equal((await promise).id, 'board');
});

test('pending subscriptions are rejected when the connection fails', async () => {
	const env = setup();
	const client = env.start();
	const promise = client.subscribe('/topic/boards.b1', () => {});
	const rejected = assert.rejects(promise, (error) => {
		assert.ok(error instanceof ConnectionFailedError);
		assert.equal(error.failure.status, 401);
		return true;
	});
	await env.fetch.respond(401);
	await rejected;
});

test('calling connect again after failed starts over and restores subscriptions', async () => {
	const env = setup();
	const client = env.start();
	client.subscribe('/topic/boards.b1', () => {}, { id: 'board' }).catch(() => {});
	await env.fetch.respond(401);
	assert.equal(client.status, Status.FAILED);
	client.connect();
	assert.equal(client.status, Status.CONNECTING);
	await env.fetch.respond(204);
	env.sockets[0].open();
	assert.equal(client.status, Status.OPEN);
	assert.deepEqual(env.sockets[0].subscribeFrames().map((frame) => frame.headers.id), ['board']);
});

test('disconnect closes the socket and stops reconnecting', async () => {
	const env = await openClient();
	env.client.disconnect();
	assert.equal(env.client.status, Status.DISCONNECTED);
	await settle();
	assert.equal(env.sockets[0].deactivated, true);
	env.sockets[0].close(1000);
	await env.timers.runAll();
	assert.equal(env.fetch.calls.length, 1);
	assert.equal(env.client.send('/app/x', 'y'), false);
});

test('send publishes JSON only while open', async () => {
	const env = setup();
	const client = env.start();
	assert.equal(client.send('/app/boards.b1.typing', {}), false);
	await env.fetch.respond(204);
	env.sockets[0].open();
	assert.equal(client.send('/app/boards.b1.typing', { a: 1 }), true);
	assert.deepEqual(env.sockets[0].frames.at(-1), {
		command: 'SEND',
		destination: '/app/boards.b1.typing',
		body: '{"a":1}',
		headers: {},
	});
});

test('callbacks of a replaced socket are ignored', async () => {
	const env = await openClient();
	env.sockets[0].close(1006);
	await env.timers.runAll();
	await env.fetch.respond(204);
	env.sockets[1].open();
	env.sockets[0].close(4003);
	assert.equal(env.client.status, Status.OPEN);
});

// Token mode: the bearer token is offered as a Sec-WebSocket-Protocol element.

/** A token function handing out token-1, token-2, ... and counting its calls. */
function tokenSource(tokens = (n) => `token-${n}`) {
	const source = async () => tokens(++source.calls);
	source.calls = 0;
	return source;
}

function tokenSetup(token, overrides = {}) {
	return setup({ token, ...overrides });
}

/** The WebSocket the fake STOMP client opened through the client's factory. */
function webSocketOf(stomp) {
	assert.ok(stomp.webSocket instanceof FakeWebSocket);
	return stomp.webSocket;
}

test('tokenSubprotocols lists the STOMP subprotocols then the token as unpadded base64url', () => {
	// base64 of these UTF-8 bytes is "w78+w7/DqQ==": '+', '/' and padding all occur.
	assert.deepEqual(tokenSubprotocols('\u00ff>\u00ff\u00e9'), [
		'v12.stomp',
		'v11.stomp',
		'v10.stomp',
		'base64url.bearer.authorization.k8s.io.w78-w7_DqQ',
	]);
	const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln';
	assert.equal(tokenSubprotocols(jwt)[3],
		`base64url.bearer.authorization.k8s.io.${Buffer.from(jwt, 'utf8').toString('base64url')}`);
	assert.doesNotMatch(tokenSubprotocols(jwt)[3], /[=+/]/);
});

test('token mode offers the token as a subprotocol beside the STOMP ones, without a preflight', async () => {
	const token = tokenSource(() => 'abc.def.ghi');
	const env = tokenSetup(token, { auth: true });
	const client = env.start();
	await settle();
	assert.equal(token.calls, 1);
	assert.equal(env.fetch.calls.length, 0);
	assert.equal(env.sockets.length, 1);
	const webSocket = webSocketOf(env.sockets[0]);
	assert.equal(webSocket.url, 'ws://app.test/ws');
	assert.deepEqual(webSocket.protocols, [
		'v12.stomp',
		'v11.stomp',
		'v10.stomp',
		'base64url.bearer.authorization.k8s.io.YWJjLmRlZi5naGk',
	]);
	env.sockets[0].open();
	assert.equal(client.status, Status.OPEN);
});

test('token mode never puts the token in the URL', async () => {
	const env = tokenSetup(tokenSource(() => 'secret-token'), { url: 'ws://app.test/ws?x=1' });
	env.start();
	await settle();
	const webSocket = webSocketOf(env.sockets[0]);
	assert.equal(env.sockets[0].config.brokerURL, 'ws://app.test/ws?x=1');
	assert.equal(webSocket.url, 'ws://app.test/ws?x=1');
	assert.doesNotMatch(webSocket.url, /secret|c2VjcmV0/);
	assert.deepEqual(env.sockets[0].config.connectHeaders, {});
});

test('a promise returned by the token function is awaited before the socket opens', async () => {
	let release;
	const token = () => new Promise((resolve) => {
		release = resolve;
	});
	const env = tokenSetup(token);
	const client = env.start();
	await settle();
	assert.equal(env.sockets.length, 0);
	assert.equal(client.status, Status.CONNECTING);
	release('late-token');
	await settle();
	assert.equal(env.sockets.length, 1);
	assert.match(webSocketOf(env.sockets[0]).protocols[3], /^base64url\.bearer\.authorization\.k8s\.io\./);
});

test('the token function is called again before every reconnect', async () => {
	const token = tokenSource();
	const env = tokenSetup(token);
	const client = env.start();
	await settle();
	env.sockets[0].open();
	env.sockets[0].close(1006);
	assert.equal(client.status, Status.DISCONNECTED);
	assert.equal(token.calls, 1);
	await env.timers.runAll();
	assert.equal(token.calls, 2);
	assert.equal(env.sockets.length, 2);
	assert.equal(webSocketOf(env.sockets[1]).protocols[3],
		`base64url.bearer.authorization.k8s.io.${Buffer.from('token-2').toString('base64url')}`);
});

test('close code 4002 fetches a fresh token at once and reconnects with it', async () => {
	const token = tokenSource();
	const env = tokenSetup(token);
	const client = env.start();
	await settle();
	env.sockets[0].open();
	env.sockets[0].close(4002, 'credentials expired');
	await settle();
	assert.equal(env.timers.pending.size, 0);
	assert.equal(token.calls, 2);
	assert.equal(env.sockets.length, 2);
	assert.equal(webSocketOf(env.sockets[1]).protocols[3],
		`base64url.bearer.authorization.k8s.io.${Buffer.from('token-2').toString('base64url')}`);
	env.sockets[1].open();
	assert.equal(client.status, Status.OPEN);
	assert.equal(env.fetch.calls.length, 0);
});

test('a second close code 4002 soon after the first backs off before fetching a token', async () => {
	const token = tokenSource();
	const env = tokenSetup(token);
	const client = env.start();
	await settle();
	env.sockets[0].open();
	env.sockets[0].close(4002);
	await settle();
	env.sockets[1].open();
	env.sockets[1].close(4002);
	await settle();
	assert.equal(client.status, Status.DISCONNECTED);
	assert.equal(token.calls, 2);
	assert.equal(env.timers.pending.size, 1);
	await env.timers.runAll();
	assert.equal(token.calls, 3);
	assert.equal(env.sockets.length, 3);
});

for (const code of [4001, 4003]) {
	test(`close code ${code} stays terminal in token mode`, async () => {
		const token = tokenSource();
		const env = tokenSetup(token);
		const client = env.start();
		await settle();
		env.sockets[0].open();
		env.sockets[0].close(code);
		await settle();
		assert.equal(client.status, Status.FAILED);
		assert.deepEqual(client.failure, { kind: 'close', code, reason: '' });
		assert.equal(token.calls, 1);
		assert.equal(env.timers.pending.size, 0);
	});
}

test('a token function that gives no token fails the client', async () => {
	for (const none of [null, undefined, '']) {
		const env = tokenSetup(async () => none);
		const client = env.start();
		await settle();
		assert.equal(client.status, Status.FAILED);
		assert.deepEqual(client.failure, { kind: 'token', reason: 'none' });
		assert.equal(env.sockets.length, 0);
		assert.equal(env.timers.pending.size, 0);
	}
});

test('a token function that fails backs off and retries', async () => {
	let calls = 0;
	const env = tokenSetup(async () => {
		calls++;
		if (calls === 1) {
			throw new TypeError('Failed to fetch');
		}
		return 'token-after-retry';
	});
	const client = env.start();
	await settle();
	assert.equal(client.status, Status.DISCONNECTED);
	assert.deepEqual(client.failure, { kind: 'token', reason: 'error' });
	assert.equal(env.sockets.length, 0);
	assert.deepEqual(env.timers.delays(), [1000]);
	await env.timers.runAll();
	assert.equal(calls, 2);
	assert.equal(env.sockets.length, 1);
});

test('cookie mode opens the socket on the URL offering only the STOMP subprotocols', async () => {
	const env = await openClient();
	const webSocket = webSocketOf(env.sockets[0]);
	assert.equal(webSocket.url, 'ws://app.test/ws');
	assert.deepEqual(webSocket.protocols, ['v12.stomp', 'v11.stomp', 'v10.stomp']);
	assert.equal(FakeWebSocket.instances.length, 1);
});

// Events: what the client does, as it happens (for a connection panel).

/** Records the client's events; strips `at` after checking it, for deepEqual. */
function recordEvents(client) {
	const events = [];
	client.onEvent((event) => {
		assert.ok(Object.isFrozen(event));
		assert.equal(typeof event.at, 'number');
		const { at, ...rest } = event;
		events.push(rest);
	});
	return events;
}

function ofType(events, ...types) {
	return events.filter((event) => types.includes(event.type));
}

test('the preflight event carries the path, the status and whether the session id rotated', async () => {
	const env = setup({ auth: '/custom/auth' });
	const client = env.start();
	const events = recordEvents(client);
	await env.fetch.respond(204, { 'WsAuth-Session-Rotated': 'true' });
	env.sockets[0].close(1006);
	await env.timers.runAll();
	await env.fetch.respond(204, { 'wsauth-session-rotated': 'false' });
	env.sockets[1].close(1006);
	await env.timers.runAll();
	await env.fetch.respond(204);
	env.sockets[2].close(1006);
	await env.timers.runAll();
	await env.fetch.failNetwork();
	await env.timers.runAll();
	await env.fetch.respond(401);
	assert.deepEqual(ofType(events, 'preflight'), [
		{ type: 'preflight', path: '/custom/auth', status: 204, rotated: true },
		{ type: 'preflight', path: '/custom/auth', status: 204, rotated: false },
		{ type: 'preflight', path: '/custom/auth', status: 204, rotated: null },
		{ type: 'preflight', path: '/custom/auth', status: 0, rotated: null },
		{ type: 'preflight', path: '/custom/auth', status: 401, rotated: null },
	]);
});

test('the token event tells whether the token function gave a token, none or failed', async () => {
	let calls = 0;
	const answers = [async () => 'a-token', async () => {
		throw new TypeError('Failed to fetch');
	}, async () => null];
	const env = tokenSetup(() => answers[calls++]());
	const client = env.start();
	const events = recordEvents(client);
	await settle();
	env.sockets[0].open();
	env.sockets[0].close(1006);
	await env.timers.runAll();
	await env.timers.runAll();
	assert.deepEqual(ofType(events, 'token'), [
		{ type: 'token', outcome: 'ok' },
		{ type: 'token', outcome: 'error' },
		{ type: 'token', outcome: 'none' },
	]);
	assert.equal(client.status, Status.FAILED);
});

test('upgrade, open and connected events follow the socket from the URL to STOMP CONNECTED', async () => {
	const env = setup();
	const client = env.start();
	const events = recordEvents(client);
	await env.fetch.respond(204);
	webSocketOf(env.sockets[0]).opened('v12.stomp');
	env.sockets[0].open({ version: '1.2', 'heart-beat': '10000,10000', 'user-name': 'alice' });
	assert.deepEqual(events, [
		{ type: 'preflight', path: '/__ws/auth', status: 204, rotated: null },
		{ type: 'upgrade', url: 'ws://app.test/ws' },
		{ type: 'open', protocol: 'v12.stomp' },
		{ type: 'connected', version: '1.2', heartBeat: '10000,10000', user: 'alice' },
	]);
});

test('the connected event has a null user when CONNECTED names none', async () => {
	const env = setup({ auth: false });
	const client = env.start();
	const events = recordEvents(client);
	await settle();
	env.sockets[0].open({ version: '1.2' });
	assert.deepEqual(ofType(events, 'connected'), [
		{ type: 'connected', version: '1.2', heartBeat: null, user: null },
	]);
});

test('subscribe and receipt events report an allowed subscription, also when restored', async () => {
	const env = await openClient();
	const events = recordEvents(env.client);
	env.client.subscribe('/topic/boards.b1', () => {}, { id: 'board' });
	const [first] = env.sockets[0].subscribeFrames();
	env.sockets[0].receipt(first.headers.receipt);
	env.sockets[0].close(1006);
	await env.timers.runAll();
	await env.fetch.respond(204);
	env.sockets[1].open();
	const [restored] = env.sockets[1].subscribeFrames();
	env.sockets[1].receipt(restored.headers.receipt);
	assert.deepEqual(ofType(events, 'subscribe', 'receipt'), [
		{ type: 'subscribe', id: 'board', destination: '/topic/boards.b1', receipt: first.headers.receipt },
		{ type: 'receipt', id: 'board', destination: '/topic/boards.b1' },
		{ type: 'subscribe', id: 'board', destination: '/topic/boards.b1', receipt: restored.headers.receipt },
		{ type: 'receipt', id: 'board', destination: '/topic/boards.b1' },
	]);
});

test('denied events report a denied SUBSCRIBE, a revoked subscription and a denied SEND with their reasons', async () => {
	const env = await openClient();
	const events = recordEvents(env.client);
	env.client.subscribe('/topic/boards.b2', () => {}, { id: 'b2' }).catch(() => {});
	env.sockets[0].message('b2', { 'wsauth-denied': 'FORBIDDEN', 'wsauth-command': 'SUBSCRIBE' });
	env.client.subscribe('/topic/boards.b1', () => {}, { id: 'b1' });
	env.sockets[0].receipt(env.sockets[0].subscribeFrames()[1].headers.receipt);
	env.sockets[0].message('b1', { 'wsauth-denied': 'REVOKED', 'wsauth-command': 'SUBSCRIBE' });
	env.client.send('/app/boards.b2.typing', {});
	env.sockets[0].message('wsauth-denials', {
		'wsauth-denied': 'UNKNOWN_DESTINATION',
		'wsauth-command': 'SEND',
		destination: '/app/boards.b2.typing',
	});
	assert.deepEqual(ofType(events, 'denied'), [
		{ type: 'denied', command: 'SUBSCRIBE', id: 'b2', destination: '/topic/boards.b2', reason: 'FORBIDDEN', rule: null },
		{ type: 'denied', command: 'SUBSCRIBE', id: 'b1', destination: '/topic/boards.b1', reason: 'REVOKED', rule: null },
		{
			type: 'denied',
			command: 'SEND',
			id: null,
			destination: '/app/boards.b2.typing',
			reason: 'UNKNOWN_DESTINATION',
			rule: null,
		},
	]);
	assert.equal(env.client.status, Status.OPEN);
});

test('a denial names the rule that denied it when the server exposes rules', async () => {
	const env = await openClient();
	const events = recordEvents(env.client);
	const denials = [];
	env.client.onDenial((denial) => denials.push(denial));
	const promise = env.client.subscribe('/topic/boards.b2', () => {}, { id: 'b2' });
	env.sockets[0].message('b2', {
		'wsauth-denied': 'FORBIDDEN',
		'wsauth-command': 'SUBSCRIBE',
		'wsauth-rule': '/topic/boards.{boardId}',
	});
	await assert.rejects(promise, (error) => {
		assert.equal(error.rule, '/topic/boards.{boardId}');
		assert.match(error.message, /denied: FORBIDDEN \(rule \/topic\/boards\.\{boardId\}\)/);
		return true;
	});
	assert.equal(ofType(events, 'denied')[0].rule, '/topic/boards.{boardId}');
	assert.equal(denials[0].rule, '/topic/boards.{boardId}');
});

test('the unsubscribe event reports the application unsubscribing', async () => {
	const env = await openClient();
	const events = recordEvents(env.client);
	const promise = env.client.subscribe('/topic/boards.b1', () => {}, { id: 'board' });
	env.sockets[0].receipt(env.sockets[0].subscribeFrames()[0].headers.receipt);
	(await promise).unsubscribe();
	assert.deepEqual(ofType(events, 'unsubscribe'), [
		{ type: 'unsubscribe', id: 'board', destination: '/topic/boards.b1' },
	]);
});

test('a receipt-timeout event precedes the reconnect it causes', async () => {
	const env = await openClient({ receiptTimeout: 5000 });
	const events = recordEvents(env.client);
	env.client.subscribe('/topic/boards.b1', () => {}, { id: 'board' });
	await env.timers.runAll();
	assert.deepEqual(ofType(events, 'receipt-timeout', 'retry'), [
		{ type: 'receipt-timeout', id: 'board', destination: '/topic/boards.b1' },
		{ type: 'retry', attempt: 1, delay: 1000 },
	]);
});

test('close events carry the code, the reason and what the code means', async () => {
	const env = await openClient();
	const events = recordEvents(env.client);
	env.sockets[0].close(4002, 'session ended');
	await env.fetch.respond(204);
	env.sockets[1].open();
	env.sockets[1].close(1006);
	assert.deepEqual(ofType(events, 'close'), [
		{ type: 'close', code: 4002, reason: 'session ended', ...describeClose(4002) },
		{ type: 'close', code: 1006, reason: '', ...describeClose(1006) },
	]);
	assert.equal(ofType(events, 'close')[0].meaning, 'Session ended: logged out or expired.');
});

test('retry events count the attempts and carry the back-off actually chosen', async () => {
	const randoms = [0, 1, 0.5];
	const env = setup({ random: () => randoms.shift() });
	const client = env.start();
	const events = recordEvents(client);
	await env.fetch.respond(503);
	await env.timers.runAll();
	await env.fetch.respond(503);
	await env.timers.runAll();
	await env.fetch.respond(503);
	assert.deepEqual(ofType(events, 'retry'), [
		{ type: 'retry', attempt: 1, delay: 750 },
		{ type: 'retry', attempt: 2, delay: 2500 },
		{ type: 'retry', attempt: 3, delay: 4000 },
	]);
	assert.deepEqual(env.timers.delays(), [4000]);
});

test('the failed event carries the client failure when the client stops for good', async () => {
	const env = await openClient();
	const events = recordEvents(env.client);
	env.sockets[0].close(4003, 'forbidden');
	const failed = ofType(events, 'failed');
	assert.equal(failed.length, 1);
	assert.equal(failed[0].failure, env.client.failure);
	assert.deepEqual(failed[0].failure, { kind: 'close', code: 4003, reason: 'forbidden' });
	assert.equal(events.at(-1).type, 'failed');
});

test('onEvent returns a function that removes the listener', async () => {
	const env = setup();
	const client = env.start();
	const events = [];
	const remove = client.onEvent((event) => events.push(event.type));
	await env.fetch.respond(204);
	remove();
	env.sockets[0].open();
	assert.deepEqual(events, ['preflight', 'upgrade']);
});

test('a listener that throws does not stop the client or the other listeners', async () => {
	const env = setup();
	const client = env.start();
	const reported = [];
	const original = console.error;
	console.error = (error) => reported.push(error.message);
	try {
		client.onEvent(() => {
			throw new Error('broken panel');
		});
		const events = recordEvents(client);
		await env.fetch.respond(204);
		env.sockets[0].open();
		assert.deepEqual(events.map((event) => event.type), ['preflight', 'upgrade', 'open', 'connected']);
		assert.equal(client.status, Status.OPEN);
	}
	finally {
		console.error = original;
	}
	assert.deepEqual(reported, ['broken panel', 'broken panel', 'broken panel', 'broken panel']);
});

test('CloseCode.TOO_MANY is 4029 and backs off like a lost connection', async () => {
	assert.equal(CloseCode.TOO_MANY, 4029);
	const env = await openClient();
	env.sockets[0].close(CloseCode.TOO_MANY, 'too many frames');
	assert.equal(env.client.status, Status.DISCONNECTED);
	assert.deepEqual(env.timers.delays(), [1000]);
	assert.deepEqual(describeClose(4029).action, describeClose(1006).action);
});

test('describeClose explains every close code wsauth and browsers use, and any other generically', () => {
	assert.deepEqual(describeClose(4002), {
		meaning: 'Session ended: logged out or expired.',
		action: 'Runs the preflight once; logs in again if it answers 401.',
	});
	const known = [1000, 1001, 1006, 1008, 1009, 1011, 1012, 1013, 4001, 4002, 4003, 4029];
	const meanings = new Set();
	for (const code of known) {
		const { meaning, action } = describeClose(code);
		assert.match(meaning, /^[A-Z].*\.$/, `meaning of ${code}`);
		assert.match(action, /^[A-Z].*\.$/, `action of ${code}`);
		meanings.add(meaning);
	}
	assert.equal(meanings.size, known.length);
	assert.match(describeClose(4003).action, /not reconnect/);
	assert.match(describeClose(4001).action, /log in/);
	const other = describeClose(4999);
	assert.equal(other.meaning, 'Closed with code 4999.');
	assert.equal(other.action, 'Reconnects with back-off.');
	assert.ok(Object.isFrozen(other));
});
