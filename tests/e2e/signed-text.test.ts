/**
 * What the signer reads, in Chromium through the browser host, as a director reads it before and
 * after signing: the sign screen's text and the document card show the amount as «1 200 000,00 ₽»
 * with the amount in words, dates as dd.mm.yyyy, codes in words, and no internal field names
 * (payer.kpp) or «№ —», in Russian and in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { SUBJECT, totpNow, type Person } from '../helpers/client-flow.ts';
import { adminCall } from '../helpers/sandbox.ts';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';

let app: E2eApp;
let director: Person;
let id: string;
const dialogs: string[] = [];
const NB = '\u00a0';
const today = (): string => app.bank.clock.now().toISOString().slice(0, 10);
const ddmmyyyy = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** A field path or a schema code word where people read the text. */
const INTERNAL = /\b(payer|payee|budget|instalment)\.[a-zA-Z.]+|\b[a-z]+[A-Z][a-zA-Z]*\b|№ —|No\. —/;

const WORDS = {
  ru: {
    amount: `1${NB}200${NB}000,00${NB}₽`,
    inWords: 'Один миллион двести тысяч рублей 00 копеек',
    priority: '5 — прочие платежи',
    operation: '01 — платёжное поручение',
    payeeKpp: 'КПП получателя',
    content: 'Что подписывается',
  },
  en: {
    amount: `1,200,000.00${NB}₽`,
    inWords: 'One million two hundred thousand roubles 00 kopecks',
    priority: '5 — other payments',
    operation: '01 — payment order',
    payeeKpp: "Payee's KPP",
    content: 'What is signed',
  },
} as const;

async function useLocale(locale: 'ru' | 'en'): Promise<void> {
  await app.page.evaluate((l) => localStorage.setItem('bankclient.locale', l), locale);
}

