/**
 * Login, import and signing as people click them, in Chromium through the browser host, with two
 * SoftHSM2 tokens and the sandbox bank: the director (RSA-2048 key, first signature, a limit)
 * and the chief accountant (second signature). Log in (a wrong PIN first), import a 1C file with
 * an invalid order and hostile text, accept the valid ones, sign them as first signer, switch
 * token, log in as the chief, sign from the awaiting inbox, exchange until the bank executes,
 * and stop a big batch part-way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logout } from '../../src/main/bank/session.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { oneCFile } from '../helpers/cli-bank.ts';
import { SUBJECT, totpNow, type Person } from '../helpers/client-flow.ts';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';
import { adminCall } from '../helpers/sandbox.ts';

let app: E2eApp;
let director: Person;
let chief: Person;
const dialogs: string[] = [];
const today = (): string => app.bank.clock.now().toISOString().slice(0, 10);

/** The validators refuse U+202E in a payment's purpose (it cannot travel): that order is shown with the error. */
const HOSTILE_RTL = '<img src=x onerror=alert(1)><script>alert(2)</script> \u202Eоплата';
const HOSTILE_PURPOSE = '<img src=x onerror=alert(4)><script>alert(5)</script> оплата';
const HOSTILE_PAYEE = '"><svg onload=alert(3)> ООО «Лютик»';

/** Enrols a person of the demo company with a key of the given algorithm; no login (the UI does that). */
async function enrol(who: { token: string; pin: string; name: string; role: string; limit?: number; algorithm: string }): Promise<Person> {
  const user = await adminCall(app.bank, 'POST', '/admin/users', { companyId: app.companyId, name: who.name, role: who.role, ...(who.limit ? { limit: who.limit } : {}) });
  const key = `${who.token.toLowerCase()}-key`;
  const req = await app.client.enrollment.makeRequest(who.token, Buffer.from(who.pin), key, who.algorithm, SUBJECT(who.name));
  const submitted = await app.client.enrollment.submit(who.token, key, req.csrPem, (user.body as { enrolmentCode: string }).enrolmentCode);
  await adminCall(app.bank, 'POST', `/admin/enrollments/${submitted.enrollmentId}/decision`, { approve: true });
  const done = await app.client.enrollment.awaitCertificate(Buffer.from(who.pin), { timeoutMs: 5000, intervalMs: 50 });
  if (done.status !== 'approved') throw new Error(`enrolment ${done.status}`);
  return { token: who.token, pin: who.pin, key, totpSecret: submitted.totp!.secret };
}

/**
 * A 1C file as 1C writes it, but in UTF-8 while its header says Windows (real files do this;
 * the import warns): so it can carry the RTL override cp1251 has no byte for.
 */
function hostileFile(): Uint8Array {
  const text = new TextDecoder('windows-1251').decode(
    oneCFile(today(), [
      { number: '801', amount: '1500.00', purpose: 'RTL' },
      { number: '802', amount: '2500.00', inn: '7701325469', purpose: 'Оплата по счёту 802. НДС не облагается' },
      { number: '803', amount: '1200000.00', purpose: 'Оплата по договору 803. НДС не облагается' },
      { number: '804', amount: '1500.00', purpose: 'HOSTILE' },
    ]),
  );
  // the payee of the last order (804) is hostile too
  const at = text.lastIndexOf('Получатель1=ООО «Лютик»');
  const withPayee = `${text.slice(0, at)}Получатель1=${HOSTILE_PAYEE}${text.slice(at + 'Получатель1=ООО «Лютик»'.length)}`.replace('=RTL', `=${HOSTILE_RTL}`).replace('=HOSTILE', `=${HOSTILE_PURPOSE}`);
  return new TextEncoder().encode(withPayee);
}

