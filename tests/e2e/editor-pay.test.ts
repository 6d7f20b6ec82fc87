/**
 * Issue 13, defects 1, 3 and 4 of the payment editor, in Chromium through the browser host
 * against the sandbox bank and a SoftHSM2 token, as an accountant works:
 * - "Pay" on a row of a contract's schedule opens the payment filled in for that instalment
 *   (contract, instalment, amount, purpose), and it saves as it is;
 * - the payer of a payment order is one of the company's own accounts, chosen from a list, with
 *   the company's KPP from its profile at the bank (no KPP warning to fix by hand);
 * - a blank form opens without red: a field's error shows once the field is left, worded as a
 *   bank words it, in Russian and English; the summary never says "0 errors ... cannot sign";
 *   Save on a form with errors shows them all first, and a second Save keeps the draft.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolAndLogin } from '../helpers/client-flow.ts';
import { startE2e, type E2eApp } from '../helpers/e2e.ts';

let app: E2eApp;

const open = async (route: string): Promise<void> => {
  await app.page.goto(`${app.host.url}#/${route}`);
  await app.page.getByRole('heading', { level: 1 }).waitFor();
};
const hashId = async (route: string): Promise<string> => {
  await expect.poll(() => app.page.evaluate(() => location.hash), { timeout: 10_000 }).toMatch(new RegExp(`^#/${route}/[0-9a-f-]{36}$`));
  return (await app.page.evaluate(() => location.hash)).split('/')[2]!;
};
const rubles = (k: number): string => `${Math.floor(k / 100)}.${String(k % 100).padStart(2, '0')}`;

beforeAll(async () => {
  app = await startE2e('editor-pay', { locale: 'en' });
  app.hsm.initTestToken('Accountant', '11112222');
  await enrolAndLogin(app.bank, app.client, { token: 'Accountant', pin: '11112222', name: 'Петрова Анна Сергеевна', role: 'first-signature', companyId: app.companyId });
  await app.client.sync().syncOnce();
}, 120_000);
afterAll(async () => app?.close());

describe('pay from the schedule (defect 1)', () => {
  it('"Pay" on an unpaid row of the schedule opens the payment of that instalment filled in, and it saves', async () => {
    const { page } = app;
    const contract = app.bank.portfolio.contracts(app.companyId).find((c) => c.kind === 'leasing')!;
    const schedule = app.bank.portfolio.schedule(app.companyId, contract.id).items;
    const unpaid = schedule.filter((i) => !i.paid);
    // not the next one: a later instalment, so the row (not "the next unpaid") decides
    const row = unpaid[1]!;
    await open(`contract/${contract.id}`);
    const table = page.getByTestId('schedule');
    await table.waitFor();
    // paid rows have no "pay"; every unpaid one has
    expect(await table.getByRole('link', { name: /^Pay instalment/ }).count()).toBe(unpaid.length);
    await table.getByRole('link', { name: new RegExp(`^Pay instalment ${row.number} of`) }).click();
    await page.getByRole('heading', { name: 'New: Leasing payment' }).waitFor();
    await expect.poll(() => page.getByTestId('editor-prefilled').textContent()).toBe(`Filled in for instalment ${row.number} of contract ${contract.number}: check the amount and the purpose, then save.`);
    expect(await page.getByLabel('Contract number').inputValue()).toBe(contract.number);
    expect(await page.getByLabel('Instalment number').inputValue()).toBe(String(row.number));
    expect(await page.getByLabel('Instalment due date').inputValue()).toBe(row.dueDate);
    expect(await page.getByLabel('Amount', { exact: true }).inputValue()).toBe(rubles(row.total));
    const purpose = await page.getByLabel('Purpose of payment').inputValue();
    expect(purpose).toContain(contract.number);
    expect(purpose).toContain(`платёж № ${row.number}`);
    // the VAT named is the contract's rate and the row's "of which VAT", as the schedule shows them
    expect(purpose).toContain(`в т.ч. НДС ${contract.vatRateBp! / 100}% ${rubles(row.vat!)} руб.`);
    expect(await page.getByRole('group', { name: "The contract's payment requisites" }).textContent()).toContain(contract.requisites.account);
    // nothing to correct: no error anywhere, and the summary does not talk of errors
    expect(await page.locator('main .error').count()).toBe(0);
    await app.shot('editor-pay-from-schedule');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const id = await hashId('document');
    const saved = app.client.documents.get(id);
    expect(saved).toMatchObject({ kind: 'leasing-payment', status: 'draft', errors: 0, body: { content: { contractId: contract.number, instalment: { number: row.number, dueDate: row.dueDate }, amount: row.total } } });
  });

  it('"Pay" on the contract page fills in the next unpaid instalment', async () => {
    const { page } = app;
    const contract = app.bank.portfolio.contracts(app.companyId).find((c) => c.kind === 'car-loan' && c.nextPayment)!;
    await open(`contract/${contract.id}`);
    await page.getByRole('link', { name: 'Pay the loan instalment', exact: true }).first().click();
    await page.getByRole('heading', { name: 'New: Loan repayment' }).waitFor();
    await expect.poll(() => page.getByLabel('Contract number').inputValue()).toBe(contract.number);
    expect(await page.getByLabel('Instalment number').inputValue()).toBe(String(contract.nextPayment!.number));
    expect(await page.getByLabel('Amount', { exact: true }).inputValue()).toBe(rubles(contract.nextPayment!.amount));
  });
});

describe('the payer is the company (defect 3)', () => {
  it("chooses the payer's account from the company's accounts; name, INN and KPP come from its profile", async () => {
    const { page } = app;
    await open('new/payment-order');
    const payer = page.getByRole('group', { name: 'Payer' });
    const account = payer.getByLabel('Account to pay from');
    await account.waitFor();
    expect(await account.evaluate((e) => e.tagName)).toBe('SELECT');
    const accounts = app.client.bankData.accounts().items;
    const options = await account.locator('option').allTextContents();
    for (const a of accounts) expect(options.some((o) => o.startsWith(a.number))).toBe(true);
    expect(await payer.getByLabel('KPP', { exact: true }).inputValue()).toBe('770701001');
    expect(await payer.getByLabel('KPP', { exact: true }).getAttribute('readonly')).not.toBeNull();
    expect(await payer.getByLabel('INN', { exact: true }).inputValue()).toBe('7707083893');
    // another account: its bank comes with it
    const first = await account.inputValue();
    const other = accounts.find((a) => a.number !== first && a.currency === 'RUB') ?? accounts[0]!;
    await account.selectOption(other.number);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // a blank payee: the first Save shows what to correct; the payer has nothing to correct
    await expect.poll(() => page.getByTestId('editor-save-anyway').count()).toBe(1);
    expect(await payer.locator('.error, .warning').count()).toBe(0);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const saved = app.client.documents.get(await hashId('document'));
    expect(saved.body.content).toMatchObject({ payer: { account: other.number, kpp: '770701001', inn: '7707083893', bank: { bic: other.bank.bic, name: other.bank.name } } });
    expect(saved.findings.filter((f) => f.field.startsWith('payer.'))).toEqual([]);
  });
});

describe('a blank form (defect 4)', () => {
  it('opens without errors, shows a field error once it is left, in words a bank uses, in both languages', async () => {
    const { page } = app;
    await open('new/payment-order');
    await page.getByRole('group', { name: 'Payee' }).waitFor();
    expect(await page.locator('main .error').count()).toBe(0);
    expect(await page.locator('main [aria-invalid="true"]').count()).toBe(0);
    expect(await page.getByTestId('editor-summary').textContent()).not.toMatch(/\b0\b/);
    await app.shot('editor-blank');

    const amount = page.getByLabel('Amount', { exact: true });
    await amount.focus();
    await amount.blur();
    await expect.poll(() => page.locator('[data-path="amount"] .error').textContent()).toBe('Error: Enter the payment amount');
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    // only the field left is red, and the summary counts what is shown
    expect(await page.locator('main .error').count()).toBe(2);
    expect(await page.getByTestId('editor-summary').textContent()).toBe('Fields to correct: 1. The draft can be saved, but it can be signed only when they are corrected.');

    const payee = page.getByRole('group', { name: 'Payee' });
    await payee.getByLabel('INN', { exact: true }).fill('123');
    await payee.getByLabel('INN', { exact: true }).blur();
    await expect.poll(() => payee.locator('[data-path="payee.inn"] .error').textContent()).toBe("Error: The payee's INN is 10 digits for a company or 12 for a sole trader or a person");

    await page.getByLabel('Language').selectOption('ru');
    await expect.poll(() => page.locator('[data-path="amount"] .error').textContent()).toBe('Ошибка: Укажите сумму платежа');
    await expect.poll(() => page.locator('[data-path="payee.inn"] .error').textContent()).toBe('Ошибка: ИНН получателя — 10 цифр для организации или 12 для ИП и физического лица');
    const summary = (await page.getByTestId('editor-summary').textContent()) ?? '';
    expect(summary).toBe('Полей с ошибками: 2. Черновик можно сохранить, но подписать — только после исправления.');
    await page.getByLabel('Язык').selectOption('en');
  });

  it('never says "0 errors ... cannot be signed": with warnings only it says there are no errors', async () => {
    const { page } = app;
    await open('new/loan-repayment');
    const contract = app.bank.portfolio.contracts(app.companyId).find((c) => c.kind === 'car-loan' && c.nextPayment)!;
    await page.getByLabel('Contract number').selectOption(contract.number);
    await expect.poll(() => page.getByLabel('Amount', { exact: true }).inputValue()).not.toBe('');
    // a purpose that does not name the contract: a warning, not an error
    const purpose = page.getByLabel('Purpose of payment');
    await purpose.fill('Погашение кредита, НДС не облагается');
    await purpose.blur();
    await expect.poll(() => page.locator('[data-path="purpose"] .warning').count()).toBe(1);
    const summary = (await page.getByTestId('editor-summary').textContent()) ?? '';
    expect(summary).toMatch(/^No errors\. Warnings: [1-9]\d*; check them before signing\.$/);
    expect(summary).not.toMatch(/Errors: 0|cannot be signed/);
    expect(app.pageErrors).toEqual([]);
  });
});
