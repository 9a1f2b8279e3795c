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

// The dashboard: connection status, the user's notifications and announcements.

import { appendBroadcast, appendItem, startPage } from './common.js';

const client = startPage();
const notifications = document.getElementById('notifications');
const announcements = document.getElementById('announcements');

client.subscribe('/user/queue/notifications', (message) => {
	appendItem(notifications, JSON.parse(message.body).message);
}, { id: 'notifications' }).then(() => {
	notifications.dataset.ready = 'true';
}, () => {});

client.subscribe('/topic/announcements', (message) => {
	appendBroadcast(announcements, message.body);
}, { id: 'announcements' }).then(() => {
	announcements.dataset.ready = 'true';
}, () => {});
