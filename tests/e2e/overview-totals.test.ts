/**
 * Issue 13 as an accountant meets it in Chromium: the dashboard's total balance and "New payment";
 * the documents list's totals per kind and currency (payments only, drafts apart); a leasing
 * contract shown as leasing payments with VAT, not as a loan; a partial early repayment with the
 * bank's new payment and schedule, its date never on a weekend; the unread badge on Messages and
 * no "Reply" on our own letter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';
import { dismissDialogs, loginPreparer } from '../helpers/e2e-setup.ts';
import { adminCall } from '../helpers/sandbox.ts';

let app: E2eApp;
const dialogs: string[] = [];
const squash = (s: string | null): string => (s ?? '').replace(/\s/g, '');
const rub = (kopecks: number): string => squash(new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(kopecks / 100));
const weekday = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay();

beforeAll(async () => {
  app = await startE2e('overview-totals');
  dismissDialogs(app.page, dialogs);
  await loginPreparer(app, 'Overview', '24682468');
  const docs = app.client.documents;
  const po = DOCUMENT_EXAMPLES['payment-order'];
  docs.create({ kind: 'payment-order', content: { ...po, number: '201', amount: 100_000_00 } });
  docs.create({ kind: 'payment-order', content: { ...po, number: '202', amount: 25_000_50 } });
  docs.create({ kind: 'leasing-payment', content: { ...DOCUMENT_EXAMPLES['leasing-payment'], amount: 84_500_00 } });
  // an application whose amount is no payment: it must not be added to the payments
  docs.create({ kind: 'early-repayment', content: DOCUMENT_EXAMPLES['early-repayment'] });
  docs.create({ kind: 'letter', content: DOCUMENT_EXAMPLES.letter });
}, 90_000);
afterAll(async () => app?.close());

describe('the accountant\'s overview (issue 13)', () => {
  it('dashboard: says data comes by itself, then shows the total balance per currency and a New payment button', async () => {
    const { page } = app;
    await expect.poll(() => page.getByRole('heading', { name: 'Обзор', level: 1 }).count()).toBe(1);
    await expect.poll(() => page.getByText(/придут сами с фоновым обменом/).count()).toBe(1);
    expect(await page.getByText(/выполните обмен/).count()).toBe(0);
    await page.getByRole('button', { name: 'Обменяться сейчас' }).click();
    const total = page.getByRole('region', { name: 'Общий остаток' });
    await expect.poll(() => total.count(), { timeout: 15_000 }).toBe(1);
    const atBank = app.bank.db.prepare("SELECT balance FROM accounts WHERE company_id = ? AND currency = 'RUB'").all(app.companyId) as { balance: number }[];
    const sum = atBank.reduce((s, a) => s + a.balance, 0);
    expect(squash(await total.getByRole('listitem').first().textContent())).toBe(squash(`RUB: ${rub(sum)}₽ на ${atBank.length} ${atBank.length === 1 ? 'счёте' : 'счетах'}`));
    const newPayment = page.getByRole('link', { name: 'Новый платёж' });
    expect(await newPayment.getAttribute('href')).toBe('#/new/payment-order');
    await app.shot('dashboard');
    await newPayment.click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: /Платёжное поручение/ }).count()).toBeGreaterThan(0);
  });

  it('documents list: totals per kind and currency, payments only, drafts named as drafts', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/documents`);
    const totals = page.getByRole('group', { name: 'Итоги по платежам' });
    await expect.poll(() => totals.getByRole('listitem').count(), { timeout: 10_000 }).toBe(2);
    const lines = (await totals.getByRole('listitem').allTextContents()).map(squash);
    expect(lines).toContain(squash(`Лизинговые платежи (черновики), RUB: 1 на сумму ${rub(84_500_00)} ₽`));
    expect(lines).toContain(squash(`Платёжные поручения (черновики), RUB: 2 на сумму ${rub(125_000_50)} ₽`));
    // the early repayment's 1 000 000,00 is nowhere in a total
    expect(squash(await totals.textContent())).not.toContain(rub(1_000_000_00));
    await expect.poll(() => page.getByText(/5 документов/).count()).toBe(1);
  });

  it('leasing contract: leasing payments with VAT, no annual rate and no interest', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/dashboard`);
    await page.getByRole('link', { name: 'Договор ЛД-2025/007' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: /ЛД-2025\/007/ }).count()).toBe(1);
    const table = page.getByRole('table', { name: 'График платежей' });
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(0);
    const heads = (await table.getByRole('columnheader').allTextContents()).map((s) => s.trim());
    expect(heads).toEqual(expect.arrayContaining(['Лизинговый платёж', 'в т.ч. НДС', 'Осталось к уплате']));
    expect(heads.join(' ')).not.toMatch(/Проценты|Основной долг/);
    expect(await page.getByText('Ставка годовых').count()).toBe(0);
    expect(await page.getByText('НДС', { exact: true }).count()).toBe(1);
    // each row's VAT is the VAT inside its payment at the rate of its date (20 % in 2025, 22 % from 2026)
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const kopecks = (s: string): number => Number(squash(s).replace(',', ''));
    for (const cells of rows) {
      const due = cells[1]!.split('.').reverse().join('-');
      const totalK = kopecks(cells[2]!);
      const bp = due >= '2026-01-01' ? 2200 : 2000;
      expect(kopecks(cells[3]!)).toBe(Math.round((totalK * bp) / (10_000 + bp)));
    }
    expect(squash(rows.at(-1)![4]!)).toBe('0,00');
    await app.shot('contract-leasing');
  });

  it('early repayment: the date starts on a working day; a partial repayment shows the bank\'s new payment and schedule', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/new/early-repayment`);
    const dateField = page.getByLabel('Дата погашения');
    await expect.poll(() => dateField.count()).toBe(1);
    const start = await dateField.inputValue();
    expect([0, 6]).not.toContain(weekday(start));
    expect(start > new Date().toISOString().slice(0, 10)).toBe(true);
    await page.getByLabel('Номер договора').selectOption('КА-2025/118');
    await page.getByLabel('Частично').check();
    await page.getByLabel(/^Сумма/).fill('300000');
    await page.getByLabel('Уменьшить платёж').check();
    await page.getByRole('button', { name: 'Получить расчёт' }).click();
    const partial = page.getByTestId('partial-quote');
    await expect.poll(() => partial.count(), { timeout: 10_000 }).toBe(1);
    const contract = app.client.bankData.contract('КА-2025/118')!;
    const oldPayment = contract.nextPayment!.amount;
    const newPayment = kopecks2(await page.getByTestId('quote-new-payment').textContent());
    expect(newPayment).toBeLessThan(oldPayment);
    expect(newPayment).toBeGreaterThan(0);
    const left = Number(await page.getByTestId('quote-payments-left').textContent());
    const schedule = page.getByRole('table', { name: 'Новый график' });
    expect(await schedule.locator('tbody tr').count()).toBe(left);
    expect(kopecks2(await schedule.locator('tbody tr').first().locator('td').nth(2).textContent())).toBe(newPayment);
    await app.shot('early-repayment');
    // shortening the term keeps the payment and ends sooner
    await page.getByLabel('Сократить срок').check();
    await page.getByRole('button', { name: 'Получить расчёт' }).click();
    await expect.poll(async () => Number(await page.getByTestId('quote-payments-left').textContent()), { timeout: 10_000 }).toBeLessThan(left);
    expect(kopecks2(await page.getByTestId('quote-new-payment').textContent())).toBe(oldPayment);
  });

  it('messages: an unread badge on the menu item that goes down as letters are read; no Reply on our own letter', async () => {
    const { page, bank, companyId } = app;
    await adminCall(bank, 'POST', `/admin/companies/${companyId}/messages`, { subject: 'Новые тарифы', body: 'С 1 января.', attachments: [] });
    await page.getByRole('button', { name: 'Обменяться сейчас' }).click();
    const menu = page.getByRole('navigation', { name: 'Разделы' });
    const badge = menu.getByTestId('unread-badge');
    await expect.poll(async () => squash(await badge.textContent()), { timeout: 15_000 }).toMatch(/^3/);
    expect(await menu.getByRole('link', { name: /Письма 3 непрочитанных/ }).count()).toBe(1);
    await page.goto(`${app.host.url}#/messages`);
    await page.getByRole('link', { name: /Новые тарифы/ }).first().click();
    await expect.poll(async () => squash(await badge.textContent())).toMatch(/^2/);
    expect(await page.getByRole('button', { name: 'Ответить' }).count()).toBe(1);
    // our own letter: no Reply
    await page.goto(`${app.host.url}#/messages/new`);
    await page.getByLabel('Тема').fill('Вопрос по выписке');
    await page.getByRole('textbox', { name: 'Текст' }).fill('Пришлите выписку за ноябрь.');
    // signed with the token like a document (tests/e2e/messages.test.ts)
    await page.getByRole('button', { name: 'Подписать и отправить' }).click();
    const pin = page.getByRole('dialog');
    await pin.getByLabel('PIN-код', { exact: true }).fill('24682468');
    await pin.getByRole('button', { name: 'Подписать и отправить' }).click();
    await expect.poll(() => page.getByTestId('message-subject').filter({ hasText: 'Вопрос по выписке' }).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('message-seal').textContent()).toMatch(/^✓ Подписано: Петрова Анна Сергеевна, сертификат № [0-9a-f]+/);
    expect(await page.getByRole('button', { name: 'Ответить' }).count()).toBe(0);
    await app.shot('messages');
    expect(dialogs).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});

function kopecks2(s: string | null): number {
  return Number(squash(s).replace('₽', '').replace(',', ''));
}
