/**
 * Reads the structure of a 1CClientBankExchange file: header fields, account sections
 * (СекцияРасчСчет ... КонецРасчСчет) and document sections (СекцияДокумент=<kind> ...
 * КонецДокумента), every field with its line. A file that is cut short or whose sections do not
 * close is refused whole (a half-read file must not look like a shorter complete one).
 */
import { LocalizedError } from '../../../shared/i18n/index.ts';
import { asSource, assertTextPiece, checkSize, detectEncoding, ENCODING_LABEL, hasUtf8Bom, MAX_FILE_BYTES, pieces, type ByteSource, type TextEncodingName } from '../encoding.ts';
import type { Finding } from '../import-result.ts';
import { oneCDateToIso } from './values.ts';

export const ONEC_SIGNATURE = '1CClientBankExchange';
export const ONEC_VERSIONS: readonly string[] = ['1.01', '1.02', '1.03'];

export interface OneCField {
  key: string;
  value: string;
  line: number;
}

export interface OneCSection {
  /** Line of the opening marker. */
  line: number;
  /** Document sections: the kind after "СекцияДокумент=" ("" when the file leaves it empty). */
  kind?: string;
  fields: OneCField[];
}

export interface OneCFile {
  encoding: TextEncodingName;
  /** ВерсияФормата as written, when the file has it. */
  version?: string;
  header: OneCField[];
  accounts: OneCSection[];
  documents: OneCSection[];
  /** Findings about the file as a whole: encoding, version, stray lines, period. */
  warnings: Finding[];
}

const ACCOUNT_START = 'СекцияРасчСчет';
const ACCOUNT_END = 'КонецРасчСчет';
const DOCUMENT_START = 'СекцияДокумент';
const DOCUMENT_END = 'КонецДокумента';
const FILE_END = 'КонецФайла';

/** Кодировка values 1C writes, and UTF-8, which only this project's writer declares. */
const DECLARED_ENCODINGS: Record<string, { encoding: TextEncodingName; spelling: string }> = {
  windows: { encoding: 'windows-1251', spelling: 'Windows' },
  dos: { encoding: 'ibm866', spelling: 'DOS' },
  'utf-8': { encoding: 'utf-8', spelling: 'UTF-8' },
};

const finding = (line: number, code: Finding['code'], params: Finding['params'] = {}): Finding => ({ line, code, params: { line, ...params } });

/** Space, tab, CR and the other characters String.prototype.trim removes that occur in these files. */
const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0c || c === 0xa0 || c === 0xfeff;

const excerpt = (text: string, max = 40): string => (text.length > max ? `${text.slice(0, max)}…` : text);

export interface ReadOptions {
  maxBytes?: number;
}

/** What a scan of a 1C file hands over, in file order, one section at a time. */
export interface OneCVisitor {
  /** A document section, complete (its closing marker read); not kept by the scanner. */
  document(section: OneCSection): void;
}

/** The file without its document sections (those went to the visitor). */
export type OneCFrame = Omit<OneCFile, 'documents'>;

/**
 * The file's text in pieces of whole lines (the last piece may lack its line feed), decoded
 * PIECE_BYTES at a time: small pieces, so that neither a piece nor its text outlives the few
 * sections it holds (large strings would go straight to the old generation and stay there).
 * A file read from disk is checked again as it is decoded (it may have changed since detection).
 */
function* textChunks(source: ByteSource, encoding: TextEncodingName): Generator<string> {
  const skip = encoding === 'utf-8' && hasUtf8Bom(source.read(0, 3)) ? 3 : 0;
  const decoder = new TextDecoder(encoding);
  let carry = '';
  for (const [piece, at] of pieces(source, skip)) {
    if (!source.whole) assertTextPiece(piece, at, source.size);
    const text = carry + decoder.decode(piece, { stream: true });
    const cut = text.lastIndexOf('\n') + 1;
    carry = text.slice(cut);
    if (cut > 0) yield text.slice(0, cut);
  }
  const rest = carry + decoder.decode();
  if (rest !== '') yield rest;
}

