/**
 * Statements in Chromium: choose an account and a period, see the entries and balances the bank
 * gives, export to 1C (Windows-1251, read back by the app's 1C reader) and camt.053 (valid
 * against the ISO XSD) as downloads; errors in words; a hostile purpose and counterparty render as text.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCamt053, readOneCStatement } from '../../src/main/formats/index.ts';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';
import { dismissDialogs, loginPreparer } from '../helpers/e2e-setup.ts';
import { XSD, xsdErrors } from '../helpers/xsd.ts';

let app: E2eApp;
const dialogs: string[] = [];
const ACCOUNT = '40702810300000004583';
const PURPOSE = '<script>alert(1)</script>"><svg onload=alert(2)> \u202Eоплата';
const PAYEE = '<img src=x onerror=alert(3)>';
const squash = (s: string | null): string => (s ?? '').replace(/\s/g, '');
const rub = (kopecks: number): string => squash(new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(kopecks / 100));
const day = (offset: number): string => new Date(app.bank.clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
let accountId = '';

async function choose(from: string, to: string): Promise<void> {
  const { page } = app;
  await page.getByLabel('Счёт', { exact: true }).selectOption({ label: `${ACCOUNT} (RUB)` });
  await page.getByLabel('С', { exact: true }).fill(from);
  await page.getByLabel('По', { exact: true }).fill(to);
  await page.getByRole('button', { name: 'Показать выписку' }).click();
}

async function download(button: string): Promise<{ name: string; bytes: Buffer; path: string }> {
  const [d] = await Promise.all([app.page.waitForEvent('download'), app.page.getByRole('button', { name: button }).click()]);
  const path = (await d.path())!;
  return { name: d.suggestedFilename(), bytes: readFileSync(path), path };
}

beforeAll(async () => {
  app = await startE2e('statements');
  dismissDialogs(app.page, dialogs);
  await loginPreparer(app, 'Statements', '86428642');
  accountId = (app.bank.db.prepare('SELECT id FROM accounts WHERE number = ?').get(ACCOUNT) as { id: string }).id;
  // an entry with hostile text, two days ago
  app.bank.portfolio.post(accountId, { date: day(-2), direction: 'debit', amount: 12_345_67, counterparty: { name: PAYEE, inn: '500100732259', account: '40602810700000000025', bic: '049805746' }, purpose: PURPOSE, documentNumber: '77' });
  await app.client.sync().syncOnce();
  await app.page.goto(`${app.host.url}#/statements`);
}, 90_000);
afterAll(async () => app?.close());

describe('statements', () => {
  it('shows the entries and balances of a period as the bank gives them', async () => {
    const { page } = app;
    await expect.poll(() => page.getByRole('heading', { name: 'Выписки', level: 1 }).count()).toBe(1);
    await choose(day(-90), day(-3));
    const entries = page.getByRole('table', { name: 'Операции' }).locator('tbody tr');
    await expect.poll(() => entries.count(), { timeout: 15_000 }).toBe(3);
    expect(await page.getByTestId('purpose').allTextContents()).toEqual(['Оплата по договору поставки № 12', 'Аванс по счёту № 77', 'Оплата по счёту № 80']);
    const atBank = app.bank.portfolio.statement(app.companyId, accountId, day(-90), day(-3));
    expect(squash(await page.getByTestId('opening').textContent())).toBe(rub(atBank.openingBalance));
    expect(squash(await page.getByTestId('closing').textContent())).toBe(rub(atBank.closingBalance));
    // debit and credit columns: the advance went out, the payments came in
    const advance = entries.filter({ hasText: 'Аванс по счёту № 77' }).locator('td');
    expect(squash(await advance.nth(4).textContent())).toBe('180000,00');
    expect(await advance.nth(5).textContent()).toBe('');
    await app.shot('statements');
  });

  it('exports to 1C: a Windows-1251 file the 1C reader reads back', async () => {
    const file = await download('Выгрузить в 1С');
    expect(file.name).toBe(`kl_to_1c_${ACCOUNT}_${day(-90)}_${day(-3)}.txt`);
    expect(file.bytes.subarray(0, 20).toString('latin1')).toBe('1CClientBankExchange');
    // Windows-1251, not UTF-8: "Кодировка=Windows" in single bytes
    expect(file.bytes.includes(Buffer.from([0xca, 0xee, 0xe4, 0xe8, 0xf0, 0xee, 0xe2, 0xea, 0xe0, 0x3d]))).toBe(true);
    const read = readOneCStatement(file.bytes);
    expect(read.account.number).toBe(ACCOUNT);
    expect(read.entries.map((e) => [e.direction, e.amount])).toEqual([
      ['credit', 1_250_000_00],
      ['debit', 180_000_00],
      ['credit', 420_500_50],
    ]);
    await expect.poll(() => app.page.getByRole('status').filter({ hasText: `Сохранено: ${file.name} (3 операции).` }).count()).toBe(1);
  });

  it('exports camt.053: valid against the ISO XSD, with the same entries', async () => {
    const file = await download('Выгрузить camt.053');
    expect(file.name).toBe(`camt053_${ACCOUNT}_${day(-90)}_${day(-3)}.xml`);
    expect(xsdErrors(file.bytes, XSD.camt053v08)).toEqual([]);
    const read = readCamt053(file.bytes);
    expect(read.entries.map((e) => e.purpose)).toEqual(['Оплата по договору поставки № 12', 'Аванс по счёту № 77', 'Оплата по счёту № 80']);
  });

  it('says in words when the period is backwards', async () => {
    await choose(day(0), day(-1));
    await expect.poll(() => app.page.getByRole('alert').filter({ hasText: 'Начало периода позже его конца.' }).count()).toBe(1);
  });

  it('renders a hostile purpose and counterparty as text; 1C cannot carry the RTL override and says so, camt.053 can', async () => {
    const { page } = app;
    await choose(day(-90), day(0));
    const entries = page.getByRole('table', { name: 'Операции' }).locator('tbody tr');
    await expect.poll(() => entries.count(), { timeout: 15_000 }).toBe(4);
    const hostile = entries.filter({ has: page.getByText('77', { exact: true }) });
    expect(await hostile.getByTestId('purpose').textContent()).toBe(PURPOSE);
    expect(await hostile.getByTestId('counterparty').textContent()).toBe(PAYEE);
    expect(await page.locator('main img, main script, main svg').count()).toBe(0);
    await page.getByRole('button', { name: 'Выгрузить в 1С' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/символ .* \(U\+202E\) нельзя записать в кодировке Windows-1251/);
    const camt = await download('Выгрузить camt.053');
    expect(xsdErrors(camt.bytes, XSD.camt053v08)).toEqual([]);
    expect(readCamt053(camt.bytes).entries.map((e) => e.purpose)).toContain(PURPOSE);
    expect(dialogs).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
