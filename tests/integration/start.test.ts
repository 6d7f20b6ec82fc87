/**
 * `npm start` where the Electron binary is missing (as here: it downloads on first start): one
 * line says so, and the app is served to a browser at the printed address, secret included.
 * With nothing configured it comes up in demo mode: the sandbox bank in the process on loopback
 * and SoftHSM demo tokens in the data folder (checked with softhsm2-util and pkcs11-tool, which
 * know nothing of the app); a second start reuses both; --bank starts no demo.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so';
let dir: string;
let profile: string;
let first: Started;

interface Started {
  child: ChildProcess;
  /** Everything printed so far (stdout). */
  out(): string;
  url: string;
  /** Ends the process and waits for it; gives the whole output. */
  stop(): Promise<string>;
}

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

/** A call as the page makes it: the HTTP status and the gate's envelope. */
function post(hostUrl: string, channel: string, input: unknown): Promise<{ status: number; answer: { ok: boolean; value?: unknown; error?: { code: string; params: Record<string, unknown> } } }> {
  return new Promise((resolve, reject) => {
    const req = request(`${hostUrl}rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, answer: JSON.parse(body) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(input));
  });
}

/** A call that must succeed: the output its envelope carries. */
async function rpc(hostUrl: string, channel: string, input: unknown): Promise<unknown> {
  const { status, answer } = await post(hostUrl, channel, input);
  if (!answer.ok) throw new Error(`${channel}: ${status} ${JSON.stringify(answer)}`);
  return answer.value;
}

/** A machine with nothing configured: no bank, no token module, no SoftHSM configuration. */
function bareEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'no-electron'), BANKCLIENT_LANG: 'en' };
  for (const k of ['PKCS11_MODULE', 'SOFTHSM2_CONF', 'BANKCLIENT_BANK_URL', 'BANKCLIENT_HOME']) delete env[k];
  return env;
}

/** Runs `npm start`'s program, out/cli/start.js (built by the tests' global setup), and waits for the printed address. */
async function start(dataDir: string, args: string[] = []): Promise<Started> {
  const child = spawn(process.execPath, ['out/cli/start.js', '--data-dir', dataDir, ...args], { cwd: ROOT, env: bareEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\S+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`start exited with ${code}: ${out}${err}`)));
  });
  return {
    child,
    out: () => out,
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      return out;
    },
  };
}

/** The demo bank's address from the printed lines. */
const demoBankOf = (out: string): string | undefined => /Demo mode: .* at (http:\/\/127\.0\.0\.1:\d+) /.exec(out)?.[1];

/** Waits until the output has what `find` looks for (the lines after the address come a moment later). */
function printed(s: Started, find: (out: string) => string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const look = (): boolean => {
      const found = find(s.out());
      if (found) resolve(found);
      return !!found;
    };
    if (look()) return;
    const onData = (): void => void (look() && s.child.stdout!.off('data', onData));
    s.child.stdout!.on('data', onData);
    s.child.once('exit', () => reject(new Error(`exited before printing it: ${s.out()}`)));
  });
}

/** The tokens SoftHSM has under the data folder's demo configuration, by an independent tool: label -> serial. */
function showSlots(dataDir: string): Map<string, string> {
  const out = execFileSync('softhsm2-util', ['--show-slots'], { env: { ...bareEnv(), SOFTHSM2_CONF: join(dataDir, 'demo-token', 'softhsm2.conf') }, encoding: 'utf8' });
  const found = new Map<string, string>();
  for (const block of out.split(/\n(?=Slot )/)) {
    const label = /Label:[ \t]*(.*?)\s*$/m.exec(block)?.[1];
    const serial = /Serial number:\s+(\S+)/.exec(block)?.[1];
    if (label && serial) found.set(label, serial);
  }
  return found;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bc-start-'));
  profile = join(dir, 'Bank Client');
  first = await start(profile);
  await printed(first, demoBankOf);
}, 60_000);

afterAll(async () => {
  first?.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start without the Electron binary', () => {
  it('says so in one line and prints the browser address', () => {
    expect(first.out().split('\n')[0]).toBe('Electron is not installed on this machine; opening Bank Client in your browser instead.');
  });

  it('serves the built page with its security headers at that address, and nothing outside it', async () => {
    const url = first.url;
    const page = await get(url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root"></div>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await get(new URL(url).origin + '/')).status).toBe(404);
    expect((await get(`${url}..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await get(`${url}../../package.json`)).status).toBe(404);
  });

  it('parses an uploaded file in its own built import worker (out/cli/import-worker.js, no TypeScript loader)', async () => {
    const bad = Buffer.from('<r>\n<1a/>\n</r>');
    const upload = (await rpc(first.url, 'import.begin', { name: 'bad.xml', size: bad.length })) as { uploadId: string };
    expect((await post(first.url, 'import.chunk', { uploadId: upload.uploadId, offset: 0, data: bad.toString('base64') })).status).toBe(200);
    // the worker's refusal, with its code and position: a worker that failed to start would be a 500 without them
    const preview = await post(first.url, 'import.preview', { uploadId: upload.uploadId, locale: 'en' });
    expect(preview).toMatchObject({ status: 400, answer: { ok: false, error: { code: 'format.xml.name-invalid', params: { line: 2, column: 2 } } } });
    expect(first.child.spawnargs).toContain('out/cli/start.js');
    expect(existsSync(join(ROOT, 'out', 'cli', 'import-worker.js'))).toBe(true);
  });
});

