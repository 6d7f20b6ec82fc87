/**
 * The streaming import (a file read in pieces, each section handed over as it closes) gives
 * exactly what the whole-file import gives: the same documents, rejections, warnings and
 * encoding, for the fixtures in every encoding and for files long enough that pieces split
 * lines and UTF-8 characters. A file that changes while it is read is refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PaymentOrder } from '../../src/shared/bank-api/documents/payment-order.ts';
import { importFile, importFileStream, PIECE_BYTES, writeOneCPayments, type ByteSource } from '../../src/main/formats/index.ts';
import type { ImportedDocument, RejectedDocument } from '../../src/main/formats/index.ts';
import { LocalizedError } from '../../src/shared/i18n/index.ts';

/** The bytes as a file is read: in pieces, each a fresh copy, with no `whole` to fall back on. */
const pieceSource = (bytes: Uint8Array): ByteSource => ({ size: bytes.length, read: (offset, length) => bytes.slice(offset, Math.min(offset + length, bytes.length)) });

function streamed(bytes: Uint8Array, source: ByteSource = pieceSource(bytes)) {
  const documents: ImportedDocument[] = [];
  const rejected: RejectedDocument[] = [];
  const summary = importFileStream(source, 'file.txt', { document: (d) => documents.push(d), rejected: (r) => rejected.push(r) });
  return { ...summary, documents, rejected };
}

const sorted = <T extends { line: number }>(xs: T[]): T[] => [...xs].sort((a, b) => a.line - b.line);

const order = (i: number): PaymentOrder => ({
  number: String(i + 1),
  date: '2026-12-01',
  amount: 100 + i,
  payer: { name: 'ООО «Ромашка»', inn: '7707083893', account: '40702810900000000001', bank: { name: 'ПАО Банк', bic: '044525225' } },
  payee: { name: `Поставщик «Ёлка» № ${i}`, inn: '7701325469', account: '40702810900000000002', bank: { name: 'ПАО Банк', bic: '044525225' } },
  uin: '0',
  priority: 5,
  purpose: `Оплата по счёту № ${i + 1} — без НДС`,
  operationType: '01',
});

describe('streaming import', () => {
  const dir = 'tests/fixtures/formats';
  it.each(readdirSync(dir))('%s: the same result as the whole-file import', (name) => {
    const bytes = readFileSync(join(dir, name));
    const whole = importFile(bytes, 'file.txt');
    const stream = streamed(bytes);
    expect({ ...stream, rejected: sorted(stream.rejected) }).toEqual({ ...whole, rejected: sorted(whole.rejected) });
  });

  it.each(['windows-1251', 'utf-8'] as const)('%s over many pieces (lines and characters split between them): the same result', (encoding) => {
    const bytes = writeOneCPayments(Array.from({ length: 400 }, (_, i) => order(i)), { encoding });
    expect(bytes.length).toBeGreaterThan(10 * PIECE_BYTES);
    const whole = importFile(bytes, 'file.txt');
    expect(whole.documents).toHaveLength(400);
    expect(streamed(bytes)).toEqual(whole);
  });

  it('a file cut short is refused after its sections were handed over, and one changed into binary while read is refused', () => {
    const bytes = writeOneCPayments(Array.from({ length: 400 }, (_, i) => order(i)));
    const cut = bytes.subarray(0, bytes.length - 200);
    const handed: number[] = [];
    const e = (() => {
      try {
        importFileStream(pieceSource(cut), 'file.txt', { document: (d) => handed.push(d.line), rejected: () => undefined });
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(LocalizedError);
    expect(handed.length).toBeGreaterThan(390); // the caller's transaction is what keeps them from being stored
    // the first pass sees a text file; later reads of the same file see a NUL
    let reads = 0;
    const changing: ByteSource = {
      size: bytes.length,
      read: (offset, length) => {
        const piece = bytes.slice(offset, Math.min(offset + length, bytes.length));
        if (++reads > 2 * Math.ceil(bytes.length / PIECE_BYTES) + 4 && offset > 0) piece[0] = 0;
        return piece;
      },
    };
    expect(() => streamed(bytes, changing)).toThrow(expect.objectContaining({ code: 'format.binary' }));
  });
});
