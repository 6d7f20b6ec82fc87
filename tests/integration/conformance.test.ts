import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFORMANCE, kill, spawnSandbox, type SandboxProcess } from '../helpers/sandbox-process.ts';
import { SoftHsm, SOFTHSM_MODULE } from '../helpers/softhsm.ts';
import { FaultProxy } from '../helpers/fault-proxy.ts';
import { requireGostTools, SOFTHSM_GOST_DIR } from '../helpers/softhsm-gost.ts';
import { TokenService } from '../../src/main/tokens/token-service.ts';
import { BankClient } from '../../src/cli/conformance/bank-client.ts';
import type { DocumentBody } from '../../src/shared/bank-api/documents/index.ts';
import { signedDocumentBytes, signedDocumentJson } from '../../src/shared/bank-api/documents/signed.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
const running: SandboxProcess[] = [];
afterAll(async () => {
  for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) await kill(p, 'SIGTERM');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function conformance(args: string[]) {
  const r = spawnSync(process.execPath, [CONFORMANCE, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SOFTHSM2_CONF: '' }, timeout: 170_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** As conformance(), without blocking this process: for a suite run through a proxy served here. */
function conformanceAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CONFORMANCE, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SOFTHSM2_CONF: '' }, timeout: 170_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe('the conformance suite against the sandbox bank, over real HTTP with SoftHSM2 tokens', () => {
  it('passes every step, the GOST one on the GOST SoftHSM included, when given the bank side, and exits 0', async () => {
    // CI has the GOST build: without it this test fails (naming what to run), it is not skipped
    requireGostTools();
    const dataDir = mkdtempSync(join(tmpdir(), 'conformance-bank-'));
    dirs.push(dataDir);
    const bank = await spawnSandbox(dataDir);
    running.push(bank);
    const r = conformance(['--url', bank.url, '--admin-url', bank.adminUrl, '--admin-secret-file', bank.adminSecretFile, '--gost-softhsm', SOFTHSM_GOST_DIR, '--json']);
    const results = JSON.parse(r.stdout) as { step: string; outcome: string; detail: string }[];
    expect(results.filter((x) => x.outcome !== 'pass'), r.stderr).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(20);
    expect(results.find((x) => x.step.startsWith('GOST R 34.10-2012'))).toMatchObject({ outcome: 'pass', detail: expect.stringMatching(/two GOST 2012-256 signers.*executed.*422 signature-invalid/) });
    expect(results.find((x) => x.step.startsWith('recall:'))).toMatchObject({ outcome: 'pass', detail: expect.stringMatching(/recalled with a receipt.*409 recall-too-late/) });
    expect(results.find((x) => x.step.startsWith('batch:'))).toMatchObject({ outcome: 'pass', detail: expect.stringMatching(/201, 403 signer-not-authorised, 201 in order; again 200, 403, 200 .*400 malformed-request, nothing stored/) });
    expect(r.status).toBe(0);
    // the suite moved the bank's clock by minutes; it is back at real time, so people sharing this sandbox keep their statuses and sessions
    expect(results.at(-1)).toMatchObject({ step: 'the bank clock put back where it was', outcome: 'pass' });
    expect(await new BankClient(bank.url, { url: bank.adminUrl, secret: bank.adminSecret }).clockOffset()).toBe(0);
  }, 180_000); // one-time codes follow real time: a person's third login in one 30-second step waits for the next

  it('without --gost-softhsm the GOST step is not run, saying so; with a folder holding no GOST build it fails, and the suite exits 1', async () => {
    const gostStep = async (args: string[]) => {
      // a fresh bank each time: the suite's company is created once per bank
      const dataDir = mkdtempSync(join(tmpdir(), 'conformance-bank-'));
      dirs.push(dataDir);
      const bank = await spawnSandbox(dataDir);
      running.push(bank);
      const r = conformance(['--url', bank.url, '--admin-url', bank.adminUrl, '--admin-secret-file', bank.adminSecretFile, '--json', ...args]);
      return { status: r.status, step: (JSON.parse(r.stdout) as { step: string; outcome: string; detail: string }[]).find((x) => x.step.startsWith('GOST R 34.10-2012')) };
    };
    const skipped = await gostStep([]);
    expect(skipped.step).toMatchObject({ outcome: 'not run', detail: expect.stringContaining('--gost-softhsm') });
    expect(skipped.status).toBe(0);
    const empty = mkdtempSync(join(tmpdir(), 'no-gost-'));
    dirs.push(empty);
    const missing = await gostStep(['--gost-softhsm', empty]);
    expect(missing.step).toMatchObject({ outcome: 'fail', detail: expect.stringContaining(`no SoftHSM2 built with GOST in ${empty}`) });
    expect(missing.status).toBe(1);
  }, 240_000);

  it('without the bank side reports those steps as not run, never as passed', async () => {
    const bank = running[0]!;
    const r = conformance(['--url', bank.url]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/enrolment: code \+ CSR, approval, certificate\s+not run\s+needs the bank side/);
    // the option it names is the one the suite takes
    expect(r.stdout).toContain('needs the bank side (--admin-url and --admin-secret-file)');
    expect(r.stdout).not.toMatch(/--admin-secret\)/);
    expect(r.stdout).toMatch(/\d+ passed, 0 failed, \d+ not run/);
    expect(r.stdout).not.toMatch(/two-person.*pass/);
  });

  it('fails the batch step against a bank whose batch answers come in another order than the documents were sent, and exits 1', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'conformance-bank-'));
    dirs.push(dataDir);
    const bank = await spawnSandbox(dataDir);
    running.push(bank);
    const proxy = await new FaultProxy(bank.url).start();
    try {
      // the bank stores and decides each as it should; only its answer is reordered
      proxy.set({ fault: 'rewrite', method: 'POST', path: '/v1/documents/batch', times: 1, rewrite: (b) => ({ results: [...(b as { results: unknown[] }).results].reverse() }) });
      // the proxy is served by this process: the suite must not block it
      const r = await conformanceAsync(['--url', proxy.url, '--admin-url', bank.adminUrl, '--admin-secret-file', bank.adminSecretFile, '--json']);
      const results = JSON.parse(r.stdout) as { step: string; outcome: string; detail: string }[];
      expect(results.find((x) => x.step.startsWith('batch:'))).toMatchObject({ outcome: 'fail', detail: expect.stringContaining('(in the order sent, ids echoed)') });
      expect(results.filter((x) => x.outcome === 'fail').map((x) => x.step)).toEqual([expect.stringMatching(/^batch:/)]);
      expect(r.status).toBe(1);
    } finally {
      await proxy.stop();
    }
  }, 180_000);

  it('exits non-zero when the bank misbehaves (here: nothing listens)', () => {
    const r = conformance(['--url', 'http://127.0.0.1:9', '--json']);
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as { outcome: string }[])[0]!.outcome).toBe('fail');
  });
});

