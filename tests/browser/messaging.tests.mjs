// Messaging in a real browser: the one-click unsubscribe page works with
// JavaScript off and passes axe; the staff messages and transport settings
// pages pass axe and fit 320 px.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { assert, assertEqual, checkAxe, clickAndWait, goto } from './lib/checks.mjs';
import { signIn } from './lib/auth.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const bin = path.resolve(process.env.SANCTUARY_BIN || path.join(here, '..', '..', 'build', 'sanctuary'));

async function waitForFile(dir, pred, ms = 10_000) {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		if (fs.existsSync(dir)) {
			for (const f of fs.readdirSync(dir)) {
				if (!f.endsWith('.eml'))
					continue;
				const text = fs.readFileSync(path.join(dir, f), 'utf8');
				if (pred(text))
					return text;
			}
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return null;
}

async function scrollWidth(page) {
	return page.evaluate(() => document.documentElement.scrollWidth);
}

export default [
	{
		name: 'messaging: one-click unsubscribe page works without JavaScript (axe, 320 px)',
		fn: async (t) => {
			const q = spawnSync(bin, ['messages', 'test', '--data', t.server.data, '--email',
			                          'browser-unsub@example.org', '--bulk'], { encoding: 'utf8' });
			assertEqual(q.status, 0, `messages test: ${q.stderr}`);
			const run = q.stdout.match(/\(run (\S+)\)/)[1];
			// the demo's file transport writes the exact email into DATA/outbox
			const eml = await waitForFile(path.join(t.server.data, 'outbox'), (s) => s.includes(run));
			assert(eml, 'the bulk test email never reached DATA/outbox');
			const m = eml.match(/^List-Unsubscribe: <([^>]+)>/m);
			assert(m, 'no List-Unsubscribe header');
			assert(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m.test(eml), 'no List-Unsubscribe-Post');
			const url = new URL(m[1]);
			const page = await t.page({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
			await goto(page, url.pathname);
			assert(await scrollWidth(page) <= 320, 'the unsubscribe page is wider than 320 px');
			const resp = await clickAndWait(page, page.locator(`main form[action="${url.pathname}"] button[type=submit]`));
			assertEqual(resp.status(), 200, 'status after unsubscribing');
			assert(await page.locator('main [role=status]').isVisible(), 'no confirmation shown');
			const axePage = await t.page({ bypassCSP: true });
			await goto(axePage, `${url.pathname}?lang=bn`);
			await checkAxe(axePage, 'unsubscribe (bn)');
		},
	},
	{
		name: 'messaging: staff messages and transport settings pass axe and fit 320 px',
		fn: async (t) => {
			const page = await t.page({ bypassCSP: true, viewport: { width: 320, height: 640 } });
			await signIn(page, t.server);
			for (const lang of ['en', 'ur']) {
				for (const p of ['/app/messages', '/app/messages/settings']) {
					await goto(page, `${p}?lang=${lang}`);
					assert(await scrollWidth(page) <= 320, `${p} (${lang}) is wider than 320 px`);
					await checkAxe(page, `${p} (${lang})`);
				}
			}
			// the demo queued messages: the counts show them, never a body
			await goto(page, '/app/messages?lang=en');
			const text = await page.locator('main').innerText();
			assert(/sent/.test(text), 'no sent count on the messages page');
			assert(!/Bienvenido|স্বাগতম/.test(text), 'a message body is on the staff page');
		},
	},
];
