/**
 * The demo in Chromium through the browser host, set up as `npm start` does it on a machine with
 * nothing configured: the demo bank in this process, SoftHSM demo tokens in the data folder. The
 * banner says it is not a real bank and discloses the tokens, PINs, enrolment codes and, once a
 * person has enrolled, the one-time code that logs them in. Outside the demo there is no banner.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlersFor } from '../../src/main/app-services/index.ts';
import { login } from '../../src/main/bank/session.ts';
import { startBrowserHost, type BrowserHost } from '../../src/main/browser-host/server.ts';
import { Client } from '../../src/main/client.ts';
import { prepareDemo, type DemoSetup } from '../../src/main/demo/index.ts';
import { SUBJECT } from '../helpers/client-flow.ts';
import { CHROMIUM, SCREENSHOTS } from '../helpers/e2e.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const HOSTILE = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>', '"><svg onload=alert(3)>', '\u202Eтекст наоборот'];

let dir: string;
let demo: DemoSetup;
let client: Client;
let host: BrowserHost;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const dialogs: string[] = [];

beforeAll(async () => {
  for (const k of ['PKCS11_MODULE', 'SOFTHSM2_CONF', 'BANKCLIENT_BANK_URL']) delete process.env[k];
  dir = mkdtempSync(join(tmpdir(), 'bc-e2e-demo-'));
  const dataDir = join(dir, 'profile');
  demo = (await prepareDemo({ dataDir }))!;
  // people whose names come from the bank with hostile text in them
  const companyId = demo.bank.db.prepare("SELECT value FROM settings WHERE key = 'demo.company_id'").get() as { value: string };
  for (const name of HOSTILE) demo.bank.identity.createUser({ companyId: companyId.value, name, role: 'prepares' });
  client = new Client({ dataDir, bankUrl: demo.bankUrl, modulePath: demo.modulePath, actor: 'e2e' });
  // events reach the page as `npm start` sends them (src/main/start.ts)
  host = await startBrowserHost(handlersFor(client, (event, payload) => host?.emit(event, payload)), { staticDir: join(ROOT, 'out', 'renderer') });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && pageErrors.push(m.text()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(host.url);
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await host?.close();
  client?.close();
  await demo?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const banner = () => page.getByRole('region', { name: 'Демо-режим' });
const personRow = (name: string) => banner().getByTestId('demo-person').filter({ has: page.getByRole('rowheader', { name, exact: true }) });

describe('the demo banner', () => {
  it('says on every screen that this is a demo bank, not a real one', async () => {
    await expect.poll(() => banner().getByText('Демо-банк — не настоящий банк').count()).toBe(1);
    await page.goto(`${host.url}#/documents`);
    await expect.poll(() => banner().getByText('Демо-банк — не настоящий банк').count()).toBe(1);
    // compact until opened: no PINs on the screen yet
    expect(await banner().getByRole('cell', { name: '1234', exact: true }).isVisible()).toBe(false);
  });

  it('opens from the keyboard and shows the demo tokens with their PINs and the people with their enrolment codes', async () => {
    const summary = banner().locator('summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    const tokens = banner().getByRole('table').first();
    await expect.poll(() => tokens.getByRole('row', { name: /Демо-Директор/ }).getByRole('cell', { name: '1234', exact: true }).isVisible()).toBe(true);
    expect(await tokens.getByRole('row', { name: /Демо-Главбух/ }).getByRole('cell', { name: '5678', exact: true }).isVisible()).toBe(true);
    expect(await tokens.getByRole('row', { name: /Демо-Директор/ }).textContent()).toContain('Директор (первая подпись)');

    const info = await handlersFor(client)['demo.info']({});
    if (!info.active) throw new Error('not the demo');
    for (const p of info.people.filter((x) => x.enrolmentCode && !HOSTILE.includes(x.name))) {
      expect(await personRow(p.name).getByText(p.enrolmentCode!, { exact: true }).isVisible()).toBe(true);
    }
    expect(await banner().getByText('ООО «Ромашка»').isVisible()).toBe(true);
    expect(await banner().getByText('ИНН 7707083893', { exact: false }).isVisible()).toBe(true);
    expect(await banner().getByText('Только в демо: настоящий банк никогда не показывает одноразовые коды', { exact: false }).isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'demo-banner.png'), fullPage: true });
  });

  it('after an enrolment with the shown code, shows the one-time code, and that code logs in', async () => {
    const info = await handlersFor(client)['demo.info']({});
    if (!info.active) throw new Error('not the demo');
    const director = info.people.find((p) => p.role === 'first-signature')!;
    const token = info.tokens.find((tk) => tk.label === director.token)!;
    // the enrolment itself is the certificates screen's: here through the same services
    const req = await client.enrollment.makeRequest(token.label, Buffer.from(token.pin), 'director', 'ec-p256', SUBJECT(director.name));
    await client.enrollment.submit(token.label, 'director', req.csrPem, director.enrolmentCode!);
    expect((await client.enrollment.awaitCertificate(Buffer.from(token.pin), { timeoutMs: 0 })).status).toBe('approved');

    await banner().getByRole('button', { name: 'Обновить' }).click();
    const row = personRow(director.name);
    await expect.poll(() => row.textContent()).toContain('сертификат выпущен');
    const code = (await row.locator('.demo-totp').textContent())!;
    expect(code).toMatch(/^\d{6}$/);
    // the countdown of the code shown ticks (it was frozen at the value of the last answer)
    const left = async (): Promise<{ code: string; seconds: number }> => ({
      code: (await row.locator('.demo-totp').textContent()) ?? '',
      seconds: Number(/(\d+)/.exec((await row.getByTestId('demo-totp-left').textContent()) ?? '')?.[1] ?? NaN),
    });
    const first = await left();
    await expect.poll(async () => (await left()).seconds, { timeout: 5000 }).not.toBe(first.seconds);
    const then = await left();
    // the same code counts down; a new code (the old one ran out) starts its own count
    if (then.code === first.code) expect(then.seconds).toBeLessThan(first.seconds);
    const session = await login(client.db, client.api, client.tokens, { token: token.label, key: 'director', pin: Buffer.from(token.pin), totp: code, actor: 'e2e' });
    expect(session.user.name).toBe(director.name);
    await page.screenshot({ path: join(SCREENSHOTS, 'demo-banner-totp.png'), fullPage: true });
    // a code works once: a login through the app spends the code it used, and the banner asks again at
    // once: it shows neither spent code, only the next usable one (or none while both steps are spent)
    const second = (await handlersFor(client)['demo.totp']({ userId: director.userId })).code;
    expect(second).not.toBe(code);
    const loggedIn = await fetch(new URL('rpc/tokens.login', host.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: token.label, key: 'director', pin: token.pin, totp: second }) });
    expect(loggedIn.status).toBe(200);
    const showsSpent = async (): Promise<boolean> => {
      const text = (await row.textContent()) ?? '';
      return text.includes(code) || text.includes(second);
    };
    await expect.poll(showsSpent, { timeout: 5000 }).toBe(false);
  });

  it('names the demo bank in Russian, as its BIC directory and accounts do: the certificate\'s issuer and the bank\'s CA; names break between words', async () => {
    await page.goto(`${host.url}#/certificates`);
    const issuers = page.locator('main .cert-issuer');
    await expect.poll(() => issuers.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    for (const issuer of await issuers.allTextContents()) expect(issuer).toBe('АО «Песочница Банк»');
    expect(await page.locator('main').textContent()).not.toContain('Sandbox Bank');
    // the bank CA's row: its name in Russian, and no key of ours (not the CA's DN again in the key column)
    const caRow = page.locator('main tr', { has: page.locator('.badge', { hasText: 'УЦ банка' }) }).first();
    expect(await caRow.textContent()).toContain('АО «Песочница Банк» — удостоверяющий центр');
    expect(await caRow.textContent()).not.toMatch(/Client CA|CN=|C=RU/);
    expect(await caRow.locator('.cert-key-none').textContent()).toBe('Без ключа (сертификат УЦ банка для проверки его подписей)');
    // in a narrower window the owner's name breaks between words, never inside one
    await page.setViewportSize({ width: 800, height: 800 });
    const split = await page.evaluate(() =>
      [...document.querySelectorAll('main .cert-owner, main .cert-position')].flatMap((el) => {
        const text = el.firstChild;
        if (!text?.textContent) return [];
        let at = 0;
        return text.textContent.split(' ').flatMap((word) => {
          const range = document.createRange();
          range.setStart(text, at);
          range.setEnd(text, at + word.length);
          at += word.length + 1;
          return range.getClientRects().length > 1 ? [word] : [];
        });
      }),
    );
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(split).toEqual([]);
    await page.goto(`${host.url}#/dashboard`);
  });

  it('shows names from the bank as text: hostile markup and bidi overrides stay literal', async () => {
    for (const name of HOSTILE) {
      const cell = banner().getByRole('rowheader', { name, exact: true });
      expect(await cell.count()).toBe(1);
      expect(await cell.textContent()).toBe(name);
      expect(await cell.getAttribute('class')).toContain('user-text');
    }
    expect(await page.locator('main img, main svg, main script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('speaks English too', async () => {
    await page.getByLabel('Язык').selectOption('en');
    const en = page.getByRole('region', { name: 'Demo mode' });
    await expect.poll(() => en.getByText('Demo bank — not a real bank').count()).toBe(1);
    expect(await en.getByRole('columnheader', { name: 'One-time code now' }).isVisible()).toBe(true);
    expect(await en.getByText('Director (first signature)').first().isVisible()).toBe(true);
    // open, at 125% zoom, the banner keeps within the window (its tables scroll inside it)
    await page.evaluate(() => ((document.body.style as CSSStyleDeclaration & { zoom: string }).zoom = '1.25'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'demo-banner-en-zoom-125.png'), fullPage: true });
    await page.evaluate(() => ((document.body.style as CSSStyleDeclaration & { zoom: string }).zoom = ''));
    expect(pageErrors).toEqual([]);
  });

  it('is not there outside the demo', async () => {
    const plain = new Client({ dataDir: join(dir, 'real'), bankUrl: 'https://bank.example' });
    const plainHost = await startBrowserHost(handlersFor(plain), { staticDir: join(ROOT, 'out', 'renderer') });
    try {
      const answered = page.waitForResponse((r) => r.url().endsWith('/rpc/demo.info'));
      await page.goto(plainHost.url);
      expect(await (await answered).json()).toEqual({ ok: true, value: { active: false } });
      // another address, so the page starts in Russian again
      await expect.poll(() => page.getByRole('navigation', { name: 'Разделы' }).count()).toBe(1);
      expect(await page.getByRole('region', { name: 'Демо-режим' }).count()).toBe(0);
      expect(await page.getByText('Демо-банк').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await plainHost.close();
      plain.close();
    }
  });
});
