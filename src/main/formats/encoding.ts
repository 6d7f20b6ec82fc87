/**
 * Text encodings of bank files. 1C writes its exchange files in Windows-1251 (or CP866 from old
 * DOS builds), and some converters write UTF-8 while the file still says "Windows"; the bytes are
 * the truth and a file's own declaration only a hint, so detection looks at the bytes.
 */
import { LocalizedError } from '../../shared/i18n/index.ts';
import { showChar } from '../../shared/domain/text.ts';
import { isUtf8 } from 'node:buffer';

export type TextEncodingName = 'utf-8' | 'windows-1251' | 'ibm866';

/** How an encoding is named to people. */
export const ENCODING_LABEL: Record<TextEncodingName, string> = { 'utf-8': 'UTF-8', 'windows-1251': 'Windows-1251', ibm866: 'CP866 (DOS)' };

/** Files above this are refused before they are decoded (a statement of a busy year is a few MiB). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

export function checkSize(bytes: Uint8Array | ByteSource, limit = MAX_FILE_BYTES): void {
  const size = bytes instanceof Uint8Array ? bytes.length : bytes.size;
  if (size > limit) throw new LocalizedError('format.too-large', { size, limit });
}

/**
 * Bytes read in pieces: an array in memory, or a file read as it is needed (so that a 32 MiB
 * file need not be held whole). The bytes `read` returns may be overwritten by the next read:
 * callers use them at once and keep none.
 */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
  /** All the bytes, when they are in memory anyway. */
  readonly whole?: Uint8Array;
}

export const bytesSource = (bytes: Uint8Array): ByteSource => ({ size: bytes.length, read: (offset, length) => bytes.subarray(offset, Math.min(offset + length, bytes.length)), whole: bytes });

export const asSource = (bytes: Uint8Array | ByteSource): ByteSource => (bytes instanceof Uint8Array ? bytesSource(bytes) : bytes);

/** The size of the pieces a source is read in (small: a piece and its decoded text die young). */
export const PIECE_BYTES = 16 * 1024;

/** The pieces of a source from `from`, with the offset of each. */
export function* pieces(source: ByteSource, from = 0): Generator<[Uint8Array, number]> {
  for (let at = from; at < source.size; at += PIECE_BYTES) yield [source.read(at, Math.min(PIECE_BYTES, source.size - at)), at];
}

const hex = (b: number): string => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Refuses bytes that no text file holds: NUL and the C0 controls other than tab, line feed,
 * carriage return and form feed. Ctrl-Z (0x1A) is allowed at the very end, where DOS editors put it.
 */
export function assertText(bytes: Uint8Array | ByteSource): void {
  if (bytes instanceof Uint8Array) assertTextPiece(bytes, 0, bytes.length);
  else for (const [piece, at] of pieces(bytes)) assertTextPiece(piece, at, bytes.size);
}

/** assertText() of the piece at `offset` of a file of `size` bytes. */
export function assertTextPiece(bytes: Uint8Array, offset: number, size: number): void {
  const last = size - 1 - offset;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0c) continue;
    if (b === 0x1a && i === last) continue;
    throw new LocalizedError('format.binary', { offset: offset + i, byte: hex(b) });
  }
}

/** The ten most frequent Russian letters, both cases: what a correct Cyrillic decoding is full of. */
const FREQUENT = new Set('оеаинтсрвлОЕАИНТСРВЛ');

/** For each byte 0x80-0xFF: 1 when that byte decodes, in the encoding, to a frequent Russian letter. */
function frequentLetterTable(encoding: string): Uint8Array {
  const table = new Uint8Array(256);
  const high = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);
  const chars = new TextDecoder(encoding).decode(high);
  for (let i = 0; i < 128; i++) table[0x80 + i] = FREQUENT.has(chars[i]!) ? 1 : 0;
  return table;
}
const FREQUENT_1251 = frequentLetterTable('windows-1251');
const FREQUENT_866 = frequentLetterTable('ibm866');