async function login(person: Person, option: RegExp, pin = person.pin): Promise<void> {
  const { page } = app;
  await page.goto(`${app.host.url}#/login`);
  const form = page.locator('main form');
  await form.getByLabel('Token and key').selectOption({ label: (await optionLabel(option))! });
  await form.getByLabel('PIN', { exact: true }).fill(pin);
  await form.getByLabel(/One-time code/).fill(totpNow(app.bank, person.totpSecret));
  await form.getByRole('button', { name: 'Log in' }).click();
}

/** After a login the app opens the dashboard (its data comes with the exchange that starts at once); the login page says who is logged in. */
async function loginState() {
  await expect.poll(() => app.page.evaluate(() => location.hash), { timeout: 15_000 }).toBe('#/dashboard');
  await app.page.goto(`${app.host.url}#/login`);
  return app.page.getByTestId('login-state');
}

async function optionLabel(option: RegExp): Promise<string | undefined> {
  const select = app.page.locator('main form').getByLabel('Token and key');
  await expect.poll(() => select.locator('option').allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringMatching(option)]));
  return (await select.locator('option').allTextContents()).find((o) => option.test(o));
}

async function signWithPin(pin: string): Promise<void> {
  const dialog = app.page.getByRole('dialog');
  await dialog.getByLabel('PIN', { exact: true }).fill(pin);
  await dialog.getByRole('button', { name: /^Sign \d+ document/ }).click();
}

beforeAll(async () => {
  app = await startE2e('sign-flow', { locale: 'en', today: () => today() });
  app.hsm.initTestToken('Director', '10101010');
  app.hsm.initTestToken('Chief', '30303030');
  director = await enrol({ token: 'Director', pin: '10101010', name: 'Иванов Иван Иванович', role: 'first-signature', limit: 2_000_000_00, algorithm: 'rsa-2048' });
  chief = await enrol({ token: 'Chief', pin: '30303030', name: 'Сидорова Мария Петровна', role: 'second-signature', algorithm: 'ec-p256' });
  logout(app.client.db);
  app.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await app.page.reload();
}, 120_000);
afterAll(async () => app?.close());

