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


// Hand-written declarations of wsauth-client.js; test/types.test.mjs checks that they
// match its exports and compile against a consumer.

import type { Client as StompJsClient, IMessage, StompConfig, StompHeaders } from '@stomp/stompjs';

/** Connection status values. */
export declare const Status: Readonly<{
	CONNECTING: 'connecting';
	OPEN: 'open';
	DISCONNECTED: 'disconnected';
	FAILED: 'failed';
}>;

/** One of the {@link Status} values. */
export type StatusValue = (typeof Status)[keyof typeof Status];

/** WebSocket close codes used by wsauth. */
export declare const CloseCode: Readonly<{
	UNAUTHENTICATED: 4001;
	SESSION_ENDED: 4002;
	FORBIDDEN: 4003;
	TOO_MANY: 4029;
}>;

/** What a close code means and what the client does about it. */
export interface CloseDescription {
	readonly meaning: string;
	readonly action: string;
}

/** What a WebSocket close code means and what this client does about it. */
export declare function describeClose(code: number): CloseDescription;

/** Default path of the preflight endpoint. */
export declare const DEFAULT_AUTH_PATH: '/__ws/auth';

/** The STOMP subprotocols offered on every socket, most preferred first. */
export declare const STOMP_SUBPROTOCOLS: readonly ['v12.stomp', 'v11.stomp', 'v10.stomp'];

/** Prefix of the subprotocol element that carries a bearer token. */
export declare const TOKEN_SUBPROTOCOL_PREFIX: 'base64url.bearer.authorization.k8s.io.';

/** The subprotocols offered with a bearer token: the STOMP ones, then the token. */
export declare function tokenSubprotocols(token: string): string[];

/** Why the client is disconnected or failed. */
export type Failure =
	| { kind: 'preflight'; status: number; reason: number | 'network' }
	| { kind: 'token'; reason: 'none' | 'error' }
	| { kind: 'close'; code: number; reason: string }
	| { kind: 'receipt-timeout'; reason: string };

/** Rejects a subscribe() promise, and is passed to onDenied, when a SUBSCRIBE is denied. */
export declare class SubscriptionDeniedError extends Error {
	constructor(reason: string, destination: string, subscriptionId: string, rule?: string | null);
	readonly reason: string;
	readonly destination: string;
	readonly subscriptionId: string;
	/** The pattern of the rule that denied it, when the server exposes rules; otherwise null. */
	readonly rule: string | null;
}

/** Rejects pending subscribe() promises when the connection fails for good. */
export declare class ConnectionFailedError extends Error {
	constructor(failure: Failure);
	readonly failure: Failure;
}

/** A subscription handle. */
export interface Subscription {
	readonly id: string;
	readonly destination: string;
	unsubscribe(): void;
}

/** Resolved on the RECEIPT; its `subscription` is the same handle, at once. */
export interface SubscriptionPromise extends Promise<Subscription> {
	readonly subscription: Subscription;
}

/** Options of {@link WsAuthClient.subscribe}. */
export interface SubscribeOptions {
	id?: string;
	headers?: StompHeaders;
	onDenied?: (error: SubscriptionDeniedError) => void;
}

/** A denial notice, as passed to {@link WsAuthClient.onDenial}. */
export interface Denial {
	command: 'SUBSCRIBE' | 'SEND' | string;
	subscriptionId: string | undefined;
	destination: string | undefined;
	reason: string;
	/** The pattern of the rule that denied it, when the server exposes rules; otherwise null. */
	rule: string | null;
}

interface EventBase<T extends string> {
	readonly type: T;
	/** Date.now() when it happened, in ms. */
	readonly at: number;
}

