import { LocalizedError } from '../../shared/i18n/index.ts';
import { isValidInn, isValidOgrn, isValidSnils } from '../../shared/domain/requisites.ts';
import { decodeOid, oid, readTlv, sequence, set, tlv } from '../der.ts';

/** How an attribute's value is written in DER, and what it must look like. */
interface AttributeType {
  oid: string;
  names: string[];
  tag: 'utf8' | 'printable' | 'ia5' | 'numeric';
  /** Turns an accepted spelling into the value stored (e.g. SNILS "112-233-445 95" -> "11223344595"). */
  normalize?: (v: string) => string;
  check?: (v: string) => { en: string; ru: string } | undefined;
}

const numericCheck =
  (label: string, valid: (v: string) => boolean) =>
  (v: string): { en: string; ru: string } | undefined =>
    valid(v) ? undefined : { en: `"${v}" is not a valid ${label} (digits or check digit wrong)`, ru: `«${v}» — неверный ${label} (цифры или контрольное число)` };

/**
 * The attributes a signer's certificate subject may carry: the X.520 ones and the Russian
 * identifiers of the Federal Tax Service's order (NumericString, check digits verified).
 */
export const SUBJECT_ATTRIBUTES: AttributeType[] = [
  { oid: '2.5.4.3', names: ['CN', 'commonName'], tag: 'utf8' },
  { oid: '2.5.4.4', names: ['SN', 'surname'], tag: 'utf8' },
  { oid: '2.5.4.42', names: ['GN', 'givenName'], tag: 'utf8' },
  { oid: '2.5.4.10', names: ['O', 'organizationName'], tag: 'utf8' },
  { oid: '2.5.4.11', names: ['OU', 'organizationalUnitName'], tag: 'utf8' },
  { oid: '2.5.4.12', names: ['T', 'title'], tag: 'utf8' },
  { oid: '2.5.4.7', names: ['L', 'localityName'], tag: 'utf8' },
  { oid: '2.5.4.8', names: ['ST', 'stateOrProvinceName'], tag: 'utf8' },
  { oid: '2.5.4.9', names: ['STREET', 'streetAddress'], tag: 'utf8' },
  {
    oid: '2.5.4.6',
    names: ['C', 'countryName'],
    tag: 'printable',
    check: (v) => (/^[A-Z]{2}$/.test(v) ? undefined : { en: `"${v}" is not a two-letter country code such as RU`, ru: `«${v}» — не двухбуквенный код страны, например RU` }),
  },
  {
    oid: '1.2.840.113549.1.9.1',
    names: ['E', 'emailAddress', 'email'],
    tag: 'ia5',
    check: (v) => (/^[\x21-\x7e]+@[\x21-\x7e]+\.[a-z]{2,}$/i.test(v) ? undefined : { en: `"${v}" is not an e-mail address`, ru: `«${v}» — не адрес электронной почты` }),
  },
  { oid: '1.2.643.100.4', names: ['INNLE', 'INN_LE'], tag: 'numeric', check: numericCheck('INN of a legal entity', (v) => v.length === 10 && isValidInn(v)) },
  { oid: '1.2.643.3.131.1.1', names: ['INN'], tag: 'numeric', check: numericCheck('INN', (v) => v.length === 12 && isValidInn(v)) },
  { oid: '1.2.643.100.1', names: ['OGRN'], tag: 'numeric', check: numericCheck('OGRN', (v) => v.length === 13 && isValidOgrn(v)) },
  { oid: '1.2.643.100.5', names: ['OGRNIP'], tag: 'numeric', check: numericCheck('OGRNIP', (v) => v.length === 15 && isValidOgrn(v)) },
  {
    oid: '1.2.643.100.3',
    names: ['SNILS'],
    tag: 'numeric',
    // Written on the card as 112-233-445 95; stored as the 11 digits.
    normalize: (v) => v.replace(/[-\s]/g, ''),
    check: numericCheck('SNILS', (v) => /^\d{11}$/.test(v) && isValidSnils(v)),
  },
];

const TAGS = { utf8: 0x0c, printable: 0x13, ia5: 0x16, numeric: 0x12 } as const;

export interface SubjectAttribute {
  type: AttributeType | { oid: string; names: []; tag: 'utf8' };
  value: string;
}

