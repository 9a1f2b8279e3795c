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


// A TypeScript consumer of the package, compiled with tsc --noEmit by types.test.mjs.
// The expected errors at the end fail the compile if the declarations stop catching
// mistakes.

import {
	CloseCode,
	connect,
	ConnectionFailedError,
	describeClose,
	Status,
	SubscriptionDeniedError,
	tokenSubprotocols,
	type Failure,
	type StatusValue,
	type WsAuthClient,
	type WsAuthEvent,
} from '@wsauth/client';

const client: WsAuthClient = connect({ url: '/ws', auth: true, receiptTimeout: 5000 });
const status: StatusValue = client.status;
const closed: 4029 = CloseCode.TOO_MANY;
const { meaning, action } = describeClose(4002);
const protocols: string[] = tokenSubprotocols('token');

const stop = client.onEvent((event: WsAuthEvent) => {
	switch (event.type) {
		case 'preflight': {
			const rotated: boolean | null = event.rotated;
			return `${event.path} ${event.status} ${rotated}`;
		}
		case 'close':
			return `${event.code} ${event.reason}: ${event.meaning} ${event.action}`;
		case 'retry':
			return event.attempt + event.delay;
		case 'denied':
			return `${event.command} ${event.id ?? '-'} ${event.destination} ${event.reason}`;
		case 'failed': {
			const failure: Failure = event.failure;
			return failure.kind;
		}
		default:
			return event.at;
	}
});
stop();

const pending = client.subscribe('/topic/boards.b1', (message) => message.body, { id: 'board' });
const id: string = pending.subscription.id;
pending.then((subscription) => subscription.unsubscribe()).catch((error: unknown) => {
	if (error instanceof SubscriptionDeniedError) {
		return error.reason;
	}
	if (error instanceof ConnectionFailedError) {
		return error.failure.kind;
	}
	return null;
});
client.onStatus((value, failure) => value === Status.FAILED && failure !== null);
const sent: boolean = client.send('/app/boards.b1.typing', { typing: true });

// @ts-expect-error: not a status
const wrong: StatusValue = 'closed';
// @ts-expect-error: no such event type
client.onEvent((event) => event.type === 'opened');
// @ts-expect-error: auth is a boolean or a path
connect({ auth: 1 });

export { action, closed, id, meaning, protocols, sent, status, wrong };
