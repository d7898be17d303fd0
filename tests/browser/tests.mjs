import { spawnSync } from 'node:child_process';
// The browser tests. Each gets fresh contexts from `t` (see lib/harness.mjs);
// the harness also fails any test whose pages asked another origin for anything.
import {
	assert, assertEqual, checkAxe, checkNoRawText, clickAndWait, goto, htmlLangDir,
} from './lib/checks.mjs';
import { answerCode, enrollTotp, signIn, totp } from './lib/auth.mjs';

const HOME_LANGS = ['en', 'es', 'bn', 'ur'];
const ALL_LANGS = ['en', 'es', 'bn', 'ne', 'ur'];
const RTL = new Set(['ur']);
// Text in these languages must actually be in their script.
const SCRIPT = { bn: /[\u0980-\u09FF]/, ne: /[\u0900-\u097F]/, ur: /[\u0600-\u06FF]/ };

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

// ---------------------------------------------------------------- home page

let englishHeading = null;

for (const lang of HOME_LANGS) {
	test(`home page in ${lang} renders (screenshot home-${lang}.png)`, async (t) => {
		const ctx = await t.context({ viewport: { width: 1024, height: 768 } });
		const page = await ctx.newPage();
		const problems = [];
		page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
		page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
		page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} for ${r.url()}`); });
		page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));

		const resp = await goto(page, `/?lang=${lang}`);
		await t.screenshot(page, `home-${lang}.png`);
		assert(/^text\/html/.test(resp.headers()['content-type'] || ''), 'home is not text/html');
		const { lang: htmlLang, dir } = await htmlLangDir(page);
		assertEqual(htmlLang, lang, '<html lang>');
		assertEqual(dir, RTL.has(lang) ? 'rtl' : 'ltr', '<html dir>');
		const h1 = (await page.locator('main h1').innerText()).trim();
		assert(h1.length > 0, 'the home page has no <h1> text');
		assert(await page.locator('main h1').isVisible(), 'the <h1> is not visible');
		if (lang === 'en')
			englishHeading = h1;
		else if (englishHeading)
			assert(h1 !== englishHeading, `the ${lang} heading is the English one: ${h1}`);
		if (SCRIPT[lang])
			assert(SCRIPT[lang].test(h1), `the ${lang} heading is not in the ${lang} script: ${h1}`);
		const title = await page.title();
		assert(title.trim().length > 0, 'the page has no <title>');
		await checkNoRawText(page, `home (${lang})`);
		// The stylesheet and the script were loaded, from this origin.
		assert(t.requests.some((u) => /\.css(\?|$)/.test(u)), 'no stylesheet was requested');
		assert(t.requests.some((u) => /\.js(\?|$)/.test(u)), 'no script was requested');
		assert(problems.length === 0, problems.join('; '));
	});
}

for (const lang of HOME_LANGS) {
	test(`home page in ${lang} works with JavaScript disabled`, async (t) => {
		const page = await t.page({ javaScriptEnabled: false, viewport: { width: 1024, height: 768 } });
		await goto(page, `/?lang=${lang}`);
		await t.screenshot(page, `home-${lang}-nojs.png`);
		assertEqual((await htmlLangDir(page)).lang, lang, '<html lang>');
		assert(await page.locator('main h1').isVisible(), 'no visible <h1> without JavaScript');
		const sections = await page.locator('main section').count();
		assert(sections >= 2, `only ${sections} section(s) in <main> without JavaScript`);
		const cards = await page.locator('main .cards > li').count();
		assert(cards >= 4, `only ${cards} card(s) without JavaScript`);
		// The stylesheet applies: the header is coloured.
		const bg = await page.locator('header.site').evaluate((el) => getComputedStyle(el).backgroundColor);
		assert(bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent', `header has no background (${bg}): CSS not applied`);
		// Everything needed to move on is a plain link.
		assert(await page.locator('header a[href="/signin"]').isVisible(), 'no visible sign-in link');
		const langLinks = await page.locator('nav.langs a[hreflang]').count();
		assert(langLinks >= 4, `only ${langLinks} language link(s)`);
		assertEqual(await page.locator(`nav.langs a[hreflang="${lang}"]`).getAttribute('aria-current'), 'true',
		            'aria-current on the current language link');
		await checkNoRawText(page, `home (${lang}, no JavaScript)`);
	});
}

for (const lang of HOME_LANGS) {
	test(`home page in ${lang} has no axe-core violations (wcag2a, wcag2aa, wcag21aa)`, async (t) => {
		const page = await t.page({ bypassCSP: true });
		await goto(page, `/?lang=${lang}`);
		await checkAxe(page, `/?lang=${lang}`);
	});
}

test('home page makes no request to another origin (every language, JavaScript on)', async (t) => {
	const ctx = await t.context();
	const page = await ctx.newPage();
	for (const lang of ALL_LANGS) {
		await goto(page, `/?lang=${lang}`);
		// Give late loads (icons, fonts) a moment.
		await page.waitForLoadState('networkidle');
	}
	const origins = new Set(t.requests.map((u) => new URL(u).origin));
	assert(t.requests.length >= ALL_LANGS.length * 2, `only ${t.requests.length} request(s) seen: recording is broken`);
	assert(t.foreign.length === 0, `other origins: ${[...new Set(t.foreign)].join(', ')}`);
	assertEqual([...origins].join(','), t.server.origin, 'origins requested');
});

// ---------------------------------------------------------------- sign-in

test('sign-in without JavaScript: a wrong password is refused, the email is kept', async (t) => {
	const page = await t.page({ javaScriptEnabled: false });
	await goto(page, '/signin?lang=en');
	await page.locator('#email').fill(t.server.email);
	await page.locator('#password').fill('not-the-password');
	const resp = await clickAndWait(page, page.locator('main form button[type=submit]'));
	assertEqual(resp.status(), 401, 'status of a wrong sign-in');
	assertEqual(new URL(page.url()).pathname, '/signin', 'page after a wrong sign-in');
	assert(await page.locator('main [role=alert]').isVisible(), 'no role=alert message after a wrong sign-in');
	assertEqual(await page.locator('#email').inputValue(), t.server.email, 'email field after a wrong sign-in');
	assertEqual(await page.locator('#password').inputValue(), '', 'password field after a wrong sign-in (must be empty)');
	const cookies = await page.context().cookies();
	assert(!cookies.some((c) => /sess/i.test(c.name) && c.value), 'a session cookie was set for a wrong password');
	// /app is still closed.
	await goto(page, '/app');
	assertEqual(new URL(page.url()).pathname, '/signin', 'where /app leads when signed out');
});

test('sign-in flow without JavaScript: demo admin signs in (two-factor as the group requires), lands on /app, signs out', async (t) => {
	const page = await t.page({ javaScriptEnabled: false });
	await goto(page, '/?lang=en');
	await clickAndWait(page, page.locator('header a[href="/signin"]'));
	assertEqual(new URL(page.url()).pathname, '/signin', 'page after clicking the sign-in link');
	await page.locator('#email').fill(t.server.email);
	await page.locator('#password').fill(t.server.password);
	let resp = await clickAndWait(page, page.locator('main form[action="/signin"] button[type=submit]'));
	let where = new URL(page.url()).pathname;
	if (where === '/app/account/2fa') {
		// The group requires two-factor and the admin has none yet: enrollment first.
		t.notes.push('first sign-in went to /app/account/2fa (two-factor enrollment required); enrolled TOTP');
		assert(await page.locator('main [role=alert]').isVisible(), 'the enrollment page does not say two-factor is required');
		assert(await page.locator('main .qr svg').count() === 1, 'no QR code on the enrollment page');
		await t.screenshot(page, 'twofactor-enroll-en.png');
		await enrollTotp(page, t.server);
		resp = null;
	} else if (where === '/signin/code') {
		resp = await answerCode(page, t.server);
	}
	assertEqual(new URL(page.url()).pathname, '/app', 'page after signing in');
	if (resp)
		assertEqual(resp.status(), 200, 'status of /app');
	const main = await page.locator('main').innerText();
	assert(main.includes('Demo Admin'), `/app does not say who is signed in: ${main.slice(0, 200)}`);
	assert(await page.locator('main a[href="/app/settings"]').isVisible(), 'no settings link for the admin');
	const signout = page.locator('header form[action="/signout"] button[type=submit]');
	assert(await signout.isVisible(), 'no visible sign-out button');
	// /signin while signed in goes to /app.
	await goto(page, '/signin');
	assertEqual(new URL(page.url()).pathname, '/app', 'where /signin leads when signed in');
	await clickAndWait(page, signout);
	assertEqual(new URL(page.url()).pathname, '/signin', 'page after signing out');
	assert(await page.locator('main [role=status]').isVisible(), 'no "signed out" notice');
	assert(await page.locator('header a[href="/signin"]').isVisible(), 'the header still looks signed in');
	await goto(page, '/app');
	assertEqual(new URL(page.url()).pathname, '/signin', 'where /app leads after signing out');

	// Signing in again asks for the second factor when the account has one.
	await page.locator('#email').fill(t.server.email);
	await page.locator('#password').fill(t.server.password);
	await clickAndWait(page, page.locator('main form[action="/signin"] button[type=submit]'));
	if (t.server.auth && t.server.auth.secret) {
		assertEqual(new URL(page.url()).pathname, '/signin/code', 'page after the password, with two-factor on');
		await page.locator('#code').fill('12345x'); // never a valid TOTP or recovery code
		const bad = await clickAndWait(page, page.locator('main form[action="/signin/code"] button[type=submit]'));
		assertEqual(bad.status(), 401, 'status of a wrong two-factor code');
		assert(await page.locator('main [role=alert]').isVisible(), 'no alert for a wrong two-factor code');
		resp = await answerCode(page, t.server);
		assertEqual(resp.status(), 200, 'status of /app after the two-factor code');
	}
	assertEqual(new URL(page.url()).pathname, '/app', 'page after signing in again');
});

// ---------------------------------------------------------------- languages

test('language switcher without JavaScript: link changes page and <html lang dir>; cookie keeps it', async (t) => {
	const ctx = await t.context({ javaScriptEnabled: false, locale: 'en-US' });
	const page = await ctx.newPage();
	await goto(page, '/');
	assertEqual((await htmlLangDir(page)).lang, 'en', '<html lang> with Accept-Language en-US');
	const enHeading = await page.locator('main h1').innerText();

	await clickAndWait(page, page.locator('nav.langs a[hreflang="es"]'));
	assertEqual(JSON.stringify(await htmlLangDir(page)), JSON.stringify({ lang: 'es', dir: 'ltr' }), '<html lang dir> after clicking Español');
	assert((await page.locator('main h1').innerText()) !== enHeading, 'the heading did not change language');
	assertEqual(await page.locator('nav.langs a[hreflang="es"]').getAttribute('aria-current'), 'true', 'aria-current on es');
	const cookie = (await ctx.cookies()).find((c) => c.name === 'lang');
	assert(cookie && cookie.value === 'es', `no lang=es cookie (cookies: ${(await ctx.cookies()).map((c) => c.name).join(', ')})`);

	// The next page, reached by a link without ?lang=, stays in Spanish.
	await clickAndWait(page, page.locator('header a[href="/signin"]'));
	assertEqual(new URL(page.url()).search, '', 'query of the sign-in link');
	assertEqual((await htmlLangDir(page)).lang, 'es', '<html lang> on the next page (cookie)');

	// Urdu from the sign-in page: right-to-left, and it sticks too.
	await clickAndWait(page, page.locator('nav.langs a[hreflang="ur"]'));
	assertEqual(new URL(page.url()).pathname, '/signin', 'the switcher keeps the current page');
	assertEqual(JSON.stringify(await htmlLangDir(page)), JSON.stringify({ lang: 'ur', dir: 'rtl' }), '<html lang dir> after clicking اردو');
	await clickAndWait(page, page.locator('header a.brand'));
	assertEqual(JSON.stringify(await htmlLangDir(page)), JSON.stringify({ lang: 'ur', dir: 'rtl' }), '<html lang dir> on the home page after choosing Urdu');
	assert(SCRIPT.ur.test(await page.locator('main h1').innerText()), 'the home heading is not in Urdu');
});

test('Urdu page is dir="rtl" and the layout mirrors at 360 px (brand on the right)', async (t) => {
	const viewport = { width: 360, height: 740 };
	const measure = async (page) => page.evaluate(() => {
		const a = document.querySelector('header a.brand');
		const brand = a.getBoundingClientRect();
		const br = document.createRange();
		br.selectNodeContents(a);
		// A long name wraps and fills the row; its lines still start at one side.
		const lines = [...br.getClientRects()].filter((r) => r.width > 0)
			.map((r) => ({ left: Math.round(r.left), right: Math.round(r.right) }));
		const h1 = document.querySelector('main h1');
		const range = document.createRange();
		range.selectNodeContents(h1);
		const text = range.getBoundingClientRect();
		return {
			dir: document.documentElement.getAttribute('dir'),
			mainDir: getComputedStyle(document.querySelector('main')).direction,
			brand: { left: brand.left, right: brand.right }, lines,
			h1: { left: text.left, right: text.right },
			width: document.documentElement.clientWidth,
		};
	});
	const en = await t.page({ javaScriptEnabled: false, viewport });
	await goto(en, '/?lang=en');
	const l = await measure(en);
	await t.screenshot(en, 'home-en-360.png');
	const ur = await t.page({ javaScriptEnabled: false, viewport });
	await goto(ur, '/?lang=ur');
	const r = await measure(ur);
	await t.screenshot(ur, 'home-ur-360.png');

	assertEqual(l.dir, 'ltr', 'English <html dir>');
	assertEqual(r.dir, 'rtl', 'Urdu <html dir>');
	assertEqual(r.mainDir, 'rtl', 'computed direction of <main> in Urdu');
	const mid = r.width / 2;
	const center = (b) => (b.left + b.right) / 2;
	// The link's box, unless the name fills the whole row; then its text lines.
	const side = (m) => (m.brand.right - m.brand.left < m.width - 40 ? [m.brand]
		: m.lines.filter((b) => b.right - b.left < m.width - 40));
	assert(side(l).every((b) => center(b) < mid), `English brand link is not on the left: box ${JSON.stringify(l.brand)}, lines ${JSON.stringify(l.lines)}`);
	assert(side(r).every((b) => center(b) > mid), `Urdu brand link is not on the right: box ${JSON.stringify(r.brand)}, lines ${JSON.stringify(r.lines)} (viewport ${r.width})`);
	assert(r.width - r.brand.right < 40, `Urdu brand link does not start at the right edge: ${JSON.stringify(r.brand)}`);
	assert(l.brand.left < 40, `English brand link does not start at the left edge: ${JSON.stringify(l.brand)}`);
	assert(r.width - r.h1.right < 40, `Urdu heading does not start at the right edge: ${JSON.stringify(r.h1)}`);
	assert(l.h1.left < 40, `English heading does not start at the left edge: ${JSON.stringify(l.h1)}`);
});

test('Urdu page: text shown in a left-to-right fallback language is laid out left-to-right', async (t) => {
	// Content without an Urdu translation is shown in another language
	// (marked with lang=); inside a dir="rtl" page it needs its own
	// direction, or sentence punctuation lands on the wrong side.
	const page = await t.page({ javaScriptEnabled: false, viewport: { width: 1024, height: 768 } });
	await goto(page, '/?lang=ur');
	const wrong = await page.evaluate((rtl) => [...document.querySelectorAll('main [lang]')]
		.filter((el) => !rtl.includes(el.getAttribute('lang').split('-')[0]))
		.filter((el) => el.innerText.trim().length > 20)
		.filter((el) => getComputedStyle(el).direction !== 'ltr')
		.map((el) => `<${el.tagName.toLowerCase()} class="${el.className}" lang="${el.getAttribute('lang')}"> has direction ${getComputedStyle(el).direction}: "${el.innerText.trim().slice(0, 60)}..."`),
		['ar', 'dv', 'fa', 'he', 'ps', 'sd', 'ug', 'ur', 'yi']);
	assert(wrong.length === 0, `left-to-right text laid out right-to-left (needs dir="ltr" or dir="auto"):\n${wrong.join('\n')}`);
});

// ---------------------------------------------------------------- 320 px

async function overflow(page) {
	return page.evaluate(() => {
		const width = document.scrollingElement.scrollWidth;
		const culprits = [];
		if (width > 320) {
			for (const el of document.body.querySelectorAll('*')) {
				const b = el.getBoundingClientRect();
				if (el.closest('.skip'))
					continue; // the skip link waits off-screen on purpose
				if ((b.right > 320.5 || b.left < -0.5) && b.width > 0) {
					const kids = [...el.children].some((c) => {
						const k = c.getBoundingClientRect();
						return k.width > 0 && (k.right > 320.5 || k.left < -0.5);
					});
					if (!kids)
						culprits.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\s+/g, '.') : ''} [${Math.round(b.left)}..${Math.round(b.right)}]`);
				}
			}
		}
		return { width, culprits: culprits.slice(0, 6) };
	});
}

