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


// npm pack produces a tarball that installs into an empty project and imports under Node
// with its @stomp/stompjs dependency. The install is offline and needs no registry
// metadata: npm ci caches only abbreviated packuments, while installing a tarball asks for
// the full one, so the locked @stomp/stompjs is offered as a tarball packed from
// node_modules. A dependency the package declares differently would still need the
// registry and fail.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function npm(args, cwd) {
	return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

test('npm pack makes a tarball of the module, its declarations and metadata only', () => {
	const [packed] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'], root));
	assert.equal(packed.name, '@wsauth/client');
	assert.deepEqual(packed.files.map((file) => file.path).sort(),
		['LICENSE', 'README.md', 'package.json', 'src/wsauth-client.d.ts', 'src/wsauth-client.js']);
});

test('the packed tarball installs into an empty project and imports under Node', (t) => {
	const work = mkdtempSync(join(tmpdir(), 'wsauth-client-pack-'));
	t.after(() => rmSync(work, { recursive: true, force: true }));
	const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], root));
	const app = join(work, 'app');
	execFileSync('mkdir', [app]);
	writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
	const [stomp] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work],
		join(root, 'node_modules/@stomp/stompjs')));
	npm(['install', join(work, stomp.filename), join(work, packed.filename), '--offline', '--no-audit', '--no-fund'],
		app);
	const installed = JSON.parse(readFileSync(join(app, 'node_modules/@stomp/stompjs/package.json'), 'utf8'));
	assert.equal(installed.version, pkg.dependencies['@stomp/stompjs']);
	const client = JSON.parse(readFileSync(join(app, 'node_modules/@wsauth/client/package.json'), 'utf8'));
	assert.deepEqual(client.dependencies, { '@stomp/stompjs': pkg.dependencies['@stomp/stompjs'] });
	const script = `
		import { connect, describeClose, CloseCode, WsAuthClient } from '@wsauth/client';
		import { Client } from '@stomp/stompjs';
		const client = connect({ url: 'ws://localhost:1/ws', auth: false, WebSocket: class {} });
		client.disconnect();
		console.log(JSON.stringify({
			client: client instanceof WsAuthClient,
			status: client.status,
			tooMany: CloseCode.TOO_MANY,
			meaning: describeClose(4002).meaning,
			stomp: typeof Client,
		}));`;
	const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' });
	assert.deepEqual(JSON.parse(output), {
		client: true,
		status: 'disconnected',
		tooMany: 4029,
		meaning: 'Session ended: logged out or expired.',
		stomp: 'function',
	});
});
