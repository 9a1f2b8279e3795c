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


// The hand-written TypeScript declarations match the module: the same exported values,
// and a consumer written against them compiles (tsc --noEmit, strict).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');

const root = fileURLToPath(new URL('..', import.meta.url));
const declarations = fileURLToPath(new URL('../src/wsauth-client.d.ts', import.meta.url));

function declaredValues() {
	const program = ts.createProgram([declarations], { strict: true, noEmit: true, types: [] });
	const checker = program.getTypeChecker();
	const module = checker.getSymbolAtLocation(program.getSourceFile(declarations));
	return checker
		.getExportsOfModule(module)
		.filter((symbol) => symbol.flags & ts.SymbolFlags.Value)
		.map((symbol) => symbol.getName())
		.sort();
}

test('the declarations declare exactly the values the module exports', async () => {
	const module = await import('../src/wsauth-client.js');
	assert.deepEqual(declaredValues(), Object.keys(module).sort());
});

test('the package points types and exports at the declarations', () => {
	const pkg = require('../package.json');
	assert.equal(pkg.types, './src/wsauth-client.d.ts');
	assert.equal(pkg.exports['.'].types, './src/wsauth-client.d.ts');
	assert.ok(pkg.files.includes('src/wsauth-client.d.ts'));
});

test('a strict TypeScript consumer of the package compiles against the declarations', () => {
	const tsc = require.resolve('typescript/bin/tsc');
	try {
		execFileSync(process.execPath, [tsc, '--project', 'test/types/tsconfig.json'], { cwd: root, encoding: 'utf8' });
	}
	catch (error) {
		assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
	}
});