async function check320(t, page, url, label, problems) {
	await goto(page, url, null);
	const o = await overflow(page);
	if (o.width > 320)
		problems.push(`${label}: scrollWidth ${o.width} > 320 (${o.culprits.join(', ') || 'no single culprit'})`);
	await t.screenshot(page, `w320-${label.replace(/[^a-z0-9]+/gi, '-')}.png`);
}

const W320 = { viewport: { width: 320, height: 640 }, javaScriptEnabled: false };

test('public pages are readable at 320 px (home, sign-in, sign-in error, 404; every language)', async (t) => {
	const problems = [];
	for (const lang of ALL_LANGS) {
		const page = await t.page({ ...W320 });
		await check320(t, page, `/?lang=${lang}`, `home-${lang}`, problems);
		await check320(t, page, `/signin?lang=${lang}`, `signin-${lang}`, problems);
		await page.locator('#email').fill('someone@example.org');
		await page.locator('#password').fill('wrong password');
		await clickAndWait(page, page.locator('main form button[type=submit]'));
		const o = await overflow(page);
		if (o.width > 320)
			problems.push(`signin-error-${lang}: scrollWidth ${o.width} > 320 (${o.culprits.join(', ')})`);
		await check320(t, page, `/no-such-page?lang=${lang}`, `404-${lang}`, problems);
		await check320(t, page, `/join?lang=${lang}`, `join-${lang}`, problems);
	}
	assert(problems.length === 0, problems.join('\n'));
});

