/**
 * Every rule code the validators and the document parser can give has a message in English and
 * Russian, and every field of every document kind has a label in both languages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DOCUMENT_KIND_NAMES, DOCUMENT_KINDS } from '../../src/shared/bank-api/documents/index.ts';
import { fieldLabel, hasFieldLabel, issueMessage, VALIDATION_CODES } from '../../src/shared/i18n/validation.ts';

const root = join(import.meta.dirname, '../..');
const SOURCES = ['src/shared/domain', 'src/shared/bank-api/documents'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(root, dir, f), 'utf8')),
);

/** Rule codes as the sources write them: issues.error(field, 'code'...), issues.warning(...), issues[severity](...), add(path, 'code'...). */
function codesInSources(): Set<string> {
  const codes = new Set<string>();
  const call = /(?:\.(?:error|warning)|\[severity\]|\badd)\(\s*(?:[^,()[\]]|\([^()]*\)|\[[^[\]]*\])+,\s*'([a-z0-9.-]+)'/g;
  for (const text of SOURCES) for (const m of text.matchAll(call)) codes.add(m[1]!);
  return codes;
}

/** Every field path of a JSON schema: objects' members, list items as ".0", each variant of a union. */
function fieldPaths(schema: Record<string, unknown>, path = '', out = new Set<string>()): Set<string> {
  if (path) out.add(path);
  for (const [key, sub] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) fieldPaths(sub, path ? `${path}.${key}` : key, out);
  if (schema.items) fieldPaths(schema.items as Record<string, unknown>, `${path}.0`, out);
  for (const alt of [...((schema.oneOf ?? []) as Record<string, unknown>[]), ...((schema.anyOf ?? []) as Record<string, unknown>[])]) fieldPaths(alt, path, out);
  return out;
}

/** Parameters a message may show, as the validators and the parser fill them. */
const PARAMS = { value: '4070281', max: 10 };

describe('rule messages', () => {
  const codes = codesInSources();

  it('finds the codes in the sources (the scan itself works)', () => {
    expect(codes.size).toBeGreaterThan(60);
    for (const c of ['inn.checksum', 'field.unknown', 'type.invalid', 'kind.unknown', 'attachment.sha256', 'date.expired', 'date.past', 'letter.empty']) expect(codes).toContain(c);
  });

  it.each([...codesInSources()].sort())('%s has a message in English and in Russian', (code) => {
    expect(VALIDATION_CODES).toContain(code);
    const issue = { field: 'amount', code, severity: 'error' as const, params: PARAMS };
    const en = issueMessage('en', issue);
    const ru = issueMessage('ru', issue);
    for (const text of [en, ru]) {
      expect(text).not.toMatch(/undefined|NaN|\[object|\$\{/);
      expect(text.length).toBeGreaterThan('Amount: '.length + 5);
    }
    // "Amount: <rule>", or a bank's sentence that names the field itself ("Enter the payment amount", «Укажите сумму платежа»)
    expect(en).toMatch(/^Amount: |amount/i);
    expect(ru).toMatch(/^Сумма: |сумм/i);
    expect(ru.replace(/^Сумма: /, '')).toMatch(/[а-яё]/);
    expect(ru).not.toBe(en);
  });

  it('names the JSON type wanted in words in both languages', () => {
    for (const type of ['string', 'number', 'int', 'object', 'array', 'boolean']) {
      const issue = { field: 'subject', code: 'type.invalid', severity: 'error' as const, params: { value: type } };
      expect(issueMessage('en', issue)).not.toContain(type === 'boolean' ? 'boolean' : `be ${type}`);
      expect(issueMessage('ru', issue)).toMatch(/должно быть [а-яёt]/);
    }
  });

  it('copes with codes and fields that are not in its tables, including names Object.prototype has', () => {
    expect(issueMessage('en', { field: 'constructor', code: 'toString', severity: 'error' })).toBe('constructor: toString');
    expect(fieldLabel('ru', '__proto__.x', 'letter')).toBe('__proto__.x');
    expect(fieldLabel('en', 'payer.constructor')).toBe('payer.constructor');
  });
});

describe('field labels', () => {
  it.each(DOCUMENT_KIND_NAMES)('every field of %s has a label in English and in Russian', (kind) => {
    const paths = fieldPaths(z.toJSONSchema(DOCUMENT_KINDS[kind].schema) as Record<string, unknown>);
    expect(paths.size).toBeGreaterThan(1);
    for (const path of paths) {
      expect(hasFieldLabel(path, kind), `${kind}: ${path}`).toBe(true);
      const en = fieldLabel('en', path, kind);
      const ru = fieldLabel('ru', path, kind);
      expect(en, `${kind}: ${path}`).not.toMatch(/[а-яё]|\{n\}/i);
      expect(ru, `${kind}: ${path}`).toMatch(/[а-яё]/i);
      expect(ru).not.toContain('{n}');
    }
  });

  it('labels the envelope and numbers list items from 1', () => {
    expect(['', 'kind', 'version', 'content'].map((f) => fieldLabel('ru', f))).toEqual(['Документ', 'Вид документа', 'Версия схемы документа', 'Содержание документа']);
    expect(fieldLabel('en', 'attachments.2.size')).toBe('Attachment 3: size');
    expect(fieldLabel('ru', 'documentNumbers.0')).toBe('Номер документа 1');
    expect(fieldLabel('en', 'payer.bic', 'leasing-payment')).toBe("Payer: bank's BIC");
  });

  it('uses a kind’s own name for a field where it differs', () => {
    expect(fieldLabel('en', 'purpose', 'payment-order')).toBe('Purpose of payment');
    expect(fieldLabel('en', 'purpose', 'account-opening')).toBe('Purpose of the account');
    expect(fieldLabel('ru', 'type', 'payment-documents-order')).toBe('Заказываемый документ');
    expect(fieldLabel('ru', 'date', 'leasing-payment')).toBe('Дата платежа');
    expect(fieldLabel('ru', 'date')).toBe('Дата');
  });
});
