/**
 * The document kinds of the bank API: a valid example of every kind passes, and each kind's
 * typical mistakes are reported with the right field, code and severity.
 */
import { describe, expect, it } from 'vitest';
import {
  checkDocument,
  DOCUMENT_EXAMPLES,
  DOCUMENT_KIND_NAMES,
  DOCUMENT_KINDS,
  EXAMPLES_VALID_ON,
  parseDocument,
  summarizeDocument,
  validateDocument,
  type DocumentBody,
  type DocumentContent,
  type DocumentKindName,
} from '../../src/shared/bank-api/documents/index.ts';
import { firstNonCp1251 } from '../../src/shared/domain/text.ts';
import type { ValidationContext, ValidationResult } from '../../src/shared/domain/validation.ts';

const today: ValidationContext = { today: EXAMPLES_VALID_ON };

/** A deep copy of a kind's example, changed by `edit`. */
function example<K extends DocumentKindName>(kind: K, edit: (c: DocumentContent<K>) => void = () => {}): DocumentContent<K> {
  const c = structuredClone(DOCUMENT_EXAMPLES[kind]) as DocumentContent<K>;
  edit(c);
  return c;
}

function run<K extends DocumentKindName>(kind: K, content: DocumentContent<K>, ctx: ValidationContext = today): ValidationResult {
  // every mistake below is a business mistake: the structure still parses
  const parsed = parseDocument({ kind, version: DOCUMENT_KINDS[kind].version, content });
  expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  return validateDocument(parsed.ok ? parsed.body : ({} as DocumentBody), ctx);
}

const pairs = (issues: { field: string; code: string }[]): string[][] => issues.map((i) => [i.field, i.code]);
const errors = <K extends DocumentKindName>(kind: K, content: DocumentContent<K>, ctx?: ValidationContext): string[][] => pairs(run(kind, content, ctx).errors);
const warnings = <K extends DocumentKindName>(kind: K, content: DocumentContent<K>, ctx?: ValidationContext): string[][] => pairs(run(kind, content, ctx).warnings);

const sha = (c: string): string => c.repeat(64);

describe('document kinds', () => {
  it('has the kinds of the bank API contract, each at version 1 with a title in both languages', () => {
    expect(DOCUMENT_KIND_NAMES).toEqual(['payment-order', 'leasing-payment', 'loan-repayment', 'early-repayment', 'schedule-change', 'insurance-case', 'payment-documents-order', 'account-opening', 'letter']);
    for (const name of DOCUMENT_KIND_NAMES) {
      const kind = DOCUMENT_KINDS[name];
      expect(kind.version).toBe(1);
      expect(kind.title.en).toMatch(/^[A-Z][a-z]/);
      expect(kind.title.ru).toMatch(/^[А-ЯЁ][а-яё]/);
    }
  });

  it.each(DOCUMENT_KIND_NAMES)('a valid %s parses and passes every rule without a warning', (kind) => {
    const body = { kind, version: 1, content: DOCUMENT_EXAMPLES[kind] };
    const checked = checkDocument(JSON.parse(JSON.stringify(body)), today);
    expect(checked).toEqual({ ok: true, body, warnings: [] });
    // and without a clock, too
    expect(checkDocument(body)).toMatchObject({ ok: true, warnings: [] });
  });
});