test('staff pages are readable at 320 px (/app, /app/settings, settings with errors; en, bn, ur)', async (t) => {
	const problems = [];
	const page = await t.page({ ...W320 });
	await signIn(page, t.server);
	for (const lang of ['en', 'bn', 'ur']) {
		await check320(t, page, `/app?lang=${lang}`, `app-${lang}`, problems);
		await check320(t, page, `/app/settings?lang=${lang}`, `settings-${lang}`, problems);
		await page.locator('#group_name').fill('');
		await page.locator('#timezone').fill('Nowhere/Nothing');
		await clickAndWait(page, page.locator('main form button[type=submit]'));
		const o = await overflow(page);
		if (o.width > 320)
			problems.push(`settings-errors-${lang}: scrollWidth ${o.width} > 320 (${o.culprits.join(', ')})`);
		await t.screenshot(page, `w320-settings-errors-${lang}.png`);
	}
	assert(problems.length === 0, problems.join('\n'));
});

test('staff account and list pages are readable at 320 px (account, 2fa, users, tokens, audit; en, bn, ur)', async (t) => {
	const problems = [];
	const page = await t.page({ ...W320 });
	await signIn(page, t.server);
	for (const lang of ['en', 'bn', 'ur'])
		for (const p of ['account', 'account/2fa', 'users', 'tokens', 'audit', 'people', 'people/2', 'tags'])
			await check320(t, page, `/app/${p}?lang=${lang}`, `${p}-${lang}`, problems);
	assert(problems.length === 0, problems.join('\n'));
});

