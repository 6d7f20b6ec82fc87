/** Reading and changing a document's content by dotted field path ("payee.bank.bic"), without mutating it. */

export type Content = Record<string, unknown>;

export function getPath(content: unknown, path: string): unknown {
  let v: unknown = content;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** A copy of `content` with `path` set to `value`; `undefined` removes the field (optional fields left empty). */
export function setPath<T>(content: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const base: Record<string, unknown> = Array.isArray(content) ? ([...content] as unknown as Record<string, unknown>) : { ...(content as Record<string, unknown>) };
  if (rest.length === 0) {
    if (value === undefined && !Array.isArray(content)) delete base[head];
    else base[head] = value;
  } else {
    base[head] = setPath(base[head] ?? {}, rest.join('.'), value);
  }
  return base as T;
}

/** Rubles typed by a person as kopecks text for the field: 150000 -> "1500,00" (ru) or "1500.00" (en). */
export function kopecksToText(kopecks: number, locale: 'en' | 'ru'): string {
  if (!Number.isSafeInteger(kopecks) || kopecks <= 0) return '';
  const text = `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;
  return locale === 'ru' ? text.replace('.', ',') : text;
}

/** The VAT inside a gross amount at a rate in percent, rounded half up to the kopeck, in integers only. */
export function vatOf(gross: number, rate: number): number {
  const num = BigInt(gross) * BigInt(rate) * 2n;
  return Number((num / BigInt(100 + rate) + 1n) / 2n);
}

const VAT_TAIL = /[,;.]?\s*(?:в т\.\s?ч\.\s*НДС[^,;]*|НДС не облагается|без НДС)\.?\s*$/iu;

/** The purpose with its VAT phrase replaced: none ("НДС не облагается") or a rate with the VAT of the amount. */
export function withVat(purpose: string, amount: number, rate: 'none' | number): string {
  const head = purpose.replace(VAT_TAIL, '').trimEnd();
  const tail = rate === 'none' ? 'НДС не облагается' : `в т.ч. НДС ${rate}% ${Math.floor(vatOf(amount, rate) / 100)}-${String(vatOf(amount, rate) % 100).padStart(2, '0')}`;
  return head ? `${head}, ${tail}` : tail;
}
