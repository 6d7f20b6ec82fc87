/**
 * A small XML reader for bank messages, written to be safe on hostile input rather than
 * complete: no DOCTYPE or ENTITY declarations at all (no billion laughs, no external entities),
 * only the five predefined entities and numeric character references, a depth limit and a size
 * limit. Elements, attributes, namespaces by prefix, text, CDATA, comments, processing
 * instructions (skipped) and the XML declaration are read; every error names line and column.
 */
import { LocalizedError, type MessageKey, type MessageParams } from '../../../shared/i18n/index.ts';
import { checkSize, MAX_FILE_BYTES } from '../encoding.ts';

export interface XmlElement {
  /** The name as written, prefix included. */
  name: string;
  /** The name without its prefix. */
  local: string;
  /** The namespace URI the prefix (or the default namespace) is bound to; "" for none. */
  ns: string;
  /** Attributes as written (namespace declarations left out). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (character data and CDATA), children's text not included. */
  text: string;
  line: number;
  column: number;
}

export interface XmlDocument {
  root: XmlElement;
  declaration?: { version: string; encoding?: string };
}

export interface XmlReadOptions {
  maxDepth?: number;
  maxBytes?: number;
}

export const MAX_XML_DEPTH = 64;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Characters XML 1.0 allows (tab, LF, CR and the rest from U+0020, no U+FFFE/U+FFFF, no lone surrogates). */
export function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x9 || c === 0xa || c === 0xd;
/** Characters that end a name: space and the markup characters. */
const endsName = (c: number): boolean => isSpace(c) || c === 0x3e /* > */ || c === 0x2f /* / */ || c === 0x3d /* = */ || c === 0x3c /* < */ || c === 0x22 || c === 0x27 || c === 0x26 || Number.isNaN(c);

interface Frame {
  el: XmlElement;
  /** Namespace bindings in scope for this element (its own declarations over its parent's). */
  ns: Map<string, string>;
  text: string[];
}

