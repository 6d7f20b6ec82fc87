/**
 * The documents list and the document view in Chromium, as a person uses them: filters and
 * search, the keyboard, a document opened, copied and deleted, a payment the bank rejected (sent
 * for real through the sandbox) with its reason and receipts, hostile text shown as text, and a
 * profile of 100,000 documents scrolled to its end with only a window of rows in the page.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { enrolAndLogin } from '../helpers/client-flow.ts';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';
import { adminCall } from '../helpers/sandbox.ts';

let app: E2eApp;
const dialogs: string[] = [];
const ORDER = DOCUMENT_EXAMPLES['payment-order'];
const HOSTILE = {
  payee: '<img src=x onerror=alert(1)>ООО "Взлом"',
  purpose: 'Оплата <script>alert(2)</script> "><svg onload=alert(3)> \u202Eexe.txt',
  reason: 'Отказ: <img src=x onerror=alert(4)> \u202Eтекст"><svg onload=alert(5)>',
};
const ids: Record<string, string> = {};

const order = (o: { number: string; date: string; amount: number; payee?: string; purpose?: string }) => ({
  ...ORDER,
  number: o.number,
  date: o.date,
  amount: o.amount,
  payee: { ...ORDER.payee, name: o.payee ?? ORDER.payee.name },
  purpose: o.purpose ?? ORDER.purpose,
});

/** The rows of the documents grid now in the page (the header row not counted). */
const gridRows = () => app.page.locator('.doc-scroll [role="row"]');
const rowWith = (text: string | RegExp) => gridRows().filter({ hasText: text });

beforeAll(async () => {
  app = await startE2e('documents', { locale: 'en' });
  app.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const docs = app.client.documents;
  ids.meridian = docs.create({ kind: 'payment-order', content: order({ number: '101', date: '2026-11-20', amount: 150_000_00, payee: 'ООО «Меридиан»', purpose: 'Оплата за металлопрокат по счёту 17' }) }).id;
  ids.rent = docs.create({ kind: 'payment-order', content: order({ number: '102', date: '2026-10-05', amount: 48_500_50, payee: 'АО «Аренда-Центр»', purpose: 'Аренда офиса за октябрь' }) }).id;
  ids.small = docs.create({ kind: 'payment-order', content: order({ number: '103', date: '2026-09-15', amount: 1_500_00, payee: 'ИП Петров А. А.', purpose: 'Услуги курьера' }) }).id;
  ids.letter = docs.create({ kind: 'letter', content: DOCUMENT_EXAMPLES.letter }).id;
  ids.hostile = docs.create({ kind: 'payment-order', content: order({ number: '104', date: '2026-08-01', amount: 777_00, payee: HOSTILE.payee, purpose: HOSTILE.purpose }) }).id;
}, 60_000);
afterAll(async () => app?.close());