function lookup(name: string): AttributeType | undefined {
  const lower = name.toLowerCase();
  return SUBJECT_ATTRIBUTES.find((a) => a.oid === name || a.names.some((n) => n.toLowerCase() === lower));
}

function syntaxError(at: number, reason: string, reasonRu: string): LocalizedError {
  // reasonRu is passed for when the catalogue's Russian text of subject.syntax uses it.
  return new LocalizedError('subject.syntax', { at: at + 1, reason, reasonRu });
}

const HEX_PAIR = /^[0-9a-fA-F]{2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A value being read: literal text and RFC 4514 hex-escaped bytes, kept as UTF-8 bytes so that
 * consecutive escapes (\D0\98) make one character. `keep` is the length up to the last character
 * that is not an unescaped space: unescaped trailing spaces are dropped, escaped ones kept.
 */
class ValueBytes {
  private readonly bytes: number[] = [];
  private keep = 0;

  text(chars: string, significant: boolean): void {
    for (const b of Buffer.from(chars, 'utf8')) this.bytes.push(b);
    if (significant) this.keep = this.bytes.length;
  }

  byte(b: number): void {
    this.bytes.push(b);
    this.keep = this.bytes.length;
  }

  /** The value, or undefined if the escaped bytes are not UTF-8. */
  decode(trimEnd: boolean): string | undefined {
    try {
      return utf8.decode(Uint8Array.from(trimEnd ? this.bytes.slice(0, this.keep) : this.bytes));
    } catch {
      return undefined;
    }
  }
}

/**
 * Parses a subject written as in RFC 4514 ("CN=Иванов И.И.,O=ООО \"Ромашка\",1.2.643.100.4=7707083893"),
 * most specific first. Values may be quoted or use backslash escapes: \ followed by two hex digits
 * is a byte (consecutive ones are decoded as UTF-8: \D0\98\D0\B2 is "Ив"), \ followed by any other
 * character is that character. Unescaped spaces around a value are dropped. Multi-valued RDNs
 * (an unescaped +) are refused. Returns the attributes in the order written, with values as
 * stored (SNILS reduced to its digits).
 */
export function parseSubject(text: string): SubjectAttribute[] {
  const out: SubjectAttribute[] = [];
  let i = 0;
  const skipSpaces = (): void => {
    while (text[i] === ' ') i++;
  };
  /** Reads the character at text[i] (a whole code point, so astral characters stay intact) into value. */
  const literal = (value: ValueBytes, significant: boolean): void => {
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    value.text(ch, significant);
    i += ch.length;
  };
  /** Reads the escape at text[i] === '\\' into value and moves past it. */
  const escape = (value: ValueBytes): void => {
    const at = i++;
    if (i >= text.length) throw syntaxError(at, 'backslash at the end', 'обратная косая черта в конце');
    const pair = text.slice(i, i + 2);
    if (HEX_PAIR.test(pair)) {
      value.byte(parseInt(pair, 16));
      i += 2;
    } else {
      literal(value, true);
    }
  };
  while (i < text.length) {
    skipSpaces();
    const nameStart = i;
    while (i < text.length && text[i] !== '=' && text[i] !== ',') i++;
    const name = text.slice(nameStart, i).trim();
    if (text[i] !== '=' || !name) {
      const found = text.slice(nameStart, i + 1);
      throw syntaxError(nameStart, `expected NAME=value, found "${found}"`, `ожидается ИМЯ=значение, а не «${found}»`);
    }
    i++;
    skipSpaces();
    const bytes = new ValueBytes();
    let quoted = false;
    if (text[i] === '"') {
      quoted = true;
      const open = i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') escape(bytes);
        else literal(bytes, true);
      }
      if (text[i] !== '"') throw syntaxError(open, 'quoted value is not closed', 'не закрыта кавычка');
      i++;
      skipSpaces();
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== ';') {
        if (text[i] === '+') {
          throw syntaxError(
            i,
            'multi-valued RDNs (+) are not supported; escape a literal + as \\+',
            'составные RDN (+) не поддерживаются; знак + в значении пишите как \\+',
          );
        }
        if (text[i] === '\\') escape(bytes);
        else literal(bytes, text[i] !== ' ');
      }
    }
    if (i < text.length && text[i] !== ',' && text[i] !== ';') {
      throw syntaxError(i, `expected "," after the value of ${name}`, `после значения ${name} ожидается «,»`);
    }
    i++;
    const type = lookup(name) ?? (/^\d+(\.\d+)+$/.test(name) ? { oid: name, names: [] as [], tag: 'utf8' as const } : undefined);
    if (!type) {
      throw new LocalizedError('subject.unknown-attribute', { name, allowed: SUBJECT_ATTRIBUTES.map((a) => a.names[0]).join(', ') });
    }
    const decoded = bytes.decode(!quoted);
    if (decoded === undefined) {
      throw new LocalizedError('subject.invalid-value', { name, reason: 'the escaped bytes are not UTF-8', reasonRu: 'экранированные байты — не UTF-8' });
    }
    if (!decoded) throw new LocalizedError('subject.invalid-value', { name, reason: 'empty value', reasonRu: 'пустое значение' });
    const value = 'normalize' in type && type.normalize ? type.normalize(decoded) : decoded;
    if (type.tag === 'numeric' && !/^[0-9 ]+$/.test(value)) {
      throw new LocalizedError('subject.invalid-value', {
        name,
        reason: `"${decoded}" may contain only digits and spaces`,
        reasonRu: `«${decoded}» может содержать только цифры и пробелы`,
      });
    }
    const problem = 'check' in type ? type.check?.(value) : undefined;
    if (problem) throw new LocalizedError('subject.invalid-value', { name, reason: problem.en, reasonRu: problem.ru });
    out.push({ type, value });
  }
  if (!out.some((a) => a.type.oid === '2.5.4.3')) throw new LocalizedError('subject.no-cn');
  return out;
}