// ---------------------------------------------------------------- axe, other pages

test('sign-in page (plain and refused) has no axe-core violations (en, ur)', async (t) => {
	const page = await t.page({ bypassCSP: true });
	for (const lang of ['en', 'ur']) {
		await goto(page, `/signin?lang=${lang}`);
		await checkAxe(page, `/signin?lang=${lang}`);
		await page.locator('#email').fill('not an email');
		await clickAndWait(page, page.locator('main form button[type=submit]'));
		await checkAxe(page, `/signin (refused form, ${lang})`);
	}
});

test('staff pages have no axe-core violations (two-factor step, /app, settings, account, users, tokens, audit)', async (t) => {
	const page = await t.page({ bypassCSP: true });
	await goto(page, '/signin?lang=en');
	await page.locator('#email').fill(t.server.email);
	await page.locator('#password').fill(t.server.password);
	await clickAndWait(page, page.locator('main form[action="/signin"] button[type=submit]'));
	const where = new URL(page.url()).pathname;
	if (where === '/app/account/2fa') {
		await checkAxe(page, '/app/account/2fa (enrollment)');
		await enrollTotp(page, t.server);
	} else if (where === '/signin/code') {
		await checkAxe(page, '/signin/code');
		await answerCode(page, t.server);
	}
	assertEqual(new URL(page.url()).pathname, '/app', 'page after signing in');
	await checkAxe(page, '/app');
	for (const url of ['/app/settings', '/app/account', '/app/account/2fa', '/app/users', '/app/tokens', '/app/audit',
	                   '/app/people', '/app/people?q=nas', '/app/people/2', '/app/tags']) {
		await goto(page, url);
		await checkAxe(page, url);
	}
	await goto(page, '/app/settings');
	await page.locator('#group_name').fill('');
	await page.locator('#timezone').fill('Nowhere/Nothing');
	await page.locator('#hotline').fill('call us');
	await clickAndWait(page, page.locator('main form[action="/app/settings"] button[type=submit]'));
	await checkAxe(page, '/app/settings (refused form)');
});

