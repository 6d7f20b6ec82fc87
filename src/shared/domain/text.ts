/**
 * Character rules for text fields. Payment fields travel through the Bank of Russia's payment
 * system and 1C files in Windows-1251, so they may hold only its printable characters; other
 * texts (letters, applications) may hold any Unicode but no control characters.
 */

/** The printable upper half of Windows-1251 (0x80-0xFF; 0x98 is unassigned, 0xAD is a soft hyphen and left out). */
const CP1251_UPPER =
  'ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—™љ›њќћџ\u00a0ЎўЈ¤Ґ¦§Ё©Є«¬®Ї°±Ііґµ¶·ё№є»јЅѕї' +
  'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя';
const CP1251_PRINTABLE = new Set(CP1251_UPPER);

/** How a character is shown in a message: itself when visible, U+XXXX otherwise. */
export function showChar(ch: string): string {
  const c = ch.codePointAt(0)!;
  return c < 0x20 || (c >= 0x7f && c < 0xa0) || c === 0xad || /\s/.test(ch) ? `U+${c.toString(16).toUpperCase().padStart(4, '0')}` : ch;
}

/** The first character that Windows-1251 cannot print (controls and line breaks included), if any. */
export function firstNonCp1251(text: string): string | undefined {
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c < 0x7f) continue;
    if (!CP1251_PRINTABLE.has(ch)) return ch;
  }
  return undefined;
}

/** The first control character (C0, DEL, C1); line breaks and tabs are allowed when `multiline`. */
export function firstControlChar(text: string, multiline: boolean): string | undefined {
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (multiline && (ch === '\n' || ch === '\r' || ch === '\t')) continue;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return ch;
  }
  return undefined;
}