export function readOneC(bytes: Uint8Array, options: ReadOptions = {}): OneCFile {
  const documents: OneCSection[] = [];
  const frame = scanOneC(bytes, { document: (s) => documents.push(s) }, options);
  return { ...frame, documents };
}

/**
 * Reads a 1C file section by section: each document section goes to the visitor as soon as it is
 * closed, so neither the whole decoded text nor all the sections are held at once. A structural
 * error is thrown when it is met, which may be after sections were handed over: a caller that
 * stores them does so in a transaction that the error rolls back.
 */
export function scanOneC(bytes: Uint8Array | ByteSource, visitor: OneCVisitor, options: ReadOptions = {}): OneCFrame {
  const source = asSource(bytes);
  checkSize(source, options.maxBytes ?? MAX_FILE_BYTES);
  const detected = detectEncoding(source);

  const warnings: Finding[] = [];
  const header: OneCField[] = [];
  const accounts: OneCSection[] = [];
  let open: { section: OneCSection; name: string; isDocument: boolean } | undefined;
  let ended = false;
  let lineNo = 0;
  /** Line 1 is not the signature: "not 1C" unless the whole text is blank ("empty"). */
  let notOneC: string | undefined;
  let anyText = false;

  for (const text of textChunks(source, detected.encoding)) {
    let pos = 0;
    // Lines are walked by index (no split, no per-line trim copies): a 10,000-order file has 350,000 of them.
    const length = text.length;
    while (pos < length) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = length;
      let start = pos;
      let end = nl;
      pos = nl + 1;
      lineNo++;
      while (start < end && isBlank(text.charCodeAt(start))) start++;
      while (end > start && isBlank(text.charCodeAt(end - 1))) end--;

      if (notOneC !== undefined) {
        if (text.slice(start, end).trim() !== '') throw new LocalizedError('format.onec.not-1c', { found: notOneC });
        continue;
      }
      if (lineNo === 1) {
        const line = text.slice(start, end);
        if (line !== ONEC_SIGNATURE) {
          if (line.trim() !== '') throw new LocalizedError('format.onec.not-1c', { found: excerpt(line) });
          notOneC = excerpt(line);
        }
        anyText = true;
        continue;
      }
      if (ended) {
        if (start < end && !(end - start === 1 && text.charCodeAt(start) === 0x1a)) warnings.push(finding(lineNo, 'format.onec.after-end'));
        continue;
      }
      if (start === end) continue;

      // searched within the line only: indexOf would scan on to the next "=" in the file, and a
      // file of lines without one would cost time quadratic in its size
      let eq = -1;
      for (let i = start; i < end; i++) {
        if (text.charCodeAt(i) === 0x3d) {
          eq = i;
          break;
        }
      }
      let keyEnd = eq < 0 ? end : eq;
      while (keyEnd > start && isBlank(text.charCodeAt(keyEnd - 1))) keyEnd--;
      const key = text.slice(start, keyEnd);

      if (key === DOCUMENT_START || (eq < 0 && (key === ACCOUNT_START || key === ACCOUNT_END || key === DOCUMENT_END || key === FILE_END))) {
        const marker = eq < 0 ? key : text.slice(start, end);
        if (key === FILE_END) {
          if (open) throw new LocalizedError('format.onec.section-unclosed', { section: open.name, line: open.section.line, at: `${FILE_END}, line ${lineNo}` });
          ended = true;
        } else if (key === DOCUMENT_START || key === ACCOUNT_START) {
          if (open) throw new LocalizedError('format.onec.section-unclosed', { section: open.name, line: open.section.line, at: `${marker}, line ${lineNo}` });
          const isDocument = key === DOCUMENT_START;
          const section: OneCSection = isDocument ? { line: lineNo, kind: eq < 0 ? '' : text.slice(eq + 1, end).trim(), fields: [] } : { line: lineNo, fields: [] };
          if (!isDocument) accounts.push(section);
          open = { section, name: marker, isDocument };
        } else {
          const expected = open?.name === ACCOUNT_START ? ACCOUNT_END : DOCUMENT_END;
          if (!open || key !== expected) throw new LocalizedError('format.onec.section-end-unexpected', { marker: key, line: lineNo });
          if (open.isDocument) visitor.document(open.section);
          open = undefined;
        }
        continue;
      }

      if (eq <= start) {
        warnings.push(finding(lineNo, 'format.onec.line-unreadable', { text: excerpt(text.slice(start, end)) }));
        continue;
      }
      let valueStart = eq + 1;
      while (valueStart < end && isBlank(text.charCodeAt(valueStart))) valueStart++;
      const field: OneCField = { key, value: text.slice(valueStart, end), line: lineNo };
      (open ? open.section.fields : header).push(field);
    }
  }

  if (!anyText || notOneC !== undefined) throw new LocalizedError('format.empty');
  if (open) throw new LocalizedError('format.onec.section-unclosed', { section: open.name, line: open.section.line, at: `end of file, line ${lineNo}` });
  if (!ended) throw new LocalizedError('format.onec.no-end', { line: lineNo });

  const file: OneCFrame = { encoding: detected.encoding, header, accounts, warnings };
  checkHeader(file, detected.hasNonAscii);
  return file;
}

