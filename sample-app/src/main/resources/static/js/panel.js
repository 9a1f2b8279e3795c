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

// The connection panel: a log of the wsauth client's events (client.onEvent), newest
// last, kept for the life of the page so that a close code is still readable after the
// client has reconnected or failed. Each entry carries data-* attributes (data-type, and
// data-code, data-reason, data-destination... as the event has them) for tests.

/** The most entries kept; older ones are dropped first. */
const MAX_ENTRIES = 500;

/**
 * Append every event of the client to the list.
 * @param client the wsauth client
 * @param list the <ol> that holds the entries
 * @returns a function that stops the logging
 */
export function attachPanel(client, list) {
	return client.onEvent((event) => {
		const entry = describeEvent(event);
		append(list, event, entry);
	});
}

function append(list, event, { tone, text, detail, data }) {
	const item = document.createElement('li');
	item.className = `log-entry log-${tone}`;
	item.dataset.type = event.type;
	item.dataset.tone = tone;
	for (const [key, value] of Object.entries(data)) {
		if (value !== undefined && value !== null) {
			item.dataset[key] = String(value);
		}
	}
	const time = document.createElement('time');
	time.dateTime = new Date(event.at).toISOString();
	time.textContent = clock(event.at);
	const label = document.createElement('span');
	label.className = 'log-type';
	label.textContent = event.type;
	const message = document.createElement('span');
	message.className = 'log-text';
	message.textContent = text;
	// The spaces keep the copied or read-aloud text apart; the layout comes from app.css.
	item.append(time, ' ', label, ' ', message);
	if (detail) {
		const more = document.createElement('span');
		more.className = 'log-detail';
		more.textContent = detail;
		item.append(' ', more);
	}
	const follow = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
	list.append(item);
	while (list.childElementCount > MAX_ENTRIES) {
		list.firstElementChild.remove();
	}
	if (follow) {
		list.scrollTop = list.scrollHeight;
	}
}

