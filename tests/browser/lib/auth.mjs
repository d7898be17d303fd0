// Signing in as the demo admin, whatever the account's two-factor state:
// the first sign-in enrolls TOTP when the group requires it (secret read
// from the page, codes computed here, RFC 6238: SHA-1, 6 digits, 30 s);
// later ones answer /signin/code with a TOTP code whose counter has not
// been used yet, or with a recovery code when the clock has not moved on.
import crypto from 'node:crypto';
import { assert, assertEqual, clickAndWait, goto } from './checks.mjs';

function base32Decode(s) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0;
	let value = 0;
	const out = [];
	for (const ch of s.toUpperCase().replace(/[^A-Z2-7]/g, '')) {
		value = (value << 5) | alphabet.indexOf(ch);
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}

export function totp(secretB32, counter) {
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(counter));
	const h = crypto.createHmac('sha1', base32Decode(secretB32)).update(msg).digest();
	const off = h[h.length - 1] & 0x0f;
	const bin = ((h[off] & 0x7f) << 24) | (h[off + 1] << 16) | (h[off + 2] << 8) | h[off + 3];
	return String(bin % 1_000_000).padStart(6, '0');
}

const step = () => Math.floor(Date.now() / 1000 / 30);

// The server's `auth` record: { secret, lastCounter, recovery: [] }.
function state(server) {
	if (!server.auth)
		server.auth = { secret: null, lastCounter: -1, recovery: [] };
	return server.auth;
}

// On /app/account/2fa before enrollment: type the current code, keep the
// recovery codes, continue to /app.
export async function enrollTotp(page, server) {
	const auth = state(server);
	const secret = (await page.locator('#totp-secret').innerText()).trim();
	assert(/^[A-Z2-7 ]{16,}$/i.test(secret), `unexpected TOTP secret on the page: ${secret}`);
	const counter = step();
	await page.locator('#code').fill(totp(secret, counter));
	const resp = await clickAndWait(page, page.locator('main form[action="/app/account/2fa"] button[type=submit]'));
	assertEqual(resp.status(), 200, 'status after enrolling two-factor');
	const codes = await page.locator('main ol.codes code').allInnerTexts();
	assertEqual(codes.length, 10, 'number of recovery codes shown');
	auth.secret = secret;
	auth.lastCounter = counter;
	auth.recovery = codes.map((c) => c.trim());
	await clickAndWait(page, page.locator('main a[href="/app"]'));
}

// On /signin/code: a TOTP code with a fresh counter, else a recovery code.
export async function answerCode(page, server) {
	const auth = state(server);
	assert(auth.secret, 'asked for a two-factor code, but this run never enrolled one');
	const now = step();
	const counter = Math.max(auth.lastCounter + 1, now);
	let code;
	if (counter <= now + 1) {
		code = totp(auth.secret, counter);
		auth.lastCounter = counter;
	} else {
		assert(auth.recovery.length > 0, 'no TOTP counter free and no recovery code left');
		code = auth.recovery.shift();
	}
	await page.locator('#code').fill(code);
	const resp = await clickAndWait(page, page.locator('main form[action="/signin/code"] button[type=submit]'));
	return resp;
}

// Email and password, then whatever two-factor step follows; ends on /app.
export async function signIn(page, server) {
	await goto(page, '/signin');
	await page.locator('#email').fill(server.email);
	await page.locator('#password').fill(server.password);
	let resp = await clickAndWait(page, page.locator('main form[action="/signin"] button[type=submit]'));
	let where = new URL(page.url()).pathname;
	if (where === '/signin/code') {
		resp = await answerCode(page, server);
		where = new URL(page.url()).pathname;
	} else if (where === '/app/account/2fa') {
		await enrollTotp(page, server);
		where = new URL(page.url()).pathname;
		resp = null;
	}
	assertEqual(where, '/app', 'page after signing in');
	if (resp)
		assertEqual(resp.status(), 200, 'status of /app after signing in');
}