describe('payment order', () => {
  it('runs validatePaymentOrder: the rules and codes of the domain module', () => {
    const c = example('payment-order', (o) => {
      o.payer.inn = '7701325469';
      o.payee.account = '40602810700000000026';
      o.uin = '12345';
    });
    expect(errors('payment-order', c)).toEqual([
      ['payer.inn', 'inn.checksum'],
      ['payee.account', 'account.key'],
      ['uin', 'uin.invalid'],
    ]);
  });

  it('is valid for 10 days after its date and may not be dated ahead', () => {
    const at = (date: string) => example('payment-order', (o) => (o.date = date));
    expect(errors('payment-order', at('2026-11-15'))).toEqual([]);
    expect(errors('payment-order', at('2026-11-14'))).toEqual([['date', 'date.expired']]);
    expect(errors('payment-order', at('2026-11-26'))).toEqual([['date', 'date.future']]);
    expect(errors('payment-order', at('2026-11-14'), {})).toEqual([]);
  });

  it('refuses characters a payment cannot carry, in the purpose and the names', () => {
    expect(errors('payment-order', example('payment-order', (o) => (o.purpose = 'Оплата 🚗 по счёту')))).toEqual([['purpose', 'text.charset']]);
    expect(run('payment-order', example('payment-order', (o) => (o.payee.name = 'ООО\tЛютик'))).errors).toEqual([{ field: 'payee.name', code: 'text.charset', severity: 'error', params: { value: 'U+0009' } }]);
    expect(errors('payment-order', example('payment-order', (o) => (o.purpose = 'Оплата № 5 «аванс» — 100%, в т.ч. НДС')))).toEqual([]);
  });

  it('checks fields 5 and 20, and warns about budget fields on an ordinary payment', () => {
    const c = example('payment-order', (o) => {
      o.paymentKind = 'молния';
      o.incomeType = '7';
    });
    expect(errors('payment-order', c)).toEqual([['incomeType', 'income-type.invalid']]);
    expect(warnings('payment-order', c)).toEqual([['paymentKind', 'payment-kind.unusual']]);
    const toCompany = example('payment-order', (o) => {
      o.paymentKind = 'срочно';
      o.incomeType = '1';
      o.payee.inn = '7707083893';
      o.payee.kpp = '770701001';
      o.budget = { payerStatus: '01', kbk: '18210102010011000110', oktmo: '45382000', basis: 'ТП', period: 'МС.10.2026', documentNumber: '0', documentDate: '0' };
    });
    expect(errors('payment-order', toCompany)).toEqual([]);
    expect(warnings('payment-order', toCompany)).toEqual([
      ['incomeType', 'income-type.company-payee'],
      ['budget', 'budget.unexpected'],
    ]);
  });

  it('says "required" for an empty field 108, not "too long"', () => {
    const c = example('payment-order', (o) => {
      o.payee = { name: 'УФК по г. Москве', inn: '7707083893', kpp: '770701001', account: '03100643000000017300', bank: { name: 'ГУ Банка России по ЦФО', bic: '004525988', corrAccount: '40102810545370000003' } };
      o.budget = { payerStatus: '01', kbk: '18210102010011000110', oktmo: '45382000', basis: 'ТП', period: 'МС.10.2026', documentNumber: '', documentDate: '0' };
    });
    expect(errors('payment-order', c)).toEqual([['budget.documentNumber', 'required']]);
  });
});

describe('leasing payment and loan repayment', () => {
  it('checks the contract, the instalment, the amount, the account and the date', () => {
    const c = example('leasing-payment', (p) => {
      p.contractId = ' ЛД-1';
      p.instalment = { number: 0, dueDate: '2026-02-30' };
      p.amount = 0;
      p.payer = { account: '40702810400000004584', bic: '046015804' };
      p.date = '2026-11-24';
    });
    expect(errors('leasing-payment', c)).toEqual([
      ['contractId', 'contract-id.format'],
      ['instalment.number', 'instalment-number.range'],
      ['instalment.dueDate', 'date.format'],
      ['amount', 'amount.invalid'],
      ['payer.account', 'account.key'],
    ]);
    expect(warnings('leasing-payment', c)).toEqual([['date', 'date.past']]);
    expect(errors('leasing-payment', example('leasing-payment', (p) => (p.payer.bic = '04601580')))).toEqual([['payer.bic', 'bic.format']]);
    // a fraction of a kopeck is a wrong type on the wire, and a rule for a draft
    const fraction = example('leasing-payment', (p) => (p.amount = 100.5));
    const parsed = parseDocument({ kind: 'leasing-payment', version: 1, content: fraction });
    expect(parsed.ok ? [] : pairs(parsed.problems)).toEqual([['amount', 'type.invalid']]);
    expect(pairs(DOCUMENT_KINDS['leasing-payment'].validate(fraction).errors)).toEqual([['amount', 'amount.invalid']]);
  });

  it('warns about a late payment, a purpose without the contract, and paying from a non-settlement account', () => {
    const c = example('leasing-payment', (p) => {
      p.date = '2026-12-01';
      p.purpose = 'Лизинговый платёж за ноябрь';
    });
    expect(errors('leasing-payment', c)).toEqual([]);
    expect(warnings('leasing-payment', c)).toEqual([
      ['date', 'instalment.late'],
      ['purpose', 'purpose.no-contract'],
    ]);
    // the contract is found however it is spaced or cased
    expect(warnings('leasing-payment', example('leasing-payment', (p) => (p.purpose = 'Платёж по договору № лд-2026/015')))).toEqual([]);
    // 30101... is a correspondent account: a valid key, but not one a company pays from
    expect(warnings('leasing-payment', example('leasing-payment', (p) => (p.payer = { account: '30101810400000000225', bic: '044525225' })))).toEqual([['payer.account', 'account.not-settlement']]);
  });

  it('a purpose travels as a payment: at most 210 Windows-1251 characters', () => {
    expect(errors('leasing-payment', example('leasing-payment', (p) => (p.purpose = `ЛД-2026/015 ${'x'.repeat(200)}`)))).toEqual([['purpose', 'too-long']]);
    expect(errors('loan-repayment', example('loan-repayment', (p) => (p.purpose = 'КР-2025/0412 ✓')))).toEqual([['purpose', 'text.charset']]);
  });

  it('a loan repayment may pay an amount without naming an instalment, but the structure needs an instalment for leasing', () => {
    const loan = example('loan-repayment', (p) => delete p.instalment);
    expect(run('loan-repayment', loan)).toEqual({ ok: true, errors: [], warnings: [] });
    const leasing: Record<string, unknown> = { ...DOCUMENT_EXAMPLES['leasing-payment'] };
    delete leasing.instalment;
    const parsed = parseDocument({ kind: 'leasing-payment', version: 1, content: leasing });
    expect(parsed.ok ? [] : pairs(parsed.problems)).toEqual([['instalment', 'required']]);
  });
});