test('error page (404) has no axe-core violations', async (t) => {
	const page = await t.page({ bypassCSP: true });
	await goto(page, '/no-such-page?lang=en', 404);
	await checkAxe(page, '404 page');
});

// ---------------------------------------------------------------- settings (changes state: last)

async function submitSettings(page) {
	return clickAndWait(page, page.locator('main form[action="/app/settings"] button[type=submit]'));
}

test('admin settings without JavaScript: a rejected form comes back as typed, with per-field errors', async (t) => {
	const page = await t.page({ javaScriptEnabled: false });
	await signIn(page, t.server);
	await goto(page, '/app/settings?lang=en');
	const before = await page.locator('header a.brand').innerText();

	await page.locator('#group_name').fill('');
	await page.locator('#timezone').fill('Mars/Olympus_Mons');
	await page.locator('#hotline').fill('+1 (718) 555-0199');
	await page.locator('#default_lang').selectOption('bn');
	await page.locator('input[name=languages][value=ne]').uncheck();
	const resp = await submitSettings(page);

	assertEqual(resp.status(), 422, 'status of a rejected settings form');
	assertEqual(new URL(page.url()).pathname, '/app/settings', 'page after a rejected form');
	assert(await page.locator('main [role=alert]').isVisible(), 'no role=alert summary');
	// Per-field errors, tied to their fields.
	const name = page.locator('#group_name');
	assertEqual(await name.getAttribute('aria-invalid'), 'true', 'aria-invalid on the empty group name');
	const nameErrId = await name.getAttribute('aria-describedby');
	assert(nameErrId, 'the group name field has no aria-describedby');
	const nameErr = page.locator(`[id="${nameErrId}"]`);
	assert(await nameErr.isVisible(), `the group name error #${nameErrId} is not visible`);
	assert((await nameErr.innerText()).trim().length > 0, 'the group name error is empty');
	const tz = page.locator('#timezone');
	assertEqual(await tz.getAttribute('aria-invalid'), 'true', 'aria-invalid on the unknown time zone');
	assert(await page.locator(`[id="${await tz.getAttribute('aria-describedby')}"]`).isVisible(), 'no visible time zone error');
	// Valid fields carry no error.
	assertEqual(await page.locator('#hotline').getAttribute('aria-invalid'), null, 'aria-invalid on the valid hotline');
	// What was typed comes back.
	assertEqual(await name.inputValue(), '', 'group name as typed');
	assertEqual(await tz.inputValue(), 'Mars/Olympus_Mons', 'time zone as typed');
	assertEqual(await page.locator('#hotline').inputValue(), '+1 (718) 555-0199', 'hotline as typed');
	assertEqual(await page.locator('#default_lang').inputValue(), 'bn', 'default language as chosen');
	assertEqual(await page.locator('input[name=languages][value=ne]').isChecked(), false, 'unchecked language stays unchecked');
	assertEqual(await page.locator('input[name=languages][value=ur]').isChecked(), true, 'checked language stays checked');
	// Nothing was saved.
	assertEqual(await page.locator('header a.brand').innerText(), before, 'group name in the header after a rejected form');

	// A whitespace-only name is empty too.
	await goto(page, '/app/settings?lang=en');
	await page.locator('#group_name').fill('   ');
	const resp2 = await submitSettings(page);
	assertEqual(resp2.status(), 422, 'status of a settings form with a blank group name');
	assertEqual(await page.locator('#group_name').getAttribute('aria-invalid'), 'true', 'aria-invalid on a blank group name');
});

