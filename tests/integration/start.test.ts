/**
 * `npm start` where the Electron binary is missing (as here: it downloads on first start): one
 * line says so, and the app is served to a browser at the printed address, secret included.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let child: ChildProcess;
let out = '';
let url = '';

function get(u: string): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    request(u, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    })
      .on('error', reject)
      .end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bc-start-'));
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main/start.ts', '--data-dir', join(dir, 'profile')], {
    cwd: ROOT,
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'no-electron'), BANKCLIENT_LANG: 'en' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\S+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`start exited with ${code}: ${out}`)));
  });
}, 60_000);

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start without the Electron binary', () => {
  it('says so in one line and prints the browser address', () => {
    expect(out.split('\n')[0]).toBe('Electron is not installed on this machine; opening Bank Client in your browser instead.');
  });

  it('serves the built page with its security headers at that address, and nothing outside it', async () => {
    const page = await get(url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root"></div>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await get(new URL(url).origin + '/')).status).toBe(404);
    expect((await get(`${url}..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await get(`${url}../../package.json`)).status).toBe(404);
  });
});
