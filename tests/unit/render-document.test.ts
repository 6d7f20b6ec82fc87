/**
 * What the signer reads: rendered from the signed bytes (change the bytes and the text changes;
 * what the bytes leave out never appears; bytes that are not canonical or name another document
 * are not rendered), and worded like a bank's form (the exact lines of a payment order, a leasing
 * payment and an application, in Russian and English).
 */
import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 as toUtf8 } from '../../src/shared/domain/canonical-json.ts';
import { DOCUMENT_EXAMPLES, DOCUMENT_KIND_NAMES, DOCUMENT_KINDS, type DocumentBody } from '../../src/shared/bank-api/documents/index.ts';
import { renderDocument, renderedLines, renderSignedDocument, type RenderedField } from '../../src/shared/bank-api/documents/render.ts';
import { signedDocumentBytes } from '../../src/shared/bank-api/documents/signed.ts';

const ID = '0b7f6a52-2a1e-4d3c-9d8e-3f2a1b0c9d8e';
const COMPANY = 'company-1';
const body = (kind: keyof typeof DOCUMENT_EXAMPLES, content: unknown = DOCUMENT_EXAMPLES[kind]): DocumentBody => ({ kind, version: DOCUMENT_KINDS[kind].version, content }) as DocumentBody;
const bytesOf = (b: DocumentBody): Uint8Array => signedDocumentBytes({ id: ID, companyId: COMPANY }, b);
const NB = '\u00a0';

function linesOf(bytes: Uint8Array, locale: 'ru' | 'en'): string[] {
  const r = renderSignedDocument(bytes, { id: ID, companyId: COMPANY }, locale);
  if (!r.ok) throw new Error(`not rendered: ${r.reason} ${r.field}`);
  return renderedLines(r.fields);
}

/** A payment order as a director signs it: a KPP for the payer only, a bank's correspondent account for the payee only. */
const ORDER = {
  ...DOCUMENT_EXAMPLES['payment-order'],
  amount: 120_000_000,
  date: '2026-12-05',
  payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810400000004583', bank: { name: 'АО «Песочница Банк»', bic: '044525225' } },
  payee: { name: 'ООО «Лютик»', inn: '500100732259', account: '40602810700000000025', bank: { name: 'ПАО «Банк 2»', bic: '049805746', corrAccount: '30101810200000000746' } },
  purpose: 'Оплата по договору № 7 от 01.11.2026, НДС не облагается',
};