describe('npm start with nothing configured: demo mode', () => {
  let bankUrl: string;
  let serials: Map<string, string>;
  let ca: string;

  it('a first start in an empty data folder runs the demo bank on loopback and says so', async () => {
    bankUrl = demoBankOf(first.out())!;
    expect(bankUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await get(`${bankUrl}/v1/ca/certificate`);
    expect(res.status).toBe(200);
    ca = res.body;
    expect(ca).toContain('BEGIN CERTIFICATE');
    expect(existsSync(join(profile, 'demo-bank', 'bank.sqlite'))).toBe(true);
    // the page's channels know it is the demo, and the profile's bank is the demo bank
    const info = (await rpc(first.url, 'demo.info', {})) as { active: boolean; bankUrl: string; people: unknown[] };
    expect(info).toMatchObject({ active: true, bankUrl });
    expect(info.people).toHaveLength(3);
    expect(await rpc(first.url, 'app.info', {})).toMatchObject({ bankUrl, dataDir: profile });
  });

  it('makes the demo tokens in the data folder: softhsm2-util and pkcs11-tool see them with the folder\'s configuration', () => {
    expect(first.out()).toContain(`Demo tokens «Демо-Директор», «Демо-Главбух» (SoftHSM2) are in ${join(profile, 'demo-token')}`);
    serials = showSlots(profile);
    expect([...serials.keys()].filter((l) => l.startsWith('Демо')).sort()).toEqual(['Демо-Главбух', 'Демо-Директор']);
    const slots = execFileSync('pkcs11-tool', ['--module', SOFTHSM, '--list-slots'], { env: { ...bareEnv(), SOFTHSM2_CONF: join(profile, 'demo-token', 'softhsm2.conf') }, encoding: 'utf8' });
    expect(slots).toMatch(/token label\s+: Демо-Директор/);
    expect(slots).toMatch(/token label\s+: Демо-Главбух/);
  });

  it('a second start reuses the bank (same address, same CA) and the tokens (same serials, none made again)', async () => {
    await first.stop();
    const second = await start(profile);
    try {
      expect(await printed(second, demoBankOf)).toBe(bankUrl);
      expect(second.out()).not.toContain('port was taken');
      expect((await get(`${bankUrl}/v1/ca/certificate`)).body).toBe(ca);
      expect(showSlots(profile)).toEqual(serials);
      const info = (await rpc(second.url, 'demo.info', {})) as { tokens: { label: string; serial: string }[] };
      expect(info.tokens.map((tk) => [tk.label, tk.serial])).toEqual([
        ['Демо-Директор', serials.get('Демо-Директор')],
        ['Демо-Главбух', serials.get('Демо-Главбух')],
      ]);
    } finally {
      await second.stop();
    }
  });

  it('--bank URL turns the demo off: no demo bank, no demo tokens, the page is told it is not the demo', async () => {
    const other = join(dir, 'with-bank');
    const s = await start(other, ['--bank', 'http://127.0.0.1:9']);
    try {
      expect(await rpc(s.url, 'demo.info', {})).toEqual({ active: false });
      expect(await rpc(s.url, 'app.info', {})).toMatchObject({ bankUrl: 'http://127.0.0.1:9' });
    } finally {
      const out = await s.stop();
      expect(out).not.toContain('Demo');
      expect(out.split('\n')[0]).toBe('Electron is not installed on this machine; opening Bank Client in your browser instead.');
    }
    expect(existsSync(join(other, 'demo-bank'))).toBe(false);
    expect(existsSync(join(other, 'demo-token'))).toBe(false);
  });
});