class Parser {
  private pos = 0;
  /** Line counting is incremental: positions only move forward. */
  private lineAtPos = 1;
  private lineStart = 0;
  private counted = 0;

  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
  ) {}

  private locate(at: number): { line: number; column: number } {
    for (let i = this.counted; i < at; i++) {
      if (this.s.charCodeAt(i) === 0xa) {
        this.lineAtPos++;
        this.lineStart = i + 1;
      }
    }
    if (at > this.counted) this.counted = at;
    return { line: this.lineAtPos, column: at - this.lineStart + 1 };
  }

  /** Line and column of an earlier position, counted afresh (only for error messages). */
  private locateAnywhere(at: number): { line: number; column: number } {
    if (at >= this.counted) return this.locate(at);
    let line = 1;
    let start = 0;
    for (let i = 0; i < at; i++) {
      if (this.s.charCodeAt(i) === 0xa) {
        line++;
        start = i + 1;
      }
    }
    return { line, column: at - start + 1 };
  }

  private fail(code: MessageKey, at: number, params: MessageParams = {}): never {
    throw new LocalizedError(code, { ...this.locateAnywhere(at), ...params });
  }

  private expect(literal: string, what = `"${literal}"`): void {
    if (!this.s.startsWith(literal, this.pos)) this.fail('format.xml.syntax', this.pos, { expected: what });
    this.pos += literal.length;
  }

  private skipSpace(): void {
    while (isSpace(this.s.charCodeAt(this.pos))) this.pos++;
  }

  private name(): string {
    const start = this.pos;
    while (this.pos < this.s.length && !endsName(this.s.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) this.fail('format.xml.syntax', start, { expected: 'a name' });
    return this.s.slice(start, this.pos);
  }

  /** Refuses characters XML does not allow (C0 controls, U+FFFE/U+FFFF, lone surrogates). */
  private checkChars(raw: string, at: number): void {
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if ((c >= 0x20 && c < 0xd800) || c === 0x9 || c === 0xa || c === 0xd || (c >= 0xe000 && c <= 0xfffd)) continue;
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = raw.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          continue;
        }
      }
      this.fail('format.xml.invalid-char', at + i, { code: `U+${c.toString(16).toUpperCase().padStart(4, '0')}` });
    }
  }

  /** Text with references resolved; `attribute` normalises literal white space to spaces, as XML does. */
  private decode(raw: string, at: number, attribute: boolean): string {
    this.checkChars(raw, at);
    if (!raw.includes('&') && !(attribute && /[<\t\n\r]/.test(raw))) return raw;
    const out: string[] = [];
    let last = 0;
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (c === 0x26 /* & */) {
        const end = raw.indexOf(';', i);
        if (end < 0) this.fail('format.xml.syntax', at + i, { expected: '";" closing the reference' });
        const ref = raw.slice(i + 1, end);
        let ch: string;
        if (ref.startsWith('#')) {
          const hex = ref[1] === 'x';
          const valid = hex ? /^#x[0-9a-fA-F]{1,6}$/.test(ref) : /^#[0-9]{1,7}$/.test(ref);
          const cp = valid ? parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10) : -1;
          if (!isXmlChar(cp)) this.fail('format.xml.char-ref-invalid', at + i, { ref: `&${ref.slice(0, 12)};` });
          ch = String.fromCodePoint(cp);
        } else {
          const known = PREDEFINED[ref];
          if (known === undefined) this.fail('format.xml.entity-unknown', at + i, { name: ref.slice(0, 40) });
          ch = known;
        }
        out.push(raw.slice(last, i), ch);
        last = end + 1;
        i = end;
      } else if (attribute && c === 0x3c /* < */) {
        this.fail('format.xml.syntax', at + i, { expected: 'no "<" inside an attribute value' });
      } else if (attribute && (c === 0x9 || c === 0xa || c === 0xd)) {
        out.push(raw.slice(last, i), ' ');
        last = i + 1;
      }
    }
    out.push(raw.slice(last));
    return out.join('');
  }

  private resolve(prefixed: string, scope: Map<string, string>, at: number, isAttribute: boolean): { local: string; ns: string } {
    const colon = prefixed.indexOf(':');
    if (colon < 0) return { local: prefixed, ns: isAttribute ? '' : (scope.get('') ?? '') };
    const prefix = prefixed.slice(0, colon);
    const ns = prefix === 'xml' ? XML_NS : scope.get(prefix);
    if (ns === undefined) this.fail('format.xml.namespace-unbound', at, { prefix });
    return { local: prefixed.slice(colon + 1), ns };
  }

  parse(): XmlDocument {
    const s = this.s;
    const doc: { root?: XmlElement; declaration?: XmlDocument['declaration'] } = {};
    if (s.startsWith('<?xml') && isSpace(s.charCodeAt(5))) doc.declaration = this.declaration();
    const stack: Frame[] = [];
    const rootScope = new Map<string, string>();

    while (this.pos < s.length) {
      const lt = s.indexOf('<', this.pos);
      const textEnd = lt < 0 ? s.length : lt;
      if (textEnd > this.pos) {
        const raw = s.slice(this.pos, textEnd);
        const top = stack.at(-1);
        if (top) top.text.push(this.decode(raw, this.pos, false));
        else if (raw.trim() !== '') this.fail('format.xml.content-outside-root', this.pos + raw.search(/\S/));
        this.pos = textEnd;
      }
      if (lt < 0) break;

      if (s.startsWith('<!--', lt)) {
        const end = s.indexOf('-->', lt + 4);
        if (end < 0) this.fail('format.xml.syntax', lt, { expected: '"-->" closing the comment' });
        this.pos = end + 3;
      } else if (s.startsWith('<![CDATA[', lt)) {
        const top = stack.at(-1);
        if (!top) this.fail('format.xml.content-outside-root', lt);
        const end = s.indexOf(']]>', lt + 9);
        if (end < 0) this.fail('format.xml.syntax', lt, { expected: '"]]>" closing the CDATA section' });
        const raw = s.slice(lt + 9, end);
        this.checkChars(raw, lt + 9);
        top.text.push(raw);
        this.pos = end + 3;
      } else if (s.startsWith('<!', lt)) {
        // DOCTYPE, ENTITY, ELEMENT, ATTLIST...: every declaration is refused.
        this.fail('format.xml.doctype', lt);
      } else if (s.startsWith('<?', lt)) {
        const end = s.indexOf('?>', lt + 2);
        if (end < 0) this.fail('format.xml.syntax', lt, { expected: '"?>" closing the processing instruction' });
        this.pos = end + 2;
      } else if (s.charCodeAt(lt + 1) === 0x2f /* / */) {
        this.pos = lt + 2;
        const name = this.name();
        this.skipSpace();
        this.expect('>');
        const top = stack.pop();
        if (!top) this.fail('format.xml.content-outside-root', lt);
        if (top.el.name !== name) this.fail('format.xml.tag-mismatch', lt, { expected: top.el.name, found: name });
        top.el.text = top.text.length === 1 ? top.text[0]! : top.text.join('');
        if (stack.length === 0) doc.root = top.el;
      } else {
        if (stack.length === 0 && doc.root) this.fail('format.xml.content-outside-root', lt);
        if (stack.length >= this.maxDepth) this.fail('format.xml.too-deep', lt, { max: this.maxDepth });
        const frame = this.startTag(lt, stack.at(-1)?.ns ?? rootScope);
        if (frame.selfClosing) {
          if (stack.length === 0) doc.root = frame.frame.el;
          else stack.at(-1)!.el.children.push(frame.frame.el);
        } else {
          stack.at(-1)?.el.children.push(frame.frame.el);
          stack.push(frame.frame);
        }
      }
    }
    const unclosed = stack[0];
    if (unclosed) {
      const innermost = stack.at(-1)!.el;
      throw new LocalizedError('format.xml.unclosed', { name: innermost.name, line: innermost.line, column: innermost.column });
    }
    if (!doc.root) throw new LocalizedError('format.xml.no-root');
    return doc.declaration ? { root: doc.root, declaration: doc.declaration } : { root: doc.root };
  }

  private startTag(lt: number, parentScope: Map<string, string>): { frame: Frame; selfClosing: boolean } {
    const where = this.locate(lt);
    this.pos = lt + 1;
    const name = this.name();
    const raw: { name: string; value: string; at: number }[] = [];
    let scope = parentScope;
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      const c = this.s.charCodeAt(this.pos);
      if (c === 0x3e /* > */ || c === 0x2f /* / */) break;
      if (this.pos === before) this.fail('format.xml.syntax', this.pos, { expected: 'white space, ">" or "/>"' });
      const at = this.pos;
      const attr = this.name();
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      const quote = this.s[this.pos];
      if (quote !== '"' && quote !== "'") this.fail('format.xml.syntax', this.pos, { expected: 'a quoted attribute value' });
      const end = this.s.indexOf(quote, this.pos + 1);
      if (end < 0) this.fail('format.xml.syntax', this.pos, { expected: 'the closing quote of the attribute value' });
      const value = this.decode(this.s.slice(this.pos + 1, end), this.pos + 1, true);
      this.pos = end + 1;
      if (raw.some((r) => r.name === attr)) this.fail('format.xml.attribute-duplicate', at, { name: attr });
      raw.push({ name: attr, value, at });
      if (attr === 'xmlns' || attr.startsWith('xmlns:')) {
        if (scope === parentScope) scope = new Map(parentScope);
        scope.set(attr === 'xmlns' ? '' : attr.slice(6), value);
      }
    }
    const selfClosing = this.s.charCodeAt(this.pos) === 0x2f;
    this.expect(selfClosing ? '/>' : '>');
    const attrs: Record<string, string> = {};
    for (const r of raw) {
      if (r.name === 'xmlns' || r.name.startsWith('xmlns:')) continue;
      this.resolve(r.name, scope, r.at, true);
      attrs[r.name] = r.value;
    }
    const { local, ns } = this.resolve(name, scope, lt + 1, false);
    const el: XmlElement = { name, local, ns, attrs, children: [], text: '', line: where.line, column: where.column };
    return { frame: { el, ns: scope, text: [] }, selfClosing };
  }

  private declaration(): XmlDocument['declaration'] {
    const end = this.s.indexOf('?>');
    if (end < 0) this.fail('format.xml.syntax', 0, { expected: '"?>" closing the XML declaration' });
    const body = this.s.slice(5, end);
    const attr = (n: string): string | undefined => new RegExp(`${n}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(body)?.slice(1).find((v) => v !== undefined);
    this.pos = end + 2;
    const version = attr('version') ?? '1.0';
    const encoding = attr('encoding');
    return encoding === undefined ? { version } : { version, encoding };
  }
}

/** Parses XML text. Throws LocalizedError naming what is wrong and where. */
export function parseXml(text: string, options: XmlReadOptions = {}): XmlDocument {
  // XML reads CR LF and lone CR as LF; a text written as "&#13;" keeps its CR.
  const normalised = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  return new Parser(normalised, options.maxDepth ?? MAX_XML_DEPTH).parse();
}

/**
 * Parses XML bytes: UTF-8 (with or without BOM, the default) or the Windows-1251 that Russian
 * bank systems also write, as the XML declaration says.
 */
export function parseXmlBytes(bytes: Uint8Array, options: XmlReadOptions = {}): XmlDocument & { encoding: 'utf-8' | 'windows-1251' } {
  checkSize(bytes, options.maxBytes ?? MAX_FILE_BYTES);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^(?:\uFEFF|ï»¿)?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1]?.toLowerCase();
  const encoding = declared === undefined || declared === 'utf-8' || declared === 'utf8' ? 'utf-8' : declared === 'windows-1251' || declared === 'cp1251' ? 'windows-1251' : undefined;
  if (!encoding) throw new LocalizedError('format.xml.encoding-unsupported', { encoding: declared ?? '' });
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new LocalizedError('format.xml.encoding-invalid', { encoding: encoding === 'utf-8' ? 'UTF-8' : 'Windows-1251', offset: firstInvalidUtf8(bytes) });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ...parseXml(text, options), encoding };
}

/** Offset of the first byte that breaks UTF-8, for the error message. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  const ok = (n: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n));
      return true;
    } catch {
      // a sequence cut at n is also "invalid"; the search still converges near the bad byte
      return false;
    }
  };
  while (hi - lo > 4) {
    const mid = (lo + hi) >> 1;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Helpers to walk a parsed tree by local names. */
export const child = (el: XmlElement | undefined, local: string): XmlElement | undefined => el?.children.find((c) => c.local === local);
export const children = (el: XmlElement | undefined, local: string): XmlElement[] => el?.children.filter((c) => c.local === local) ?? [];
/** The text at a path of local names below an element, trimmed; undefined when any step is missing. */
export function textAt(el: XmlElement | undefined, ...path: string[]): string | undefined {
  let cur = el;
  for (const step of path) cur = child(cur, step);
  return cur?.text.trim();
}
