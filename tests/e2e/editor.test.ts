/**
 * The document editor in Chromium through the browser host, against the sandbox bank and a
 * SoftHSM2 token, as an accountant works: a payment order typed with a wrong INN and a wrong
 * account key (field errors shown live, then fixed), saved and reopened; the counterparty
 * picker; a template; a leasing payment pre-filled from the schedule; an early repayment with
 * the bank's quote; an insurance case with a file; a letter; a stale edit. Hostile text typed
 * into names and purposes stays text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { enrolAndLogin, type Person } from '../helpers/client-flow.ts';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';
import { dismissDialogs } from '../helpers/e2e-setup.ts';

let app: E2eApp;
let person: Person;
const dialogs: string[] = [];
const HOSTILE_NAME = '<img src=x onerror=alert(1)> "><svg onload=alert(2)> ООО Ромашка';
const HOSTILE_PURPOSE = '<script>alert(3)</script> Оплата по договору № 7, НДС не облагается';
const RTL = 'Letter \u202Egnp.exe\u202C <b>bold</b>';
let orderId = '';

const hashId = async (route: string): Promise<string> => {
  await expect.poll(() => app.page.evaluate(() => location.hash), { timeout: 10_000 }).toMatch(new RegExp(`^#/${route}/[0-9a-f-]{36}$`));
  return (await app.page.evaluate(() => location.hash)).split('/')[2]!;
};
const open = async (route: string): Promise<void> => {
  await app.page.goto(`${app.host.url}#/${route}`);
  await app.page.getByRole('heading', { level: 1 }).waitFor();
};
/** Nothing the hostile text could have made: no images, svg, scripts, bold in the main area. */
const injected = () => app.page.locator('main img, main svg, main script, main b').count();

beforeAll(async () => {
  app = await startE2e('editor', { locale: 'en' });
  dismissDialogs(app.page, dialogs);
  app.hsm.initTestToken('Accountant', '11112222');
  person = await enrolAndLogin(app.bank, app.client, { token: 'Accountant', pin: '11112222', name: 'Петрова Анна Сергеевна', role: 'first-signature', companyId: app.companyId });
  await app.client.sync().syncOnce();
  // a payee paid before, for the directory
  app.client.documents.create({ kind: 'payment-order', content: { ...DOCUMENT_EXAMPLES['payment-order'], number: '900' } });
}, 120_000);
afterAll(async () => app?.close());