/** Every event {@link WsAuthClient.onEvent} reports, by `type`. */
export type WsAuthEvent =
	| (EventBase<'preflight'> & { readonly path: string; readonly status: number; readonly rotated: boolean | null })
	| (EventBase<'token'> & { readonly outcome: 'ok' | 'none' | 'error' })
	| (EventBase<'upgrade'> & { readonly url: string })
	| (EventBase<'open'> & { readonly protocol: string })
	| (EventBase<'connected'> & {
			readonly version: string | null;
			readonly heartBeat: string | null;
			readonly user: string | null;
		})
	| (EventBase<'subscribe'> & { readonly id: string; readonly destination: string; readonly receipt: string })
	| (EventBase<'receipt'> & { readonly id: string; readonly destination: string })
	| (EventBase<'denied'> & {
			readonly command: 'SUBSCRIBE' | 'SEND' | string;
			readonly id: string | null;
			readonly destination: string | null;
			readonly reason: string;
			/** The pattern of the rule that denied it (server property wsauth.authorization.expose-rule), or null. */
			readonly rule: string | null;
		})
	| (EventBase<'unsubscribe'> & { readonly id: string; readonly destination: string })
	| (EventBase<'receipt-timeout'> & { readonly id: string; readonly destination: string })
	| (EventBase<'close'> & CloseDescription & { readonly code: number; readonly reason: string })
	| (EventBase<'retry'> & { readonly attempt: number; readonly delay: number })
	| (EventBase<'failed'> & { readonly failure: Failure });

/** The `type` of a {@link WsAuthEvent}. */
export type WsAuthEventType = WsAuthEvent['type'];

/** Options of {@link connect}. */
export interface WsAuthOptions {
	/** ws(s) URL or path; default `/ws` on the page's host. */
	url?: string;
	/** `true` for /__ws/auth, a path, or false for no preflight. */
	auth?: boolean | string;
	/** Returns a bearer token (or a promise of one) before every socket; replaces the preflight. */
	token?: () => string | null | undefined | Promise<string | null | undefined>;
	/** First back-off, ms (1000). */
	reconnectDelay?: number;
	/** Longest back-off, ms (30000). */
	maxReconnectDelay?: number;
	/** How long to wait for a RECEIPT, ms (10000; 0 to disable). */
	receiptTimeout?: number;
	connectHeaders?: StompHeaders;
	heartbeatIncoming?: number;
	heartbeatOutgoing?: number;
	debug?: (message: string) => void;
	/** For tests: the @stomp/stompjs Client class. */
	Client?: new (config: StompConfig) => Pick<StompJsClient, 'activate' | 'deactivate' | 'subscribe' | 'unsubscribe' | 'publish'>;
	/** For tests: the WebSocket class. */
	WebSocket?: new (url: string, protocols?: string | string[]) => WebSocket;
	/** For tests. */
	fetch?: (input: string, init: RequestInit) => Promise<Response>;
	/** For tests. */
	setTimeout?: (callback: () => void, ms: number) => unknown;
	/** For tests. */
	clearTimeout?: (id: unknown) => void;
	/** For tests: a number in [0, 1). */
	random?: () => number;
}

/** A wsauth connection. Create it with {@link connect}. */
export declare class WsAuthClient {
	constructor(options?: WsAuthOptions);
	/** One of the {@link Status} values. */
	readonly status: StatusValue;
	/** The last failure, or null. */
	readonly failure: Failure | null;
	/** The WebSocket URL. */
	readonly url: string;
	/** Start connecting, or restart after `failed` or `disconnect()`. */
	connect(): this;
	/** Close the socket and stop reconnecting. */
	disconnect(): void;
	/** Subscribe; restored after every reconnect. */
	subscribe(destination: string, callback: (message: IMessage) => void, options?: SubscribeOptions): SubscriptionPromise;
	/** Send a frame if the connection is open; a non-string body is sent as JSON. */
	send(destination: string, body?: unknown, headers?: StompHeaders): boolean;
	/** Observe the status: called at once, then on each change. */
	onStatus(listener: (status: StatusValue, failure: Failure | null) => void): () => void;
	/** Observe denial notices. */
	onDenial(listener: (denial: Denial) => void): () => void;
	/** Observe every event from now on. */
	onEvent(listener: (event: WsAuthEvent) => void): () => void;
}

/** Create a client and start connecting. */
export declare function connect(options?: WsAuthOptions): WsAuthClient;
