#!/usr/bin/env node
// Browser tests for Sanctuary: `node tests/browser/run.mjs` (make check runs it).
//   SANCTUARY_BIN        the binary under test (default build/sanctuary)
//   SANCTUARY_ARTIFACTS  where artifacts go; screenshots land in its browser/
//                        folder (default test-artifacts/browser/)
//   BROWSER_TESTS        optional substring or /regex/: run only matching tests
// Prints "ok N - name" / "not ok N - name" (reasons on "# " lines) and ends
// with one line "N passed, N failed"; exits non-zero on any failure.
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { runTests, diag, safe, progress } from './lib/harness.mjs';
import coreTests from './tests.mjs';
import { startServer, stopServer, killServerSync } from './lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

// Each feature keeps its browser tests in its own `<feature>.tests.mjs`
// (default export: an array of { name, fn }); they run after the core ones.
const featureFiles = fs.readdirSync(here).filter((f) => f.endsWith('.tests.mjs')).sort();
const allTests = [...coreTests];
for (const f of featureFiles)
	allTests.push(...(await import(path.join(here, f))).default);
const root = path.resolve(here, '..', '..');
const bin = path.resolve(process.env.SANCTUARY_BIN || path.join(root, 'build', 'sanctuary'));
const artifacts = path.join(path.resolve(process.env.SANCTUARY_ARTIFACTS || path.join(root, 'test-artifacts')), 'browser');

const LAUNCH = {
	executablePath: '/usr/bin/chromium',
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
	       '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
	timeout: 30_000,
};

let server = null;
let browser = null;

async function cleanup() {
	const b = browser;
	browser = null;
	if (b)
		await Promise.race([b.close().catch(() => {}), new Promise((r) => setTimeout(r, 5_000))]);
	if (server) {
		const s = server;
		server = null;
		await stopServer(s).catch(() => killServerSync(s));
	}
}

process.on('exit', () => killServerSync(server));
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(sig, async () => {
		if (progress.stopped)
			return;
		progress.stopped = true;
		console.log(`# interrupted by ${sig}`);
		await cleanup();
		console.log(`${progress.passed} passed, ${progress.failed + 1} failed`);
		process.exit(130);
	});
}

function selected(tests) {
	const f = process.env.BROWSER_TESTS;
	if (!f)
		return tests;
	const re = f.startsWith('/') && f.endsWith('/') ? new RegExp(f.slice(1, -1)) : null;
	return tests.filter((t) => (re ? re.test(t.name) : t.name.includes(f)));
}

async function main() {
	const started = Date.now();
	const tests = selected(allTests);
	console.log(`1..${tests.length}`);
	fs.mkdirSync(artifacts, { recursive: true });
	try {
		server = await startServer(bin);
		browser = await chromium.launch(LAUNCH);
	} catch (e) {
		console.log('not ok 1 - setup: start sanctuary and chromium');
		diag(e.message || String(e));
		if (server && server.stderr)
			diag(`server stderr:\n${server.stderr.trim()}`);
		await cleanup();
		console.log('0 passed, 1 failed');
		return 1;
	}
	diag(`sanctuary ${server.url}, chromium ${browser.version()}, screenshots in ${artifacts}`);
	let result;
	try {
		result = await runTests(tests, {
			server,
			artifacts,
			verbose: !!process.env.BROWSER_TESTS_VERBOSE,
			// A crashed browser is relaunched so later tests still run.
			browser: async () => {
				if (!browser || !browser.isConnected())
					browser = await chromium.launch(LAUNCH);
				return browser;
			},
		});
	} catch (e) {
		diag(`runner error: ${e.stack || e}`);
		result = { passed: progress.passed, failed: progress.failed + 1 };
	}
	if (progress.stopped)
		return new Promise(() => {});
	const serverAlive = server && server.proc && server.proc.exitCode === null && server.proc.signalCode === null;
	if (!serverAlive) {
		diag(`the server died during the run; stderr:\n${server ? server.stderr.trim() : ''}`);
		result.failed++;
	}
	if (progress.stopped)
		return new Promise(() => {}); // the signal handler prints the summary and exits
	await cleanup();
	diag(`${((Date.now() - started) / 1000).toFixed(1)} s`);
	console.log(`${result.passed} passed, ${result.failed} failed`);
	return result.failed ? 1 : 0;
}

main().then(
	(code) => { process.exitCode = code; },
	async (e) => {
		console.log(safe(`# fatal: ${e && e.stack ? e.stack : e}`));
		await cleanup();
		console.log('0 passed, 1 failed');
		process.exitCode = 1;
	},
);