describe('payment order', () => {
  it('shows a wrong INN and a wrong account key under their fields as they are typed, then clears them when fixed', async () => {
    const { page } = app;
    await open('new/payment-order');
    const payee = page.getByRole('group', { name: 'Payee' });
    const inn = payee.getByLabel('INN', { exact: true });
    await inn.fill('7701325469');
    // errors wait until the field is left
    expect(await payee.locator('[data-path="payee.inn"] .error').count()).toBe(0);
    await inn.blur();
    const innError = payee.locator('[data-path="payee.inn"] .error');
    await expect.poll(() => innError.textContent()).toContain('has a wrong check digit');
    expect(await inn.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await inn.getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain(await innError.getAttribute('id'));

    await payee.getByLabel('BIC', { exact: true }).fill('049805746');
    await payee.getByLabel('Account', { exact: true }).fill('40602810700000000026');
    await payee.getByLabel('Account', { exact: true }).blur();
    await expect.poll(() => payee.locator('[data-path="payee.account"] .error').textContent()).toContain("does not match the bank's BIC");

    await inn.fill('500100732259');
    await payee.getByLabel('Account', { exact: true }).fill('40602810700000000025');
    await expect.poll(() => payee.locator('[data-path="payee.inn"] .error, [data-path="payee.account"] .error').count()).toBe(0);
    expect(await inn.getAttribute('aria-invalid')).toBeNull();

    await payee.getByLabel('Name', { exact: true }).fill(HOSTILE_NAME);
    await payee.getByLabel('Bank', { exact: true }).fill('Банк 2');
    // money as people type it: thousands with a space, kopecks after a comma
    const amount = page.getByLabel('Amount', { exact: true });
    await amount.fill('1 500,0x');
    await amount.blur();
    await expect.poll(() => page.locator('[data-path="amount"] .error').first().textContent()).toContain('Not an amount');
    await amount.fill('1 500,05');
    await page.getByLabel('Purpose of payment', { exact: true }).fill(HOSTILE_PURPOSE);
    // the payer's KPP comes from the company's profile at the bank: nothing to type
    const payer = page.getByRole('group', { name: 'Payer' });
    expect(await payer.getByLabel('KPP', { exact: true }).inputValue()).toBe('770701001');
    await expect.poll(() => page.getByTestId('editor-summary').textContent()).toBe('No errors found.');
    await app.shot('editor-payment-order');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    orderId = await hashId('document');
    const saved = app.client.documents.get(orderId);
    expect(saved.body.content).toMatchObject({ amount: 150_005, purpose: HOSTILE_PURPOSE, payee: { name: HOSTILE_NAME, inn: '500100732259', account: '40602810700000000025' } });
    expect(saved.errors).toBe(0);
  });

  it('reopens the saved order with the hostile text as text, nothing injected, no dialog', async () => {
    const { page } = app;
    await open(`edit/${orderId}`);
    const payee = page.getByRole('group', { name: 'Payee' });
    await expect.poll(() => payee.getByLabel('Name', { exact: true }).inputValue()).toBe(HOSTILE_NAME);
    expect(await page.getByLabel('Purpose of payment', { exact: true }).inputValue()).toBe(HOSTILE_PURPOSE);
    expect(await page.getByLabel('Amount', { exact: true }).inputValue()).toBe('1500.05');
    expect(await injected()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('saves the order as a template and makes a new draft from it', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Save as template' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as template' });
    await dialog.getByLabel('Template name').fill('Monthly supply');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Monthly supply' }).count()).toBe(1);

    await open('new/payment-order');
    await page.getByRole('button', { name: 'Create from template: Monthly supply' }).click();
    const id = await hashId('edit');
    expect(id).not.toBe(orderId);
    const payee = page.getByRole('group', { name: 'Payee' });
    await expect.poll(() => payee.getByLabel('Name', { exact: true }).inputValue()).toBe(HOSTILE_NAME);
    expect(app.client.documents.get(id).body.content).toMatchObject({ amount: 150_005, purpose: HOSTILE_PURPOSE });
  });

  it('fills the payee from the counterparty directory with the keyboard', async () => {
    const { page } = app;
    await open('new/payment-order');
    const picker = page.getByRole('combobox', { name: 'Find a counterparty' });
    // by INN; the directory holds the name this payee was last paid under (the hostile one above)
    await picker.fill('5001007');
    const option = page.getByRole('option', { name: /500100732259/ });
    await option.waitFor();
    await picker.press('ArrowDown');
    await picker.press('Enter');
    const payee = page.getByRole('group', { name: 'Payee' });
    await expect.poll(() => payee.getByLabel('INN', { exact: true }).inputValue()).toBe('500100732259');
    expect(await payee.getByLabel('Name', { exact: true }).inputValue()).toBe(HOSTILE_NAME);
    expect(await injected()).toBe(0);
    expect(await payee.getByLabel('Account', { exact: true }).inputValue()).toBe('40602810700000000025');
    expect(await payee.getByLabel('BIC', { exact: true }).inputValue()).toBe('049805746');
  });

  it('refuses to save over a revision changed elsewhere and offers to reload', async () => {
    const { page } = app;
    await open(`edit/${orderId}`);
    await page.getByLabel('Number', { exact: true }).fill('77');
    const current = app.client.documents.get(orderId);
    app.client.documents.update(orderId, { ...(current.body.content as object), number: '55' }, current.revision);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'changed elsewhere' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Reload the document' }).click();
    await expect.poll(() => page.getByLabel('Number', { exact: true }).inputValue()).toBe('55');
  });
});

describe('signed documents and languages', () => {
  it('an edit of a signed document becomes a new draft, and the editor says so', async () => {
    const { page } = app;
    const signed = app.client.documents.create({ kind: 'payment-order', content: { ...DOCUMENT_EXAMPLES['payment-order'], number: '950', date: (await page.evaluate(() => new Date().toISOString().slice(0, 10))) } });
    await app.client.signing.sign({ ids: [signed.id], token: person.token, key: person.key, pin: Buffer.from(person.pin) });
    expect(app.client.documents.get(signed.id).status).toBe('signed');
    await open(`edit/${signed.id}`);
    await expect.poll(() => page.getByRole('note').textContent()).toContain('saving makes a new draft');
    await page.getByLabel('Purpose of payment', { exact: true }).fill('Оплата по договору № 8, НДС не облагается');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /saved as a new draft/ });
    await dialog.getByRole('button', { name: 'Open the new draft' }).click();
    const id = await hashId('document');
    expect(id).not.toBe(signed.id);
    expect(app.client.documents.get(id)).toMatchObject({ status: 'draft', derivedFrom: signed.id, body: { content: { purpose: 'Оплата по договору № 8, НДС не облагается' } } });
    expect(app.client.documents.get(signed.id).body.content).toMatchObject({ purpose: DOCUMENT_EXAMPLES['payment-order'].purpose });
  });

  it('words the field errors in Russian when the page is in Russian', async () => {
    const { page } = app;
    await open('new/payment-order');
    await page.getByLabel('Language').selectOption('ru');
    const payee = page.getByRole('group', { name: 'Получатель' });
    await payee.getByLabel('ИНН', { exact: true }).fill('7701325469');
    await payee.getByLabel('ИНН', { exact: true }).blur();
    await expect.poll(() => payee.locator('[data-path="payee.inn"] .error').textContent()).toBe('Ошибка: ИНН получателя указан с ошибкой: неверное контрольное число');
    await page.getByRole('textbox', { name: 'Сумма', exact: true }).fill('1 500,00');
    await expect.poll(() => page.locator('[data-path="amount"] .muted').first().textContent()).toMatch(/^Читается как 1\s500,00$/);
    await page.getByLabel('Язык').selectOption('en');
  });
});