describe('the signer reads the signed bytes', () => {
  it('renders from the bytes: a change of the bytes changes the text', () => {
    const bytes = bytesOf(body('payment-order', ORDER));
    const before = linesOf(bytes, 'ru');
    expect(before).toContain(`Сумма: 1${NB}200${NB}000,00${NB}₽`);
    // the same bytes with another amount (still canonical): the figures and the words follow the bytes
    const edited = toUtf8(fromUtf8(bytes).replace('"amount":120000000', '"amount":120000001'));
    const after = linesOf(edited, 'ru');
    expect(after).toContain(`Сумма: 1${NB}200${NB}000,01${NB}₽`);
    expect(after).toContain('Сумма прописью: Один миллион двести тысяч рублей 01 копейка');
    expect(after.filter((l) => !before.includes(l))).toEqual([`Сумма: 1${NB}200${NB}000,01${NB}₽`, 'Сумма прописью: Один миллион двести тысяч рублей 01 копейка']);
  });

  it('shows nothing the bytes do not carry: no line for a field left out, never an internal name', () => {
    const lines = linesOf(bytesOf(body('payment-order', ORDER)), 'ru');
    expect(lines.some((l) => l.startsWith('КПП получателя'))).toBe(false); // the payee has no KPP in the bytes
    expect(lines.some((l) => l.startsWith('Корр. счёт банка плательщика'))).toBe(false);
    expect(lines).toContain('Корр. счёт банка получателя: 30101810200000000746');
    for (const locale of ['ru', 'en'] as const) {
      for (const kind of DOCUMENT_KIND_NAMES) {
        const text = linesOf(bytesOf(body(kind)), locale).join('\n');
        // no field paths (payer.kpp, instalment.dueDate), no code words of the schema, no "No. —"
        expect(text, `${kind} ${locale}`).not.toMatch(/\b[a-z]+[A-Z]\w*\b|\b(payer|payee|budget|instalment|delivery|attachments)\.\w+|reduce-term|reduce-payment|№ —|No\. —/);
        // a code of the schema is never shown bare: it is said in words
        expect(renderDocument(body(kind), locale).filter((f) => ['partial', 'full', 'electronic', 'branch', 'courier', 'statement', 'CNY'].includes(f.value)), kind).toEqual([]);
        // every value of the content is in the text (money and dates are written for people)
        const leaves = JSON.stringify(DOCUMENT_EXAMPLES[kind]).match(/":("[^"]*"|\d+)/g)!.length;
        const fields = renderDocument(body(kind), locale).filter((f) => f.field !== 'amount:words');
        expect(fields, kind).toHaveLength(leaves);
      }
    }
  });

  it('refuses bytes that are not exactly canonical or name another document', () => {
    const bytes = bytesOf(body('payment-order', ORDER));
    const spaced = toUtf8(fromUtf8(bytes).replace('"amount":', '"amount": '));
    expect(renderSignedDocument(spaced, { id: ID }, 'ru')).toMatchObject({ ok: false, reason: 'canonical' });
    expect(renderSignedDocument(bytes, { id: '11111111-2222-4333-8444-555555555555' }, 'ru')).toMatchObject({ ok: false, reason: 'binding', field: 'id' });
    expect(renderSignedDocument(bytes, { id: ID, companyId: 'another' }, 'ru')).toMatchObject({ ok: false, reason: 'binding', field: 'companyId' });
    expect(renderSignedDocument(toUtf8('{"id":'), { id: ID }, 'ru')).toMatchObject({ ok: false, reason: 'JSON' });
  });
});