/** The lines "label: value" of a rendered text, and checks common to both screens. */
async function readFields(scope: ReturnType<E2eApp['page']['locator']>, locale: 'ru' | 'en'): Promise<Map<string, string>> {
  const w = WORDS[locale];
  await expect.poll(() => scope.locator('[data-field="amount"]').textContent(), { timeout: 10_000 }).toBe(w.amount);
  const labels = await scope.locator('dt').allTextContents();
  const values = await scope.locator('dd').allTextContents();
  const fields = new Map(labels.map((l, i) => [l, values[i] ?? '']));
  expect(await scope.locator('[data-field="amount:words"]').textContent()).toBe(w.inWords);
  expect(await scope.locator('[data-field="date"]').textContent()).toBe(ddmmyyyy(today()));
  expect(await scope.locator('[data-field="priority"]').textContent()).toBe(w.priority);
  expect(await scope.locator('[data-field="operationType"]').textContent()).toBe(w.operation);
  // the payee has no KPP in the bytes: no line for it
  expect(labels).not.toContain(w.payeeKpp);
  for (const label of labels) expect(INTERNAL.exec(label)?.[0], label).toBeUndefined();
  expect(INTERNAL.exec(await scope.innerText())?.[0]).toBeUndefined();
  // no ISO date anywhere in what is read
  expect(await scope.innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  return fields;
}

beforeAll(async () => {
  app = await startE2e('signed-text', { locale: 'ru', today: () => today() });
  app.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  app.hsm.initTestToken('Director', '24682468');
  // enrolled without a login: the page logs in (a one-time code is taken once)
  const user = await adminCall(app.bank, 'POST', '/admin/users', { companyId: app.companyId, name: 'Иванов Иван Иванович', role: 'single-signature' });
  const req = await app.client.enrollment.makeRequest('Director', Buffer.from('24682468'), 'director-key', 'ec-p256', SUBJECT('Иванов Иван Иванович'));
  const submitted = await app.client.enrollment.submit('Director', 'director-key', req.csrPem, (user.body as { enrolmentCode: string }).enrolmentCode);
  await adminCall(app.bank, 'POST', `/admin/enrollments/${submitted.enrollmentId}/decision`, { approve: true });
  const done = await app.client.enrollment.awaitCertificate(Buffer.from('24682468'), { timeoutMs: 5000, intervalMs: 50 });
  if (done.status !== 'approved') throw new Error(`enrolment ${done.status}`);
  director = { token: 'Director', pin: '24682468', key: 'director-key', totpSecret: submitted.totp!.secret };
  const payer = { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' } };
  id = app.client.documents.create({ kind: 'payment-order', content: { ...DOCUMENT_EXAMPLES['payment-order'], number: '501', date: today(), amount: 120_000_000, payer, purpose: 'Оплата по договору поставки № 501. НДС не облагается' } }).id;
}, 90_000);
afterAll(async () => app?.close());

describe('the signer reads a bank form', () => {
  it('logs in through the page, as a person does (the bank then says which signature this key gives)', async () => {
    const { page } = app;
    await useLocale('en');
    await page.goto(`${app.host.url}#/login`);
    await page.reload();
    const form = page.locator('main form');
    const select = form.getByLabel('Token and key');
    await expect.poll(() => select.locator('option').allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/^Director — /)]));
    await select.selectOption({ label: (await select.locator('option').allTextContents()).find((o) => o.startsWith('Director — '))! });
    await form.getByLabel('PIN', { exact: true }).fill(director.pin);
    await form.getByLabel(/One-time code/).fill(totpNow(app.bank, director.totpSecret));
    await form.getByRole('button', { name: 'Log in' }).click();
    // after a login the app opens the dashboard; the login page then says who is logged in
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 15_000 }).toBe('#/dashboard');
    await page.goto(`${app.host.url}#/login`);
    await expect.poll(() => page.getByTestId('login-state').textContent(), { timeout: 10_000 }).toContain('Иванов Иван Иванович');
  }, 60_000);

  it('on the sign screen, in English and in Russian, before signing', async () => {
    const { page } = app;
    for (const locale of ['en', 'ru'] as const) {
      await useLocale(locale);
      await page.goto(`${app.host.url}#/sign/${id}`);
      await page.reload();
      const text = page.getByTestId('text-to-sign');
      const fields = await readFields(text, locale);
      expect(fields.get(locale === 'ru' ? 'Плательщик' : 'Payer')).toBe('ООО «Ромашка»');
      expect(await text.getByRole('heading').textContent()).toContain(locale === 'ru' ? 'Платёжное поручение № 501' : 'Payment order No. 501');
      await app.shot(`signed-text-sign-${locale}`);
    }
  }, 60_000);

  it('signs with the PIN; the document card reads the signed bytes the same way, in both languages', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Подписать документы (1)' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('PIN-код', { exact: true }).fill(director.pin);
    await dialog.getByRole('button', { name: 'Подписать документы (1)' }).click();
    await expect.poll(() => page.getByTestId('sign-summary').textContent(), { timeout: 20_000 }).toBe('Подписано: 1. Пропущено: 0. Не подписано: 0.');

    for (const locale of ['ru', 'en'] as const) {
      await useLocale(locale);
      await page.goto(`${app.host.url}#/document/${id}`);
      await page.reload();
      const content = page.getByRole('region', { name: WORDS[locale].content });
      await readFields(content, locale);
      // rendered from the frozen bytes: their digest is shown beside them
      await expect.poll(() => page.getByTestId('signed-digest').count(), { timeout: 10_000 }).toBe(1);
      expect(await page.locator('.document-head strong').textContent()).toBe(WORDS[locale].amount);
      const signature = page.getByRole('region', { name: locale === 'ru' ? 'Подписи' : 'Signatures' });
      await expect.poll(() => signature.locator('li').textContent(), { timeout: 10_000 }).toMatch(/\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
      expect(await signature.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}|T\d{2}:/);
      await app.shot(`signed-text-document-${locale}`);
    }
    // at 400 % zoom (320 px; at 200 % too with classic scrollbars) the signed card reflows: its 64-digit digest wraps and the receipts scroll in their box instead of widening the page
    await page.setViewportSize({ width: 320, height: 450 });
    await page.reload();
    await page.getByTestId('signed-digest').waitFor();
    const culprits = await page.evaluate(() =>
      [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)} ${(e.textContent ?? '').slice(0, 30)}`).slice(-6),
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), culprits.join(', ')).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(app.pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  }, 60_000);
});
