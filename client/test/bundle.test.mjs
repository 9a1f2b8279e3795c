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


// The build bundles the client and @stomp/stompjs into one self-contained, minified ESM
// file with the same exports as the source.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

test('the build writes one minified ESM file that needs no other module', async (t) => {
	const out = mkdtempSync(join(tmpdir(), 'wsauth-client-build-'));
	t.after(() => rmSync(out, { recursive: true, force: true }));
	execFileSync(process.execPath, ['scripts/build.mjs', out], { cwd: root });
	assert.deepEqual(readdirSync(out), ['wsauth-client.js']);
	const file = join(out, 'wsauth-client.js');
	const code = readFileSync(file, 'utf8');
	assert.doesNotMatch(code, /\bimport\s*[{*'"]|\bfrom\s*["']|\bimport\(/);
	assert.match(code, /^\/\*! @wsauth\/client \S+ \(Apache-2\.0\) with @stomp\/stompjs 7\.5\.0 \(Apache-2\.0\) \*\//);
	assert.ok(statSync(file).size < 60_000, `bundle is ${statSync(file).size} bytes`);
	const bundled = await import(pathToFileURL(file).href);
	const source = await import('../src/wsauth-client.js');
	assert.deepEqual(Object.keys(bundled).sort(), Object.keys(source).sort());
	assert.deepEqual(bundled.describeClose(4002), source.describeClose(4002));
	assert.equal(typeof bundled.connect, 'function');
});
