import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paymentOrderKind } from '../../src/shared/bank-api/documents/payment-order.ts';
import { LocalizedError } from '../../src/shared/i18n/index.ts';
import { importFile } from '../../src/main/formats/detect.ts';
import { exportPain001 } from '../../src/main/formats/iso20022/pain001-export.ts';
import { importPain001 } from '../../src/main/formats/iso20022/pain001-import.ts';
import { importOneCPayments } from '../../src/main/formats/onec/import-payments.ts';
import { writeOneCPayments } from '../../src/main/formats/onec/write-payments.ts';
import { paymentOrderArb } from './formats-arbitraries.ts';

describe('generated payment orders', () => {
  it('are valid (the generator itself is checked)', () => {
    fc.assert(
      fc.property(paymentOrderArb, (o) => {
        expect(paymentOrderKind.validate(o).errors).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trip through a 1C file in Windows-1251 and in UTF-8, content equal and no warnings', () => {
    fc.assert(
      fc.property(fc.array(paymentOrderArb, { minLength: 1, maxLength: 5 }), fc.constantFrom('windows-1251' as const, 'utf-8' as const), (orders, encoding) => {
        const result = importOneCPayments(writeOneCPayments(orders, { encoding }));
        expect(result.encoding).toBe(encoding);
        expect(result.rejected).toEqual([]);
        expect(result.warnings).toEqual([]);
        expect(result.documents.map((d) => d.warnings)).toEqual(orders.map(() => []));
        expect(result.documents.map((d) => d.content)).toEqual(orders);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trip through pain.001.001.09', () => {
    fc.assert(
      fc.property(fc.array(paymentOrderArb, { minLength: 1, maxLength: 5 }), (orders) => {
        const result = importPain001(exportPain001(orders, { messageId: 'PROP-1', createdAt: '2026-11-25T10:00:00' }));
        expect(result.rejected).toEqual([]);
        expect(result.warnings).toEqual([]);
        const key = (o: { number: string; amount: number; payee: { account: string } }): string => `${o.number}/${o.amount}/${o.payee.account}`;
        expect(result.documents.map((d) => d.content).sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...orders].sort((a, b) => key(a).localeCompare(key(b))));
      }),
      { numRuns: 100 },
    );
  });
});

/** Calls the import; anything thrown must be a LocalizedError, and the call must end quickly. */
function survives(bytes: Uint8Array): void {
  const started = performance.now();
  try {
    const result = importFile(bytes, 'fuzz.txt');
    expect(Array.isArray(result.documents) && Array.isArray(result.rejected)).toBe(true);
  } catch (e) {
    if (!(e instanceof LocalizedError)) throw e;
    expect(e.localized('ru').length).toBeGreaterThan(0);
  }
  expect(performance.now() - started).toBeLessThan(2000);
}

/** A byte string with random edits: bytes replaced, cut, inserted (often the format's own special characters). */
const mutated = (base: Uint8Array): fc.Arbitrary<Uint8Array> =>
  fc
    .array(
      fc.record({
        at: fc.nat({ max: base.length }),
        kind: fc.constantFrom('set', 'cut', 'insert', 'truncate'),
        byte: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...[...'=\r\n<>&;/"!?[]#x'].map((c) => c.charCodeAt(0)))),
        length: fc.integer({ min: 1, max: 64 }),
      }),
      { minLength: 1, maxLength: 8 },
    )
    .map((edits) => {
      let bytes = Array.from(base);
      for (const e of edits) {
        const at = Math.min(e.at, bytes.length);
        if (e.kind === 'set' && at < bytes.length) bytes[at] = e.byte;
        else if (e.kind === 'cut') bytes.splice(at, e.length);
        else if (e.kind === 'insert') bytes.splice(at, 0, ...Array.from({ length: e.length % 4 }, () => e.byte));
        else if (e.kind === 'truncate') bytes = bytes.slice(0, at);
      }
      return Uint8Array.from(bytes);
    });

describe('any input ends in a result or a LocalizedError, quickly', () => {
  const sample = fc.sample(fc.array(paymentOrderArb, { minLength: 2, maxLength: 3 }), { numRuns: 1, seed: 42 })[0]!;
  const oneC = writeOneCPayments(sample);
  const pain = exportPain001(sample, { messageId: 'FUZZ', createdAt: '2026-11-25T10:00:00' });

  it('arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), survives), { numRuns: 500 });
  });

  it('arbitrary text that starts like a 1C file or like XML', () => {
    fc.assert(
      fc.property(fc.constantFrom('1CClientBankExchange\r\n', '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">'), fc.string({ maxLength: 500, unit: 'grapheme' }), (start, rest) => survives(new TextEncoder().encode(start + rest))),
      { numRuns: 500 },
    );
  });

  it('mutations of a valid 1C file', () => {
    fc.assert(fc.property(mutated(oneC), survives), { numRuns: 500 });
  });

  it('mutations of a valid pain.001 file', () => {
    fc.assert(fc.property(mutated(pain), survives), { numRuns: 500 });
  });
});