/** The subject as a DER Name: one attribute per RDN, least specific first (the reverse of RFC 4514 text). */
export function subjectToDer(attributes: SubjectAttribute[]): Buffer {
  const rdns = [...attributes].reverse().map((a) => {
    const value = a.type.tag === 'utf8' ? Buffer.from(a.value, 'utf8') : Buffer.from(a.value, 'latin1');
    return set(sequence(oid(a.type.oid), tlv(TAGS[a.type.tag], value)));
  });
  return sequence(...rdns);
}

const escapeValue = (v: string): string => v.replace(/([,+"\\<>;])/g, '\\$1').replace(/^([ #])/, '\\$1').replace(/ $/, '\\ ');

/** Decodes the string types names use; other types are shown as # + hex, as RFC 4514 does. */
function decodeValue(tag: number, bytes: Uint8Array, raw: Uint8Array): string {
  switch (tag) {
    case 0x0c: // UTF8String
      return Buffer.from(bytes).toString('utf8');
    case 0x12: // NumericString
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x14: // TeletexString (Latin-1 in practice)
      return Buffer.from(bytes).toString('latin1');
    case 0x1e: // BMPString: UTF-16BE; an odd length is not one, and is shown as hex
      return bytes.length % 2 === 0 ? Buffer.from(bytes).swap16().toString('utf16le') : `#${Buffer.from(raw).toString('hex')}`;
    default:
      return `#${Buffer.from(raw).toString('hex')}`;
  }
}


/**
 * A DER Name as RFC 4514 text, most specific first, with the short names this app parses
 * (so INNLE, OGRN and SNILS read as such, and Cyrillic as Cyrillic).
 */
export function nameToText(der: Uint8Array): string {
  const parts: string[] = [];
  const name = readTlv(der);
  for (let at = name.start; at < name.end; ) {
    const rdn = readTlv(der, at);
    const values: string[] = [];
    for (let a = rdn.start; a < rdn.end; ) {
      const atv = readTlv(der, a);
      const type = readTlv(der, atv.start);
      const value = readTlv(der, type.end);
      const id = decodeOid(der.subarray(type.start, type.end));
      const short = SUBJECT_ATTRIBUTES.find((x) => x.oid === id)?.names[0] ?? id;
      values.push(`${short}=${escapeValue(decodeValue(value.tag, der.subarray(value.start, value.end), der.subarray(type.end, value.end)))}`);
      a = atv.end;
    }
    parts.unshift(values.join('+'));
    at = rdn.end;
  }
  return parts.join(', ');
}