describe('applications', () => {
  it('early repayment: the date must be ahead, a weekend is warned about, a partial one needs a positive amount', () => {
    const c = example('early-repayment', (e) => {
      e.repaymentDate = '2026-11-20';
      if (e.type === 'partial') e.amount = -5;
    });
    expect(errors('early-repayment', c)).toEqual([
      ['repaymentDate', 'date.past'],
      ['amount', 'amount.invalid'],
    ]);
    expect(warnings('early-repayment', { type: 'full', contractId: 'КР-2025/0412', repaymentDate: '2026-12-05' })).toEqual([['repaymentDate', 'date.weekend']]);
    expect(errors('early-repayment', { type: 'full', contractId: '', repaymentDate: '07.12.2026' })).toEqual([
      ['contractId', 'required'],
      ['repaymentDate', 'date.format'],
    ]);
  });

  it('early repayment: a full one carries no amount, a partial one says what to recalculate', () => {
    const full = parseDocument({ kind: 'early-repayment', version: 1, content: { type: 'full', contractId: 'КР-1', repaymentDate: '2026-12-07', amount: 100 } });
    expect(full.ok ? [] : pairs(full.problems)).toEqual([['amount', 'field.unknown']]);
    const partial = parseDocument({ kind: 'early-repayment', version: 1, content: { type: 'partial', contractId: 'КР-1', repaymentDate: '2026-12-07', amount: 100, recalculation: 'lower-rate' } });
    expect(partial.ok ? [] : pairs(partial.problems)).toEqual([['recalculation', 'value.not-allowed']]);
  });

  it('schedule change: something must be asked for, in range; days 29-31 are warned about', () => {
    expect(errors('schedule-change', { contractId: 'ЛД-2026/015', reason: 'Просим изменить график' })).toEqual([['paymentDay', 'schedule-change.empty']]);
    expect(errors('schedule-change', { contractId: 'ЛД-2026/015', paymentDay: 32, termMonths: 0, reason: ' ' })).toEqual([
      ['paymentDay', 'payment-day.range'],
      ['termMonths', 'term.range'],
      ['reason', 'required'],
    ]);
    expect(run('schedule-change', { contractId: 'ЛД-2026/015', paymentDay: 31, reason: 'Причина\nна двух строках' })).toMatchObject({ ok: true, warnings: [{ field: 'paymentDay', code: 'payment-day.month-end', severity: 'warning' }] });
    expect(errors('schedule-change', { contractId: 'ЛД-2026/015', termMonths: 36, reason: 'Причина\u0007' })).toEqual([['reason', 'text.control-character']]);
  });

  it('insurance case: the event cannot be ahead; attachments are checked one by one and together', () => {
    const c = example('insurance-case', (n) => {
      n.eventDate = '2026-11-26';
      n.attachments = [
        { name: '../акт.pdf', mediaType: 'application/pdf', size: 100, sha256: sha('a') },
        { name: 'архив.rar', mediaType: 'application/x-rar', size: 100, sha256: sha('b') },
        { name: 'скан.pdf', mediaType: 'application/pdf', size: 11 * 1024 * 1024, sha256: sha('c') },
        { name: 'пусто.pdf', mediaType: 'application/pdf', size: 0, sha256: sha('d') },
        { name: 'фото.png', mediaType: 'image/png', size: 10, sha256: sha('E') },
        { name: 'фото.jpg', mediaType: 'image/png', size: 10, sha256: sha('f') },
        { name: 'фото-копия.png', mediaType: 'image/png', size: 10, sha256: sha('f') },
      ];
    });
    const r = run('insurance-case', c);
    expect(pairs(r.errors)).toEqual([
      ['eventDate', 'date.future'],
      ['attachments.0.name', 'attachment.name'],
      ['attachments.1.mediaType', 'attachment.media-type'],
      ['attachments.2.size', 'attachment.size'],
      ['attachments.3.size', 'attachment.empty'],
      ['attachments.4.sha256', 'attachment.sha256'],
    ]);
    expect(pairs(r.warnings)).toEqual([
      ['attachments.5.name', 'attachment.extension'],
      ['attachments.6', 'attachment.duplicate'],
    ]);
    expect(warnings('insurance-case', example('insurance-case', (n) => (n.attachments = [])))).toEqual([['attachments', 'attachments.none']]);
  });

  it('insurance case: at most 10 files and 25 MB in all', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ name: `фото ${i}.jpg`, mediaType: 'image/jpeg', size: 3 * 1024 * 1024, sha256: sha(i.toString(16)) }));
    expect(errors('insurance-case', example('insurance-case', (n) => (n.attachments = many)))).toEqual([
      ['attachments', 'too-many'],
      ['attachments', 'attachments.total-size'],
    ]);
  });

  it('order of documents: each type needs its own fields and warns about those it ignores', () => {
    expect(errors('payment-documents-order', { type: 'statement', delivery: { method: 'electronic' } })).toEqual([
      ['account', 'required'],
      ['period', 'required'],
    ]);
    expect(errors('payment-documents-order', { type: 'loan-debt-certificate', contractId: 'КР-2025/0412', asOf: '2026-11-25', delivery: { method: 'branch', copies: 2 } })).toEqual([]);
    expect(warnings('payment-documents-order', { type: 'accounts-certificate', asOf: '2026-11-25', account: '40702810400000004583', delivery: { method: 'electronic' } })).toEqual([['account', 'not-applicable']]);
    const c = example('payment-documents-order', (o) => {
      o.type = 'payment-copies';
      o.account = '4070281040000000458';
      o.period = { from: '2026-11-01', to: '2026-11-30' };
      o.documentNumbers = ['15', '1234567'];
      o.delivery = { method: 'courier', copies: 11, address: '' };
    });
    expect(errors('payment-documents-order', c)).toEqual([
      ['account', 'account.format'],
      ['period.to', 'date.future'],
      ['documentNumbers.1', 'number.format'],
      ['delivery.copies', 'copies.range'],
      ['delivery.address', 'required'],
    ]);
    expect(errors('payment-documents-order', example('payment-documents-order', (o) => (o.period = { from: '2026-10-31', to: '2026-10-01' })))).toEqual([['period.to', 'period.reversed']]);
  });

  it("order of documents: with the bank's BIC known, the account's control key is checked", () => {
    const wrongKey = example('payment-documents-order', (o) => (o.account = '40702810400000004584'));
    expect(errors('payment-documents-order', wrongKey)).toEqual([]);
    expect(errors('payment-documents-order', wrongKey, { bankBic: '046015804' })).toEqual([['account', 'account.key']]);
    expect(errors('payment-documents-order', DOCUMENT_EXAMPLES['payment-documents-order'], { bankBic: '046015804' })).toEqual([]);
  });

  it('account opening: roubles, currencies and metal accounts; a purpose is required', () => {
    for (const currency of ['RUB', 'USD', 'EUR', 'CNY', 'XAU', 'XAG', 'XPT', 'XPD'] as const) {
      expect(run('account-opening', { currency, purpose: 'Хранение резервов' }).ok).toBe(true);
    }
    expect(errors('account-opening', { currency: 'RUB', purpose: '' })).toEqual([['purpose', 'required']]);
    const gbp = parseDocument({ kind: 'account-opening', version: 1, content: { currency: 'GBP', purpose: 'x' } });
    expect(gbp.ok ? [] : gbp.problems.map((p) => [p.field, p.code, p.params?.value])).toEqual([['currency', 'value.not-allowed', 'RUB, USD, EUR, CNY, XAU, XAG, XPT, XPD']]);
  });

  it('letter: a subject, and a text or a file', () => {
    expect(errors('letter', { subject: '', body: '', attachments: [] })).toEqual([
      ['subject', 'required'],
      ['body', 'letter.empty'],
    ]);
    expect(errors('letter', { subject: 'Акт сверки', body: '', attachments: [{ name: 'акт.xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', size: 20_000, sha256: sha('0') }] })).toEqual([]);
    expect(errors('letter', { subject: 'Тема\nс переводом строки', body: 'x'.repeat(10_001), attachments: [] })).toEqual([
      ['subject', 'text.control-character'],
      ['body', 'too-long'],
    ]);
  });
});

