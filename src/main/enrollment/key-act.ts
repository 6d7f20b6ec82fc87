/**
 * The key-recognition act ("Акт признания ключа проверки электронной подписи"): the paper the
 * client's key owner and head sign and the bank keeps, tying the public key generated on the
 * token to the company and the signer. Rendered as plain text and as an A4 PDF with the same
 * lines: `layout` decides the lines once, given a way to tell whether a line fits.
 *
 * Every value from outside passes through `printable`: line breaks and tabs become spaces;
 * control, format (bidi overrides such as U+202E, zero-width characters), private-use,
 * unassigned and lone surrogate code points become U+FFFD, visibly, so nothing can reorder or
 * hide the printed text or break the layout. Text such as "<script>" is printed as it is: neither
 * output is markup.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseSubject } from '../../crypto/x509/subject.ts';
import { wallClock } from '../../shared/domain/format.ts';
import type { Locale } from '../../shared/i18n/locale.ts';
import { findFont } from '../pdf/font-locations.ts';
import { A4, textWidth, writePdf, type PdfText } from '../pdf/pdf-writer.ts';
import { parseTrueType, type TrueTypeFont } from '../pdf/truetype.ts';
import { KeyActError, keyActWords, type LocalTime } from './key-act-messages.ts';

export interface KeyActData {
  company: { name: string; inn: string; kpp?: string; ogrn?: string };
  signer: { name: string; position?: string; role?: string };
  /** The CSR subject as text. */
  subject: string;
  /** "ECDSA P-256", "RSA-2048"... */
  algorithm: string;
  /** SubjectPublicKeyInfo, DER. */
  publicKeyDer: Uint8Array;
  /** The certificate request, DER: when given, its SHA-256 is printed and it must hold publicKeyDer. */
  csrDer?: Uint8Array;
  token: { label: string; serial: string };
  /** CKA_ID in hex (spaces and colons allowed). */
  keyId: string;
  createdAt: Date;
  bank: { name: string };
}

export interface KeyActOptions {
  /** IANA time zone the act's date is written in (the user's: the page's, in the app); the computer's own zone by default. */
  timeZone?: string | undefined;
}

export interface KeyActPdfOptions extends KeyActOptions {
  /** A TrueType (.ttf) font with Cyrillic; by default DejaVu Sans or Arial from the usual places. */
  fontPath?: string;
}

/** Upper-case hex in groups of four: "3059 3013 ...". */
export function hexGroups(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

/** SHA-256 of the DER SubjectPublicKeyInfo, upper-case hex in groups of four. */
export function spkiFingerprint(spkiDer: Uint8Array): string {
  return hexGroups(createHash('sha256').update(spkiDer).digest());
}

/** The bytes as rows of upper-case hex pairs, `perRow` bytes a row: "30 59 30 13 ...". */
export function hexRows(bytes: Uint8Array, perRow = 16): string[] {
  const rows: string[] = [];
  for (let i = 0; i < bytes.length; i += perRow) {
    rows.push(Array.from(bytes.subarray(i, i + perRow), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' '));
  }
  return rows;
}

/** A value made safe to print on one line (see the module comment). */
export function printable(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029\p{Zs}]+/gu, ' ')
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/gu, '\ufffd')
    .replace(/ {2,}/g, ' ')
    .trim();
}

type Style = 'title' | 'text' | 'mono';

/** One printed line. `tab` is a second column (the signature blanks), started at a fixed position. */
export interface ActLine {
  text: string;
  style: Style;
  center?: boolean;
  tab?: string;
}

const BLANK = '____________________';

/**
 * The act as lines; `fits` says whether a text fits the line in a style, or (`inTab`) the
 * space from the tab position to the end of the line.
 */