/** Enough non-ASCII bytes to tell the two single-byte encodings apart with certainty. */
const SAMPLE_HIGH_BYTES = 65_536;

const UTF8_BOM = [0xef, 0xbb, 0xbf];
export const hasUtf8Bom = (bytes: Uint8Array): boolean => bytes.length >= 3 && UTF8_BOM.every((b, i) => bytes[i] === b);

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** False when the file is plain ASCII: every encoding reads it alike, so a declaration cannot disagree. */
  hasNonAscii: boolean;
}

/**
 * Valid UTF-8 with non-ASCII bytes is UTF-8 (Windows-1251 Cyrillic is practically never valid
 * UTF-8). Otherwise Windows-1251 and CP866 are told apart by which one turns the bytes into the
 * most frequent Russian letters.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const { encoding, hasNonAscii } = detectEncoding(bytes);
  if (encoding === 'utf-8') return { text: decodeUtf8(hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes), encoding, hasNonAscii };
  return { text: new TextDecoder(encoding).decode(bytes), encoding, hasNonAscii };
}

/** decodeText's choice of encoding, made on the bytes without decoding them (a reader may then decode in pieces). */
export function detectEncoding(bytes: Uint8Array | ByteSource): Omit<DecodedText, 'text'> {
  const source = asSource(bytes);
  assertText(source);
  if (hasUtf8Bom(source.read(0, 3))) return { encoding: 'utf-8', hasNonAscii: true };
  let firstHigh = -1;
  find: for (const [piece, at] of pieces(source)) {
    for (let i = 0; i < piece.length; i++) {
      if (piece[i]! >= 0x80) {
        firstHigh = at + i;
        break find;
      }
    }
  }
  if (firstHigh < 0) return { encoding: 'windows-1251', hasNonAscii: false };
  if (isUtf8Source(source)) return { encoding: 'utf-8', hasNonAscii: true };
  // not UTF-8: one of the single-byte encodings
  let score1251 = 0;
  let score866 = 0;
  let seen = 0;
  sample: for (const [piece] of pieces(source, firstHigh)) {
    for (let i = 0; i < piece.length; i++) {
      const b = piece[i]!;
      if (b < 0x80) continue;
      if (seen++ === SAMPLE_HIGH_BYTES) break sample;
      score1251 += FREQUENT_1251[b]!;
      score866 += FREQUENT_866[b]!;
    }
  }
  return { encoding: score866 > score1251 ? 'ibm866' : 'windows-1251', hasNonAscii: true };
}

/** Whether the whole source is valid UTF-8 (a file is checked piece by piece). */
function isUtf8Source(source: ByteSource): boolean {
  if (source.whole) return isUtf8(source.whole);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for (const [piece] of pieces(source)) decoder.decode(piece, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Code point -> Windows-1251 byte for the upper half (C1 controls and the unassigned 0x98 left out). */
const CP1251_ENCODE = (() => {
  const table = new Int16Array(0x10000).fill(-1);
  const high = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);
  const chars = new TextDecoder('windows-1251').decode(high);
  for (let i = 0; i < 128; i++) {
    const code = chars.charCodeAt(i);
    if (code >= 0x80 && code < 0xa0) continue;
    table[code] = 0x80 + i;
  }
  return table;
})();

const codeLabel = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** 1-based line of a string offset, for messages. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Windows-1251 bytes of a text; a character the encoding lacks is refused, named with its line. */
export function encodeCp1251(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out[i] = c;
      continue;
    }
    const b = CP1251_ENCODE[c]!;
    if (b < 0) {
      const cp = text.codePointAt(i)!;
      throw new LocalizedError('format.encoding.unencodable', { char: showChar(String.fromCodePoint(cp)), code: codeLabel(cp), line: lineOfOffset(text, i) });
    }
    out[i] = b;
  }
  return out;
}

export function encodeText(text: string, encoding: 'windows-1251' | 'utf-8'): Uint8Array {
  return encoding === 'utf-8' ? new TextEncoder().encode(text) : encodeCp1251(text);
}
