// Browser tests for the know-your-rights pages (issue 7): the warrant
// checker walked to every answer in English and Bengali with JavaScript
// off, checking the answer text against the catalogs and its sources; a
// two-language leaflet printed to PDF by Chromium, rendered to PNG by
// pdftoppm, its QR codes decoded by zbarimg; axe-core, size and 320 px
// checks on every public rights page.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { assert, assertEqual, checkAxe, clickAndWait, goto } from './lib/checks.mjs';
import { signIn } from './lib/auth.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

// The answers of the rules table (src/model/warrant.c) and a path to each,
// with one source URL each answer page must cite.
const WALKS = {
	judicial: [[['top', 'court'], ['signer', 'judge'], ['names', 'yes'], ['date', 'yes']], 'www.nilc.org'],
	admin_i200: [[['top', 'dhs'], ['form', 'i200']], 'docslib.org'],
	admin_i205: [[['top', 'dhs'], ['form', 'i205']], 'newsoffortworth.com'],
	admin_other: [[['top', 'court'], ['signer', 'officer']], 'www.aclumaine.org'],
	not_judicial: [[['top', 'eoir']], 'www.nilc.org'],
	subpoena: [[['top', 'subpoena']], 'www.nilc.org'],
	no_warrant: [[['top', 'none']], 'justinsomnia.org'],
	wrong_address: [[['top', 'court'], ['signer', 'judge'], ['names', 'no']], 'aidslawpa.org'],
	expired: [[['top', 'court'], ['signer', 'judge'], ['names', 'yes'], ['date', 'no']], 'www.nysenate.gov'],
	unsure: [[['top', 'unsure']], 'easthamptonstar.com'],
};
const SCRIPT = { bn: /[\u0980-\u09FF]/, ne: /[\u0900-\u097F]/, ur: /[\u0600-\u06FF]/ };
const LIMIT = 30 * 1024;

