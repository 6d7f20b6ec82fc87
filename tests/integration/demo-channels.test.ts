/**
 * The demo setup through its channels and the app's services: a fresh data folder gets the
 * in-process demo bank and two SoftHSM demo tokens; a person enrols on a demo token with the
 * code the demo shows, the demo bank approves at once, and the one-time code the demo shows logs
 * them in. A restart reuses the bank and the tokens; a configured bank starts no demo; outside
 * the demo the channels say so.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlersFor } from '../../src/main/app-services/index.ts';
import { login } from '../../src/main/bank/session.ts';
import { Client } from '../../src/main/client.ts';
import { configuredBank, demoFor, prepareDemo, type DemoSetup } from '../../src/main/demo/index.ts';
import { openDatabase } from '../../src/main/store/database.ts';
import { getSetting, setSetting } from '../../src/main/store/settings.ts';
import { SUBJECT } from '../helpers/client-flow.ts';
import { errorOf } from '../helpers/errors.ts';

let dir: string;
let dataDir: string;
let demo: DemoSetup;
let client: Client;

type Info = Extract<Awaited<ReturnType<ReturnType<typeof handlersFor>['demo.info']>>, { active: true }>;

const info = async (c: Client): Promise<Info> => {
  const answer = await handlersFor(c)['demo.info']({});
  if (!answer.active) throw new Error('not the demo');
  return answer;
};

beforeAll(async () => {
  // a newcomer's machine: nothing configured
  for (const k of ['PKCS11_MODULE', 'SOFTHSM2_CONF', 'BANKCLIENT_BANK_URL']) delete process.env[k];
  dir = mkdtempSync(join(tmpdir(), 'bc-demo-'));
  dataDir = join(dir, 'Bank Client'); // as the default data folder is named: a space in the SoftHSM config's path
  demo = (await prepareDemo({ dataDir }))!;
  client = new Client({ dataDir, bankUrl: demo.bankUrl, modulePath: demo.modulePath, actor: 'demo-test' });
}, 60_000);

afterAll(async () => {
  client?.close();
  await demo?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the demo on a fresh data folder', () => {
  it('runs the sandbox bank on 127.0.0.1 with its data in the data folder, and points the profile at it', async () => {
    expect(demo.bankUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(demo.bank.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/); // the officer's API too: loopback only
    expect(existsSync(join(dataDir, 'demo-bank', 'bank.sqlite'))).toBe(true);
    expect(client.bankUrl).toBe(demo.bankUrl);
    const res = await fetch(`${demo.bankUrl}/v1/ca/certificate`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('BEGIN CERTIFICATE');
  });

  it('makes two demo tokens in the data folder, seen by softhsm2-util with the folder\'s own configuration', () => {
    expect(demo.createdTokens).toEqual(['Демо-Директор', 'Демо-Главбух']);
    expect(process.env.SOFTHSM2_CONF).toBe(join(dataDir, 'demo-token', 'softhsm2.conf'));
    const slots = execFileSync('softhsm2-util', ['--show-slots'], { env: { ...process.env, SOFTHSM2_CONF: join(dataDir, 'demo-token', 'softhsm2.conf') }, encoding: 'utf8' });
    expect(slots).toMatch(/Label:\s+Демо-Директор/);
    expect(slots).toMatch(/Label:\s+Демо-Главбух/);
    // and the app's own token service finds them
    expect(client.tokens.listTokens().map((tk) => tk.label).sort()).toEqual(['Демо-Главбух', 'Демо-Директор']);
  });

  it('demo.info gives the tokens with their PINs and the demo company\'s people with their enrolment codes', async () => {
    const i = await info(client);
    expect(i).toMatchObject({ active: true, bankUrl: demo.bankUrl, company: { name: 'ООО «Ромашка»', inn: '7707083893' }, autoApprove: true });
    expect(i.tokens.map((tk) => [tk.label, tk.pin, tk.role])).toEqual([
      ['Демо-Директор', '1234', 'first-signature'],
      ['Демо-Главбух', '5678', 'second-signature'],
    ]);
    expect(i.people.map((p) => [p.name, p.role, p.token ?? null, p.enrolment])).toEqual([
      ['Петрова Анна Сергеевна', 'prepares', null, 'unused'],
      ['Иванов Иван Иванович', 'first-signature', 'Демо-Директор', 'unused'],
      ['Сидорова Мария Петровна', 'second-signature', 'Демо-Главбух', 'unused'],
    ]);
    for (const p of i.people) expect(p.enrolmentCode).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(i.people.some((p) => p.totp)).toBe(false);
  });

  it('walks enrolment and login with what the demo shows: the bank approves at once, the shown code logs in', async () => {
    const before = await info(client);
    const director = before.people.find((p) => p.role === 'first-signature')!;
    const token = before.tokens.find((tk) => tk.label === director.token)!;
    const req = await client.enrollment.makeRequest(token.label, Buffer.from(token.pin), 'director', 'ec-p256', SUBJECT(director.name));
    const sent = await client.enrollment.submit(token.label, 'director', req.csrPem, director.enrolmentCode!);
    expect(sent.status).toBe('pending'); // the bank's answer is the real one...
    // ...but no officer needs to act: the certificate is there at the first look
    const done = await client.enrollment.awaitCertificate(Buffer.from(token.pin), { timeoutMs: 0 });
    expect(done.status).toBe('approved');

    const after = await info(client);
    const enrolled = after.people.find((p) => p.userId === director.userId)!;
    expect(enrolled).toMatchObject({ enrolment: 'approved', totp: { code: expect.stringMatching(/^\d{6}$/) } });
    expect(enrolled.enrolmentCode).toBeUndefined(); // spent: no longer shown
    const { code } = await handlersFor(client)['demo.totp']({ userId: director.userId });
    const session = await login(client.db, client.api, client.tokens, { token: token.label, key: 'director', pin: Buffer.from(token.pin), totp: code, actor: 'demo-test' });
    expect(session.user).toMatchObject({ name: 'Иванов Иван Иванович', role: 'first-signature' });
    // a code works once: after the login the demo shows the next one, and that one logs in again
    const next = await handlersFor(client)['demo.totp']({ userId: director.userId });
    expect(next.code).not.toBe(code);
    expect((await info(client)).people.find((p) => p.userId === director.userId)!.totp?.code).toBe(next.code);
    const again = await login(client.db, client.api, client.tokens, { token: token.label, key: 'director', pin: Buffer.from(token.pin), totp: next.code, actor: 'demo-test' });
    expect(again.user).toMatchObject({ name: 'Иванов Иван Иванович' });
    // two logins within a step spend both codes the bank takes now: the demo says how long to wait
    // (unless the clock has crossed into the next step meanwhile: then it shows a third, unused code)
    const third = await Promise.resolve()
      .then(() => handlersFor(client)['demo.totp']({ userId: director.userId }))
      .catch((e: unknown) => e);
    if (third instanceof Error) {
      expect(third).toMatchObject({ code: 'demo.code-wait', params: { name: 'Иванов Иван Иванович' } });
      expect((third as unknown as { params: { seconds: number } }).params.seconds).toBeGreaterThan(0);
      expect((third as unknown as { params: { seconds: number } }).params.seconds).toBeLessThanOrEqual(30);
    } else expect([code, next.code]).not.toContain((third as { code: string }).code);
  });

  it('demo.totp refuses a person who has not enrolled, and an unknown one, in words', async () => {
    const i = await info(client);
    const accountant = i.people.find((p) => p.role === 'prepares')!;
    const notYet = await errorOf(() => handlersFor(client)['demo.totp']({ userId: accountant.userId }));
    expect(notYet).toMatchObject({ code: 'demo.not-enrolled' });
    expect((notYet as Error).message).toContain('Петрова Анна Сергеевна');
    expect(await errorOf(() => handlersFor(client)['demo.totp']({ userId: 'nobody' }))).toMatchObject({ code: 'demo.unknown-person' });
  });

  it('a restart reuses the bank (same address, data, CA) and the tokens (not made again), and the login holds', async () => {
    const caBefore = getSetting(client.db, 'bank.ca');
    expect(caBefore).toBeTruthy(); // pinned at enrolment
    const serials = demo.tokens.map((tk) => tk.serial);
    const url = demo.bankUrl;
    client.close();
    await demo.close();
    expect(demoFor(dataDir)).toBeUndefined();
    expect(configuredBank({ dataDir })).toBeUndefined(); // the profile's bank is the demo's own

    demo = (await prepareDemo({ dataDir }))!;
    client = new Client({ dataDir, bankUrl: demo.bankUrl, modulePath: demo.modulePath, actor: 'demo-test' });
    expect(demo.bankUrl).toBe(url);
    expect(demo.moved).toBe(false);
    expect(demo.createdTokens).toEqual([]);
    expect(demo.tokens.map((tk) => tk.serial)).toEqual(serials);
    const i = await info(client);
    expect(i.people.find((p) => p.role === 'first-signature')).toMatchObject({ enrolment: 'approved' });
    // the bank still knows the session made before the restart
    const { token } = JSON.parse(getSetting(client.db, 'bank.session')!) as { token: string };
    expect(demo.bank.identity.authenticate(`Bearer ${token}`).user.name).toBe('Иванов Иван Иванович');
  });

  it('when the demo bank\'s port is taken at a restart, it takes another and moves the profile with it (same CA)', async () => {
    const url = demo.bankUrl;
    client.close();
    await demo.close();
    const { createServer } = await import('node:net');
    const squatter = createServer();
    await new Promise<void>((r) => squatter.listen({ host: '127.0.0.1', port: Number(new URL(url).port) }, r));
    try {
      demo = (await prepareDemo({ dataDir }))!;
    } finally {
      squatter.close();
    }
    client = new Client({ dataDir, bankUrl: demo.bankUrl, modulePath: demo.modulePath, actor: 'demo-test' });
    expect(demo.moved).toBe(true);
    expect(demo.bankUrl).not.toBe(url);
    expect(client.bankUrl).toBe(demo.bankUrl);
    expect((await handlersFor(client)['app.info']({})).bankUrl).toBe(demo.bankUrl);
    expect((await info(client)).people.find((p) => p.role === 'first-signature')).toMatchObject({ enrolment: 'approved' });
  });

  it('when the demo bank\'s data is gone but the profile trusts it, the start refuses in words instead of trusting a new bank', async () => {
    client.close();
    await demo.close();
    rmSync(join(dataDir, 'demo-bank'), { recursive: true, force: true });
    expect(configuredBank({ dataDir })).toBeUndefined(); // still the demo's profile
    const refused = await prepareDemo({ dataDir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ code: 'demo.bank-replaced', params: { dir: dataDir } });
    expect(demoFor(dataDir)).toBeUndefined(); // its bank was closed again
    // the profile still names the old address: nothing was moved to the new bank
    const db = openDatabase(dataDir);
    try {
      expect(getSetting(db, 'bank.url')).toBe(demo.bankUrl);
    } finally {
      db.close();
    }
    client = new Client({ dataDir }); // for afterAll
  });
});

describe('no demo when a bank is configured', () => {
  it('--bank, BANKCLIENT_BANK_URL or a bank in the profile: nothing starts, nothing is made', async () => {
    const other = join(dir, 'configured');
    expect(await prepareDemo({ dataDir: other, bankUrl: 'https://bank.example' })).toBeUndefined();
    expect(await prepareDemo({ dataDir: other, env: { BANKCLIENT_BANK_URL: 'https://bank.example' } })).toBeUndefined();
    const db = openDatabase(other);
    setSetting(db, 'bank.url', 'https://bank.example');
    db.close();
    expect(configuredBank({ dataDir: other })).toBe('profile');
    expect(await prepareDemo({ dataDir: other })).toBeUndefined();
    expect(existsSync(join(other, 'demo-bank'))).toBe(false);
    expect(existsSync(join(other, 'demo-token'))).toBe(false);
  });

  it('outside the demo, demo.info says so and demo.totp refuses in words', async () => {
    const plain = new Client({ dataDir: join(dir, 'configured') });
    try {
      expect(await handlersFor(plain)['demo.info']({})).toEqual({ active: false });
      const refused = await errorOf(() => handlersFor(plain)['demo.totp']({ userId: 'x' }));
      expect(refused).toMatchObject({ code: 'demo.off' });
    } finally {
      plain.close();
    }
  });

  it('a configured token module keeps its own tokens: the bank is the demo\'s, no demo tokens are made', async () => {
    const env = { PKCS11_MODULE: '/usr/lib/softhsm/libsofthsm2.so' };
    const other = join(dir, 'own-token');
    const d = (await prepareDemo({ dataDir: other, env }))!;
    try {
      expect(d.tokens).toEqual([]);
      expect(d.noTokens).toEqual({ reason: 'module-configured', detail: env.PKCS11_MODULE });
      expect(d.modulePath).toBeUndefined();
      expect(existsSync(join(other, 'demo-token'))).toBe(false);
    } finally {
      await d.close();
    }
  });

  it('without SoftHSM2 installed there are no demo tokens, and the banner data says why', async () => {
    const other = join(dir, 'no-softhsm');
    const d = (await prepareDemo({ dataDir: other, env: {}, softhsm: { library: '/nonexistent/libsofthsm2.so', util: '/nonexistent/softhsm2-util' } }))!;
    const c = new Client({ dataDir: other, bankUrl: d.bankUrl });
    try {
      expect(d.noTokens?.reason).toBe('softhsm-missing');
      expect(await info(c)).toMatchObject({ active: true, tokens: [], noTokens: 'softhsm-missing' });
    } finally {
      c.close();
      await d.close();
    }
  });
});