describe('summaries for lists and search', () => {
  const body = <K extends DocumentKindName>(kind: K): DocumentBody => ({ kind, version: 1, content: DOCUMENT_EXAMPLES[kind] }) as DocumentBody;

  it('give the amount, the counterparty and the number where a kind has them', () => {
    expect(summarizeDocument(body('payment-order'), 'ru')).toEqual({
      amount: 15_000_000,
      counterparty: 'ООО "Лютик"',
      number: '42',
      text: '№ 42 от 25.11.2026, ООО "Лютик", ИНН 500100732259: Оплата по договору № 7 от 01.11.2026, НДС не облагается',
    });
    expect(summarizeDocument(body('leasing-payment'))).toEqual({ amount: 8_450_000, text: 'Leasing instalment 12 due 30.11.2026 under contract ЛД-2026/015' });
    expect(summarizeDocument(body('early-repayment'), 'ru')).toEqual({ amount: 100_000_000, text: 'Частичное досрочное погашение договора КР-2025/0412 на 07.12.2026 с сокращением срока' });
    expect(summarizeDocument(body('account-opening'), 'ru').text).toBe('Открытие счёта в юанях (CNY): Расчёты с поставщиками запчастей из КНР');
    expect(summarizeDocument({ kind: 'account-opening', version: 1, content: { currency: 'XAU', purpose: 'Резервы' } }).text).toBe('Opening a gold metal account (XAU): Резервы');
  });

  it.each(DOCUMENT_KIND_NAMES)('%s: a text in each language that names the contract or the subject', (kind) => {
    const en = summarizeDocument(body(kind), 'en');
    const ru = summarizeDocument(body(kind), 'ru');
    expect(en.text.length).toBeGreaterThan(10);
    expect(ru.text).toMatch(/[а-яё]/);
    const content = DOCUMENT_EXAMPLES[kind] as Record<string, unknown>;
    for (const key of ['contractId', 'subject', 'account'] as const) {
      if (typeof content[key] === 'string') {
        expect(en.text).toContain(content[key]);
        expect(ru.text).toContain(content[key]);
      }
    }
    expect(en.amount).toBe(content.amount);
  });
});

describe('Windows-1251', () => {
  it('the printable characters are exactly those the windows-1251 decoder gives for 0x20-0x7E and 0x80-0xFF', () => {
    const decoder = new TextDecoder('windows-1251');
    const chars = [...decoder.decode(Uint8Array.from({ length: 256 }, (_, i) => i))];
    const printable = chars.filter((ch, byte) => (byte >= 0x20 && byte < 0x7f) || (byte >= 0x80 && byte !== 0x98 && byte !== 0xad));
    for (const ch of printable) expect(firstNonCp1251(ch), `U+${ch.codePointAt(0)!.toString(16)}`).toBeUndefined();
    for (const ch of ['\u0000', '\n', '\u007f', '\u0098', '\u00ad', 'ÿ', 'ü', '😀', '\u2028']) {
      expect(printable).not.toContain(ch);
      expect(firstNonCp1251(`ok ${ch}`)).toBe(ch);
    }
    expect(printable.length).toBe(95 + 126);
  });
});