describe('contracts and applications', () => {
  it('pre-fills a leasing payment from the next unpaid instalment of the schedule', async () => {
    const { page } = app;
    const contract = app.bank.portfolio.contracts(app.companyId).find((c) => c.kind === 'leasing')!;
    await open('new/leasing-payment');
    await page.getByLabel('Contract number').selectOption(contract.number);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Filled in from the schedule' }).count()).toBe(1);
    const next = contract.nextPayment!;
    expect(await page.getByLabel('Instalment number').inputValue()).toBe(String(next.number));
    expect(await page.getByLabel('Instalment due date').inputValue()).toBe(next.dueDate);
    const kopecks = `${Math.floor(next.amount / 100)}.${String(next.amount % 100).padStart(2, '0')}`;
    expect(await page.getByLabel('Amount', { exact: true }).inputValue()).toBe(kopecks);
    expect(await page.getByLabel('Purpose of payment').inputValue()).toContain(contract.number);
    expect(await page.getByRole('group', { name: "The contract's payment requisites" }).textContent()).toContain(contract.requisites.account);
    await app.shot('editor-leasing');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const id = await hashId('document');
    expect(app.client.documents.get(id).body.content).toMatchObject({ contractId: contract.number, amount: next.amount, instalment: { number: next.number, dueDate: next.dueDate } });
  });

  it("applies for early repayment with the bank's payoff quote", async () => {
    const { page } = app;
    const contract = app.bank.portfolio.contracts(app.companyId).find((c) => c.number === 'КА-2026/042')!;
    await open('new/early-repayment');
    await page.getByLabel('Contract number').selectOption(contract.number);
    const today = await page.getByLabel('Repayment date').inputValue();
    await page.getByRole('button', { name: 'Get quote' }).click();
    const quote = app.bank.portfolio.quote(app.companyId, contract.id, today);
    const shown = await page.evaluate((k) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(k / 100), quote.payoff);
    await expect.poll(() => page.getByTestId('quote-payoff').textContent()).toBe(shown);
    await page.getByRole('radio', { name: 'In part' }).check();
    await page.getByRole('button', { name: 'Use this amount' }).click();
    await app.shot('editor-application');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const id = await hashId('document');
    expect(app.client.documents.get(id).body.content).toEqual({ type: 'partial', contractId: contract.number, repaymentDate: today, amount: quote.payoff, recalculation: 'reduce-term' });
  });

  it('sends an insurance case with a file attached; a file over the limit is refused in words', async () => {
    const { page } = app;
    await open('new/insurance-case');
    await page.getByLabel('Contract number').selectOption('ЛД-2025/007');
    await page.getByLabel('Description').fill(`Accident. ${HOSTILE_NAME}`);
    const files = page.getByLabel('Attach files');
    await files.setInputFiles({ name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 1) });
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'too large' }).count()).toBe(1);
    const photo = Buffer.alloc(700_000, 7);
    await files.setInputFiles({ name: 'photo <1>.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expect.poll(() => page.getByRole('list', { name: 'Attachments' }).textContent()).toContain('photo <1>.jpg');
    // the name has characters a file name may not: the rule says so under the file
    await expect.poll(() => page.getByRole('list', { name: 'Attachments' }).locator('.error').count()).toBe(1);
    await page.getByRole('button', { name: 'Remove photo <1>.jpg' }).click();
    await files.setInputFiles({ name: 'photo 1.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expect.poll(() => page.getByRole('list', { name: 'Attachments' }).textContent()).toContain('photo 1.jpg');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const id = await hashId('document');
    const content = app.client.documents.get(id).body.content as { attachments: { name: string; size: number; sha256: string }[]; description: string };
    const { createHash } = await import('node:crypto');
    expect(content.attachments).toEqual([{ name: 'photo 1.jpg', mediaType: 'image/jpeg', size: photo.length, sha256: createHash('sha256').update(photo).digest('hex') }]);
    expect(content.description).toBe(`Accident. ${HOSTILE_NAME}`);
  });

  it('applies for a schedule change, orders a statement and opens a metal account', async () => {
    const { page } = app;
    await open('new/schedule-change');
    await page.getByLabel('Contract number').selectOption('ЛД-2025/007');
    await page.getByLabel('Payment day (optional)').fill('31');
    await page.getByLabel('Payment day (optional)').blur();
    await expect.poll(() => page.locator('[data-path="paymentDay"] .warning').count()).toBe(1);
    await page.getByLabel('Payment day (optional)').fill('15');
    await page.getByLabel('Reason').fill('Выручка поступает после 10-го числа.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    let id = await hashId('document');
    expect(app.client.documents.get(id).body.content).toEqual({ contractId: 'ЛД-2025/007', paymentDay: 15, reason: 'Выручка поступает после 10-го числа.' });

    await open('new/payment-documents-order');
    await page.getByLabel('Document ordered').selectOption('balance-certificate');
    await page.getByRole('radio', { name: 'On paper by courier' }).check();
    await page.getByLabel('Number of copies').fill('2');
    await page.getByLabel('Delivery address').fill('Москва, ул. Тверская, 1');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    id = await hashId('document');
    expect(app.client.documents.get(id).body.content).toMatchObject({ type: 'balance-certificate', account: expect.stringMatching(/^40702810/), asOf: expect.any(String), delivery: { method: 'courier', copies: 2, address: 'Москва, ул. Тверская, 1' } });
    expect(app.client.documents.get(id).body.content).not.toHaveProperty('period');

    await open('new/account-opening');
    await page.getByLabel('Currency of the account').selectOption('XAU');
    await page.getByLabel('Purpose of the account').fill('Вложения в золото');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    id = await hashId('document');
    expect(app.client.documents.get(id).body.content).toEqual({ currency: 'XAU', purpose: 'Вложения в золото' });
  });

  it('writes a letter; hostile text and bidi overrides stay text when reopened', async () => {
    const { page } = app;
    await open('new/letter');
    await page.getByLabel('Subject').fill(RTL);
    await page.getByLabel('Text of the letter').fill(`${HOSTILE_PURPOSE}\n${HOSTILE_NAME}`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const id = await hashId('document');
    expect(app.client.documents.get(id).body.content).toEqual({ subject: RTL, body: `${HOSTILE_PURPOSE}\n${HOSTILE_NAME}`, attachments: [] });
    await open(`edit/${id}`);
    await expect.poll(() => page.getByLabel('Subject').inputValue()).toBe(RTL);
    expect(await injected()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
