import { describe, expect, it } from 'vitest';
import { DOCUMENT_EXAMPLES, DOCUMENT_KIND_NAMES, type DocumentBody, DOCUMENT_KINDS } from '../../src/shared/bank-api/documents/index.ts';
import { renderDocument } from '../../src/shared/bank-api/documents/render.ts';

const body = (kind: keyof typeof DOCUMENT_EXAMPLES): DocumentBody => ({ kind, version: DOCUMENT_KINDS[kind].version, content: DOCUMENT_EXAMPLES[kind] }) as DocumentBody;

describe('what the signer reads', () => {
  it('shows every field of a payment order with its label, and the amount in roubles', () => {
    const ru = renderDocument(body('payment-order'), 'ru');
    const en = renderDocument(body('payment-order'), 'en');
    expect(ru.find((f) => f.field === 'amount')).toMatchObject({ value: '150000.00' });
    expect(ru.find((f) => f.field === 'amount')!.label).toMatch(/Сумма/);
    expect(en.find((f) => f.field === 'amount')!.label).toMatch(/Amount/);
    expect(ru.find((f) => f.field === 'payee.inn')).toMatchObject({ value: '500100732259' });
    expect(ru.find((f) => f.field === 'purpose')!.value).toBe(DOCUMENT_EXAMPLES['payment-order'].purpose);
    // nothing of the content is left out
    const leaves = JSON.stringify(DOCUMENT_EXAMPLES['payment-order']).match(/":("[^"]*"|\d+)/g)!.length;
    expect(ru).toHaveLength(leaves);
  });

  it('renders every kind, labels in both languages', () => {
    for (const kind of DOCUMENT_KIND_NAMES) {
      const fields = renderDocument(body(kind), 'ru');
      expect(fields.length, kind).toBeGreaterThan(0);
      expect(fields.every((f) => f.label.length > 0 && typeof f.value === 'string'), kind).toBe(true);
    }
  });

  it('shows hostile text as the characters it is, not as markup', () => {
    const content = { ...DOCUMENT_EXAMPLES.letter, subject: '<img src=x onerror=alert(1)>', body: '\u202Egnp.exe' };
    const fields = renderDocument({ kind: 'letter', version: 1, content } as DocumentBody, 'en');
    expect(fields.find((f) => f.field === 'subject')!.value).toBe('<img src=x onerror=alert(1)>');
    expect(fields.find((f) => f.field === 'body')!.value).toBe('\u202Egnp.exe');
  });
});
