import { describe, expect, it } from 'vitest';
import { validatePaymentOrder, type PaymentOrder } from '../../src/shared/domain/payment-order.ts';
import { issueMessage, VALIDATION_CODES } from '../../src/shared/i18n/validation.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/examples.ts';

/** A valid order between two accounts from the valid pairs of docs/architecture.md (the contract's example). */
const order = (): PaymentOrder => structuredClone(DOCUMENT_EXAMPLES['payment-order']);

describe('payment order validation', () => {
  it('accepts a valid order', () => {
    expect(validatePaymentOrder(order())).toEqual({ ok: true, errors: [], warnings: [] });
  });

  it('names the field, the rule and the value of each error', () => {
    const o = order();
    o.payer.inn = '7701325469';
    o.payee.account = '40602810700000000026';
    o.priority = 7;
    o.purpose = 'x'.repeat(211);
    o.number = '1234567';
    o.amount = 12.5;
    const r = validatePaymentOrder(o);
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => [e.field, e.code])).toEqual([
      ['number', 'number.format'],
      ['amount', 'amount.invalid'],
      ['payer.inn', 'inn.checksum'],
      ['payee.account', 'account.key'],
      ['priority', 'priority.range'],
      ['purpose', 'too-long'],
    ]);
    expect(r.errors.map((e) => issueMessage('en', e))).toContain("The payer's INN has a wrong check digit: check it against the contract or the invoice");
    expect(r.errors.map((e) => issueMessage('ru', e))).toContain('Счёт получателя 40602810700000000026 не соответствует БИК банка: проверьте счёт и БИК');
  });

  it('warns, without blocking, about an unusual priority and a company without KPP', () => {
    const o = order();
    o.priority = 3;
    o.payer.kpp = '0';
    const r = validatePaymentOrder(o);
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(['kpp.missing', 'priority.unusual']);
  });

  it('demands the budget fields for a treasury payee, and checks them', () => {
    const o = order();
    o.payee = { name: 'УФК по г. Москве (ИФНС № 7)', inn: '7707083893', kpp: '770701001', account: '03100643000000017300', bank: { name: 'ГУ Банка России по ЦФО', bic: '004525988', corrAccount: '40102810545370000003' } };
    expect(validatePaymentOrder(o).errors.map((e) => e.code)).toEqual(['budget.required']);
    o.budget = { payerStatus: '01', kbk: '18210102010011000110', oktmo: '45382000', basis: 'ТП', period: 'МС.10.2026', documentNumber: '0', documentDate: '0' };
    expect(validatePaymentOrder(o).ok).toBe(true);
    o.budget.payerStatus = '99';
    o.budget.oktmo = '123';
    expect(validatePaymentOrder(o).errors.map((e) => [e.field, e.code])).toEqual([
      ['budget.payerStatus', 'payer-status.unknown'],
      ['budget.oktmo', 'oktmo.format'],
    ]);
    expect(validatePaymentOrder(o, { payerStatuses: ['99'] }).errors.map((e) => e.code)).toEqual(['oktmo.format']);
  });

  it('has a message in both languages for every rule code', () => {
    for (const code of VALIDATION_CODES) {
      for (const locale of ['en', 'ru'] as const) {
        const text = issueMessage(locale, { field: 'payer.inn', code, severity: 'error', params: { value: 'V', max: 6 } });
        expect(text).not.toContain('undefined');
        expect(text.length).toBeGreaterThan(10);
        if (locale === 'ru') expect(text).toMatch(/[а-я]/);
      }
    }
  });
});
