// Starts a throwaway Sanctuary: fresh temp data folder, `init`, `demo`,
// `serve --listen 127.0.0.1:0`; reads the URL and the demo sign-in.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function runOnce(bin, args) {
	const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 30_000 });
	if (r.error)
		throw new Error(`${path.basename(bin)} ${args[0]}: ${r.error.message}`);
	if (r.status !== 0)
		throw new Error(`${path.basename(bin)} ${args.join(' ')} exited with ${r.status}: ${(r.stderr || '').trim()}`);
	return r.stdout;
}

export async function startServer(bin) {
	if (!fs.existsSync(bin))
		throw new Error(`${bin} does not exist (build first, or set SANCTUARY_BIN)`);
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sanctuary-browser-'));
	const data = path.join(tmp, 'data');
	const server = { tmp, data, proc: null, url: null, stderr: '', stdout: '' };
	server.stop = () => stopServer(server);
	try {
		runOnce(bin, ['init', '--data', data]);
		const demo = runOnce(bin, ['demo', '--data', data]);
		const m = demo.match(/demo sign-in:\s*(\S+)\s+password:\s*(\S+)/);
		if (!m)
			throw new Error(`demo printed no sign-in line: ${JSON.stringify(demo)}`);
		server.email = m[1];
		server.password = m[2];

		const proc = spawn(bin, ['serve', '--data', data, '--listen', '127.0.0.1:0'],
		                   { stdio: ['ignore', 'pipe', 'pipe'] });
		server.proc = proc;
		proc.stderr.setEncoding('utf8');
		proc.stderr.on('data', (d) => { server.stderr += d; });
		proc.stdout.setEncoding('utf8');
		server.url = await new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(
				`no "listening on" line within 10 s; stderr: ${server.stderr.trim()}`)), 10_000);
			proc.stdout.on('data', (d) => {
				server.stdout += d;
				const lm = server.stdout.match(/listening on (http:\/\/[^\s]+)/);
				if (lm) {
					clearTimeout(timer);
					resolve(lm[1].replace(/\/$/, ''));
				}
			});
			proc.on('error', (e) => { clearTimeout(timer); reject(e); });
			proc.on('exit', (code, sig) => {
				clearTimeout(timer);
				reject(new Error(`serve exited early (${code ?? sig}); stderr: ${server.stderr.trim()}`));
			});
		});
		server.origin = new URL(server.url).origin;
		if (new URL(server.url).hostname !== '127.0.0.1')
			throw new Error(`server listens on ${server.url}, expected 127.0.0.1`);
		return server;
	} catch (e) {
		await stopServer(server);
		throw e;
	}
}

export async function stopServer(server) {
	const proc = server.proc;
	if (proc && proc.exitCode === null && proc.signalCode === null) {
		const exited = new Promise((r) => proc.once('exit', r));
		proc.kill('SIGTERM');
		const t = setTimeout(() => { try { proc.kill('SIGKILL'); } catch { /* gone */ } }, 5_000);
		await exited;
		clearTimeout(t);
	}
	server.proc = null;
	if (server.tmp) {
		fs.rmSync(server.tmp, { recursive: true, force: true });
		server.tmp = null;
	}
}

// Last resort from process 'exit' handlers: synchronous.
export function killServerSync(server) {
	if (server && server.proc && server.proc.exitCode === null) {
		try { server.proc.kill('SIGKILL'); } catch { /* gone */ }
	}
	if (server && server.tmp)
		fs.rmSync(server.tmp, { recursive: true, force: true });
}
