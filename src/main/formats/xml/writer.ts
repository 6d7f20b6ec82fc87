/**
 * Writes XML with every text and attribute escaped, so that whatever a document holds
 * ("<script>", "&", quotes, a right-to-left override) comes back as the same text and never as
 * markup. Characters XML cannot carry at all (C0 controls, U+FFFE/U+FFFF, lone surrogates) are
 * refused rather than dropped.
 */
import { LocalizedError } from '../../../shared/i18n/index.ts';
import { isXmlChar } from './reader.ts';

const TEXT_SPECIAL = /[&<>\r]/g;
const ATTR_SPECIAL = /[&<>"\t\n\r]/g;
const REPLACEMENT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' };

function checkWritable(text: string, where: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c < 0xd800) || c === 0x9 || c === 0xa || c === 0xd) continue;
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff && isXmlChar(cp)) {
      i++;
      continue;
    }
    if (cp >= 0xe000 && isXmlChar(cp)) continue;
    throw new LocalizedError('format.xml.unwritable-char', { code: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`, where });
  }
}

/** Text content escaped: & < > and CR (which a reader would otherwise turn into LF). */
export function escapeText(text: string, where = 'text'): string {
  checkWritable(text, where);
  return text.replace(TEXT_SPECIAL, (c) => REPLACEMENT[c]!);
}

/** An attribute value escaped for double quotes; tabs and line breaks as references, which readers keep. */
export function escapeAttr(text: string, where = 'attribute'): string {
  checkWritable(text, where);
  return text.replace(ATTR_SPECIAL, (c) => REPLACEMENT[c]!);
}

/** Builds an indented document in chunks joined once at the end. */
export class XmlWriter {
  private readonly out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  private readonly open: string[] = [];

  private attrs(attrs: Record<string, string> | undefined, name: string): string {
    if (!attrs) return '';
    let s = '';
    for (const [k, v] of Object.entries(attrs)) s += ` ${k}="${escapeAttr(v, `${name}/@${k}`)}"`;
    return s;
  }

  start(name: string, attrs?: Record<string, string>): this {
    this.out.push('  '.repeat(this.open.length), '<', name, this.attrs(attrs, name), '>\n');
    this.open.push(name);
    return this;
  }

  end(): this {
    const name = this.open.pop();
    if (name === undefined) throw new Error('XmlWriter.end() without start()');
    this.out.push('  '.repeat(this.open.length), '</', name, '>\n');
    return this;
  }

  /** An element with text only. */
  leaf(name: string, text: string, attrs?: Record<string, string>): this {
    this.out.push('  '.repeat(this.open.length), '<', name, this.attrs(attrs, name), '>', escapeText(text, name), '</', name, '>\n');
    return this;
  }

  /** The element only when there is text for it (ISO 20022 text types have a minimum length of 1). */
  optionalLeaf(name: string, text: string | undefined, attrs?: Record<string, string>): this {
    return text === undefined || text === '' ? this : this.leaf(name, text, attrs);
  }

  toString(): string {
    if (this.open.length > 0) throw new Error(`XmlWriter: <${this.open.at(-1)}> is still open`);
    return this.out.join('');
  }

  toBytes(): Uint8Array {
    return new TextEncoder().encode(this.toString());
  }
}
