/**
 * One entry point for the import of payment files: the format is told by the content (a 1C
 * file starts with its signature, a pain.001 is XML in a pain.001 namespace), never by the file
 * name, which only appears in messages.
 */
import { LocalizedError } from '../../shared/i18n/index.ts';
import { asSource, assertText, checkSize, MAX_FILE_BYTES, pieces, type ByteSource } from './encoding.ts';
import type { ImportResult } from './import-result.ts';
import { importPain001 } from './iso20022/pain001-import.ts';
import { importOneCPayments, importOneCPaymentsStream, type ImportSink, type ImportSummary } from './onec/import-payments.ts';
import { ONEC_SIGNATURE } from './onec/reader.ts';

export type FileFormat = '1c' | 'pain.001';

/** How far into the file the XML root's namespace is looked for (past a declaration and comments). */
const HEAD_BYTES = 64 * 1024;

/** The start of the content, past a UTF-8 BOM and white space, as Latin-1 (enough for ASCII markers). */
function head(bytes: Uint8Array): string {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return new TextDecoder('latin1').decode(bytes.subarray(i, i + HEAD_BYTES));
}

const looksLikeXml = (start: string): boolean => start.startsWith('<');

export function detectFormat(bytes: Uint8Array): FileFormat | undefined {
  const start = head(bytes);
  if (start.startsWith(ONEC_SIGNATURE)) return '1c';
  if (looksLikeXml(start) && /xmlns(?::\w+)?\s*=\s*["']urn:iso:std:iso:20022:tech:xsd:pain\.001\.001\.\d+["']/.test(start)) return 'pain.001';
  return undefined;
}

export interface ImportFileOptions {
  maxBytes?: number;
}

/** Imports a 1C exchange file or a pain.001 message into payment order drafts. `name` is for messages only. */
export function importFile(bytes: Uint8Array, name: string, options: ImportFileOptions = {}): ImportResult {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  checkSize(bytes, maxBytes);
  assertText(bytes);
  const format = detectFormat(bytes);
  if (format === '1c') return importOneCPayments(bytes, { maxBytes });
  // XML in another namespace gets the XML reader's precise answer (unknown namespace, DOCTYPE...).
  if (format === 'pain.001' || looksLikeXml(head(bytes))) return importPain001(bytes, { maxBytes });
  if (head(bytes) === '') throw new LocalizedError('format.empty');
  throw new LocalizedError('format.unknown', { name });
}

/**
 * importFile() handing each document (or rejection) to the sink as it is read, in file order: a
 * 1C file is read section by section (its bytes may stay on disk: a ByteSource; its decoded text
 * and its documents are never held whole); a pain.001 message is read whole, parsed, then handed
 * over. Throws what importFile() throws, possibly after some documents went to the sink.
 */
export function importFileStream(bytes: Uint8Array | ByteSource, name: string, sink: ImportSink, options: ImportFileOptions = {}): ImportSummary {
  const source = asSource(bytes);
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  checkSize(source, maxBytes);
  assertText(source);
  if (headOf(source).startsWith(ONEC_SIGNATURE)) return importOneCPaymentsStream(source, sink, { maxBytes });
  const { documents, rejected, ...summary } = importFile(source.whole ?? source.read(0, source.size), name, options);
  // in line order, as a 1C file gives them
  let r = 0;
  for (const d of documents) {
    while (r < rejected.length && rejected[r]!.line < d.line) sink.rejected(rejected[r++]!);
    sink.document(d);
  }
  while (r < rejected.length) sink.rejected(rejected[r++]!);
  return summary;
}

/** head() of a source read in pieces: the same text without reading past the leading white space and HEAD_BYTES. */
function headOf(source: ByteSource): string {
  if (source.whole) return head(source.whole);
  const bom = source.read(0, 3);
  let start = bom.length === 3 && bom[0] === 0xef && bom[1] === 0xbb && bom[2] === 0xbf ? 3 : 0;
  skip: for (const [piece, at] of pieces(source, start)) {
    for (let i = 0; i < piece.length; i++) {
      const b = piece[i]!;
      if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
      start = at + i;
      break skip;
    }
    start = at + piece.length;
  }
  return new TextDecoder('latin1').decode(source.read(start, HEAD_BYTES));
}
