// Petitions and events in a real browser: a neighbor on a 320 px phone in
// Spanish with JavaScript off signs a petition, signs again (counted once),
// registers for a training that fills up, and sees the waiting list move
// when someone cancels; an organizer works the door (search as you type,
// tap to check in, a walk-in, an anonymous headcount, totals).
import { assert, assertEqual, checkAxe, clickAndWait, goto, htmlLangDir } from './lib/checks.mjs';
import { signIn } from './lib/auth.mjs';

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

const PHONE = { javaScriptEnabled: false, viewport: { width: 320, height: 640 }, isMobile: true };
const MIN_TIME = 3100; // the forms' minimum time on the page

async function count(page) {
	const text = await page.locator('main p.count strong').first().innerText();
	return parseInt(text.replace(/[^\d]/g, ''), 10);
}

async function fitsWidth(page, what) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	assert(w <= 320, `${what}: the page is ${w} px wide on a 320 px phone`);
}

async function rsvpAs(t, given, email) {
	const page = await t.page(PHONE);
	await goto(page, '/events/warrant-training?lang=es');
	await page.locator('#given_name').fill(given);
	await page.locator('#email').fill(email);
	await page.waitForTimeout(MIN_TIME);
	await clickAndWait(page, page.locator('main form[action="/events/warrant-training/rsvp"] button[type=submit]'));
	assert(/\/events\/warrant-training\/rsvp\/[\w-]{20,}/.test(page.url()), `page after the RSVP: ${page.url()}`);
	return page;
}

test('petitions: sign in Spanish without JavaScript on a 320 px phone, sign again (counted once), RSVP, cancel, the waiting list moves', async (t) => {
	const page = await t.page(PHONE);
	await goto(page, '/p/riaz-stays-home?lang=es');
	assertEqual((await htmlLangDir(page)).lang, 'es', '<html lang>');
	assert((await page.locator('main h1').innerText()).includes('Que Riaz Talukder'), 'the Spanish title');
	await fitsWidth(page, 'petition');
	const before = await count(page);
	await page.locator('#given_name').fill('Graciela');
	await page.locator('#family_name').fill('Paredes');
	await page.locator('#email').fill('graciela@example.org');
	await page.locator('#postal_code').fill('11372');
	await page.locator('#comment').fill('Riaz es mi vecino.');
	await page.locator('input[name=show_public]').check();
	await t.screenshot(page, 'petition-es-320-filled.png');
	await page.waitForTimeout(MIN_TIME);
	await clickAndWait(page, page.locator('main form[action="/p/riaz-stays-home/sign"] button[type=submit]'));
	assertEqual(new URL(page.url()).pathname, '/p/riaz-stays-home/thanks', 'page after signing');
	assertEqual((await page.locator('main h1').innerText()).trim(), 'Gracias por firmar', 'thank-you heading');
	assertEqual(await count(page), before + 1, 'count after signing');
	await fitsWidth(page, 'thank-you page');
	await t.screenshot(page, 'petition-es-320-thanks.png');

	// again, the same email with capitals: "already signed", not counted
	await goto(page, '/p/riaz-stays-home?lang=es');
	await page.locator('#given_name').fill('Graciela');
	await page.locator('#email').fill('Graciela@Example.org');
	await page.waitForTimeout(MIN_TIME);
	await clickAndWait(page, page.locator('main form[action="/p/riaz-stays-home/sign"] button[type=submit]'));
	assertEqual((await page.locator('main h1').innerText()).trim(), 'Ya firmó', 'heading after signing again');
	assertEqual(await count(page), before + 1, 'count after signing again');

	// the training has one place left: Ana takes it, Bea waits, Ana cancels, Bea moves up
	const ana = await rsvpAs(t, 'Ana', 'ana.browser@example.org');
	assertEqual(await ana.locator('.rsvp-status').getAttribute('data-status'), 'going', 'Ana');
	await fitsWidth(ana, 'personal RSVP page');
	const bea = await rsvpAs(t, 'Bea', 'bea.browser@example.org');
	assertEqual(await bea.locator('.rsvp-status').getAttribute('data-status'), 'waitlist', 'Bea');
	assert((await bea.locator('.rsvp-status').innerText()).includes('número 1'), 'Bea is first on the waiting list');
	await t.screenshot(bea, 'event-es-320-waitlist.png');
	await clickAndWait(ana, ana.locator('main form[action$="/cancel"] button[type=submit]'));
	assertEqual(await ana.locator('.rsvp-status').getAttribute('data-status'), 'cancelled', 'Ana after cancelling');
	await bea.reload({ waitUntil: 'load' });
	assertEqual(await bea.locator('.rsvp-status').getAttribute('data-status'), 'going', 'Bea after Ana cancelled');
	await t.screenshot(bea, 'event-es-320-moved-up.png');
});

