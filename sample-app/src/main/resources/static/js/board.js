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

// A board: who is typing, how many are watching, and a denial when not a member.

import { startPage } from './common.js';

const boardId = new URLSearchParams(window.location.search).get('id') || 'b1';
const client = startPage();
const typing = document.getElementById('typing');
const viewers = document.getElementById('viewers');
const denial = document.getElementById('denial');
const input = document.getElementById('message');
let typingTimer = null;
let lastTypingSent = 0;

document.getElementById('board').textContent = boardId;
document.title = `Board ${boardId}`;

function onEvent(message) {
	const event = JSON.parse(message.body);
	if (event.type === 'user_typing') {
		typing.textContent = `${event.user.name} is typing`;
		clearTimeout(typingTimer);
		typingTimer = setTimeout(() => {
			typing.textContent = '';
		}, 3000);
	}
	else if (event.type === 'user_joined') {
		viewers.textContent = String(event.viewers);
	}
}

// Denied when subscribing (FORBIDDEN), or later when an admin removes the membership
// (REVOKED): the client drops the subscription and calls onDenied either way.
function showDenial(error) {
	if (error.reason) {
		denial.textContent = `Access to board ${boardId} denied: ${error.reason}`;
		denial.dataset.reason = error.reason;
		input.disabled = true;
	}
}

client.subscribe(`/topic/boards.${boardId}`, onEvent, { id: `board-${boardId}`, onDenied: showDenial }).then(() => {
	denial.textContent = '';
	client.send(`/app/boards.${boardId}.join`, {});
	input.disabled = false;
}, showDenial);

input.addEventListener('input', () => {
	const now = Date.now();
	if (now - lastTypingSent > 1000) {
		lastTypingSent = now;
		client.send(`/app/boards.${boardId}.typing`, {});
	}
});