describe('login, import and signing in the browser', () => {
  it('logs in with the token and a one-time code; a wrong PIN is refused in words with the tries-left state', async () => {
    const { page } = app;
    const bar = page.getByRole('region', { name: 'Token and session' });
    await expect.poll(() => bar.getByTestId('tokens-present').textContent(), { timeout: 10_000 }).toMatch(/Director.*Chief|Chief.*Director/);
    await login(director, /^Director — /, '99999999');
    const alert = page.locator('main p.error[role=alert]');
    await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toMatch(/^Wrong PIN\. The token reports that few tries are left/);
    // the token's flags, read again after the refusal: shown beside the PIN field before the next try
    await expect.poll(() => page.locator('main').getByTestId('pin-state').textContent()).toMatch(/Token Director reports that few tries are left/);
    expect(await page.locator('main form').getByLabel('PIN', { exact: true }).inputValue()).toBe(''); // the field was emptied at once
    await login(director, /^Director — /);
    const state = await loginState();
    await expect.poll(() => state.textContent(), { timeout: 10_000 }).toContain('Иванов Иван Иванович');
    expect(await state.textContent()).toMatch(/first signature/);
    await expect.poll(() => bar.getByTestId('session').textContent()).toContain('Иванов Иван Иванович');
    expect(await bar.getByTestId('token-certificate').textContent()).toMatch(/valid until/);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(director.pin);
    await app.shot('login');
  }, 60_000);

  it('imports a 1C file: a preview with line numbers, the invalid order named, hostile text shown as text; accepts the valid ones', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/import`);
    await page.getByLabel('File to import').setInputFiles({ name: 'orders.txt', mimeType: 'text/plain', buffer: Buffer.from(hostileFile()) });
    const preview = page.getByTestId('import-preview');
    await expect.poll(() => preview.getByTestId('import-counts').textContent(), { timeout: 15_000 }).toMatch(/with errors: 2/);
    const bad = preview.locator('tr', { hasText: '802' });
    expect(await bad.textContent()).toMatch(/has errors/);
    const line = Number(await bad.locator('td').first().textContent());
    expect(line).toBeGreaterThan(10);
    expect(await bad.textContent()).toMatch(/INN/i);
    const rtlRow = preview.locator('tr', { hasText: '801' });
    expect(await rtlRow.getByTestId('purpose').textContent()).toBe(HOSTILE_RTL);
    expect(await rtlRow.textContent()).toMatch(/has errors.*the character U\+202E cannot travel in a payment/);
    const hostileRow = preview.locator('tr', { hasText: '804' });
    expect(await hostileRow.getByTestId('purpose').textContent()).toBe(HOSTILE_PURPOSE);
    expect(await hostileRow.getByTestId('payee').textContent()).toBe(HOSTILE_PAYEE);
    expect(await preview.locator('img, svg, script').count()).toBe(0);
    await app.shot('import-preview');
    await preview.getByRole('button', { name: 'Accept the valid ones (2)' }).click();
    await expect.poll(() => page.getByTestId('import-done').textContent(), { timeout: 10_000 }).toMatch(/Imported 2 document/);
    expect(dialogs).toEqual([]);
  }, 60_000);

  it('signs the batch as first signer with one PIN, reading the exact text of each; sends it', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/sign`);
    await page.getByLabel(/All drafts without errors \(2\)/).check({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Read and sign (2)' }).click();
    const texts = page.getByTestId('text-to-sign');
    await expect.poll(() => texts.count(), { timeout: 10_000 }).toBe(2);
    const purpose = page.locator('[data-field="purpose"]', { hasText: 'alert(4)' });
    expect(await purpose.textContent()).toBe(HOSTILE_PURPOSE);
    expect(await page.locator('[data-field="payee.name"]', { hasText: 'svg' }).textContent()).toBe(HOSTILE_PAYEE);
    expect(await page.locator('main').locator('img, svg, script').count()).toBe(0);
    await app.shot('sign-batch');
    await page.getByRole('button', { name: 'Sign 2 documents' }).click();
    await signWithPin(director.pin);
    await expect.poll(() => page.getByTestId('sign-summary').textContent(), { timeout: 20_000 }).toBe('Signed: 2. Skipped: 0. Not signed: 0.');
    await page.getByRole('button', { name: 'Send to the bank now' }).click();
    await expect.poll(() => page.getByTestId('sign-sync').textContent(), { timeout: 20_000 }).toMatch(/Still to send: 0/);
    expect(dialogs).toEqual([]);
  }, 60_000);

  it('switches to the chief\'s token, logs her in, and signs the large payment from the awaiting inbox; the bank executes both', async () => {
    const { page } = app;
    const bar = page.getByRole('region', { name: 'Token and session' });
    const choice = bar.getByLabel('Key in use');
    const chiefOption = (await choice.locator('option').allTextContents()).find((o) => o.startsWith('Chief — '))!;
    await choice.selectOption({ label: chiefOption });
    await expect.poll(() => bar.getByTestId('token-certificate').textContent()).toContain('Сидорова');
    await login(chief, /^Chief — /);
    await expect.poll(async () => (await loginState()).textContent(), { timeout: 10_000 }).toContain('Сидорова Мария Петровна');
    await page.getByRole('button', { name: 'Exchange now' }).click();
    await page.goto(`${app.host.url}#/sign`);
    await expect.poll(() => page.getByRole('heading', { name: /Awaiting my signature/ }).textContent(), { timeout: 15_000 }).toBe('Awaiting my signature (1)');
    await page.getByRole('checkbox', { name: /Choose Payment order No\. 803/ }).check();
    await page.getByRole('button', { name: 'Read and sign (1)' }).click();
    const text = page.getByTestId('text-to-sign');
    await expect.poll(() => text.textContent(), { timeout: 10_000 }).toMatch(/awaiting my signature/);
    expect(await text.textContent()).toContain('1,200,000.00\u00a0₽');
    await app.shot('sign-awaiting');
    await page.getByRole('button', { name: 'Sign 1 document' }).click();
    await signWithPin(chief.pin);
    await expect.poll(() => page.getByTestId('sign-summary').textContent(), { timeout: 20_000 }).toBe('Signed: 1. Skipped: 0. Not signed: 0.');
    await page.getByRole('button', { name: 'Send to the bank now' }).click();
    await expect.poll(() => page.getByTestId('sign-sync').textContent(), { timeout: 20_000 }).toMatch(/Still to send: 0/);

    const ids = (app.client.db.prepare("SELECT id FROM documents WHERE number IN ('803', '804')").all() as { id: string }[]).map((r) => r.id);
    expect(ids).toHaveLength(2);
    for (const seconds of [120, 300]) {
      await adminCall(app.bank, 'POST', '/admin/clock', { seconds });
      await page.getByRole('button', { name: 'Exchange now' }).click();
      await expect.poll(() => page.getByTestId('sync-status').textContent(), { timeout: 15_000 }).toMatch(/Up to date/);
    }
    await expect.poll(() => ids.map((id) => app.client.documents.get(id).status), { timeout: 15_000 }).toEqual(['executed', 'executed']);
    expect(app.pageErrors).toEqual([]);
  }, 90_000);

  it('stops a big batch of RSA signatures part-way: what was signed stays signed, the rest stays draft', async () => {
    const { page } = app;
    const base = DOCUMENT_EXAMPLES['payment-order'];
    const payer = { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' } };
    const ids = Array.from({ length: 6000 }, (_, i) => app.client.documents.create({ kind: 'payment-order', content: { ...base, number: String(20_000 + i), date: today(), amount: 1_00, payer } }).id);
    const bar = page.getByRole('region', { name: 'Token and session' });
    const choice = bar.getByLabel('Key in use');
    await choice.selectOption({ label: (await choice.locator('option').allTextContents()).find((o) => o.startsWith('Director — '))! });
    await expect.poll(() => bar.getByTestId('token-certificate').textContent()).toContain('Иванов');
    await page.goto(`${app.host.url}#/sign`);
    await page.reload();
    await page.getByLabel(/All drafts without errors \(6000\)/).check({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Read and sign (6000)' }).click();
    await page.getByRole('button', { name: 'Sign 6000 documents' }).click();
    await signWithPin(director.pin);
    const progress = page.getByTestId('sign-progress');
    await expect.poll(async () => Number(/Signed (\d+) of 6000/.exec((await progress.textContent().catch(() => '')) ?? '')?.[1] ?? 0), { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
    await progress.getByRole('button', { name: 'Stop signing' }).click();
    await expect.poll(() => page.getByTestId('sign-result').getByRole('heading').textContent(), { timeout: 30_000 }).toMatch(/Signing stopped/);
    const [, signed, , notSigned] = /Signed: (\d+)\. Skipped: (\d+)\. Not signed: (\d+)\./.exec((await page.getByTestId('sign-summary').textContent())!)!.map(Number);
    expect(signed).toBeGreaterThan(0);
    expect(notSigned).toBeGreaterThan(0);
    const statuses = app.client.db.prepare(`SELECT status, COUNT(*) AS n FROM documents WHERE id IN (SELECT value FROM json_each(?)) GROUP BY status`).all(JSON.stringify(ids)) as { status: string; n: number }[];
    // what was signed stays signed, or is already on its way: the background exchange sends it at once
    const count = (which: (status: string) => boolean): number => statuses.filter((s) => which(s.status)).reduce((n, s) => n + s.n, 0);
    expect(count((s) => s === 'draft')).toBe(notSigned);
    expect(count((s) => ['signed', 'sent', 'delivered', 'accepted', 'executed'].includes(s))).toBe(signed);
    expect(app.pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  }, 120_000);
});