function clock(at) {
	const date = new Date(at);
	const pad = (value, width = 2) => String(value).padStart(width, '0');
	return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/**
 * The text of one event.
 * @param event a client event (see the README's "Browser client" section)
 * @returns {{tone: string, text: string, detail: (string|undefined), data: object}}
 */
export function describeEvent(event) {
	switch (event.type) {
		case 'preflight':
			return describePreflight(event);
		case 'token':
			return {
				tone: event.outcome === 'ok' ? 'ok' : 'bad',
				text: `Token function: ${event.outcome === 'ok' ? 'a token' : event.outcome === 'none' ? 'no token (not signed in)' : 'failed'}`,
				data: { outcome: event.outcome },
			};
		case 'upgrade':
			return { tone: 'info', text: `Upgrade: opening ${event.url}`, data: { url: event.url } };
		case 'open':
			return {
				tone: 'ok',
				text: `Socket open (101), subprotocol ${event.protocol || 'none'}`,
				data: { protocol: event.protocol },
			};
		case 'connected':
			return {
				tone: 'ok',
				text: `CONNECTED${event.user ? ` as ${event.user}` : ''} (STOMP ${event.version || '?'}, heart-beat ${event.heartBeat || '0,0'})`,
				data: { user: event.user, version: event.version },
			};
		case 'subscribe':
			return {
				tone: 'info',
				text: `SUBSCRIBE ${event.destination}`,
				detail: `id ${event.id}, receipt ${event.receipt}`,
				data: { id: event.id, destination: event.destination, receipt: event.receipt },
			};
		case 'receipt':
			return {
				tone: 'ok',
				text: `RECEIPT for ${event.destination}: allowed`,
				detail: `id ${event.id}`,
				data: { id: event.id, destination: event.destination },
			};
		case 'denied':
			return {
				tone: 'bad',
				text: `Denied: ${event.command} ${event.destination}: ${event.reason}`,
				detail: event.rule
					? `Decided by the rule ${event.rule}. ${deniedMeaning(event.reason)}`
					: deniedMeaning(event.reason),
				data: {
					command: event.command,
					id: event.id,
					destination: event.destination,
					reason: event.reason,
					rule: event.rule,
				},
			};
		case 'unsubscribe':
			return {
				tone: 'info',
				text: `UNSUBSCRIBE ${event.destination}`,
				detail: `id ${event.id}`,
				data: { id: event.id, destination: event.destination },
			};
		case 'receipt-timeout':
			return {
				tone: 'warn',
				text: `No RECEIPT nor denial for ${event.destination} in time`,
				detail: 'The socket is taken as half-open: reconnecting.',
				data: { id: event.id, destination: event.destination },
			};
		case 'close':
			return {
				tone: closeTone(event.code),
				text: `Closed ${event.code}${event.reason ? ` (${event.reason})` : ''}: ${event.meaning}`,
				detail: `Client: ${event.action}`,
				data: { code: event.code, reason: event.reason },
			};
		case 'retry':
			return {
				tone: 'warn',
				text: `Reconnect attempt ${event.attempt} in ${seconds(event.delay)}`,
				detail: 'Back-off: doubles each attempt up to the maximum, randomized by 25%.',
				data: { attempt: event.attempt, delay: event.delay },
			};
		case 'failed':
			return {
				tone: 'bad',
				text: `Failed: ${describeFailure(event.failure)}`,
				detail: 'The client stopped retrying. Reload the page (or log in again) to reconnect.',
				data: { kind: event.failure && event.failure.kind, code: event.failure && event.failure.code,
					status: event.failure && event.failure.status },
			};
		default:
			return { tone: 'info', text: event.type, data: {} };
	}
}

function describePreflight(event) {
	const rotation = event.rotated === true ? 'session id rotated'
		: event.rotated === false ? 'session id kept' : 'no rotation header';
	const data = { status: event.status, rotated: event.rotated, path: event.path };
	if (event.status === 0) {
		return { tone: 'bad', text: `Preflight POST ${event.path}: network error`, data };
	}
	if (event.status >= 200 && event.status < 300) {
		return { tone: 'ok', text: `Preflight POST ${event.path}: ${event.status}, ${rotation}`, data };
	}
	const meaning = event.status === 401 ? 'not logged in'
		: event.status === 403 ? 'refused (cross-site or forbidden)'
			: event.status === 429 ? 'too many requests' : 'server error';
	return { tone: 'bad', text: `Preflight POST ${event.path}: ${event.status}, ${meaning}`, data };
}

// The codes after which the client stops or needs a new login stand out; the others
// (a restart, a lost network) are followed by a reconnect.
function closeTone(code) {
	if (code === 1000) {
		return 'info';
	}
	return code === 4001 || code === 4002 || code === 4003 ? 'bad' : 'warn';
}

function deniedMeaning(reason) {
	switch (reason) {
		case 'FORBIDDEN':
			return 'The topic rules (or the default deny) refused it; the connection stays open.';
		case 'REVOKED':
			return 'Allowed before, refused when re-evaluated (a role or membership was removed); nothing more arrives on it.';
		case 'INVALID_DESTINATION':
			return 'A pattern, a non-canonical path or a broker-object prefix: refused before any rule.';
		case 'TOO_MANY_SUBSCRIPTIONS':
			return 'Over the live-subscription limit of one connection; the connection stays open.';
		case 'UNAUTHENTICATED':
			return 'The frame carried no authenticated user.';
		default:
			return 'The connection stays open.';
	}
}

function describeFailure(failure) {
	if (!failure) {
		return 'unknown';
	}
	if (failure.kind === 'preflight') {
		return failure.status === 401 ? 'not logged in (preflight 401)' : `preflight answered ${failure.reason}`;
	}
	if (failure.kind === 'close') {
		return `socket closed ${failure.code}`;
	}
	return `${failure.kind}: ${failure.reason}`;
}

function seconds(ms) {
	return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
