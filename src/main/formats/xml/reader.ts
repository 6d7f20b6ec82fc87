/**
 * The XML reader for bank messages: saxes (a strict, streaming, non-validating parser) checks
 * well-formedness and namespaces, and this module builds the small tree the ISO 20022 readers
 * walk, with the limits and refusals that hostile input needs:
 * - a DOCTYPE (with or without an internal subset, so ENTITY/ELEMENT/ATTLIST declarations and
 *   SYSTEM/PUBLIC identifiers too) is refused when saxes reports it, and a "<!ENTITY" or any
 *   other "<!" declaration outside one is refused as well; no entity is ever expanded but the
 *   five predefined ones and numeric character references, so nothing external is ever read;
 * - depth (64 by default) is checked as each start tag opens, without recursion; the byte size
 *   limit is checked before decoding;
 * - every error is a LocalizedError naming line and column (1-based, in UTF-16 code units).
 * Everything here is linear in the input: namespace scopes are saxes' per-element declaration
 * maps (no copy of the parent's), and duplicate attributes are found with a set.
 */
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
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

/** Characters XML 1.0 allows (tab, LF, CR and the rest from U+0020, no U+FFFE/U+FFFF, no lone surrogates). */
export function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** saxes lets a high surrogate followed by anything but a low one through; a string (not decoded bytes) may hold one. */
const LONE_HIGH_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x9 || c === 0xa || c === 0xd;
const hex = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

type Found = { code: MessageKey; at: number; params?: MessageParams };