describe('documents list', () => {
  it('shows every document with its status, and filters by kind, status, dates, amounts, counterparty and text', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/documents`);
    const grid = page.getByRole('grid', { name: 'Documents' });
    await expect.poll(() => rowWith('ООО «Меридиан»').count()).toBe(1);
    await expect.poll(() => gridRows().count()).toBe(5);
    // newest date first: the letter (no date: the day it was made), then 20 Nov, 5 Oct, 15 Sep, 1 Aug
    expect(await gridRows().locator('[role="gridcell"]:nth-child(3)').allTextContents()).toEqual(['no number', '101', '102', '103', '104']);
    expect(await rowWith('ООО «Меридиан»').getByText('Draft').count()).toBe(1);
    expect(await page.getByText('5 documents').count()).toBe(1);
    expect(await grid.getByRole('columnheader').allTextContents()).toEqual(['Select for printing', 'Date', 'No.', 'Kind', 'Counterparty', 'Amount', 'Status']);
    await app.shot('documents-list');

    const filters = page.getByRole('search', { name: 'Filters' });
    await filters.getByLabel('Kind').selectOption('letter');
    await expect.poll(() => gridRows().count()).toBe(1);
    await expect.poll(() => gridRows().first().textContent()).toContain('Letter');
    await filters.getByLabel('Kind').selectOption('payment-order');
    await expect.poll(() => gridRows().count()).toBe(4);

    await filters.getByLabel('Date from').fill('2026-09-01');
    await filters.getByLabel('Date to').fill('2026-10-31');
    await expect.poll(() => gridRows().locator('[role="gridcell"]:nth-child(3)').allTextContents()).toEqual(['102', '103']);
    // a period that ends before it starts is said, not sent
    await filters.getByLabel('Date to').fill('2026-08-01');
    await expect.poll(() => page.getByText('The period ends before it starts').count()).toBe(1);
    await filters.getByLabel('Date from').fill('');
    await filters.getByLabel('Date to').fill('');
    await expect.poll(() => gridRows().count()).toBe(4);

    // amounts as people type them: spaces and a comma, exactly to the kopeck
    await filters.getByLabel('Amount from').fill('1 500,00');
    await filters.getByLabel('Amount to').fill('48500.50');
    await expect.poll(() => gridRows().locator('[role="gridcell"]:nth-child(3)').allTextContents()).toEqual(['102', '103']);
    await filters.getByLabel('Amount to').fill('48500.49');
    await expect.poll(() => gridRows().locator('[role="gridcell"]:nth-child(3)').allTextContents()).toEqual(['103']);
    await filters.getByLabel('Amount from').fill('12,345,6');
    await expect.poll(() => filters.getByLabel('Amount from').getAttribute('aria-invalid')).toBe('true');
    expect(await filters.getByText('An amount in roubles and kopecks, e.g. 1 500,00').count()).toBe(1);
    await filters.getByLabel('Amount from').fill('');
    await filters.getByLabel('Amount to').fill('');

    await filters.getByLabel('Counterparty').fill('мерид');
    await expect.poll(() => gridRows().locator('[role="gridcell"]:nth-child(3)').allTextContents()).toEqual(['101']);
    await filters.getByLabel('Counterparty').fill('');
    await filters.getByLabel('Search').fill('аренда офиса');
    await expect.poll(() => gridRows().locator('[role="gridcell"]:nth-child(3)').allTextContents()).toEqual(['102']);
    await filters.getByLabel('Search').fill('нет такого слова');
    await expect.poll(() => page.getByText('No documents match.').count()).toBe(1);

    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => gridRows().count()).toBe(5);
    expect(await filters.getByLabel('Kind').inputValue()).toBe('');
  });

  it('offers a new document of each kind', async () => {
    const { page } = app;
    await page.getByText('New document').click();
    const link = page.getByRole('link', { name: 'New: Payment order' });
    expect(await link.getAttribute('href')).toBe('#/new/payment-order');
    expect(await page.getByRole('link', { name: /^New: / }).count()).toBe(9);
    await page.getByText('New document').click();
  });

  it('moves through the rows with the arrow keys and opens one with Enter', async () => {
    const { page } = app;
    await gridRows().first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex'))).toBe('4');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('Меридиан');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/document/${ids.meridian}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Payment order No. 101' }).count()).toBe(1);
  });
});

describe('document view', () => {
  it('shows what is signed, the status, the check results and no signatures yet', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/document/${ids.meridian}`);
    const content = page.getByRole('region', { name: 'What is signed' });
    await expect.poll(() => content.getByText('Оплата за металлопрокат по счёту 17').count()).toBe(1);
    expect(await content.getByText('ООО «Меридиан»', { exact: false }).count()).toBeGreaterThan(0);
    // the receipts and signatures come by calls of their own: waited for, not read at once
    await expect.poll(() => page.locator('.document-head').getByText('Draft').count()).toBe(1);
    await expect.poll(() => page.getByRole('region', { name: 'Signatures' }).getByText('Not signed yet.').count()).toBe(1);
    await expect.poll(() => page.getByRole('region', { name: 'Bank receipts' }).getByText('No receipts from the bank yet.').count()).toBe(1);
    const actions = page.getByRole('group', { name: 'Actions' });
    expect(await actions.getByRole('link', { name: 'Edit' }).getAttribute('href')).toBe(`#/edit/${ids.meridian}`);
    await app.shot('document-view');
  });

  it('copies a document into the editor without saving: leaving keeps the list as it was; Save makes one new draft with a new number', async () => {
    const { page } = app;
    const before = app.client.documents.list({}).total;
    const rowsBefore = await gridRows().count();
    const original = app.client.documents.get(ids.meridian!);
    const content = (id: string) => app.client.documents.get(id).body.content as { number: string; date: string; amount: number; purpose: string; payee: { name: string; account: string } };
    const copyLink = () => page.getByRole('group', { name: 'Actions' }).getByRole('link', { name: 'Copy' });
    await copyLink().click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/copy/${ids.meridian}`);
    const notice = page.getByTestId('editor-copy');
    await expect.poll(() => notice.textContent()).toContain(`A copy of No. ${content(ids.meridian!).number}`);
    await app.shot('document-copy');
    // nothing saved by opening it: leave, and the list is as it was
    expect(app.client.documents.list({}).total).toBe(before);
    await page.goto(`${app.host.url}#/documents`);
    await expect.poll(() => gridRows().count()).toBe(rowsBefore);
    expect(app.client.documents.list({}).total).toBe(before);

    // copied again and saved: one new draft, the same payee, amount and purpose, a new number and today's date
    await page.goto(`${app.host.url}#/document/${ids.meridian}`);
    await copyLink().click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/copy/${ids.meridian}`);
    await page.getByTestId('editor-copy').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/document\/[0-9a-f-]{36}$/);
    const copyId = (await page.evaluate(() => location.hash)).slice('#/document/'.length);
    expect(copyId).not.toBe(ids.meridian);
    expect(app.client.documents.list({}).total).toBe(before + 1);
    expect(app.client.documents.get(copyId)).toMatchObject({ status: 'draft', counterparty: 'ООО «Меридиан»', amount: 150_000_00 });
    const was = content(ids.meridian!);
    const now = content(copyId);
    expect({ payee: now.payee, amount: now.amount, purpose: now.purpose }).toEqual({ payee: was.payee, amount: was.amount, purpose: was.purpose });
    expect(now.number).not.toBe(was.number);
    expect(now.date).toBe(new Date().toISOString().slice(0, 10));
    expect(original.status).toBe('draft');
    ids.copy = copyId;
  });

  it('deletes a draft only after confirming in a dialog; Escape cancels', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/document/${ids.copy}`);
    const actions = page.getByRole('group', { name: 'Actions' });
    await actions.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete the draft?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(app.client.documents.get(ids.copy!).status).toBe('draft');
    await actions.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/documents');
    expect(() => app.client.documents.get(ids.copy!)).toThrow();
    await expect.poll(() => gridRows().count()).toBe(5);
  });

  it('shows hostile text from a file or typed in as text: no elements made, no script run', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}#/documents`);
    const row = rowWith('Взлом');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('.doc-party .user-text').first().textContent()).toBe(HOSTILE.payee);
    expect(await page.locator('.doc-grid img, .doc-grid script, .doc-grid svg').count()).toBe(0);
    await page.goto(`${app.host.url}#/document/${ids.hostile}`);
    const content = page.getByRole('region', { name: 'What is signed' });
    await expect.poll(() => content.locator('dd').allTextContents()).toContain(HOSTILE.purpose);
    expect((await content.locator('dd').allTextContents()).some((t) => t.includes(HOSTILE.payee))).toBe(true);
    expect(await page.locator('main img, main script, main svg').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});

