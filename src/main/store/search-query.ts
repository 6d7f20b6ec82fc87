/**
 * Turns what a person types into an FTS5 query: each word a quoted prefix term, all required.
 * Quoting makes every character literal, so user text can never be FTS syntax (NEAR, OR, "-",
 * column filters). Returns undefined when nothing searchable is left.
 */
export function ftsQuery(text: string): string | undefined {
  const words = text
    .normalize('NFC')
    // "12 345,67": digits grouped by thousands are one number
    .replace(/(\d)[\s\u00a0\u202f](?=\d{3}(?!\d))/g, '$1')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 16);
  if (words.length === 0) return undefined;
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ');
}
