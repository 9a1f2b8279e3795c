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


// Bundles the client and @stomp/stompjs into one minified ESM file, the one the starter
// serves (content-hashed) at /wsauth/. Usage: node scripts/build.mjs [output directory]
// (default dist/); writes wsauth-client.js there.

import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = resolve(process.cwd(), process.argv[2] || resolve(root, 'dist'));
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const stompjs = pkg.dependencies['@stomp/stompjs'];

await build({
	absWorkingDir: root,
	entryPoints: ['src/wsauth-client.js'],
	outfile: resolve(outdir, 'wsauth-client.js'),
	bundle: true,
	format: 'esm',
	platform: 'browser',
	target: 'es2022',
	minify: true,
	legalComments: 'none',
	banner: {
		js: `/*! @wsauth/client ${pkg.version} (Apache-2.0) with @stomp/stompjs ${stompjs} (Apache-2.0) */`,
	},
	logLevel: 'warning',
});