describe('a document the bank rejected', () => {
  it('is signed, sent and rejected through the sandbox: the reason in the list and the view, with the verified receipts', async () => {
    const { bank, client, hsm, page } = app;
    hsm.initTestToken('Director', '10101010');
    const who = await enrolAndLogin(bank, client, { token: 'Director', pin: '10101010', name: 'Иванов Иван Иванович', role: 'first-signature', limit: 2_000_000_00, companyId: app.companyId });
    const today = bank.clock.now().toISOString().slice(0, 10);
    // the payer's account is not one the bank keeps for this company: the bank rejects it after delivery
    const doc = client.documents.create({ kind: 'payment-order', content: order({ number: '555', date: today, amount: 1_000_00, payee: 'ООО «Отказ»', purpose: 'Оплата по счёту 555' }) });
    const signed = await client.signing.sign({ ids: [doc.id], token: who.token, key: who.key, pin: Buffer.from(who.pin) });
    expect(signed.signed).toEqual([doc.id]);
    await client.sync().syncOnce();
    await adminCall(bank, 'POST', '/admin/clock', { seconds: 120 });
    await client.sync().syncOnce();
    const stored = client.documents.get(doc.id);
    expect(stored.status).toBe('rejected');
    const reason = stored.rejection!.reason;
    expect(reason.length).toBeGreaterThan(0);

    await page.goto(`${app.host.url}#/documents`);
    const row = rowWith('ООО «Отказ»');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByText('Rejected').count()).toBe(1);
    expect(await row.locator('.doc-reason .user-text').textContent()).toBe(reason);
    await page.getByRole('search', { name: 'Filters' }).getByLabel('Status').selectOption('rejected');
    await expect.poll(() => gridRows().count()).toBe(1);

    await page.goto(`${app.host.url}#/document/${doc.id}`);
    const rejection = page.getByRole('region', { name: 'Rejected by the bank' });
    await expect.poll(() => rejection.getByTestId('rejection-reason').textContent()).toBe(reason);
    expect(await rejection.getByText(`Code: ${stored.rejection!.code}`).count()).toBe(1);
    const receipts = page.getByRole('region', { name: 'Bank receipts' });
    await expect.poll(() => receipts.getByRole('row').count()).toBeGreaterThanOrEqual(3);
    const rejectedRow = receipts.getByRole('row').filter({ has: page.getByText('Rejected', { exact: true }) });
    expect(await rejectedRow.count()).toBe(1);
    expect(await rejectedRow.getByRole('cell').nth(2).textContent()).toBe(reason);
    // the receipt's signed text is there to read, and names the same reason
    await rejectedRow.getByText('Signed text of the receipt').click();
    const signedPayload = JSON.parse((await rejectedRow.locator('pre').textContent())!) as { documentSha256: string };
    expect(signedPayload).toMatchObject({ documentId: doc.id, status: 'rejected', rejection: { reason } });
    // the text shown is that of the signed bytes: their digest is the one the bank's receipt names
    expect(await page.getByTestId('signed-digest').textContent()).toContain(signedPayload.documentSha256);
    const signatures = page.getByRole('region', { name: 'Signatures' });
    expect(await signatures.getByText(/First signature: .*Иванов Иван Иванович/).count()).toBe(1);
    // neither edited in place nor deleted: only copied
    const actions = page.getByRole('group', { name: 'Actions' });
    expect(await actions.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await actions.getByRole('link', { name: 'Copy' }).count()).toBe(1);
    await app.shot('document-view-rejected');
  });

  it('shows a hostile reason from the bank as text', async () => {
    const { client, page } = app;
    // written as sync writes a verified receipt and its status (src/main/sync/pull.ts)
    const at = new Date().toISOString();
    const payload = Buffer.from(JSON.stringify({ documentId: ids.hostile, documentSha256: '00'.repeat(32), status: 'rejected', at, rejection: { code: 'bad', reason: HOSTILE.reason } }));
    client.db.transaction(() => {
      client.db.prepare('INSERT INTO receipts (cursor, document_id, status, at, rejection_code, rejection_reason, payload, signature, verified_at) VALUES ((SELECT COALESCE(MAX(cursor), 0) + 1000 FROM receipts), ?, ?, ?, ?, ?, ?, ?, ?)').run(ids.hostile, 'rejected', at, 'bad', HOSTILE.reason, payload, Buffer.from('signature'), at);
      client.db.prepare("UPDATE documents SET status = 'rejected', rejection_code = 'bad', rejection_reason = ?, updated_at = ? WHERE id = ?").run(HOSTILE.reason, at, ids.hostile);
    })();
    await page.goto(`${app.host.url}#/documents`);
    const row = rowWith('Взлом');
    await expect.poll(() => row.locator('.doc-reason .user-text').textContent()).toBe(HOSTILE.reason);
    await page.goto(`${app.host.url}#/document/${ids.hostile}`);
    await expect.poll(() => page.getByTestId('rejection-reason').textContent()).toBe(HOSTILE.reason);
    const receipts = page.getByRole('region', { name: 'Bank receipts' });
    await expect.poll(() => receipts.locator('td .user-text').first().textContent()).toBe(HOSTILE.reason);
    expect(await page.locator('main img, main script, main svg').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});

describe('100,000 documents', () => {
  it('scrolls to the end with only a window of rows in the page, and shows the last document', async () => {
    const { client, page } = app;
    const docs = client.documents;
    const N = 100_000;
    const base = docs.parse('payment-order', order({ number: '1', date: '2025-06-01', amount: 1_00, payee: 'ООО «Поставщик»', purpose: 'Оплата по договору поставки' }));
    const oldest = docs.parse('payment-order', order({ number: '9', date: '2020-01-01', amount: 9_99, payee: 'ООО «Самый Старый»', purpose: 'Первый платёж' }));
    const from = docs.lastRowid();
    const now = new Date().toISOString();
    client.db.transaction(() => {
      docs.insert(randomUUID(), oldest, { origin: 'import', deferIndex: true }, now);
      for (let i = 1; i < N; i++) {
        const c = base.content as typeof ORDER;
        const body = { ...base, content: { ...c, number: String((i % 999_999) + 1), amount: 100 + i, date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}` } };
        docs.insert(randomUUID(), body as typeof base, { origin: 'import', deferIndex: true }, now);
      }
      docs.indexSince(from);
    })();
    // what the page asks the list for, to see that scrolling goes by key
    const asked: Record<string, unknown>[] = [];
    page.on('request', (r) => r.url().endsWith('/rpc/documents.list') && asked.push(JSON.parse(r.postData() ?? '{}') as Record<string, unknown>));
    const askedSince = (n: number) => asked.slice(n).map((a) => (a.after ? 'after' : a.before ? 'before' : a.last ? 'last' : a.offset ? 'offset' : 'first'));
    await page.goto(`${app.host.url}#/documents`);
    await expect.poll(() => page.getByText(/100,00\d documents/).count(), { timeout: 15_000 }).toBe(1);
    const scroller = page.getByTestId('documents-scroll');
    // the scroll height stands for every row; the page holds only those in view and a few around them
    expect(await scroller.evaluate((el) => el.scrollHeight)).toBeGreaterThan(N * 30);
    expect(await gridRows().count()).toBeLessThan(200);
    // scrolled down a screen at a time: each next page is asked for after the last row of the one above
    let mark = asked.length;
    for (let i = 0; i < 30; i++) {
      await scroller.evaluate((el) => el.scrollBy(0, el.clientHeight));
      await expect.poll(() => page.locator('.doc-loading').count()).toBe(0);
    }
    expect(await scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    expect(askedSince(mark).length).toBeGreaterThan(3);
    expect(new Set(askedSince(mark))).toEqual(new Set(['after']));
    // dragged to the end: the last page is asked for from the end, not by position
    mark = asked.length;
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => rowWith('ООО «Самый Старый»').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.locator('.doc-loading').count()).toBe(0);
    expect(askedSince(mark)).not.toContain('offset');
    expect(askedSince(mark)).toContain('last');
    expect(await gridRows().count()).toBeLessThan(200);
    const last = rowWith('ООО «Самый Старый»');
    expect(Number(await last.getAttribute('aria-rowindex'))).toBe(Number(await page.getByRole('grid', { name: 'Documents' }).getAttribute('aria-rowcount')));
    // the keyboard reaches the top again from the end
    await last.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex'))).toBe('2');
    await expect.poll(() => page.locator('.doc-loading').count()).toBe(0);
    expect(await gridRows().count()).toBeLessThan(200);
    // dragged to the middle: one jump by position, its neighbours then by key; the rows are those of that place
    mark = asked.length;
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    await expect.poll(async () => Number(await gridRows().first().getAttribute('aria-rowindex'))).toBeGreaterThan(N / 4);
    await expect.poll(() => page.locator('.doc-loading').count()).toBe(0);
    expect(askedSince(mark).filter((a) => a === 'offset')).toHaveLength(1);
    const middle = Number(await gridRows().first().getAttribute('aria-rowindex')) - 2;
    const expected = docs.list({ offset: middle, limit: 1 }).items[0]!;
    expect(await gridRows().first().locator('[role="gridcell"]:nth-child(3)').textContent()).toBe(expected.number);
    expect(await gridRows().count()).toBeLessThan(200);
    // scrolled there with the mouse, the grid is still reached with Tab: a row in view is its tab stop
    // (from the search box: "Clear filters" is disabled with no filter set, so the grid comes next)
    await page.getByRole('search', { name: 'Filters' }).getByLabel('Search').focus();
    await page.keyboard.press('Tab');
    const focused = Number(await page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex')));
    expect(focused).toBeGreaterThan(N / 4);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => Number(document.activeElement?.getAttribute('aria-rowindex')))).toBe(focused + 1);
    await app.shot('documents-list-100k');
    expect(app.pageErrors).toEqual([]);
  }, 180_000);

  it('reads in Russian and stays within the window at 125% zoom', async () => {
    const { page } = app;
    await page.getByLabel('Language').selectOption('ru');
    await expect.poll(() => page.getByText(/^100\s006 документов/).count()).toBe(1);
    const grid = page.getByRole('grid', { name: 'Список документов' });
    expect(await grid.getByRole('columnheader').allTextContents()).toEqual(['Выбор для печати', 'Дата', 'Номер', 'Вид', 'Контрагент', 'Сумма', 'Статус']);
    expect(await page.getByRole('search', { name: 'Отбор' }).getByLabel('Сумма от').count()).toBe(1);
    for (const route of ['documents', `document/${ids.meridian}`]) {
      await page.goto(`${app.host.url}#/${route}`);
      await page.locator('main h1').waitFor();
      await page.evaluate(() => ((document.body.style as CSSStyleDeclaration & { zoom: string }).zoom = '1.25'));
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    }
    expect(await page.getByRole('heading', { name: 'Платёжное поручение номер 101' }).count()).toBe(1);
    expect(app.pageErrors).toEqual([]);
  });
});