test('admin settings without JavaScript: change group name and default language', async (t) => {
	const page = await t.page({ javaScriptEnabled: false });
	await signIn(page, t.server);
	await clickAndWait(page, page.locator('main a[href="/app/settings"]'));
	assertEqual(new URL(page.url()).pathname, '/app/settings', 'page after the settings link');
	const oldName = await page.locator('#group_name').inputValue();
	const oldDefault = await page.locator('#default_lang').inputValue();
	const newName = 'Queens Rapid Response — Ñandú & <Friends>';

	await page.locator('#group_name').fill(newName);
	await page.locator('#default_lang').selectOption('es');
	const resp = await submitSettings(page);
	assertEqual(resp.status(), 200, 'status after saving settings');
	assertEqual(new URL(page.url()).pathname, '/app/settings', 'page after saving');
	assert(await page.locator('main [role=status]').isVisible(), 'no "settings saved" notice');
	assertEqual(await page.locator('#group_name').inputValue(), newName, 'group name after saving');
	assertEqual(await page.locator('#default_lang').inputValue(), 'es', 'default language after saving');
	assertEqual(await page.locator('header a.brand').innerText(), newName, 'group name in the header');

	// A new visitor whose browser asks for a language the group does not
	// offer gets the new default, and sees the new name.
	const visitor = await t.page({ javaScriptEnabled: false, locale: 'fr-FR' });
	await goto(visitor, '/');
	assertEqual((await htmlLangDir(visitor)).lang, 'es', '<html lang> for a French-speaking visitor after the default became es');
	assertEqual(await visitor.locator('header a.brand').innerText(), newName, 'group name on the public home page');
	assert((await visitor.title()).includes(newName), `the <title> does not carry the new name: ${await visitor.title()}`);

	// Put things back (and check a second save works).
	await page.locator('#group_name').fill(oldName);
	await page.locator('#default_lang').selectOption(oldDefault);
	const back = await submitSettings(page);
	assertEqual(back.status(), 200, 'status after restoring settings');
	assertEqual(await page.locator('#group_name').inputValue(), oldName, 'group name after restoring');
});