describe('the signer reads a bank form', () => {
  it('a payment order, in Russian', () => {
    expect(linesOf(bytesOf(body('payment-order', ORDER)), 'ru')).toEqual([
      'Номер: 42',
      'Дата: 05.12.2026',
      `Сумма: 1${NB}200${NB}000,00${NB}₽`,
      'Сумма прописью: Один миллион двести тысяч рублей 00 копеек',
      'Плательщик: ООО «Ромашка»',
      'ИНН плательщика: 7707083893',
      'КПП плательщика: 770701001',
      'Счёт плательщика: 40702810400000004583',
      'Банк плательщика: АО «Песочница Банк»',
      'БИК банка плательщика: 044525225',
      'Получатель: ООО «Лютик»',
      'ИНН получателя: 500100732259',
      'Счёт получателя: 40602810700000000025',
      'Банк получателя: ПАО «Банк 2»',
      'БИК банка получателя: 049805746',
      'Корр. счёт банка получателя: 30101810200000000746',
      'Вид операции: 01 — платёжное поручение',
      'Очерёдность платежа: 5 — прочие платежи',
      'Код (УИН): 0',
      'Назначение платежа: Оплата по договору № 7 от 01.11.2026, НДС не облагается',
    ]);
  });

  it('a payment order, in English', () => {
    expect(linesOf(bytesOf(body('payment-order', ORDER)), 'en')).toEqual([
      'Number: 42',
      'Date: 05.12.2026',
      `Amount: 1,200,000.00${NB}₽`,
      'Amount in words: One million two hundred thousand roubles 00 kopecks',
      'Payer: ООО «Ромашка»',
      "Payer's INN: 7707083893",
      "Payer's KPP: 770701001",
      "Payer's account: 40702810400000004583",
      "Payer's bank: АО «Песочница Банк»",
      "Payer's bank BIC: 044525225",
      'Payee: ООО «Лютик»',
      "Payee's INN: 500100732259",
      "Payee's account: 40602810700000000025",
      "Payee's bank: ПАО «Банк 2»",
      "Payee's bank BIC: 049805746",
      "Payee's bank correspondent account: 30101810200000000746",
      'Kind of operation: 01 — payment order',
      'Payment priority: 5 — other payments',
      'Code (UIN): 0',
      'Purpose of payment: Оплата по договору № 7 от 01.11.2026, НДС не облагается',
    ]);
  });

  it('a leasing payment, in both languages', () => {
    const bytes = bytesOf(body('leasing-payment'));
    expect(linesOf(bytes, 'ru')).toEqual([
      'Договор: ЛД-2026/015',
      'Номер платежа по графику: 12',
      'Срок платежа по графику: 30.11.2026',
      'Дата платежа: 27.11.2026',
      `Сумма: 84${NB}500,00${NB}₽`,
      'Сумма прописью: Восемьдесят четыре тысячи пятьсот рублей 00 копеек',
      'Счёт плательщика: 40702810400000004583',
      'БИК банка плательщика: 046015804',
      'Назначение платежа: Лизинговый платёж № 12 по договору ЛД-2026/015 от 15.11.2025, в т.ч. НДС 20%',
    ]);
    expect(linesOf(bytes, 'en')).toEqual([
      'Contract: ЛД-2026/015',
      'Instalment number: 12',
      'Due date of the instalment: 30.11.2026',
      'Payment date: 27.11.2026',
      `Amount: 84,500.00${NB}₽`,
      'Amount in words: Eighty-four thousand five hundred roubles 00 kopecks',
      "Payer's account: 40702810400000004583",
      "Payer's bank BIC: 046015804",
      'Purpose of payment: Лизинговый платёж № 12 по договору ЛД-2026/015 от 15.11.2025, в т.ч. НДС 20%',
    ]);
  });

  it('an application for early repayment, in both languages: its codes in words', () => {
    const bytes = bytesOf(body('early-repayment'));
    expect(linesOf(bytes, 'ru')).toEqual([
      'Погашение: частичное досрочное погашение',
      'Договор: КР-2025/0412',
      'Дата погашения: 07.12.2026',
      `Сумма погашения: 1${NB}000${NB}000,00${NB}₽`,
      'Сумма прописью: Один миллион рублей 00 копеек',
      'После погашения: сокращение срока при сохранении платежа',
    ]);
    expect(linesOf(bytes, 'en')).toEqual([
      'Repayment: partial early repayment',
      'Contract: КР-2025/0412',
      'Repayment date: 07.12.2026',
      `Repayment amount: 1,000,000.00${NB}₽`,
      'Amount in words: One million roubles 00 kopecks',
      'After the repayment: shorten the term, the payment stays',
    ]);
  });

  it('an order of documents and a schedule change: delivery, document and term in words', () => {
    expect(linesOf(bytesOf(body('payment-documents-order')), 'ru')).toEqual([
      'Заказываемый документ: Выписка по счёту',
      'Счёт: 40702810400000004583',
      'Начало периода: 01.10.2026',
      'Конец периода: 31.10.2026',
      'Способ получения: в электронном виде, в системе «Банк-Клиент»',
    ]);
    expect(linesOf(bytesOf(body('schedule-change')), 'ru')).toContain(`Новый срок: 48${NB}месяцев`);
    expect(linesOf(bytesOf(body('schedule-change')), 'en')).toContain(`New term: 48${NB}months`);
    expect(linesOf(bytesOf(body('insurance-case')), 'ru')).toContain(`Вложение 1: размер: 245${NB}760${NB}байт`);
  });

  it('renders every kind with a label for every line, in both languages', () => {
    for (const kind of DOCUMENT_KIND_NAMES) {
      for (const locale of ['ru', 'en'] as const) {
        const fields: RenderedField[] = renderDocument(body(kind), locale);
        expect(fields.length, kind).toBeGreaterThan(0);
        expect(fields.every((f) => f.label.length > 0 && f.label !== f.field && typeof f.value === 'string'), kind).toBe(true);
      }
    }
  });

  it('shows hostile text as the characters it is, not as markup', () => {
    const content = { ...DOCUMENT_EXAMPLES.letter, subject: '<img src=x onerror=alert(1)>', body: '\u202Egnp.exe' };
    const fields = renderDocument({ kind: 'letter', version: 1, content } as DocumentBody, 'en');
    expect(fields.find((f) => f.field === 'subject')!.value).toBe('<img src=x onerror=alert(1)>');
    expect(fields.find((f) => f.field === 'body')!.value).toBe('\u202Egnp.exe');
  });
});