class Reader {
  private readonly sax = new SaxesParser({ xmlns: true, position: false, forceXMLVersion: true, defaultXMLVersion: '1.0' });
  /** Open elements, innermost last; their text grows as saxes reports it. */
  private readonly stack: XmlElement[] = [];
  private root: XmlElement | undefined;
  private declaration: XmlDocument['declaration'];
  /** Where the current start tag's "<" is, and each of its attributes as saxes reported them. */
  private tagAt = 0;
  private tagName = '';
  private attrs: SaxesAttributeNS[] = [];
  private attrEnds: number[] = [];
  /** The last element saxes closed: the one a mismatched end tag was checked against. */
  private closedName = '';
  /** Incremental line counting: element starts only move forward. */
  private line = 1;
  private lineStart = 0;
  private counted = 0;

  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
  ) {
    const sax = this.sax;
    sax.on('error', (e) => {
      throw this.refusal(e.message);
    });
    sax.on('xmldecl', (d) => {
      this.declaration = d.encoding === undefined ? { version: d.version ?? '1.0' } : { version: d.version ?? '1.0', encoding: d.encoding };
    });
    sax.on('doctype', (text) => {
      // saxes has scanned the DOCTYPE (declarations and all) without acting on any of it.
      const at = sax.position - text.length - '<!DOCTYPE>'.length;
      throw this.error('format.xml.doctype', this.s.startsWith('<!DOCTYPE', at) ? at : this.s.indexOf('<!DOCTYPE'));
    });
    sax.on('opentagstart', (tag) => {
      // saxes has read "<", the name and the character after it.
      const lt = sax.position - tag.name.length - 2;
      this.tagAt = this.s.charCodeAt(lt) === 0x3c ? lt : this.s.lastIndexOf('<', sax.position - 2);
      this.tagName = tag.name;
      this.attrs.length = 0;
      this.attrEnds.length = 0;
      if (this.stack.length >= this.maxDepth) throw this.error('format.xml.too-deep', this.tagAt, { max: this.maxDepth });
    });
    sax.on('attribute', (a) => {
      this.attrs.push(a);
      this.attrEnds.push(sax.position);
    });
    sax.on('opentag', (tag) => this.open(tag));
    // outside the root saxes reports only white space (anything else is an error)
    const addText = (t: string): void => {
      const top = this.stack[this.stack.length - 1];
      if (top) top.text += t;
    };
    sax.on('text', addText);
    sax.on('cdata', addText);
    sax.on('closetag', (tag) => {
      this.closedName = tag.name;
      this.stack.pop();
    });
  }

  parse(): XmlDocument {
    const lone = LONE_HIGH_SURROGATE.exec(this.s);
    if (lone) throw this.error('format.xml.invalid-char', lone.index, { code: hex(this.s.charCodeAt(lone.index)) });
    this.sax.write(this.s).close();
    if (!this.root) throw new LocalizedError('format.xml.no-root');
    return this.declaration ? { root: this.root, declaration: this.declaration } : { root: this.root };
  }

  private open(tag: SaxesTagNS): void {
    const attrs: Record<string, string> = {};
    // the attributes as reported one by one (tag.attributes holds the same objects, keyed by name)
    for (const a of this.attrs) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      if (a.name === '__proto__') Object.defineProperty(attrs, a.name, { value: a.value, enumerable: true, writable: true, configurable: true });
      else attrs[a.name] = a.value;
    }
    const where = this.locate(this.tagAt);
    const el: XmlElement = { name: tag.name, local: tag.local, ns: tag.uri, attrs, children: [], text: '', line: where.line, column: where.column };
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(el);
    else this.root = el;
    this.stack.push(el); // saxes closes a self-closing tag at once
  }

  private locate(at: number): { line: number; column: number } {
    if (at < this.counted) return this.locateAfresh(at);
    for (let nl = this.s.indexOf('\n', this.counted); nl >= 0 && nl < at; nl = this.s.indexOf('\n', nl + 1)) {
      this.line++;
      this.lineStart = nl + 1;
    }
    this.counted = at;
    return { line: this.line, column: at - this.lineStart + 1 };
  }

  /** Line and column of an earlier position, counted from the start (error messages only). */
  private locateAfresh(at: number): { line: number; column: number } {
    let line = 1;
    let start = 0;
    for (let nl = this.s.indexOf('\n'); nl >= 0 && nl < at; nl = this.s.indexOf('\n', nl + 1)) {
      line++;
      start = nl + 1;
    }
    return { line, column: at - start + 1 };
  }

  private error(code: MessageKey, at: number, params: MessageParams = {}): LocalizedError {
    return new LocalizedError(code, { ...this.locateAfresh(Math.max(0, Math.min(at, this.s.length))), ...params });
  }

  /** saxes' English message turned into our code, parameters and the position it is about. */
  private refusal(message: string): LocalizedError {
    if (message.startsWith('unclosed tag:')) {
      const ref = this.unterminatedReference();
      if (ref !== undefined) return this.error('format.xml.syntax', ref, { problem: 'reference' });
      const el = this.stack[this.stack.length - 1];
      if (el) return new LocalizedError('format.xml.unclosed', { name: el.name, line: el.line, column: el.column });
    }
    if (message.startsWith('document must contain a root')) return new LocalizedError('format.xml.no-root');
    const f = this.classify(message);
    return this.error(f.code, f.at, f.params);
  }

  private classify(message: string): Found {
    const s = this.s;
    const pos = this.sax.position;
    const last = pos - 1;
    const amp = (): number => s.lastIndexOf('&', last);
    const syntax = (problem: string, at = last): Found => ({ code: 'format.xml.syntax', at, params: { problem } });
    const has = (start: string): boolean => message.startsWith(start);

    if (has('disallowed character.')) {
      if (s.charCodeAt(last) === 0x3c) return syntax('attribute-lt');
      const low = s.charCodeAt(last) >= 0xdc00 && s.charCodeAt(last) <= 0xdfff && s.charCodeAt(last - 1) >= 0xd800 && s.charCodeAt(last - 1) <= 0xdbff;
      const at = low ? last - 1 : last;
      return { code: 'format.xml.invalid-char', at, params: { code: hex(s.codePointAt(at)!) } };
    }
    if (has('malformed comment.')) return { code: 'format.xml.comment-dashes', at: pos - 3 };
    if (has('the string "]]>" is disallowed')) return { code: 'format.xml.cdata-end-in-text', at: pos - 3 };
    if (has('an XML declaration must be at the start') || has('the XML declaration must appear at the start')) return { code: 'format.xml.declaration-misplaced', at: s.lastIndexOf('<?', last) };
    if (has('duplicate attribute:')) return this.duplicate();
    if (has('unbound namespace prefix:')) return this.unbound(JSON.parse(message.slice('unbound namespace prefix: '.length, -1)) as string);
    if (has('undefined entity.')) return { code: 'format.xml.entity-unknown', at: amp(), params: { name: s.slice(amp() + 1, last).slice(0, 40) } };
    if (has('malformed character entity.')) return { code: 'format.xml.char-ref-invalid', at: amp(), params: { ref: `${s.slice(amp(), last).slice(0, 13)};` } };
    if (has('disallowed character in entity name.') || has('empty entity name.')) return syntax('reference', amp());
    if (has('unexpected close tag.')) {
      const lt = s.lastIndexOf('</', last);
      return { code: 'format.xml.tag-mismatch', at: lt, params: { expected: this.closedName, found: s.slice(lt + 2, last).trim() } };
    }
    if (has('unmatched closing tag:')) return { code: 'format.xml.content-outside-root', at: s.lastIndexOf('</', last) };
    if (has('documents may contain only one root.')) return { code: 'format.xml.content-outside-root', at: this.tagAt };
    if (has('text data outside of root node.')) {
      let at = s.lastIndexOf('>', last) + 1;
      while (isSpace(s.charCodeAt(at))) at++;
      return { code: 'format.xml.content-outside-root', at };
    }
    if (has('inappropriately located doctype')) return { code: 'format.xml.doctype', at: s.lastIndexOf('<!', last) };
    if (has('incorrect syntax.')) {
      // "<!" that starts neither a comment nor CDATA: a declaration such as <!ENTITY, refused like a DOCTYPE
      const at = s.lastIndexOf('<!', last);
      return /^<![A-Z]/.test(s.slice(at, at + 3)) ? { code: 'format.xml.doctype', at } : syntax('markup', at);
    }
    if (has('disallowed character in tag name') || has('disallowed character in closing tag') || has('weird empty close tag')) {
      const lt = s.lastIndexOf('<', last);
      return { code: 'format.xml.name-invalid', at: last, params: { name: nameLike(s, lt + (s.charCodeAt(lt + 1) === 0x2f ? 2 : 1)) } };
    }
    if (has('malformed name:')) return { code: 'format.xml.name-invalid', at: this.tagAt + 1, params: { name: message.slice('malformed name: '.length, -1).slice(0, 40) } };
    if (has('disallowed character in attribute name.')) {
      // a name followed by "/" or ">" is an attribute without a value, anything else a bad name
      return '/>'.includes(s[last]!) ? syntax('attribute-value') : { code: 'format.xml.name-invalid', at: last, params: { name: nameLike(s, last) } };
    }
    if (has('disallowed character in processing instruction name') || has('processing instruction without a target')) return { code: 'format.xml.name-invalid', at: last, params: { name: nameLike(s, s.lastIndexOf('<?', last) + 2) } };
    if (has('tags may not have "xmlns"') || has('xml prefix must') || has('xmlns prefix must') || has('the default namespace may not') || has('may not assign') || has('invalid attempt to undefine')) {
      return syntax('namespace-reserved', this.tagAt);
    }
    if (has('forward-slash in opening tag')) return syntax('tag-slash');
    if (has('attribute without value.')) return syntax('attribute-value');
    if (has('unquoted attribute value.')) return syntax('attribute-quote');
    if (has('no whitespace between attributes.')) return syntax('attribute-space');
    if (has('unclosed tag:')) return syntax('end', s.length);
    if (has('unexpected end.')) return syntax(this.unterminatedReference() === undefined ? 'end' : 'reference', this.unterminatedReference() ?? s.length);
    if (/XML declaration|expected the name|expected one of|value required|value must|version number|encoding value|standalone value|whitespace required|processing instructions are not allowed/.test(message)) {
      return { code: 'format.xml.declaration-invalid', at: last };
    }
    return syntax('markup');
  }

  /** The attribute saxes found repeated (by namespace URI and local name), and where it is. */
  private duplicate(): Found {
    const seen = new Set<string>();
    for (let i = 0; i < this.attrs.length; i++) {
      const a = this.attrs[i]!;
      const expanded = a.prefix === '' ? a.name : `{${this.sax.resolve(a.prefix) ?? a.prefix}}${a.local}`;
      if (seen.has(expanded)) return { code: 'format.xml.attribute-duplicate', at: this.attrStart(i), params: { name: a.name, expanded } };
      seen.add(expanded);
    }
    return { code: 'format.xml.attribute-duplicate', at: this.tagAt, params: { name: '?' } };
  }

  private unbound(prefix: string): Found {
    const colon = this.tagName.indexOf(':');
    if (colon >= 0 && this.tagName.slice(0, colon) === prefix) return { code: 'format.xml.namespace-unbound', at: this.tagAt + 1, params: { prefix } };
    const i = this.attrs.findIndex((a) => a.prefix === prefix);
    return { code: 'format.xml.namespace-unbound', at: i >= 0 ? this.attrStart(i) : this.tagAt + 1, params: { prefix } };
  }

  /** An attribute's first character, found back from just past its closing quote (a value holds no quote of its own kind). */
  private attrStart(i: number): number {
    const end = this.attrEnds[i]!;
    let j = this.s.lastIndexOf(this.s[end - 1]!, end - 2) - 1;
    while (j > 0 && (isSpace(this.s.charCodeAt(j)) || this.s.charCodeAt(j) === 0x3d)) j--;
    return j + 1 - this.attrs[i]!.name.length;
  }

  /**
   * saxes reads a reference up to the next ";" whatever comes between, so an "&" with no ";"
   * after it swallows the rest of the file and surfaces as an unclosed element: find that "&".
   */
  private unterminatedReference(): number | undefined {
    const amp = this.s.indexOf('&', this.s.lastIndexOf(';') + 1);
    return amp >= 0 ? amp : undefined;
  }
}

/** A name-like piece of text at `from`, for messages (up to white space or markup, at most 40 characters). */
function nameLike(s: string, from: number): string {
  let end = from;
  while (end < s.length && end - from < 40 && !isSpace(s.charCodeAt(end)) && !'<>/="\''.includes(s[end]!)) end++;
  return s.slice(from, Math.max(end, from + 1));
}

/** Parses XML text. Throws LocalizedError naming what is wrong and where. */
export function parseXml(text: string, options: XmlReadOptions = {}): XmlDocument {
  // XML reads CR LF and lone CR as LF; a text written as "&#13;" keeps its CR.
  const normalised = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  return new Reader(normalised, options.maxDepth ?? MAX_XML_DEPTH).parse();
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
