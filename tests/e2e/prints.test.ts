/**
 * Printing as a person does it, in Chromium through the browser host, with the sandbox bank and
 * a SoftHSM2 token: two payment orders signed, sent and executed by the bank (its clock moved),
 * chosen in the documents list and printed to one PDF (a page each, form 0401060 with the bank's
 * marks); one printed from its card; the statement printed from the statements screen. The
 * downloads are read back with qpdf and pdftotext, and their first pages kept as PNGs in
 * tests/e2e/screenshots (payment-order-0401060.png, statement-pdf.png).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../src/main/bank/session.ts';
import { enrolAndLogin, totpNow, type Person } from '../helpers/client-flow.ts';
import { SCREENSHOTS, startE2e, type E2eApp } from '../helpers/e2e.ts';
import { dismissDialogs } from '../helpers/e2e-setup.ts';
import { find, layoutText, pageCount, qpdfCheck, renderPng, words } from '../helpers/pdf.ts';
import { adminCall } from '../helpers/sandbox.ts';

let app: E2eApp;
let who: Person;
const ids: Record<string, string> = {};
const dialogs: string[] = [];

const PAYER = { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' } };
const PAYEE = { name: 'ООО «Лютик»', inn: '500100732259', account: '40602810700000000025', bank: { name: 'Банк 2', bic: '049805746' } };
const LONG_PURPOSE = `Оплата по договору поставки № 15/2026 (партия "Б" & <счёт 77>) ${'за материалы и их доставку на склад '.repeat(5)}`.slice(0, 210);
const order = (number: string, date: string, amount: number, purpose: string) => ({ number, date, amount, payer: PAYER, payee: PAYEE, uin: '0', priority: 5, purpose, operationType: '01' });
const dmy = (iso: string) => iso.slice(0, 10).split('-').reverse().join('.');

beforeAll(async () => {
  app = await startE2e('prints', { locale: 'ru' });
  dismissDialogs(app.page, dialogs);
  const { bank, client, hsm } = app;
  hsm.initTestToken('Director', '10101010');
  who = await enrolAndLogin(bank, client, { token: 'Director', pin: '10101010', name: 'Иванов Иван Иванович', role: 'first-signature', limit: 2_000_000_00, companyId: app.companyId });
  const today = bank.clock.now().toISOString().slice(0, 10);
  ids.first = client.documents.create({ kind: 'payment-order', content: order('601', today, 25_000_00, 'Оплата по счёту № 601, без НДС') }).id;
  ids.second = client.documents.create({ kind: 'payment-order', content: order('602', today, 15_000_00, LONG_PURPOSE) }).id;
  ids.draft = client.documents.create({ kind: 'payment-order', content: order('603', today, 100_00, 'Черновик') }).id;
  const signed = await client.signing.sign({ ids: [ids.first, ids.second], token: who.token, key: who.key, pin: Buffer.from(who.pin) });
  expect(signed.signed.sort()).toEqual([ids.first, ids.second].sort());
  await client.sync().syncOnce();
  for (let i = 0; i < 4 && client.documents.get(ids.second).status !== 'executed'; i++) {
    await adminCall(bank, 'POST', '/admin/clock', { seconds: 3600 });
    await login(client.db, client.api, client.tokens, { token: who.token, key: who.key, pin: Buffer.from(who.pin), totp: totpNow(bank, who.totpSecret), actor: 'e2e' });
    await client.sync().syncOnce();
  }
  expect(client.documents.get(ids.first).status).toBe('executed');
  expect(client.documents.get(ids.second).status).toBe('executed');
}, 120_000);
afterAll(async () => app?.close());

describe('printing', () => {
  it('prints a selection from the documents list: one PDF, a page per document, form 0401060 with ИСПОЛНЕНО; drafts cannot be chosen', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/documents`);
    const choose = (n: string) => page.getByRole('checkbox', { name: `Выбрать документ ${n} для печати` });
    await expect.poll(() => choose('601').count()).toBe(1);
    expect(await choose('603').isDisabled()).toBe(true);
    const print = page.getByRole('button', { name: /^Печать выбранных/ });
    expect(await print.textContent()).toBe('Печать выбранных (0) в PDF');
    expect(await print.isDisabled()).toBe(true);
    await choose('602').check();
    await choose('601').check();
    expect(await print.textContent()).toBe('Печать выбранных (2) в PDF');
    await app.shot('documents-print-selection');
    const [download] = await Promise.all([page.waitForEvent('download'), print.click()]);
    expect(download.suggestedFilename()).toBe('documents-2.pdf');
    const path = join(app.hsm.dir, 'selection.pdf');
    await download.saveAs(path);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Сохранён файл documents-2.pdf (страниц: 2).' }).count()).toBe(1);

    expect(qpdfCheck(path)).toMatchObject({ ok: true });
    expect(pageCount(path)).toBe(2);
    const pages = layoutText(path).split('\f').slice(0, 2);
    // in the order chosen
    expect(pages[0]).toContain('ПЛАТЕЖНОЕ ПОРУЧЕНИЕ № 602');
    expect(pages[1]).toContain('ПЛАТЕЖНОЕ ПОРУЧЕНИЕ № 601');
    expect(pages[0]).toMatch(/Сумма\s+Пятнадцать тысяч рублей 00 копеек/);
    expect(pages[1]).toMatch(/Сумма\s+Двадцать пять тысяч рублей 00 копеек/);
    expect(pages[1]).toMatch(/КПП 770701001\s+Сумма\s+25000-00/);
    for (const p of pages) {
      expect(p).toContain('ИСПОЛНЕНО');
      expect(p).toContain('Иванов Иван Иванович (ЭП)');
      expect(p).toContain(`Сертификат № ${app.client.documents.get(ids.first!).signers[0]!.certificateSerial}`);
    }
    // the long purpose wraps inside field 24, above its caption
    const all = words(path);
    const caption = find(all, 'Назначение платежа', 1)!;
    const purposeEnd = all.filter((w) => w.page === 1 && w.text === 'склад');
    expect(purposeEnd.length).toBeGreaterThan(0);
    for (const w of purposeEnd) expect(w.bottom).toBeLessThan(caption.y);
    expect(pages[0]).toContain('(партия "Б" & <счёт 77>)');
    expect(dialogs).toEqual([]);
  });

  it('prints one document from its card, and keeps its first page as a PNG', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/document/${ids.first}`);
    const button = page.getByRole('group', { name: 'Действия' }).getByRole('button', { name: 'Печать (PDF)' });
    await expect.poll(() => button.count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('document-601.pdf');
    const path = join(app.hsm.dir, 'one.pdf');
    await download.saveAs(path);
    expect(qpdfCheck(path).ok).toBe(true);
    expect(pageCount(path)).toBe(1);
    const all = words(path);
    const executed = app.client.documents.receipts(ids.first!).find((r) => r.status === 'executed')!;
    const local = new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(executed.at));
    const stamp = find(all, 'ИСПОЛНЕНО')!;
    expect(all.some((w) => w.text === local && w.y > stamp.bottom && w.y - stamp.bottom < 4)).toBe(true);
    expect(find(all, 'Списано со сч. плат.')).toBeDefined();
    renderPng(path, join(SCREENSHOTS, 'payment-order-0401060.png'));
    // a draft's card offers no print
    await page.goto(`${app.host.url}#/document/${ids.draft}`);
    // the draft's own card (its number in the heading), not the previous card still on screen
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/603/);
    await expect.poll(() => page.getByRole('group', { name: 'Действия' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Печать (PDF)' }).count()).toBe(0);
  });

  it('prints the statement from the statements screen', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/statements`);
    const from = new Date(app.bank.clock.now().getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
    const to = app.bank.clock.now().toISOString().slice(0, 10);
    await page.getByLabel('С', { exact: true }).fill(from);
    await page.getByLabel('По', { exact: true }).fill(to);
    await page.getByRole('button', { name: 'Показать выписку' }).click();
    const button = page.getByRole('button', { name: 'Печать выписки (PDF)' });
    await expect.poll(() => button.count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe(`statement_40702810300000004583_${from}_${to}.pdf`);
    const path = join(app.hsm.dir, 'statement.pdf');
    await download.saveAs(path);
    expect(qpdfCheck(path).ok).toBe(true);
    const text = layoutText(path).replace(/\u00a0/g, ' ');
    expect(text).toContain('ВЫПИСКА ПО СЧЁТУ');
    expect(text).toContain(`за период с ${dmy(from)} по ${dmy(to)}`);
    expect(text).toMatch(/601\s+ООО «Лютик».*Оплата по счёту № 601, без НДС\s+25 000,00/);
    expect(text).toMatch(/602\s+ООО «Лютик».*15 000,00/);
    expect(text).toMatch(/Входящий остаток на/);
    expect(text).toMatch(/Исходящий остаток на/);
    renderPng(path, join(SCREENSHOTS, 'statement-pdf.png'));
    await app.shot('statements-print');
    expect(app.pageErrors).toEqual([]);
  });

  it('words the print buttons in English on English screens', async () => {
    const context = await app.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${app.host.url}#/documents`);
      const print = page.getByRole('button', { name: 'Print selected (0) as PDF' });
      await expect.poll(() => print.count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Clear selection' }).count()).toBe(1);
      await page.getByRole('checkbox', { name: 'Select document 601 for printing' }).check();
      expect(await page.getByRole('button', { name: 'Print selected (1) as PDF' }).isEnabled()).toBe(true);
      await page.goto(`${app.host.url}#/document/${ids.first}`);
      await expect.poll(() => page.getByRole('button', { name: 'Print (PDF)' }).count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});