export function layoutKeyAct(
  data: KeyActData,
  locale: Locale,
  fits: (text: string, style: Style, inTab: boolean) => boolean,
  options: KeyActOptions = {},
): ActLine[] {
  const w = keyActWords[locale];
  const spki = checkedPublicKey(data);
  const keyId = data.keyId.replace(/[\s:]/g, '');
  if (!/^(?:[0-9a-f]{2})+$/i.test(keyId)) throw new KeyActError('key-act.bad-key-id', { keyId: printable(data.keyId) });

  const lines: ActLine[] = [];
  const blank = () => lines.push({ text: '', style: 'text' });
  const add = (text: string, style: Style, extra: Omit<ActLine, 'text' | 'style'> = {}, indent = '') => {
    for (const line of wrap(text, (t) => fits(t, style, false), indent)) lines.push({ text: line, style, ...extra });
  };
  /** A signature line: the role, then blanks (and a name) in the tab column, wrapped within it. */
  const signature = (role: string, blanks: string) => {
    wrap(blanks, (t) => fits(t, 'text', true), '').forEach((tab, i) => lines.push({ text: i ? '' : role, style: 'text', tab }));
    blank();
  };
  const field = (label: string, value: string | undefined) => {
    const clean = value === undefined ? '' : printable(value);
    if (clean) add(`${label}: ${clean}`, 'text', {}, '    ');
  };

  add(w.title.toLocaleUpperCase(locale), 'title', { center: true });
  blank();
  field(w.date, w.dateValue(localTime(data.createdAt, options.timeZone)));
  field(w.bank, data.bank.name);
  blank();
  field(w.company, data.company.name);
  field(w.inn, data.company.inn);
  field(w.kpp, data.company.kpp);
  field(w.ogrn, data.company.ogrn);
  blank();
  field(w.signer, data.signer.name);
  field(w.position, data.signer.position);
  field(w.role, data.signer.role);
  field(w.subject, readableSubject(data.subject));
  blank();
  field(w.algorithm, w.algorithmName(data.algorithm));
  field(w.token, w.tokenValue(printable(data.token.label), printable(data.token.serial)));
  field(w.keyId, hexGroups(Buffer.from(keyId, 'hex')));
  if (data.csrDer) field(w.csrFingerprint, hexGroups(createHash('sha256').update(data.csrDer).digest()));
  blank();
  add(w.publicKey(spki.length), 'text');
  for (const row of hexRows(spki)) add(row, 'mono');
  blank();
  add(w.fingerprint, 'text');
  const fingerprint = spkiFingerprint(spki); // two rows of eight groups
  add(fingerprint.slice(0, 39), 'mono');
  add(fingerprint.slice(40), 'mono');
  blank();
  add(w.statement, 'text');
  blank();
  blank();
  signature(w.keyOwner, `${BLANK} / ${printable(data.signer.name) || BLANK} /`);
  signature(w.head, `${BLANK} / ${BLANK} /   ${w.stamp}`);
  signature(w.bankOfficer, `${BLANK} / ${BLANK} /`);
  add(w.registered, 'text');
  return lines;
}

/** The public key, refused unless it parses as a SubjectPublicKeyInfo and the CSR (if any) holds it. */
function checkedPublicKey(data: KeyActData): Uint8Array {
  try {
    createPublicKey({ key: Buffer.from(data.publicKeyDer), format: 'der', type: 'spki' });
  } catch (e) {
    throw new KeyActError('key-act.bad-public-key', { reason: (e as Error).message }, { cause: e });
  }
  if (data.csrDer && Buffer.from(data.csrDer).indexOf(Buffer.from(data.publicKeyDer)) < 0) throw new KeyActError('key-act.csr-key-mismatch');
  return data.publicKeyDer;
}

/** Words on lines that fit; a continuation line starts with `indent`; a word too long for a line is cut. */
export function wrap(text: string, fits: (line: string) => boolean, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  const start = () => (lines.length ? indent : '');
  for (const word of text.split(' ')) {
    if (line && fits(`${line} ${word}`)) {
      line = `${line} ${word}`;
      continue;
    }
    if (line) lines.push(line);
    line = start();
    for (const char of word) {
      if (line !== start() && !fits(line + char)) {
        lines.push(line);
        line = start();
      }
      line += char;
    }
  }
  lines.push(line);
  return lines;
}

/** The date and time of `date` in a time zone, and that zone's offset from UTC then. */
function localTime(date: Date, timeZone: string | undefined): LocalTime {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new KeyActError('key-act.bad-date');
  const t = wallClock(date, timeZone);
  if (!t) throw new KeyActError('key-act.bad-date');
  return t;
}

/**
 * A subject as people write it: the attributes in order, "CN=Иванов Иван Иванович, O=ООО "Ромашка"",
 * without RFC 4514's backslashes and hex escapes; a subject that does not parse is printed as given.
 */