// ---------------------------------------------------------------- two-factor (protection issue)

test('two-factor: an organizer enrolls TOTP from the QR page, signs out, signs in with password + code; a reused code fails', async (t) => {
	// A fresh organizer, so this test owns the account's TOTP counter.
	const email = 'organizer-2fa@example.org';
	const password = 'stand with your neighbors';
	const made = spawnSync(process.env.SANCTUARY_BIN || 'build/sanctuary',
		['user', 'add', '--data', t.server.data, '--email', email, '--role', 'organizer', '--name', 'Org Two'],
		{ input: password + '\n', encoding: 'utf8' });
	assertEqual(made.status, 0, `user add: ${made.stderr}`);
	const account = { email, password };
	const page = await t.page({ javaScriptEnabled: false });
	const submitPassword = async () => {
		await goto(page, '/signin?lang=en');
		await page.locator('#email').fill(email);
		await page.locator('#password').fill(password);
		return clickAndWait(page, page.locator('main form[action="/signin"] button[type=submit]'));
	};
	await submitPassword();
	// organizers must enrol before anything else
	assertEqual(new URL(page.url()).pathname, '/app/account/2fa', 'first stop for an organizer without two-factor');
	assert(await page.locator('main .qr svg').count() === 1, 'no QR code');
	await t.screenshot(page, 'twofactor-organizer-enroll.png');
	await enrollTotp(page, account);
	assertEqual(new URL(page.url()).pathname, '/app', 'after enrolling');
	const enrolCode = totp(account.auth.secret, account.auth.lastCounter);
	await clickAndWait(page, page.locator('header form[action="/signout"] button[type=submit]'));
	assertEqual(new URL(page.url()).pathname, '/signin', 'after signing out');

	// The code used to enrol is spent: it must not open a session.
	await submitPassword();
	assertEqual(new URL(page.url()).pathname, '/signin/code', 'after the password, with two-factor on');
	await page.locator('#code').fill(enrolCode);
	const reused = await clickAndWait(page, page.locator('main form[action="/signin/code"] button[type=submit]'));
	assertEqual(reused.status(), 401, 'status of a reused code');
	const alert = await page.locator('main [role=alert]').innerText();
	assert(/already used/i.test(alert), `the refusal does not say the code was used: ${alert}`);
	// A fresh code (next time step) works, and then it too is spent.
	const fresh = totp(account.auth.secret, account.auth.lastCounter + 1);
	await page.locator('#code').fill(fresh);
	const ok = await clickAndWait(page, page.locator('main form[action="/signin/code"] button[type=submit]'));
	assertEqual(new URL(page.url()).pathname, '/app', 'after a fresh code');
	assertEqual(ok.status(), 200, 'status of /app');
	await clickAndWait(page, page.locator('header form[action="/signout"] button[type=submit]'));
	await submitPassword();
	await page.locator('#code').fill(fresh);
	const again = await clickAndWait(page, page.locator('main form[action="/signin/code"] button[type=submit]'));
	assertEqual(again.status(), 401, 'the fresh code, used a second time');
	await t.screenshot(page, 'twofactor-reused-code.png');
});

