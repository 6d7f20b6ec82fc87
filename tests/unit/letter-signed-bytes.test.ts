/**
 * What a letter's signature covers (docs/bank-api.openapi.yaml, sendMessage's `signature`): the
 * RFC 8785 JSON of the kind, company, direction, subject, text, the letter answered and the
 * attachments by name, type and SHA-256 — pinned here byte for byte, as a bank implements it.
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

  it('differs in each thing it binds: company, direction, text, the letter answered, a file', () => {
    const base = { companyId: 'co-1', direction: 'from-bank' as const, subject: 's', body: 'b', inReplyTo: null, attachments: [{ name: 'a', mediaType: 'text/plain', sha256: '0'.repeat(64) }] };
    const all = [
      base,
      { ...base, companyId: 'co-2' },
      { ...base, direction: 'to-bank' as const },
      { ...base, body: 'b ' },
      { ...base, inReplyTo: 'm-1' },
      { ...base, attachments: [{ ...base.attachments[0]!, sha256: '1'.repeat(64) }] },
      { ...base, attachments: [] },
    ].map((l) => text(letterSignedBytes(l)));
    expect(new Set(all).size).toBe(all.length);
  });
});
