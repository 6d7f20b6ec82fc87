/**
 * What a letter's signature covers (docs/bank-api.openapi.yaml, sendMessage's `signature`): the
 * RFC 8785 JSON of the kind, company, direction, subject, text, the letter answered and the
 * attachments by name, type and SHA-256, and for a letter from the bank its id and sentAt too —
 * pinned here byte for byte, as a bank implements it.
 */
import { describe, expect, it } from 'vitest';
import { letterSignedBytes } from '../../src/shared/bank-api/messages.ts';

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

describe('letterSignedBytes', () => {
  it('is the canonical JSON the contract describes, members sorted, UTF-8', () => {
    const bytes = letterSignedBytes({
      companyId: 'co-1',
      direction: 'to-bank',
      subject: 'Акт',
      body: 'Текст\n«в кавычках»',
      inReplyTo: null,
      attachments: [{ name: 'акт.pdf', mediaType: 'application/pdf', sha256: 'ab'.repeat(32) }],
    });
    expect(text(bytes)).toBe(
      `{"attachments":[{"mediaType":"application/pdf","name":"акт.pdf","sha256":"${'ab'.repeat(32)}"}],"body":"Текст\\n«в кавычках»","companyId":"co-1","direction":"to-bank","inReplyTo":null,"kind":"letter","subject":"Акт","version":1}`,
    );
  });

  it("a letter from the bank: version 2, with the id and sentAt the bank gave it", () => {
    const bytes = letterSignedBytes({ companyId: 'co-1', direction: 'from-bank', id: 'm-7', sentAt: '2026-12-05T09:30:00.000Z', subject: 'Акт', body: 'Текст', inReplyTo: 'm-1', attachments: [] });
    expect(text(bytes)).toBe('{"attachments":[],"body":"Текст","companyId":"co-1","direction":"from-bank","id":"m-7","inReplyTo":"m-1","kind":"letter","sentAt":"2026-12-05T09:30:00.000Z","subject":"Акт","version":2}');
  });

  it('differs in each thing it binds: company, direction, id and date (the bank\'s), text, the letter answered, a file', () => {
    const base = { companyId: 'co-1', direction: 'from-bank' as const, id: 'm-1', sentAt: '2026-12-05T09:30:00.000Z', subject: 's', body: 'b', inReplyTo: null, attachments: [{ name: 'a', mediaType: 'text/plain', sha256: '0'.repeat(64) }] };
    const { id: _id, sentAt: _sentAt, ...toBank } = base;
    const all = [
      base,
      { ...base, companyId: 'co-2' },
      { ...toBank, direction: 'to-bank' as const },
      { ...base, id: 'm-2' },
      { ...base, sentAt: '2026-11-05T09:30:00.000Z' },
      { ...base, body: 'b ' },
      { ...base, inReplyTo: 'm-1' },
      { ...base, attachments: [{ ...base.attachments[0]!, sha256: '1'.repeat(64) }] },
      { ...base, attachments: [] },
    ].map((l) => text(letterSignedBytes(l)));
    expect(new Set(all).size).toBe(all.length);
  });
});