// ---------------------------------------------------------------- people (people issue)

test('people: join in Bengali without JavaScript, then an organizer finds them by typing part of the name, tags them and saves a segment', async (t) => {
	// The neighbor: Bengali page, no JavaScript.
	const pub = await t.page({ javaScriptEnabled: false });
	await goto(pub, '/join?lang=bn');
	assertEqual((await htmlLangDir(pub)).lang, 'bn', '<html lang> of the join page');
	await pub.locator('#given_name').fill('শাহনাজ');
	await pub.locator('#family_name').fill('পারভীন');
	await pub.locator('#phone').fill('৭১৮ ৫৫৫ ০১৮৮'); // Bengali digits, as people type them
	await pub.locator('input[name=languages][value=bn]').check();
	await pub.locator('input[name=talents][value=interpreting]').check();
	await pub.locator('input[name=availability][value=weekday_mornings]').check();
	await pub.locator('input[name=consent_sms]').check();
	await t.screenshot(pub, 'join-bn-filled.png');
	await clickAndWait(pub, pub.locator('main form[action="/join"] button[type=submit]'));
	assertEqual(new URL(pub.url()).pathname, '/join/thanks', 'page after joining');
	assertEqual((await htmlLangDir(pub)).lang, 'bn', 'the thank-you page stays in Bengali');
	await t.screenshot(pub, 'join-bn-thanks.png');

	// The organizer: JavaScript on, so the list updates as they type.
	const page = await t.page({ javaScriptEnabled: true });
	await signIn(page, t.server);
	await goto(page, '/app/people?lang=en');
	await page.locator('#q').pressSequentially('শাহ', { delay: 60 });
	// the whole list first; then, as the letters arrive, only the match
	// (polled from here: the page's CSP forbids the eval waitForFunction needs)
	const rows = page.locator('#people-results tbody tr');
	for (let i = 0; i < 50 && !((await rows.count()) === 1 && /শাহনাজ/.test(await rows.first().innerText())); i++)
		await page.waitForTimeout(100);
	assertEqual(await rows.count(), 1, 'rows left in the list after typing part of the name');
	assert(new URL(page.url()).search.includes('q='), 'the address does not follow the search');
	const link = page.locator('#people-results a', { hasText: 'শাহনাজ' });
	assertEqual(await link.count(), 1, 'people matching the typed part of the name');
	await t.screenshot(page, 'people-search-bn.png');
	await clickAndWait(page, link);
	const main = await page.locator('main').innerText();
	assert(main.includes('+17185550188'), `the phone typed in Bengali digits was not stored as E.164: ${main.slice(0, 400)}`);
	await page.locator('#add-tag').fill('hearing-volunteers');
	await clickAndWait(page, page.locator('main form[action$="/tags"] button[type=submit]'));
	assert((await page.locator('main .chip', { hasText: 'hearing-volunteers' }).count()) === 1, 'the tag is not shown on the person');

	// A segment: Bengali speakers available weekday mornings who agreed to SMS, with the tag.
	await goto(page, '/app/people?lang_spoken=bn&consent=sms&tag=hearing-volunteers');
	assertEqual(await page.locator('#people-results a', { hasText: 'শাহনাজ' }).count(), 1, 'the person in the filtered list');
	await page.locator('#segment-name').fill('Bengali SMS hearing volunteers');
	await clickAndWait(page, page.locator('main form[action="/app/segments"] button[type=submit]'));
	assertEqual(new URL(page.url()).pathname, '/app/tags', 'page after saving the segment');
	const seg = page.locator('main a', { hasText: 'Bengali SMS hearing volunteers' });
	assertEqual(await seg.count(), 1, 'the saved segment is listed');
	await clickAndWait(page, seg);
	assertEqual(await page.locator('#people-results a', { hasText: 'শাহনাজ' }).count(), 1, 'the segment finds the person');
	await t.screenshot(page, 'people-segment.png');
});

export default tests;