describe('crash safety of the sandbox bank', () => {
  it('a SIGKILL in the middle of submissions loses no document it answered for, and no status it reported', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crash-bank-'));
    dirs.push(dataDir);
    const hsm = new SoftHsm('crash');
    dirs.push(hsm.dir);
    hsm.initTestToken('Director', '12121212', '34343434');
    const tokens = new TokenService(SOFTHSM_MODULE);
    let bank = await spawnSandbox(dataDir);
    running.push(bank);
    let client = new BankClient(bank.url, { url: bank.adminUrl, secret: bank.adminSecret });
    const companyId = (await client.adminRequest<{ companyId: string }>('POST', '/admin/companies', { name: 'ООО «Ромашка»', inn: '7707083893', ogrn: '1027700132195' })).body.companyId;
    const account = (await client.adminRequest<{ number: string }>('POST', `/admin/companies/${companyId}/accounts`, { balance: 100_000_000_00 })).body.number;
    const director = await client.enrol(tokens, hsm.dir, { token: 'Director', pin: '12121212', key: 'd', companyId, name: 'Директор', role: 'single-signature', subject: 'CN=Директор,O=ООО «Ромашка»,C=RU,1.2.643.100.4=7707083893' });
    const session = await client.login(tokens, director);
    const today = new Date().toISOString().slice(0, 10);
    const docs = Array.from({ length: 120 }, (_, i) => ({
      id: randomUUID(),
      body: {
        kind: 'payment-order', version: 1,
        content: {
          number: String(i + 1), date: today, amount: 1_000_00 + i,
          payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account, bank: { name: 'Банк', bic: '044525225', corrAccount: '30101810400000000225' } },
          payee: { name: 'ООО «Лютик»', inn: '500100732259', account: '40602810700000000025', bank: { name: 'Банк 2', bic: '049805746' } },
          uin: '0', priority: 5, purpose: `Оплата по счёту № ${i + 1}, НДС не облагается`, operationType: '01',
        },
      } as DocumentBody,
    }));
    const signatures = new Map<string, string>();
    for (const d of docs) signatures.set(d.id, (await tokens.sign('Director', '12121212', 'd', Buffer.from(signedDocumentBytes({ id: d.id, companyId }, d.body)))).toString('base64'));

    // submit 8 at a time; kill the bank once 40 have been answered
    const answered = new Map<string, string>();
    let next = 0;
    let killed: Promise<void> | undefined;
    const worker = async () => {
      while (next < docs.length && !killed) {
        const d = docs[next++]!;
        try {
          const r = await client.request<{ status: string }>('PUT', `/v1/documents/${d.id}`, { document: signedDocumentJson({ id: d.id, companyId }, d.body), signature: signatures.get(d.id) }, session);
          if (r.status === 201 || r.status === 200) answered.set(d.id, r.body.status);
          if (answered.size >= 40 && !killed) killed = kill(bank);
        } catch {
          // the connection died with the bank: this one was not answered
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await killed;
    expect(answered.size).toBeGreaterThanOrEqual(40);

    bank = await spawnSandbox(dataDir);
    running.push(bank);
    client = new BankClient(bank.url, { url: bank.adminUrl, secret: bank.adminSecret });
    for (const [id, status] of answered) {
      const r = await client.request<{ status: string }>('GET', `/v1/documents/${id}`, undefined, session);
      expect(r.status, `document ${id} answered ${status} before the kill`).toBe(200);
      expect(r.body.status).toBe(status);
    }
    const feed = (await client.request<{ changes: { documentId: string; status: string; receipt: { signature: string } }[] }>('GET', '/v1/changes?cursor=0&limit=1000', undefined, session)).body;
    for (const [id, status] of answered) expect(feed.changes.some((c) => c.documentId === id && c.status === status && c.receipt.signature.length > 0)).toBe(true);
    // and submitting everything again is idempotent: nothing is duplicated or conflicts
    for (const d of docs.slice(0, 60)) {
      const r = await client.request('PUT', `/v1/documents/${d.id}`, { document: signedDocumentJson({ id: d.id, companyId }, d.body), signature: signatures.get(d.id) }, session);
      expect([200, 201]).toContain(r.status);
    }
  });
});
