/**
 * What a signer reads: a document's fields in order, each with its label in the user's language
 * and its value as text. Rendered from the body parsed from the canonical bytes, so what is
 * shown is exactly what is signed. Amounts (kopecks) are shown in roubles.
 */
import { formatRubles } from '../../domain/money.ts';
import { fieldLabel } from '../../i18n/validation.ts';
import type { Locale } from '../../i18n/locale.ts';
import type { DocumentBody } from './index.ts';

export interface RenderedField {
  field: string;
  label: string;
  value: string;
}

const MONEY = /(^|\.)(amount|principal|payoff|size_kopecks)$/;

function walk(out: RenderedField[], locale: Locale, kind: string, path: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(out, locale, kind, `${path}.${i}`, v));
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(out, locale, kind, path ? `${path}.${k}` : k, v);
    return;
  }
  const text = typeof value === 'number' && MONEY.test(path) ? formatRubles(value) : String(value);
  out.push({ field: path, label: fieldLabel(locale, path, kind), value: text });
}

export function renderDocument(body: DocumentBody, locale: Locale): RenderedField[] {
  const out: RenderedField[] = [];
  walk(out, locale, body.kind, '', body.content);
  return out;
}
