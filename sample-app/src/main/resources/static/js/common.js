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

// Shared by the sample pages: the wsauth connection, its status display, CSRF and logout.

import { connect } from '/wsauth/wsauth-client.js';
import { attachPanel } from './panel.js';

/** Return the SPA CSRF token (the XSRF-TOKEN cookie), sent back as X-XSRF-TOKEN. */
export function csrfToken() {
	const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
	return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : '';
}

/** POST a JSON body to one of the sample's APIs, with the session and the CSRF header. */
export function postJson(path, body) {
	return fetch(path, {
		method: 'POST',
		credentials: 'same-origin',
		headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': csrfToken() },
		body: JSON.stringify(body),
	});
}

/** Log out (POST /logout with the CSRF header), then show the login page. */
export async function logout() {
	await fetch('/logout', {
		method: 'POST',
		headers: { 'X-XSRF-TOKEN': csrfToken() },
		credentials: 'same-origin',
		redirect: 'manual',
	});
	window.location.href = '/login?logout';
}

/**
 * Connect to /ws with the preflight, show the status in #status, the last failure in
 * #failure and every client event in the connection panel (#connection-log), and wire
 * the #logout button. The client is exposed as window.wsauthClient.
 */
export function startPage() {
	const client = connect({ url: '/ws', auth: true });
	window.wsauthClient = client;
	// Attached before the preflight answers, so the panel starts with it.
	attachPanel(client, document.getElementById('connection-log'));
	const status = document.getElementById('status');
	const failure = document.getElementById('failure');
	client.onStatus((value, lastFailure) => {
		status.textContent = value;
		status.dataset.status = value;
		failure.textContent = describe(value, lastFailure);
	});
	document.getElementById('logout').addEventListener('click', () => logout());
	return client;
}

function describe(status, failure) {
	if (status === 'open' || !failure) {
		return '';
	}
	if (failure.kind === 'preflight' && failure.status === 401) {
		return 'Not logged in.';
	}
	if (failure.kind === 'preflight') {
		return `Preflight answered ${failure.reason}.`;
	}
	if (failure.kind === 'close') {
		return `Socket closed (${failure.code}).`;
	}
	return `Failure: ${failure.reason}`;
}

/** Append a list item with the given text. */
export function appendItem(list, text) {
	const item = document.createElement('li');
	item.textContent = text;
	list.append(item);
	return item;
}

/**
 * Append a message of /topic/announcements or /topic/admin: {"text":…,"from":…} as
 * "text (from)", any other body as it is.
 */
export function appendBroadcast(list, body) {
	let message = null;
	try {
		message = JSON.parse(body);
	}
	catch {
		// Not JSON: a plain text announcement.
	}
	if (message && typeof message.text === 'string') {
		return appendItem(list, message.from ? `${message.text} (${message.from})` : message.text);
	}
	return appendItem(list, body);
}