function checkHeader(file: OneCFrame, hasNonAscii: boolean): void {
  const { warnings } = file;
  const first = (key: string): OneCField | undefined => file.header.find((f) => f.key === key);

  const version = first('ВерсияФормата');
  if (!version) warnings.push(finding(1, 'format.onec.version-missing'));
  else {
    file.version = version.value;
    if (!ONEC_VERSIONS.includes(version.value)) warnings.push(finding(version.line, 'format.onec.version-unknown', { version: version.value }));
  }

  const declared = first('Кодировка');
  if (declared) {
    const detected = ENCODING_LABEL[file.encoding];
    const known = DECLARED_ENCODINGS[declared.value.toLowerCase()];
    if (!known) warnings.push(finding(declared.line, 'format.encoding.declared-unknown', { declared: declared.value, detected }));
    else {
      if (declared.value !== known.spelling) warnings.push(finding(declared.line, 'format.encoding.spelling', { declared: declared.value, expected: known.spelling }));
      if (hasNonAscii && known.encoding !== file.encoding) {
        warnings.push(finding(declared.line, 'format.encoding.declared-mismatch', { declared: ENCODING_LABEL[known.encoding], detected }));
      }
    }
  }

  checkPeriod(file.header, warnings);
  for (const account of file.accounts) checkPeriod(account.fields, warnings);
}

/** ДатаНачала after ДатаКонца is reported (some exporters swap them); the file is read all the same. */
function checkPeriod(fields: OneCField[], warnings: Finding[]): void {
  const from = fields.find((f) => f.key === 'ДатаНачала');
  const to = fields.find((f) => f.key === 'ДатаКонца');
  if (!from || !to) return;
  const a = oneCDateToIso(from.value);
  const b = oneCDateToIso(to.value);
  if (a && b && a > b) warnings.push(finding(to.line, 'format.onec.period-reversed', { from: from.value, to: to.value }));
}

/** The first field of each key in a section, with the later repeats of any key. */
export function indexFields(fields: OneCField[]): { first: Map<string, OneCField>; repeats: { field: OneCField; first: OneCField }[] } {
  const first = new Map<string, OneCField>();
  const repeats: { field: OneCField; first: OneCField }[] = [];
  for (const f of fields) {
    const earlier = first.get(f.key);
    if (earlier) repeats.push({ field: f, first: earlier });
    else first.set(f.key, f);
  }
  return { first, repeats };
}
