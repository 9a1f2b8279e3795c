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

// The admin page: send a notification to a user through POST /api/notify, publish to
// /topic/announcements or /topic/admin through POST /api/broadcast, and show what
// arrives on /topic/admin (a user who opens this page sees that subscription denied).

import { appendBroadcast, postJson, startPage } from './common.js';

const client = startPage();
const result = document.getElementById('notify-result');
const broadcastResult = document.getElementById('broadcast-result');
const adminMessages = document.getElementById('admin-messages');

client.subscribe('/topic/admin', (message) => {
	appendBroadcast(adminMessages, message.body);
}, { id: 'admin' }).then(() => {
	adminMessages.dataset.ready = 'true';
}, (error) => {
	adminMessages.dataset.denied = error.reason || 'failed';
});

document.getElementById('notify-form').addEventListener('submit', async (event) => {
	event.preventDefault();
	result.textContent = '';
	const response = await postJson('/api/notify', {
		userId: document.getElementById('notify-user').value,
		message: document.getElementById('notify-message').value,
	});
	result.textContent = response.ok ? 'sent' : `failed (${response.status})`;
});

document.getElementById('broadcast-form').addEventListener('submit', async (event) => {
	event.preventDefault();
	broadcastResult.textContent = '';
	const response = await postJson('/api/broadcast', {
		topic: document.getElementById('broadcast-topic').value,
		text: document.getElementById('broadcast-text').value,
	});
	broadcastResult.textContent = response.ok ? `published to ${(await response.json()).destination}`
		: `failed (${response.status})`;
});
