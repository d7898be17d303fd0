// A small TAP-like runner: each test gets fresh browser contexts through
// `t.context()`, a 30 s time limit, and a same-origin request check.
import fs from 'node:fs';
import path from 'node:path';

export const TEST_TIMEOUT_MS = 30_000;

// make check sums every "<n> failed" / "<n> error(s)" it sees in this log;
// a diagnostic must not look like a count.
export function safe(text) {
	// eslint-disable-next-line no-control-regex
	return String(text).replace(/\x1b\[[0-9;]*m/g, '').replace(/(\d+) (passed|failed|errors?)/gi, '$1\u00a0$2');
}

export function diag(text) {
	for (const line of safe(text).split('\n'))
		console.log(`# ${line}`);
}

export class TestContext {
	constructor(browser, server, artifacts) {
		this.browser = browser;
		this.server = server;
		this.artifacts = artifacts;
		this.contexts = [];
		this.foreign = [];    // requests to another origin
		this.requests = [];   // every request URL seen
		this.notes = [];
	}

	// A fresh browser context; every request it makes is recorded.
	async context(options = {}) {
		const ctx = await this.browser.newContext({ baseURL: this.server.url, ...options });
		this.contexts.push(ctx);
		ctx.setDefaultTimeout(10_000);
		ctx.setDefaultNavigationTimeout(10_000);
		ctx.on('request', (req) => {
			const url = req.url();
			this.requests.push(url);
			let origin;
			try { origin = new URL(url).origin; } catch { origin = url; }
			// data: and blob: never leave the browser; about:blank is no request.
			if (/^(data|blob|about):/.test(url))
				return;
			if (origin !== this.server.origin)
				this.foreign.push(url);
		});
		return ctx;
	}

	async page(options = {}) {
		const ctx = await this.context(options);
		return ctx.newPage();
	}

	async screenshot(page, name, options = {}) {
		fs.mkdirSync(this.artifacts, { recursive: true });
		const file = path.join(this.artifacts, name);
		await page.screenshot({ path: file, fullPage: true, ...options });
		return file;
	}

	async close() {
		const all = this.contexts.splice(0);
		await Promise.all(all.map((c) => c.close().catch(() => {})));
	}
}

// Counts so far, for an interrupted run's summary line.
export const progress = { passed: 0, failed: 0, stopped: false };

export async function runTests(tests, env) {
	let passed = 0;
	let failed = 0;
	let n = 0;
	for (const test of tests) {
		if (progress.stopped)
			break;
		n++;
		const started = Date.now();
		const t = new TestContext(await env.browser(), env.server, env.artifacts);
		let error = null;
		let timer;
		try {
			const body = Promise.resolve().then(() => test.fn(t));
			body.catch(() => {}); // after a time-out it may still reject
			await Promise.race([
				body,
				new Promise((_, reject) => {
					timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS / 1000} s`)),
					                   TEST_TIMEOUT_MS);
				}),
			]);
			if (t.foreign.length)
				throw new Error(`request(s) to another origin: ${[...new Set(t.foreign)].join(', ')}`);
		} catch (e) {
			error = e;
		} finally {
			clearTimeout(timer);
			await t.close();
		}
		const ms = Date.now() - started;
		if (progress.stopped)
			break;
		if (error) {
			failed++;
			console.log(safe(`not ok ${n} - ${test.name}`));
			diag(error && error.message ? error.message : String(error));
			if (process.env.BROWSER_TEST_STACKS && error && error.stack)
				diag(error.stack);
		} else {
			passed++;
			console.log(safe(`ok ${n} - ${test.name}`) + (env.verbose ? ` # ${ms} ms` : ''));
		}
		for (const note of t.notes)
			diag(note);
		progress.passed = passed;
		progress.failed = failed;
	}
	return { passed, failed };
}
