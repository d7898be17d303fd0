// Assertions and page helpers shared by the tests.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE_PATH = path.join(here, '..', 'node_modules', 'axe-core', 'axe.min.js');
let axeSource = null;

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa'];

export function assert(cond, message) {
	if (!cond)
		throw new Error(message);
}

export function assertEqual(actual, expected, what) {
	if (actual !== expected)
		throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

// Navigates and insists on the status (the final one, after redirects).
export async function goto(page, url, status = 200) {
	const resp = await page.goto(url, { waitUntil: 'load' });
	assert(resp, `no response for ${url}`);
	if (status !== null)
		assertEqual(resp.status(), status, `status of GET ${url}`);
	return resp;
}

// Clicks something that navigates (a link or a submit button) and returns
// the response of the page it lands on (after redirects).
export async function clickAndWait(page, locator) {
	const [resp] = await Promise.all([
		page.waitForNavigation({ waitUntil: 'load' }),
		locator.click(),
	]);
	return resp;
}

export async function htmlLangDir(page) {
	return page.evaluate(() => ({
		lang: document.documentElement.getAttribute('lang'),
		dir: document.documentElement.getAttribute('dir'),
	}));
}

// Injects axe-core (the page's CSP forbids it, so the context must be
// created with bypassCSP: true) and fails on any WCAG 2.0 A/AA or 2.1 AA
// violation, with the details.
export async function checkAxe(page, what) {
	if (axeSource === null)
		axeSource = fs.readFileSync(AXE_PATH, 'utf8');
	await page.addScriptTag({ content: axeSource });
	const result = await page.evaluate(async (tags) => {
		// eslint-disable-next-line no-undef
		const r = await axe.run(document, {
			runOnly: { type: 'tag', values: tags },
			resultTypes: ['violations'],
		});
		return r.violations.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			helpUrl: v.helpUrl,
			nodes: v.nodes.map((n) => ({
				target: n.target.join(' '),
				html: n.html.slice(0, 200),
				summary: (n.failureSummary || '').replace(/\s+/g, ' ').trim(),
			})),
		}));
	}, AXE_TAGS);
	if (result.length) {
		const lines = [`axe: ${result.length} violation(s) on ${what}:`];
		for (const v of result) {
			lines.push(`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
			for (const n of v.nodes.slice(0, 5))
				lines.push(`    at ${n.target}: ${n.html}\n      ${n.summary}`);
			if (v.nodes.length > 5)
				lines.push(`    ... and ${v.nodes.length - 5} more element(s)`);
		}
		throw new Error(lines.join('\n'));
	}
}

// Message ids like "home.heading" leaking into the page mean a missing
// translation; "{{" means a template that was not rendered.
export async function checkNoRawText(page, what) {
	const text = await page.locator('body').innerText();
	assert(!text.includes('{{'), `${what}: unrendered template markup in the page`);
	const ids = text.match(/\b(?:nav|home|footer|signin|settings|app|error|form|field|role|twofactor|account|users|tokens|audit|invite)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*\b/g);
	assert(!ids, `${what}: message ids instead of text: ${ids && [...new Set(ids)].join(', ')}`);
}
