/**
 * The dashboard and a contract in Chromium, as an accountant uses them: balances (a metal
 * account too) and contracts after an exchange; a contract's schedule, the chart of the remaining
 * debt (one point per row, with its text alternative), requisites copied and printed, "pay".
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';
import { dismissDialogs, loginPreparer } from '../helpers/e2e-setup.ts';

let app: E2eApp;
const dialogs: string[] = [];
const HOSTILE_SUBJECT = '<img src=x onerror=alert(1)>"><svg onload=alert(2)> \u202Eгрузовик';
const squash = (s: string | null): string => (s ?? '').replace(/\s/g, '');
const rub = (kopecks: number): string => squash(new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(kopecks / 100));

beforeAll(async () => {
  app = await startE2e('dashboard');
  dismissDialogs(app.page, dialogs);
  await loginPreparer(app, 'Dashboard', '13571357');
  // the bank also lists a gold account (balance in hundredths of a gram), and a contract whose subject is hostile text
  app.bank.db
    .prepare('INSERT INTO accounts (id, company_id, number, currency, balance, bank_name, bic, corr_account, opened_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(randomUUID(), app.companyId, '20309980100000000001', 'XAU', 123456, 'АО «Песочница Банк»', '044525225', '30101810400000000225', '2026-01-15');
  app.bank.db.prepare("UPDATE contracts SET subject = ? WHERE number = 'ЛД-2025/007'").run(HOSTILE_SUBJECT);
}, 90_000);
afterAll(async () => app?.close());

describe('dashboard', () => {
  it('asks for an exchange while nothing came from the bank, then shows balances and contracts after one', async () => {
    const { page } = app;
    await expect.poll(() => page.getByRole('heading', { name: 'Обзор', level: 1 }).count()).toBe(1);
    await expect.poll(() => page.getByText('Данных из банка пока нет').count()).toBe(1);
    await page.getByRole('button', { name: 'Обменяться сейчас' }).click();
    const accounts = page.getByRole('table', { name: 'Счета', exact: true });
    await expect.poll(() => accounts.getByRole('row').count(), { timeout: 15_000 }).toBe(3);
    const atBank = app.bank.db.prepare("SELECT number, balance FROM accounts WHERE company_id = ? AND currency = 'RUB' ORDER BY number").all(app.companyId) as { number: string; balance: number }[];
    for (const a of atBank) {
      const row = accounts.getByRole('row').filter({ hasText: a.number });
      expect(squash(await row.getByRole('cell').last().textContent())).toBe(rub(a.balance));
    }
    const metal = page.getByRole('table', { name: 'Металлические счета' });
    expect(squash(await metal.getByRole('row').filter({ hasText: '20309980100000000001' }).textContent())).toContain('золото(XAU)');
    expect(squash(await metal.getByRole('row').filter({ hasText: '20309980100000000001' }).getByRole('cell').last().textContent())).toBe('1234,56г');

    const contracts = page.getByRole('table', { name: 'Кредиты и лизинг' });
    expect(await contracts.getByRole('row').count()).toBe(4);
    for (const n of ['КА-2025/118', 'КА-2026/042', 'ЛД-2025/007']) expect(await contracts.getByRole('link', { name: `Договор ${n}` }).count()).toBe(1);
    const loan = contracts.getByRole('row').filter({ hasText: 'КА-2025/118' });
    expect(await loan.textContent()).toMatch(/Автокредит.*Lada Largus/);
    expect(await loan.textContent()).toMatch(/до \d{2}\.\d{2}\.\d{4}/);
    // the bank's hostile subject is text, nothing more
    const hostile = contracts.getByRole('row').filter({ hasText: 'ЛД-2025/007' }).locator('td.user-text');
    expect(await hostile.textContent()).toBe(HOSTILE_SUBJECT);
    expect(await page.locator('main img, main script, main svg').count()).toBe(0);
    // leasing reads as leasing: what is left of its payments with VAT (the schedule's unpaid totals), not a loan's debt
    expect(await contracts.locator('thead').textContent()).not.toContain('Остаток долга');
    const leasingId = (app.client.db.prepare("SELECT id FROM contracts WHERE number = 'ЛД-2025/007'").get() as { id: string }).id;
    const unpaid = (JSON.parse((app.client.db.prepare('SELECT json FROM schedules WHERE contract_id = ?').get(leasingId) as { json: string }).json) as { items: { total: number; vat?: number; paid: boolean }[] }).items.filter((i) => !i.paid);
    expect(unpaid.length).toBeGreaterThan(0);
    const leasingRow = contracts.getByRole('row').filter({ hasText: 'ЛД-2025/007' });
    const left = squash(await leasingRow.getByTestId('contract-left').textContent());
    const leftTotal = unpaid.reduce((s, i) => s + i.total, 0);
    const vatLeft = unpaid.reduce((s, i) => s + (i.vat ?? 0), 0);
    expect(vatLeft).toBeGreaterThan(0);
    expect(left).toBe(squash(`${rub(leftTotal)} лизинговые платежи, в т.ч. НДС ${rub(vatLeft)}`));
    expect(await leasingRow.textContent()).toMatch(/Лизинг/);
    // the next payment with the VAT in it
    expect(squash(await leasingRow.textContent())).toContain(squash(`в т.ч. НДС ${rub(unpaid[0]!.vat!)}`));
    expect(await leasingRow.textContent()).not.toMatch(/долг/i);
    expect(await loan.getByTestId('contract-left').textContent()).toContain('основной долг');
    await app.shot('dashboard');
  });

  it('opens the leasing contract: its chart is of the leasing payments left with VAT, not of a debt', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Договор ЛД-2025/007' }).click();
    await expect.poll(() => page.getByRole('img', { name: /Остаток лизинговых платежей/ }).count()).toBe(1);
    const chart = page.getByRole('img', { name: /Остаток лизинговых платежей/ });
    expect(await chart.locator('desc').textContent()).toMatch(/^Остаток лизинговых платежей \(с НДС\) снижается с .* до 0,00/);
    expect(await chart.locator('text.axis-title').allTextContents()).toEqual(['Дата платежа', 'Осталось к уплате, тыс. руб.']);
    expect(await page.getByRole('img', { name: /Остаток долга/ }).count()).toBe(0);
    await app.shot('contract-leasing');
    await page.getByRole('link', { name: '← Обзор' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Кредиты и лизинг' }).getByRole('row').count()).toBe(4);
  });

  it('opens a contract: schedule table, the chart with one point per row and its text alternative', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Договор КА-2025/118' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Кредитный договор КА-2025/118' }).count()).toBe(1);
    const rows = page.getByRole('table', { name: 'График платежей' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(36);
    // amounts read as everywhere in the app: «1 500 000,00 ₽», never a currency code after the figure
    const facts = squash(await page.locator('main dl').first().textContent());
    expect(facts).toContain('1500000,00₽');
    expect(facts).not.toMatch(/RUB/);
    const chart = page.getByRole('img', { name: /Остаток долга/ });
    expect(await chart.count()).toBe(1);
    const points = chart.locator('circle.point');
    expect(await points.count()).toBe(36);
    // the text alternative says what the chart shows
    const desc = await chart.locator('desc').textContent();
    expect(desc).toMatch(/с 1\s?500\s?000,00 до 0,00 за 36 платежей/);
    expect(await chart.getAttribute('aria-labelledby')).toMatch(/\S+ \S+/);
    // the points go down to the axis: the last remaining debt is 0 and it is in the table's last row too
    const ys = await points.evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('cy'))));
    for (let i = 1; i < ys.length; i++) expect(ys[i]!).toBeGreaterThanOrEqual(ys[i - 1]!);
    const axisY = await chart.locator('line.axis').first().getAttribute('y1');
    expect(ys[ys.length - 1]).toBeCloseTo(Number(axisY), 3);
    expect(squash(await rows.last().locator('td').nth(5).textContent())).toBe('0,00');
    expect(await chart.locator('text.axis-title').allTextContents()).toEqual(['Дата платежа', 'Долг, тыс. руб.']);
    await app.shot('contract');
  });

  it('copies the requisites to the clipboard and says so', async () => {
    const { page, context, host } = app;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin });
    await page.getByRole('button', { name: 'Копировать реквизиты' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Реквизиты скопированы в буфер обмена.' }).count()).toBe(1);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('Счёт: 47422810800000000001');
    expect(copied).toContain('БИК: 044525225');
    expect(copied).toContain('Назначение платежа: Погашение по кредитному договору № КА-2025/118');
  });

  it('prints the requisites only, and links "pay" to the editor\'s form for this contract', async () => {
    const { page } = app;
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void ((window as unknown as { printed: number }).printed += 1);
    });
    await page.getByRole('button', { name: 'Печать реквизитов' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('requisites').isVisible()).toBe(true);
    expect(await page.getByText('Договор КА-2025/118 от').isVisible()).toBe(true);
    for (const hidden of [page.getByTestId('schedule'), page.getByTestId('debt-chart'), page.getByRole('navigation', { name: 'Разделы' }), page.getByRole('button', { name: 'Копировать реквизиты' })]) expect(await hidden.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    const id = app.client.db.prepare("SELECT id FROM contracts WHERE number = 'КА-2025/118'").get() as { id: string };
    expect(await page.getByRole('link', { name: 'Оплатить платёж по кредиту' }).getAttribute('href')).toBe(`#/new/loan-repayment/${encodeURIComponent(id.id)}`);
    await page.getByRole('link', { name: '← Обзор' }).click();
    const leasing = page.getByRole('table', { name: 'Кредиты и лизинг' }).getByRole('row').filter({ hasText: 'ЛД-2025/007' });
    expect(await leasing.getByRole('link', { name: /Оплатить лизинговый платёж/ }).getAttribute('href')).toMatch(/^#\/new\/leasing-payment\/[0-9a-f-]{36}$/);
    expect(dialogs).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });

  it('stays readable at 125% zoom: neither the dashboard nor a contract is wider than the window', async () => {
    const { page } = app;
    await page.evaluate(() => ((document.body.style as CSSStyleDeclaration & { zoom: string }).zoom = '1.25'));
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByRole('link', { name: 'Договор КА-2026/042' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'График платежей' }).locator('tbody tr').count()).toBe(48);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.evaluate(() => ((document.body.style as CSSStyleDeclaration & { zoom: string }).zoom = ''));
  });
});