// msgstr of each msgid in po/<lang>.po (single-line entries are enough here).
function catalog(lang) {
	const text = fs.readFileSync(path.join(root, 'po', `${lang}.po`), 'utf8');
	const out = {};
	const re = /^msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"/gm;
	let m;
	while ((m = re.exec(text)))
		out[m[1]] = m[2].replace(/\\"/g, '"').replace(/\\\\/g, '\\');
	return out;
}

const norm = (s) => s.replace(/\s+/g, ' ').trim();

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

for (const lang of ['en', 'bn']) {
	test(`rights: warrant checker reaches every answer in ${lang} with JavaScript off`, async (t) => {
		const po = catalog(lang);
		const page = await t.page({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
		for (const [answer, [steps, source]] of Object.entries(WALKS)) {
			await goto(page, `/rights/warrant?lang=${lang}`);
			for (const [i, [step, choice]] of steps.entries()) {
				// every step: a back link (after the first), the hotline, a plain GET form
				assert(await page.locator('a[rel="prev"]').count() === 1, `${answer}: no back link at ${step}`);
				if (i === 0)
					assertEqual(await page.locator('a[rel="prev"]').getAttribute('href'), `/rights?lang=${lang}`, 'back from the first question');
				assert(await page.locator('.warrant-nav a[href^="tel:"]').count() === 1, `${answer}: no hotline link at ${step}`);
				const legend = norm(await page.locator('form.step legend').innerText());
				if (SCRIPT[lang])
					assert(SCRIPT[lang].test(legend), `${answer}: question at ${step} is not in ${lang}: ${legend}`);
				await page.check(`input[name="${step}"][value="${choice}"]`);
				await clickAndWait(page, page.locator('form.step button[type="submit"]'));
			}
			const got = await page.locator('#answer').getAttribute('data-answer');
			assertEqual(got, answer, 'answer reached');
			const title = norm(await page.locator('#answer .verdict').innerText());
			assertEqual(title, norm(po[`warrant.a.${answer}`]), `${answer}: verdict text`);
			const means = norm(await page.locator('#answer .means').innerText());
			assertEqual(means, norm(po[`warrant.a.${answer}.means`]), `${answer}: what it means`);
			if (SCRIPT[lang])
				assert(SCRIPT[lang].test(title), `${answer}: verdict not in ${lang}: ${title}`);
			const hrefs = await page.locator('section.sources a').evaluateAll((as) => as.map((a) => a.href));
			assert(hrefs.length >= 1, `${answer}: no sources`);
			assert(hrefs.every((h) => h.startsWith('https://')), `${answer}: a source is not https: ${hrefs}`);
			assert(hrefs.some((h) => new URL(h).host === source), `${answer}: ${source} not cited (${hrefs.join(' ')})`);
			const note = await page.locator('.warrant > p.note').last().innerText();
			assert(/\d{4}-\d{2}-\d{2}/.test(note), `${answer}: no last-reviewed date`);
			if (answer === 'admin_i205') {
				const extra = await page.locator('#answer .dispute').innerText();
				assert(/2025|২০২৫/.test(extra) && /2026|২০২৬/.test(extra), 'the I-205 dispute has no dates');
				await t.screenshot(page, `warrant-${lang}-admin_i205.png`);
			}
			// back from the answer returns to the last question
			await clickAndWait(page, page.locator('a[rel="prev"]'));
			assert(await page.locator(`input[name="${steps[steps.length - 1][0]}"]`).count() > 0,
			       `${answer}: back did not return to the last question`);
		}
	});
}

test('rights: public pages pass axe, stay small and same-origin, fit 320 px', async (t) => {
	const page = await t.page({ bypassCSP: true, viewport: { width: 320, height: 640 } });
	const urls = ['/rights?lang=en', '/rights/at-home?lang=bn', '/rights/on-the-street?lang=es',
	              '/rights/at-work?lang=ur', '/rights/warrant?lang=bn', '/rights/warrant?top=court&signer=judge&lang=en',
	              '/rights/warrant?top=dhs&form=i205&lang=bn', '/rights/warrant/card?lang=bn', '/rights/warrant/rules?lang=ur', '/rights/leaflet?lang=es',
	              '/rights/leaflet?articles=at-home,ice-check-in&lang=en&lang2=bn'];
	const problems = [];
	for (const url of urls) {
		const resp = await goto(page, url);
		const bytes = (await resp.body()).length;
		if (bytes > LIMIT)
			problems.push(`${url}: ${bytes} bytes`);
		if (!url.includes('articles=')) {
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			if (width > 320)
				problems.push(`${url}: ${width} px wide at 320`);
		}
		try {
			await checkAxe(page, url);
		} catch (e) {
			problems.push(e.message);
		}
	}
	await t.screenshot(page, 'rights-at-work-ur-320.png');
	assert(problems.length === 0, problems.join('\n'));
});

for (const lang of ['en', 'bn', 'es']) {
	test(`rights: every article in ${lang} passes axe and asks no other site for anything`, async (t) => {
		const page = await t.page({ bypassCSP: true });
		const problems = [];
		for (const slug of ['at-home', 'on-the-street', 'in-a-car', 'at-work', 'for-businesses', 'ice-check-in',
		                    'if-detained', 'family-preparedness']) {
			await goto(page, `/rights/${slug}?lang=${lang}`);
			try {
				await checkAxe(page, `${slug} (${lang})`);
			} catch (e) {
				problems.push(e.message);
			}
		}
		assert(problems.length === 0, problems.join('\n'));
	});
}

test('rights: the wallet card prints on one page with its QR code', async (t) => {
	const page = await t.page({ javaScriptEnabled: false });
	await goto(page, '/rights/warrant/card?lang=bn');
	const pdf = path.join(t.artifacts, 'warrant-card-bn.pdf');
	await page.pdf({ path: pdf, format: 'Letter', printBackground: true });
	const info = run('pdfinfo', [pdf]);
	assert(/Pages:\s+1\b/.test(info), `the card is not one page:\n${info}`);
	const png = path.join(t.artifacts, 'warrant-card-bn');
	run('pdftoppm', ['-png', '-r', '200', '-singlefile', pdf, png]);
	const decoded = run('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', `${png}.png`]).trim();
	assertEqual(decoded, `${t.server.url}/rights/warrant?lang=bn`, 'QR code on the card');
});

function run(cmd, args) {
	const r = spawnSync(cmd, args, { encoding: 'utf8' });
	assert(r.status === 0, `${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
	return r.stdout;
}

for (const [lang2, font] of [['bn', /NotoSansBengali/], ['ne', /NotoSansDevanagari/], ['ur', /Noto(Nastaliq|Naskh|SansArabic)/]]) {
	test(`rights: English | ${lang2} leaflet prints to PDF and PNG, QR codes decode, ${lang2} shapes`, async (t) => {
		const page = await t.page({ javaScriptEnabled: false });
		const slug = 'at-home'; // in Nepali and Urdu from the demo
		await goto(page, `/rights/leaflet?articles=${slug}&lang=en&lang2=${lang2}&size=letter`);
		fs.mkdirSync(t.artifacts, { recursive: true });
		const pdf = path.join(t.artifacts, `leaflet-en-${lang2}.pdf`);
		await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
		const info = run('pdfinfo', [pdf]);
		assert(/Pages:\s+1\b/.test(info), `the leaflet is not one page:\n${info}`);
		assert(/612 x 792 pts/.test(info), `the leaflet is not Letter size:\n${info}`);
		const fonts = run('pdffonts', [pdf]);
		assert(font.test(fonts), `no ${font} font embedded for ${lang2}:\n${fonts}`);
		const png = path.join(t.artifacts, `leaflet-en-${lang2}`);
		run('pdftoppm', ['-png', '-r', '200', '-singlefile', pdf, png]);
		assert(fs.existsSync(`${png}.png`), 'pdftoppm wrote no PNG');
		const decoded = run('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', `${png}.png`])
			.split('\n').map((s) => s.trim()).filter(Boolean).sort();
		const want = [`${t.server.url}/rights/${slug}?lang=en`, `${t.server.url}/rights/${slug}?lang=${lang2}`].sort();
		assertEqual(JSON.stringify(decoded), JSON.stringify(want), 'QR codes on the leaflet');
		// what the QR code points at is the article in that language
		await goto(page, want.find((u) => u.endsWith(lang2)));
		assertEqual(await page.locator('html').getAttribute('lang'), lang2, 'language of the linked page');
	});
}

test('rights: an organizer adds a Tibetan translation; the English | Tibetan leaflet shapes it and links to it', async (t) => {
	const page = await t.page();
	await signIn(page, t.server);
	await goto(page, '/app/rights');
	// "Translate into" another spoken language, from the library's table
	const row = page.locator('tr', { has: page.locator('a[href="/rights/family-preparedness"]') });
	await row.locator('select[name="tlang"]').selectOption('bo');
	await clickAndWait(page, row.locator('form:has(select[name="tlang"]) button[type="submit"]'));
	assert(new URL(page.url()).search === '?tlang=bo', `not on the Tibetan form: ${page.url()}`);
	await page.locator('#title').fill('ཁྱིམ་ཚང་གི་གྲ་སྒྲིག');
	await page.locator('#summary').fill('ཁ་པར་ཨང་གྲངས་བློ་ལ་ཟུངས།');
	await page.locator('#body').fill('- **ཁ་པར་ཨང་གྲངས་** བློ་ལ་ཟུངས།\n- ཡིག་ཆའི་འདྲ་བཤུས་ཡིད་ཆེས་པའི་མི་ལ་སྤྲོད།\n');
	const resp = await clickAndWait(page, page.locator('main form[method="post"] button[type="submit"]'));
	assertEqual(resp.status(), 200, 'status after saving');
	assert(new URL(page.url()).pathname === '/app/rights', 'not back on the library');

	const anon = await t.page({ javaScriptEnabled: false });
	await goto(anon, '/rights/leaflet?articles=family-preparedness&lang=en&lang2=bo&size=half');
	const pdf = path.join(t.artifacts, 'leaflet-en-bo-half.pdf');
	await anon.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
	const info = run('pdfinfo', [pdf]);
	assert(/396 x 612 pts/.test(info), `the leaflet is not half letter:\n${info}`);
	assert(/NotoSerifTibetan/.test(run('pdffonts', [pdf])), 'no Tibetan font embedded');
	const png = path.join(t.artifacts, 'leaflet-en-bo-half');
	run('pdftoppm', ['-png', '-r', '200', '-f', '1', '-l', '1', '-singlefile', pdf, png]);
	const decoded = run('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', `${png}.png`])
		.split('\n').map((x) => x.trim()).filter(Boolean).sort();
	const want = [`${t.server.url}/rights/family-preparedness?lang=bo`, `${t.server.url}/rights/family-preparedness?lang=en`].sort();
	assertEqual(JSON.stringify(decoded), JSON.stringify(want), 'QR codes on the Tibetan leaflet');
	await goto(anon, want[0]);
	assertEqual(await anon.locator('article.rights-article').getAttribute('lang'), 'bo', 'language of the linked article');
	assert((await anon.locator('article.rights-article h1').innerText()).includes('ཁྱིམ་ཚང'), 'the Tibetan title is not shown');
});

test('rights: staff library, translation form and leafleting log pass axe', async (t) => {
	const page = await t.page({ bypassCSP: true });
	await signIn(page, t.server);
	const problems = [];
	for (const url of ['/app/rights', '/app/rights/1?tlang=bn', '/app/rights/4?tlang=ur', '/app/leafleting']) {
		await goto(page, url);
		try {
			await checkAxe(page, url);
		} catch (e) {
			problems.push(e.message);
		}
	}
	await t.screenshot(page, 'leafleting-log.png');
	assert(problems.length === 0, problems.join('\n'));
});

export default tests;