test('petitions: door check-in on a phone — search as you type, tap to check in, a walk-in, a headcount, totals', async (t) => {
	const page = await t.page({ javaScriptEnabled: true, viewport: { width: 375, height: 740 }, isMobile: true });
	await signIn(page, t.server);
	await goto(page, '/app/events?lang=en');
	await clickAndWait(page, page.locator('main a', { hasText: 'Know your rights' }).first());
	await clickAndWait(page, page.locator('main a[href$="/door"]').first());
	const total = async (name) => parseInt(await page.locator(`#door-results [data-total="${name}"]`).innerText(), 10);
	const checkedBefore = await total('checked_in');
	await page.locator('#q').pressSequentially('pem', { delay: 60 });
	const buttons = page.locator('#door-results button.checkin');
	for (let i = 0; i < 50 && !((await buttons.count()) === 1 && /Pemba/.test(await buttons.first().innerText())); i++)
		await page.waitForTimeout(100);
	assertEqual(await buttons.count(), 1, 'people left after typing "pem"');
	await t.screenshot(page, 'door-search.png');
	await clickAndWait(page, buttons.first());
	assert((await page.locator('#door-results').innerText()).includes('✓ Pemba Sherpa'), 'Pemba is checked in');
	assertEqual(await total('checked_in'), checkedBefore + 1, 'checked in after the tap');
	// a walk-in who gives a name and a phone
	await page.locator('#w-given').fill('Lhamo');
	await page.locator('#w-contact').fill('718 555 0123');
	await clickAndWait(page, page.locator('main form[action$="/door/walkin"] button[type=submit]'));
	assertEqual(await total('walk_ins'), 1, 'walk-ins');
	assertEqual(await total('checked_in'), checkedBefore + 2, 'checked in after the walk-in');
	// someone who gives no name
	const anonBefore = await total('anonymous');
	await clickAndWait(page, page.locator('main form[action$="/door/headcount"] button[type=submit]').first());
	assertEqual(await total('anonymous'), anonBefore + 1, 'anonymous headcount');
	assertEqual(await total('attendance'), checkedBefore + 2 + anonBefore + 1, 'attendance');
	await t.screenshot(page, 'door-totals.png');
});

async function overflow(page, url) {
	await goto(page, url, null);
	return page.evaluate(() => {
		const width = document.scrollingElement.scrollWidth;
		const culprits = [];
		if (width > 320)
			for (const el of document.body.querySelectorAll('*')) {
				const b = el.getBoundingClientRect();
				if (!el.closest('.skip') && b.width > 0 && (b.right > 320.5 || b.left < -0.5) &&
				    ![...el.children].some((c) => { const k = c.getBoundingClientRect(); return k.width > 0 && (k.right > 320.5 || k.left < -0.5); }))
					culprits.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`);
			}
		return `${width}${culprits.length ? ' (' + culprits.slice(0, 5).join(', ') + ')' : ''}`;
	});
}

test('petitions: public and staff petition and event pages are readable at 320 px (every language; staff in en, bn, ur)', async (t) => {
	const problems = [];
	const pub = await t.page(PHONE);
	for (const lang of ['en', 'es', 'bn', 'ne', 'ur'])
		for (const url of ['/p/riaz-stays-home', '/events', '/events/know-your-rights-forum', '/events/warrant-training']) {
			const w = await overflow(pub, `${url}?lang=${lang}`);
			if (parseInt(w, 10) > 320)
				problems.push(`${url} (${lang}): ${w}`);
		}
	const staff = await t.page({ ...PHONE });
	await signIn(staff, t.server);
	for (const lang of ['en', 'bn', 'ur'])
		for (const url of ['/app/petitions', '/app/petitions/1', '/app/petitions/1/packet', '/app/events', '/app/events/1',
		                   '/app/events/1/door']) {
			const w = await overflow(staff, `${url}?lang=${lang}`);
			if (parseInt(w, 10) > 320)
				problems.push(`${url} (${lang}): ${w}`);
		}
	await t.screenshot(staff, 'w320-event-door-ur.png');
	assert(problems.length === 0, problems.join('\n'));
});

test('petitions: the petition and event pages pass axe (WCAG 2.1 AA) in Spanish and Urdu', async (t) => {
	const page = await t.page({ bypassCSP: true, javaScriptEnabled: true });
	for (const url of ['/p/riaz-stays-home?lang=es', '/events/know-your-rights-forum?lang=ur']) {
		await goto(page, url);
		await checkAxe(page, url);
	}
});

export default tests;
