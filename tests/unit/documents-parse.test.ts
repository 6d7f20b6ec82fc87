/**
 * The document envelope on the wire: unknown fields and wrong types are refused with the field's
 * path, and the canonical bytes (what is signed) depend on the content, not on how it was written.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  canonicalDocumentBytes,
  canonicalDocumentJson,
  checkDocument,
  DOCUMENT_EXAMPLES,
  DOCUMENT_KIND_NAMES,
  DOCUMENT_KINDS,
  DocumentBody,
  parseDocument,
  type DocumentProblem,
} from '../../src/shared/bank-api/documents/index.ts';
import { acceptSignedDocument, parseSignedDocument, readSignedDocument, readSignedDocumentFor, signedDocumentBytes, signedDocumentJson } from '../../src/shared/bank-api/documents/signed.ts';

const body = (kind: (typeof DOCUMENT_KIND_NAMES)[number]): Record<string, unknown> => structuredClone({ kind, version: 1, content: DOCUMENT_EXAMPLES[kind] }) as Record<string, unknown>;
const content = (b: Record<string, unknown>): Record<string, unknown> => b.content as Record<string, unknown>;

function problems(json: unknown): DocumentProblem[] {
  const parsed = parseDocument(json);
  expect(parsed.ok).toBe(false);
  return parsed.ok ? [] : parsed.problems;
}
const pairs = (json: unknown): string[][] => problems(json).map((p) => [p.field, p.code]);

/** The same value with every object's keys in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
}

describe('parseDocument: structure', () => {
  it.each(DOCUMENT_KIND_NAMES)('gives back a valid %s as it came, typed', (kind) => {
    const json = JSON.parse(JSON.stringify(body(kind)));
    expect(parseDocument(json)).toEqual({ ok: true, body: json });
  });

  it('refuses unknown fields at every level, naming each by its path', () => {
    const order = body('payment-order');
    order.signature = 'x';
    content(order).vatRate = 20;
    ((content(order).payer as Record<string, unknown>).bank as Record<string, unknown>).swift = 'SABRRUMM';
    expect(pairs(order)).toEqual([
      ['payer.bank.swift', 'field.unknown'],
      ['vatRate', 'field.unknown'],
      ['signature', 'field.unknown'],
    ]);
  });

  it.each(DOCUMENT_KIND_NAMES)('%s: refuses an unknown field in the content', (kind) => {
    const b = body(kind);
    content(b).note = 'x';
    expect(pairs(b)).toEqual([['note', 'field.unknown']]);
  });

  it('refuses unknown fields in list items and in each variant of a union', () => {
    const letter = body('letter');
    content(letter).attachments = [{ name: 'a.pdf', mediaType: 'application/pdf', size: 1, sha256: 'a'.repeat(64), url: 'https://evil.example/a.pdf' }];
    expect(pairs(letter)).toEqual([['attachments.0.url', 'field.unknown']]);
    const order = body('payment-documents-order');
    content(order).delivery = { method: 'electronic', address: 'Москва' };
    expect(pairs(order)).toEqual([['delivery.address', 'field.unknown']]);
  });

  it('refuses a "__proto__" member like any other unknown field', () => {
    const json = JSON.parse('{"kind":"letter","version":1,"content":{"subject":"s","body":"b","attachments":[],"__proto__":{"admin":true}}}');
    expect(pairs(json)).toEqual([['__proto__', 'field.unknown']]);
  });

  it('refuses wrong types with the path and the type wanted', () => {
    const order = body('payment-order');
    Object.assign(content(order), { amount: '150000.00', priority: '5', payee: 'ООО "Лютик"' });
    const found = problems(order);
    expect(found.map((p) => [p.field, p.code, p.params?.value])).toEqual([
      ['amount', 'type.invalid', 'number'],
      ['payee', 'type.invalid', 'object'],
      ['priority', 'type.invalid', 'number'],
    ]);
    expect(found.find((p) => p.field === 'amount')?.message).toEqual({ en: 'Amount: must be a number', ru: 'Сумма: должно быть числом' });
    const fraction = body('leasing-payment');
    content(fraction).amount = 1500.5;
    expect(problems(fraction).map((p) => p.message)).toEqual([{ en: 'Amount: must be a whole number', ru: 'Сумма: должно быть целым числом' }]);

    const letter = body('letter');
    Object.assign(content(letter), { attachments: {}, subject: null });
    expect(pairs(letter)).toEqual([
      ['subject', 'type.invalid'],
      ['attachments', 'type.invalid'],
    ]);
  });

  it('names a missing field "required", and a number no kopeck count can be "number.range"', () => {
    const leasing = body('leasing-payment');
    delete content(leasing).purpose;
    delete (content(leasing).payer as Record<string, unknown>).bic;
    content(leasing).amount = 1e20;
    expect(pairs(leasing)).toEqual([
      ['amount', 'number.range'],
      ['payer.bic', 'required'],
      ['purpose', 'required'],
    ]);
  });

  it('checks the envelope: an object, a known kind, its version, a content', () => {
    expect(problems(null).map((p) => [p.field, p.code, p.message.en])).toEqual([['', 'type.invalid', 'Document: must be an object']]);
    expect(problems([]).map((p) => [p.field, p.code])).toEqual([['', 'type.invalid']]);
    expect(problems({ kind: 'cheque', version: 1, content: {} }).map((p) => [p.field, p.code, p.message.ru])).toEqual([['kind', 'kind.unknown', 'Вид документа: «cheque» — неизвестный банку вид документа']]);
    expect(pairs({ version: 1, content: {} })).toEqual([['kind', 'required']]);
    expect(problems({ ...body('letter'), version: 2 }).map((p) => [p.field, p.code, p.params])).toEqual([['version', 'version.unsupported', { value: '2', max: '1' }]]);
    expect(pairs({ ...body('letter'), version: '1' })).toEqual([['version', 'version.unsupported']]);
    expect(pairs({ kind: 'letter', version: 1 })).toEqual([['content', 'required']]);
    expect(pairs({ kind: 'letter', version: 1, content: 'Добрый день' })).toEqual([['content', 'type.invalid']]);
  });

  it('bounds every string and list, so a body has a size limit before any rule runs', () => {
    const letter = body('letter');
    content(letter).body = 'x'.repeat(20_001);
    content(letter).attachments = Array.from({ length: 101 }, () => DOCUMENT_EXAMPLES['insurance-case'].attachments[0]);
    expect(pairs(letter)).toEqual([
      ['body', 'too-long'],
      ['attachments', 'too-many'],
    ]);
  });

  it('every problem carries its message in English and Russian with the field label', () => {
    const order = body('payment-order');
    Object.assign(content(order), { uin: 0, extra: true });
    for (const p of problems(order)) {
      expect(p.severity).toBe('error');
      expect(p.message.en).not.toMatch(/undefined|[а-яё]/i);
      expect(p.message.ru).toMatch(/[а-яё]/);
    }
    expect(problems(order).map((p) => p.message.en)).toEqual(['Code (UIN, field 22): must be text', 'extra: an unknown field; the document is refused']);
  });
});

describe('checkDocument: structure and then the rules', () => {
  it('answers structural problems without running the rules, then rule errors with the warnings', () => {
    expect(checkDocument({ kind: 'letter', version: 1, content: { subject: '', body: '', attachments: 1 } })).toMatchObject({ ok: false, problems: [{ field: 'attachments', code: 'type.invalid' }] });
    const checked = checkDocument({ kind: 'schedule-change', version: 1, content: { contractId: 'ЛД-2026/015', paymentDay: 31, termMonths: 999, reason: 'Причина' } });
    expect(checked.ok).toBe(false);
    expect(checked.ok ? [] : checked.problems.map((p) => [p.field, p.code, p.severity])).toEqual([
      ['termMonths', 'term.range', 'error'],
      ['paymentDay', 'payment-day.month-end', 'warning'],
    ]);
    expect(checked.ok ? '' : checked.problems[0]!.message.ru).toBe('Срок, месяцев: 999 — не срок от 1 до 360 месяцев');
  });

  it('labels fields as the kind calls them', () => {
    const a = checkDocument({ kind: 'account-opening', version: 1, content: { currency: 'RUB', purpose: '' } });
    expect(a.ok ? [] : a.problems.map((p) => p.message)).toEqual([{ en: 'Fill in "Purpose of the account"', ru: 'Заполните поле «Цель открытия счёта»' }]);
    const p = checkDocument({ kind: 'payment-order', version: 1, content: { ...DOCUMENT_EXAMPLES['payment-order'], purpose: '' } });
    expect(p.ok ? [] : p.problems.map((x) => x.message.en)).toEqual(['Enter the purpose of payment']);
  });
});

describe('canonical bytes: what is signed', () => {
  it('are RFC 8785 JSON of {kind, version, content} in UTF-8', () => {
    const letter: DocumentBody = { kind: 'letter', version: 1, content: { subject: 'Тема', body: 'b', attachments: [] } };
    const text = '{"content":{"attachments":[],"body":"b","subject":"Тема"},"kind":"letter","version":1}';
    expect(canonicalDocumentJson(letter)).toBe(text);
    expect(Buffer.from(canonicalDocumentBytes(letter)).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it.each(DOCUMENT_KIND_NAMES)('%s: the same bytes however the keys are ordered, and after a round trip through the parser', (kind) => {
    const original = body(kind) as DocumentBody;
    const shuffled = reversed(original) as DocumentBody;
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(original));
    const bytes = canonicalDocumentBytes(original);
    expect(canonicalDocumentBytes(shuffled)).toEqual(bytes);
    const parsed = parseDocument(JSON.parse(new TextDecoder().decode(bytes)));
    expect(parsed.ok && canonicalDocumentBytes(parsed.body)).toEqual(bytes);
  });

  it('differ when anything signed differs: one kopeck, a character, the order of a list, the version, the kind', () => {
    const base = body('payment-order') as DocumentBody;
    const bytes = (b: unknown): string => Buffer.from(canonicalDocumentBytes(b as DocumentBody)).toString('hex');
    const variants = [
      base,
      { ...base, content: { ...DOCUMENT_EXAMPLES['payment-order'], amount: 15_000_001 } },
      { ...base, content: { ...DOCUMENT_EXAMPLES['payment-order'], purpose: `${DOCUMENT_EXAMPLES['payment-order'].purpose}.` } },
      { ...base, content: { ...DOCUMENT_EXAMPLES['payment-order'], paymentKind: 'срочно' } },
      { ...base, version: 2 },
    ];
    expect(new Set(variants.map(bytes)).size).toBe(variants.length);
    const insurance = body('insurance-case');
    const swapped = structuredClone(insurance);
    (content(swapped).attachments as unknown[]).reverse();
    expect(bytes(swapped)).not.toBe(bytes(insurance));
    // a kind's content under another kind's name is another document
    const asLetter = { kind: 'letter', version: 1, content: { subject: 's', body: 'b', attachments: [] } };
    expect(bytes(asLetter)).not.toBe(bytes({ ...asLetter, kind: 'account-opening' }));
  });

  it('leave out optional fields that are undefined, as if they were absent', () => {
    const loan = body('loan-repayment');
    const withUndefined = { ...loan, content: { ...content(loan), instalment: undefined } };
    const without = structuredClone(loan);
    delete content(without).instalment;
    expect(canonicalDocumentBytes(withUndefined as DocumentBody)).toEqual(canonicalDocumentBytes(without as DocumentBody));
  });
});

describe('signed bytes: the document bound to its id and company', () => {
  const binding = { id: '3f2b8a4e-1c7d-4e0a-9b1f-5a6c7d8e9f01', companyId: 'c0mpany' };
  const letter: DocumentBody = { kind: 'letter', version: 1, content: { subject: 'Тема', body: 'b', attachments: [] } };
  const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

  it('are RFC 8785 JSON of {id, companyId, kind, version, content}, read back exactly', () => {
    const bytes = signedDocumentBytes(binding, letter);
    expect(new TextDecoder().decode(bytes)).toBe(`{"companyId":"c0mpany","content":{"attachments":[],"body":"b","subject":"Тема"},"id":"${binding.id}","kind":"letter","version":1}`);
    expect(readSignedDocument(bytes)).toEqual({ ok: true, binding, body: letter });
  });

  it('are refused unless exactly canonical: other key order, white space, escapes, invalid UTF-8', () => {
    const text = new TextDecoder().decode(signedDocumentBytes(binding, letter));
    expect(readSignedDocument(utf8(JSON.stringify(reversed(JSON.parse(text)))))).toEqual({ ok: false, reason: 'canonical', field: '' });
    expect(readSignedDocument(utf8(`${text} `))).toEqual({ ok: false, reason: 'canonical', field: '' });
    expect(readSignedDocument(utf8(text.replace('Тема', '\\u0422ема')))).toEqual({ ok: false, reason: 'canonical', field: '' });
    expect(readSignedDocument(Uint8Array.from([...utf8(text.slice(0, -1)), 0xff, 0x7d]))).toMatchObject({ ok: false });
    expect(readSignedDocument(utf8('{"id":'))).toEqual({ ok: false, reason: 'JSON', field: '' });
  });

  it('name their id and company, or are refused naming the field', () => {
    const { id: _id, ...noId } = JSON.parse(new TextDecoder().decode(signedDocumentBytes(binding, letter))) as Record<string, unknown>;
    const parsed = parseSignedDocument(noId);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.field)).toContain('id');
    expect(parseSignedDocument({ ...noId, id: binding.id.toUpperCase() }).ok).toBe(false);
    expect(parseSignedDocument([]).ok).toBe(false);
  });

  it('read back for one document: the same strict reading, then the id and (when known) the company it must name', () => {
    const bytes = signedDocumentBytes(binding, letter);
    expect(readSignedDocumentFor(bytes, { id: binding.id })).toEqual({ ok: true, binding, body: letter });
    expect(readSignedDocumentFor(bytes, binding)).toEqual({ ok: true, binding, body: letter });
    expect(readSignedDocumentFor(bytes, { id: '00000000-0000-4000-8000-000000000000' })).toEqual({ ok: false, reason: 'binding', field: 'id' });
    expect(readSignedDocumentFor(bytes, { id: binding.id, companyId: 'other' })).toEqual({ ok: false, reason: 'binding', field: 'companyId' });
    // not canonical is refused before the binding is looked at
    expect(readSignedDocumentFor(utf8(`${new TextDecoder().decode(bytes)} `), { id: binding.id })).toEqual({ ok: false, reason: 'canonical', field: '' });
  });

  it('accepted by the bank from the submitted JSON: checked against the URL id and the caller, giving the bytes a signature must cover', () => {
    const json = signedDocumentJson(binding, letter);
    const accepted = acceptSignedDocument(json, binding);
    expect(accepted).toMatchObject({ ok: true, binding, body: letter });
    expect(accepted.ok && accepted.bytes).toEqual(signedDocumentBytes(binding, letter));
    expect(acceptSignedDocument(json, { ...binding, id: '00000000-0000-4000-8000-000000000000' })).toEqual({ ok: false, reason: 'binding', field: 'id', named: binding.id });
    expect(acceptSignedDocument(json, { ...binding, companyId: 'other' })).toEqual({ ok: false, reason: 'binding', field: 'companyId', named: 'c0mpany' });
    const broken = acceptSignedDocument({ ...json, version: 'one' }, binding);
    expect(broken.ok === false && broken.reason === 'schema' && broken.problems.map((p) => p.field)).toContain('version');
    // what the bank sends back (awaiting) and what the client sends read back the same way
    const again = acceptSignedDocument(JSON.parse(new TextDecoder().decode(signedDocumentBytes(binding, letter))), binding);
    expect(again.ok && readSignedDocumentFor(again.bytes, binding)).toEqual({ ok: true, binding, body: letter });
  });
});

describe('the schemas as a contract', () => {
  /** Every object schema in a JSON schema, with its path. */
  function objects(schema: Record<string, unknown>, path: string, out: [string, Record<string, unknown>][] = []): [string, Record<string, unknown>][] {
    if (schema.type === 'object') out.push([path, schema]);
    for (const [key, sub] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) objects(sub, path ? `${path}.${key}` : key, out);
    if (schema.items) objects(schema.items as Record<string, unknown>, `${path}.0`, out);
    for (const alt of [...((schema.oneOf ?? []) as Record<string, unknown>[]), ...((schema.anyOf ?? []) as Record<string, unknown>[])]) objects(alt, path, out);
    return out;
  }

  it('convert to JSON Schema (for the OpenAPI document), every object closed to unknown members', () => {
    // what a request may hold ('input'): a stripping object would show no additionalProperties there
    const envelope = z.toJSONSchema(DocumentBody, { io: 'input' }) as Record<string, unknown>;
    const found = objects(envelope, '');
    expect(found.length).toBeGreaterThan(30);
    for (const [path, schema] of found) expect(schema.additionalProperties, path || '(envelope)').toBe(false);
    for (const kind of DOCUMENT_KIND_NAMES) {
      const shape = z.toJSONSchema(DOCUMENT_KINDS[kind].schema) as Record<string, unknown>;
      const top = objects(shape, '').filter(([p]) => p === '');
      for (const [, s] of top) for (const name of Object.keys(s.properties as object)) expect(['kind', 'version', 'content'], `${kind} has a content field named like an envelope field`).not.toContain(name);
    }
  });

  it('money is an integer in the schema, never a float', () => {
    const shape = z.toJSONSchema(DOCUMENT_KINDS['payment-order'].schema) as { properties: Record<string, { type: string }> };
    expect(shape.properties.amount!.type).toBe('integer');
    expect(shape.properties.priority!.type).toBe('integer');
  });
});