export function readableSubject(subject: string): string {
  try {
    return parseSubject(subject)
      .map((a) => `${a.type.names[0] ?? a.type.oid}=${a.value}`)
      .join(', ');
  } catch {
    return subject;
  }
}

/** Characters a line of the text act holds, and the column where the signature blanks start. */
const TEXT_WIDTH = 78;
const TEXT_TAB = 22;

/** The act as plain text (UTF-8 when written out), lines of at most 78 characters. */
export function renderKeyActText(data: KeyActData, locale: Locale = 'ru', options: KeyActOptions = {}): string {
  const fits = (text: string, _style: Style, inTab: boolean) => [...text].length <= TEXT_WIDTH - (inTab ? TEXT_TAB : 0);
  const lines = layoutKeyAct(data, locale, fits, options);
  const text = lines.map((l) => {
    if (l.center) return ' '.repeat(Math.max(0, Math.floor((TEXT_WIDTH - [...l.text].length) / 2))) + l.text;
    if (l.tab !== undefined) return `${l.text.padEnd(TEXT_TAB - 1)} ${l.tab}`.trimEnd();
    return l.text;
  });
  return `${text.join('\n')}\n`;
}

/** Page geometry in points: margins of 30 mm left, 15 mm right, 20 mm top and bottom. */
const MM = 72 / 25.4;
const PAGE = { left: 30 * MM, right: 15 * MM, top: 20 * MM, bottom: 20 * MM, tab: 45 * MM };
const STYLES: Record<Style, { size: number; leading: number }> = {
  title: { size: 12, leading: 17 },
  text: { size: 10, leading: 14 },
  mono: { size: 9, leading: 12.5 },
};

const fonts = new Map<string, TrueTypeFont>();

function loadFont(given: string | undefined): TrueTypeFont {
  const { path, looked } = findFont(given);
  if (path === undefined) {
    if (given !== undefined) throw new KeyActError('key-act.font-missing-file', { path: given });
    throw new KeyActError('key-act.font-not-found', { places: looked.join(', ') });
  }
  let font = fonts.get(path);
  if (!font) {
    try {
      font = parseTrueType(new Uint8Array(readFileSync(path)));
    } catch (e) {
      throw new KeyActError('key-act.font-unreadable', { path, reason: (e as Error).message }, { cause: e });
    }
    if (!font.embeddable) throw new KeyActError('key-act.font-not-embeddable', { path });
    fonts.set(path, font);
  }
  return font;
}

/** The act as an A4 PDF with the same lines as the text act; deterministic for the same input. */
export function renderKeyActPdf(data: KeyActData, locale: Locale = 'ru', options: KeyActPdfOptions = {}): Uint8Array {
  const font = loadFont(options.fontPath);
  const [pageWidth, pageHeight] = A4;
  const width = pageWidth - PAGE.left - PAGE.right;
  /** Monospaced styles give every character the advance of a digit, so the hex columns line up. */
  const cellOf = (style: Style) => (style === 'mono' ? textWidth(font, '0', STYLES.mono.size) : undefined);
  const measure = (text: string, style: Style) => {
    const cell = cellOf(style);
    return cell === undefined ? textWidth(font, text, STYLES[style].size) : [...text].length * cell;
  };
  const fits = (text: string, style: Style, inTab: boolean) => measure(text, style) <= width - (inTab ? PAGE.tab : 0);
  const lines = layoutKeyAct(data, locale, fits, options);

  const pages: PdfText[][] = [[]];
  let y = pageHeight - PAGE.top;
  for (const line of lines) {
    const { size, leading } = STYLES[line.style];
    let page = pages[pages.length - 1]!;
    if (y - leading < PAGE.bottom) {
      if (!line.text && line.tab === undefined) continue; // no blank line at the top of a page
      page = [];
      pages.push(page);
      y = pageHeight - PAGE.top;
    }
    y -= leading;
    const x = line.center ? PAGE.left + (width - measure(line.text, line.style)) / 2 : PAGE.left;
    const cell = cellOf(line.style);
    if (line.text) page.push({ x, y, size, text: line.text, ...(cell === undefined ? {} : { cell }) });
    if (line.tab !== undefined) page.push({ x: PAGE.left + PAGE.tab, y, size, text: line.tab });
  }
  const title = `${keyActWords[locale].title}: ${printable(data.company.name)}`;
  return writePdf({ pages, font, title, lang: locale, created: data.createdAt });
}
