// Mobilization answers on a phone with JavaScript off: the personal
// one-tap link from the demo's mobilization opens in the language the
// person was written to, and a tap on "I'll be there" records the answer.
import { spawnSync } from 'node:child_process';
import { assert, assertEqual, checkAxe, checkNoRawText, clickAndWait, goto, htmlLangDir } from './lib/checks.mjs';
import { signIn } from './lib/auth.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, javaScriptEnabled: false };

// The demo's queued messages, opened by the CLI (what a transport would send).
function demoLinks(t) {
	const r = spawnSync(process.env.SANCTUARY_BIN || 'build/sanctuary',
		['mobilization', 'messages', '--data', t.server.data, '--id', '1'], { encoding: 'utf8' });
	assertEqual(r.status, 0, `mobilization messages: ${r.stderr}`);
	const links = {};
	for (const line of r.stdout.split('\n')) {
		const [, channel, lang, purpose, , to, body] = line.split('\t');
		if (purpose !== 'mobilization')
			continue;
		const m = /\/m\/[A-Za-z0-9_-]+/.exec(body || '');
		if (m)
			links[to] = { path: m[0], lang, channel };
	}
	return links;
}

export default [
	{
		name: 'cases: a supporter answers a mobilization on a phone without JavaScript (screenshot mobilize-answer-bn.png)',
		fn: async (t) => {
			const links = demoLinks(t);
			const jose = links['jose@example.org'];
			assert(jose, 'no link for José in the demo mobilization');
			assertEqual(jose.lang, 'es', 'José is written to in Spanish');
			const karim = links['karim@example.org'];
			assert(karim, 'no link for Karim in the demo mobilization');
			assertEqual(karim.lang, 'bn', 'Karim is written to in Bengali');

			const page = await t.page(PHONE);
			await goto(page, karim.path);
			const { lang } = await htmlLangDir(page);
			assertEqual(lang, 'bn', 'the answer page opens in the language of the message');
			assert(/[\u0980-\u09FF]/.test(await page.locator('main').innerText()), 'the page is not in Bengali script');
			await checkNoRawText(page, 'answer page (bn)');
			const yes = page.locator('button[name="answer"][value="yes"]');
			assert(await yes.isVisible(), 'the yes button is not visible on a phone');
			const box = await yes.boundingBox();
			assert(box && box.height >= 40 && box.x + box.width <= 360, `the yes button is not a good tap target: ${JSON.stringify(box)}`);
			// the demo mobilization has an accompaniment call: pick a role, then tap
			const role = page.locator('input[name="role"][value="driver"]');
			assert(await role.count() === 1, 'no role choice on the answer page');
			await role.check();
			const resp = await clickAndWait(page, yes);
			assertEqual(resp.status(), 200, 'answering');
			await t.screenshot(page, 'mobilize-answer-bn.png');
			assert(await page.locator('.current-answer').isVisible(), 'the recorded answer is not shown');
			assert(await page.locator('input[name="role"][value="driver"]').isChecked(), 'the chosen role is not kept');
			// changing one's mind: "can't come"
			const resp2 = await clickAndWait(page, page.locator('button[name="answer"][value="no"]'));
			assertEqual(resp2.status(), 200, 'changing the answer');
			const shown = (await page.locator('.current-answer').innerText()).trim();
			assert(shown.length > 0 && /[\u0980-\u09FF]/.test(shown), `the new answer is not shown in Bengali: ${shown}`);

			// José's link in Spanish
			const p2 = await t.page(PHONE);
			await goto(p2, jose.path);
			assertEqual((await htmlLangDir(p2)).lang, 'es', 'José\'s page language');
			await clickAndWait(p2, p2.locator('button[name="answer"][value="maybe"]'));
			assert(await p2.locator('.current-answer').isVisible(), 'José\'s answer is not shown');

			// a guessed link is a plain 404
			const p3 = await t.page(PHONE);
			await goto(p3, '/m/' + 'A'.repeat(32), 404);
		},
	},
	{
		name: 'cases: the case team\'s pages pass axe and fit 320 px; the live count rises without reloading when JavaScript is on',
		fn: async (t) => {
			const page = await t.page({ bypassCSP: true, viewport: { width: 320, height: 640 } });
			await signIn(page, t.server);
			const problems = [];
			for (const lang of ['en', 'bn', 'ur']) {
				for (const url of ['/app/cases', '/app/cases/1', '/app/cases/new', '/app/cases/1/mobilize',
				                   '/app/cases/1/mobilizations/1', '/app/cases/1/calls/1']) {
					await goto(page, `${url}?lang=${lang}`);
					await checkNoRawText(page, `${url} (${lang})`);
					if (lang === 'en')
						await checkAxe(page, url);
					const width = await page.evaluate(() => document.documentElement.scrollWidth);
					if (width > 320)
						problems.push(`${url} (${lang}): scrollWidth ${width} > 320`);
				}
			}
			await goto(page, '/app/cases/1?lang=en');
			await t.screenshot(page, 'case-320-en.png');
			await t.screenshot(page, 'case-320-top.png', { fullPage: false });
			assert(problems.length === 0, problems.join('\n'));

			// the live count: someone answers by their link in another browser
			await goto(page, '/app/cases/1/mobilizations/1?lang=en');
			const before = Number((await page.locator('.count-yes').innerText()).trim());
			const links = demoLinks(t);
			const other = await t.page({ javaScriptEnabled: false });
			await goto(other, links['jose@example.org'].path);
			await clickAndWait(other, other.locator('button[name="answer"][value="yes"]'));
			let after = before;
			for (let i = 0; i < 20 && after === before; i++) {
				await page.waitForTimeout(500);
				after = Number((await page.locator('.count-yes').innerText()).trim());
			}
			assertEqual(after, before + 1, 'the yes count after an answer, without reloading');
		},
	},
];
