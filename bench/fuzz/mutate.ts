/**
 * Mutators: byte-level (bit flips, insert, delete, duplicate, splice), DER-aware (lengths,
 * tags, nesting, indefinite lengths) and line/markup-aware for text formats. Each takes the PRNG
 * of one input, so the same (seed, index) always makes the same mutation of the same corpus.
 */
import type { Prng } from './prng.ts';

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x30, 0x31, 0xa0, 0x04, 0x06, 0x02, 0x1f, 0x20];

/** One byte-level change. Inputs stay under `max` bytes. */
export function mutateBytes(rng: Prng, input: Buffer, other: Buffer | undefined, max: number): Buffer {
  const n = input.length;
  const at = rng.int(n + 1);
  switch (rng.int(9)) {
    case 0: {
      if (n === 0) return rng.bytes(1);
      const out = Buffer.from(input);
      out[rng.int(n)]! ^= 1 << rng.int(8);
      return out;
    }
    case 1: {
      if (n === 0) return Buffer.from([rng.pick(INTERESTING_BYTES)]);
      const out = Buffer.from(input);
      out[rng.int(n)] = rng.pick(INTERESTING_BYTES);
      return out;
    }
    case 2:
      return cap(Buffer.concat([input.subarray(0, at), rng.bytes(rng.range(1, 16)), input.subarray(at)]), max);
    case 3: {
      const len = rng.range(1, Math.max(1, Math.min(n - at, 64)));
      return Buffer.concat([input.subarray(0, at), input.subarray(at + len)]);
    }
    case 4: {
      // duplicate a range in place (repeats a field, a TLV, a line)
      const from = rng.int(n + 1);
      const len = rng.int(Math.min(n - from, 512) + 1);
      const piece = input.subarray(from, from + len);
      const times = rng.chance(0.1) ? rng.range(2, 64) : 1;
      return cap(Buffer.concat([input.subarray(0, at), ...Array<Buffer>(times).fill(piece), input.subarray(at)]), max);
    }
    case 5: {
      // splice: the head of this input with the tail of another
      if (!other) return input.subarray(0, at);
      return cap(Buffer.concat([input.subarray(0, at), other.subarray(rng.int(other.length + 1))]), max);
    }
    case 6:
      return input.subarray(0, at);
    case 7:
      return input.subarray(at);
    default: {
      if (n === 0) return input;
      // a run of one byte: long runs find loops that walk byte by byte
      const out = Buffer.from(input);
      const len = Math.min(n - at, rng.range(1, 32));
      out.fill(rng.pick(INTERESTING_BYTES), at, at + len);
      return out;
    }
  }
}

const cap = (b: Buffer, max: number): Buffer => (b.length > max ? b.subarray(0, max) : b);

/** A DER value as a tree, for mutations that keep (or deliberately break) the framing. */
export interface DerNode {
  tag: number;
  /** Children when the value is constructed and its content parses as TLVs; else the raw content. */
  children?: DerNode[];
  content?: Buffer;
  /** Encode with an indefinite length (BER), ended by 00 00. */
  indefinite?: boolean;
}

/** Parses DER into a tree, tolerantly: a constructed value whose content is not TLVs is kept raw. */
export function parseDerTree(buf: Buffer, depth = 0): DerNode[] | undefined {
  const out: DerNode[] = [];
  let p = 0;
  while (p < buf.length) {
    if (p + 2 > buf.length) return undefined;
    const tag = buf[p]!;
    let len = buf[p + 1]!;
    let start = p + 2;
    if (len & 0x80) {
      const k = len & 0x7f;
      if (k === 0 || k > 4 || start + k > buf.length) return undefined;
      len = 0;
      for (let i = 0; i < k; i++) len = len * 256 + buf[start + i]!;
      start += k;
    }
    const end = start + len;
    if (end > buf.length) return undefined;
    const content = buf.subarray(start, end);
    const children = tag & 0x20 && depth < 40 ? parseDerTree(content, depth + 1) : undefined;
    out.push(children ? { tag, children } : { tag, content });
    p = end;
  }
  return out;
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function encodeDerTree(nodes: DerNode[]): Buffer {
  const parts: Buffer[] = [];
  for (const n of nodes) {
    const content = n.children ? encodeDerTree(n.children) : (n.content ?? Buffer.alloc(0));
    if (n.indefinite) parts.push(Buffer.from([n.tag | 0x20, 0x80]), content, Buffer.from([0, 0]));
    else parts.push(Buffer.from([n.tag]), derLength(content.length), content);
  }
  return Buffer.concat(parts);
}

/** Every node of a tree with the list that holds it, for picking one at random. */
function allNodes(nodes: DerNode[], out: { list: DerNode[]; index: number }[] = []): { list: DerNode[]; index: number }[] {
  nodes.forEach((n, index) => {
    out.push({ list: nodes, index });
    if (n.children) allNodes(n.children, out);
  });
  return out;
}

const clone = (nodes: DerNode[]): DerNode[] => nodes.map((n) => ({ ...n, ...(n.children ? { children: clone(n.children) } : {}) }));

/** Makes every constructed value indefinite-length: how OpenSSL's streaming output looks. */
export function toIndefinite(nodes: DerNode[]): DerNode[] {
  return nodes.map((n) => (n.children ? { ...n, indefinite: true, children: toIndefinite(n.children) } : n));
}

/**
 * One DER-aware change. Structural ones re-encode the tree (so lengths stay right and the parser
 * goes deeper); framing ones edit a length or tag in the bytes (so the lengths lie).
 */
export function mutateDer(rng: Prng, input: Buffer, other: Buffer | undefined, max: number): Buffer {
  const tree = parseDerTree(input);
  if (!tree || tree.length === 0) return mutateBytes(rng, input, other, max);
  if (rng.chance(0.35)) return mutateFraming(rng, input, max);
  const nodes = clone(tree);
  const all = allNodes(nodes);
  const { list, index } = rng.pick(all);
  const node = list[index]!;
  switch (rng.int(10)) {
    case 0:
      list.splice(index, 1);
      break;
    case 1:
      list.splice(index, 0, ...Array<DerNode>(rng.chance(0.1) ? rng.range(2, 200) : 1).fill(node));
      break;
    case 2: {
      // nest deeper: wrap in SEQUENCEs (or the node's own tag)
      if (rng.chance(0.2)) return deepWrap(rng, input, max);
      let wrapped = node;
      for (let i = rng.range(1, 8); i > 0; i--) wrapped = { tag: rng.chance(0.5) ? 0x30 : node.tag | 0x20, children: [wrapped] };
      list[index] = wrapped;
      break;
    }
    case 3:
      list[index] = { ...node, tag: rng.chance(0.5) ? rng.u32() & 0xff : node.tag ^ 0x20 };
      break;
    case 4:
      list[index] = { tag: node.tag, content: rng.chance(0.3) ? Buffer.alloc(0) : rng.bytes(rng.size(300)) };
      break;
    case 5:
      list[index] = { ...node, indefinite: true, children: node.children ?? [] };
      break;
    case 6: {
      // a node from the other input (or another part of this one) in its place
      // (from the unmutated tree: a node of `nodes` could be this node's ancestor, making a cycle)
      const donors = (other && parseDerTree(other)) || tree;
      const donor = rng.pick(allNodes(donors));
      list[index] = donor.list[donor.index]!;
      break;
    }
    case 7:
      if (node.content && node.content.length > 0) {
        const c = Buffer.from(node.content);
        c[rng.int(c.length)] = rng.pick(INTERESTING_BYTES);
        list[index] = { tag: node.tag, content: c };
      } else list.splice(index, 1);
      break;
    case 8:
      return cap(encodeDerTree(toIndefinite(nodes)), max);
    default:
      if (node.children && node.children.length > 1) {
        const c = node.children;
        const i = rng.int(c.length);
        const j = rng.int(c.length);
        [c[i], c[j]] = [c[j]!, c[i]!];
      } else list.splice(index, 1);
  }
  return cap(encodeDerTree(nodes), max);
}

/**
 * The whole input inside hundreds or thousands of SEQUENCEs, definite or indefinite, built
 * from the bytes (a tree this deep would overflow this code's own recursion).
 */
function deepWrap(rng: Prng, input: Buffer, max: number): Buffer {
  const depth = rng.range(50, 5000);
  if (rng.chance(0.5)) return cap(Buffer.concat([Buffer.alloc(depth * 2, Buffer.from([0x30, 0x80])), input, Buffer.alloc(depth * 2)]), max);
  const heads: Buffer[] = [];
  let length = input.length;
  for (let i = 0; i < depth; i++) {
    const head = Buffer.concat([Buffer.from([0x30]), derLength(length)]);
    heads.push(head);
    length += head.length;
  }
  return cap(Buffer.concat([...heads.reverse(), input]), max);
}

/** Edits one TLV's length or tag in place, leaving everything else as it was. */
function mutateFraming(rng: Prng, input: Buffer, max: number): Buffer {
  const heads: { at: number; lenAt: number; lenBytes: number }[] = [];
  const walk = (from: number, to: number, depth: number): void => {
    for (let p = from; p + 2 <= to && heads.length < 4096; ) {
      const first = input[p + 1]!;
      const k = first & 0x80 ? first & 0x7f : 0;
      if (k > 4 || p + 2 + k > to) return;
      let len = first & 0x80 ? 0 : first;
      for (let i = 0; i < k; i++) len = len * 256 + input[p + 2 + i]!;
      const start = p + 2 + k;
      if (start + len > to) return;
      heads.push({ at: p, lenAt: p + 1, lenBytes: 1 + k });
      if (input[p]! & 0x20 && depth < 40) walk(start, start + len, depth + 1);
      p = start + len;
    }
  };
  walk(0, input.length, 0);
  if (heads.length === 0) return input;
  const h = rng.pick(heads);
  const head = input.subarray(0, h.lenAt);
  const tail = input.subarray(h.lenAt + h.lenBytes);
  const current = input.subarray(h.lenAt, h.lenAt + h.lenBytes);
  let length: Buffer;
  switch (rng.int(8)) {
    case 0:
      length = Buffer.from([0x80]); // indefinite
      break;
    case 1:
      length = Buffer.from([0x84, 0xff, 0xff, 0xff, 0xff]); // huge
      break;
    case 2:
      length = Buffer.from([0x88, 0, 0, 0, 0, 0, 0, 0, 1]); // more length bytes than any reader takes
      break;
    case 3:
      length = Buffer.from([0x82, 0x00, current.length === 1 ? current[0]! & 0x7f : 0x05]); // non-minimal
      break;
    case 4: {
      const b = Buffer.from(current);
      b[b.length - 1] = (b[b.length - 1]! + (rng.chance(0.5) ? 1 : 0xff)) & 0xff; // off by one
      length = b;
      break;
    }
    case 5:
      length = Buffer.from([0x00]);
      break;
    case 6: {
      const out = Buffer.from(input);
      out[h.at] = rng.chance(0.5) ? 0x1f : rng.u32() & 0xff; // high-tag-number form, or any tag
      return out;
    }
    default:
      length = Buffer.from([0x83, rng.int(256), rng.int(256), rng.int(256)]);
  }
  return cap(Buffer.concat([head, length, tail]), max);
}

/** Strings that break naive readers of text formats: numbers at the edges, markup, controls. */
export const NASTY_VALUES = [
  '', ' ', '0', '-1', '1e308', '-0', 'NaN', 'Infinity', '9'.repeat(40), '0.000000001', '1,5', '1.5.5', '+5', '00', '99999999999999999999.99',
  '31.02.2026', '2026-02-31', '00.00.0000', '99.99.9999', '29.02.2027', '2026-13-01',
  '<', '>', '&', '&amp;', '&lt;', '&#0;', '&#x110000;', '&#xD800;', '&unknown;', ']]>', '<![CDATA[x]]>', '<!--', '"', "'",
  '=', '==', '\\', '%s', '${x}', '\u0000', '\u001a', '\uFEFF', '\u202E', '\uD800', '😀', 'Ё', 'ё'.repeat(100),
  'x'.repeat(5000), 'СекцияДокумент=Платежное поручение', 'КонецДокумента', 'КонецФайла', '__proto__', 'constructor',
];

/** One change to a line-structured text (1C): lines repeated, dropped, moved, values and keys replaced. */
export function mutateLines(rng: Prng, text: string, other: string | undefined, keys: readonly string[], max: number): string {
  const lines = text.split(/\r?\n/);
  const i = rng.int(lines.length);
  const line = lines[i] ?? '';
  switch (rng.int(10)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, ...Array<string>(rng.chance(0.1) ? rng.range(2, 500) : 1).fill(line));
      break;
    case 2: {
      const j = rng.int(lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      break;
    }
    case 3: {
      const eq = line.indexOf('=');
      lines[i] = eq < 0 ? `${line}=${rng.pick(NASTY_VALUES)}` : `${line.slice(0, eq + 1)}${rng.pick(NASTY_VALUES)}`;
      break;
    }
    case 4: {
      const eq = line.indexOf('=');
      lines[i] = `${rng.pick(keys)}=${eq < 0 ? rng.pick(NASTY_VALUES) : line.slice(eq + 1)}`;
      break;
    }
    case 5:
      lines[i] = line.replace('=', rng.pick(['', ' = ', '==', '\t=']));
      break;
    case 6: {
      // a block of lines from the other text
      const o = (other ?? text).split(/\r?\n/);
      const from = rng.int(o.length);
      lines.splice(i, 0, ...o.slice(from, from + rng.range(1, 40)));
      break;
    }
    case 7:
      lines.splice(i, 0, rng.pick(['СекцияДокумент=Платежное поручение', 'КонецДокумента', 'СекцияРасчСчет', 'КонецРасчСчет', 'КонецФайла', '1CClientBankExchange', '', '=', '\u001a']));
      break;
    case 8:
      lines.length = i; // cut short
      break;
    default:
      lines[i] = `${line}${rng.pick(NASTY_VALUES)}`;
  }
  const out = lines.join(rng.chance(0.5) ? '\r\n' : '\n');
  return out.length > max ? out.slice(0, max) : out;
}

/** One change to XML text, token-aware: elements repeated, dropped, renamed, nested; text replaced. */
export function mutateXml(rng: Prng, text: string, other: string | undefined, names: readonly string[], max: number): string {
  const tokens = text.split(/(<[^>]*>)/).filter((t) => t !== '');
  const i = rng.int(tokens.length);
  const tok = tokens[i] ?? '';
  switch (rng.int(11)) {
    case 0:
      tokens.splice(i, 1);
      break;
    case 1: {
      // repeat a range of tokens (an element with its content, or a broken piece)
      const len = rng.range(1, 30);
      const piece = tokens.slice(i, i + len);
      const times = rng.chance(0.1) ? rng.range(2, 300) : 1;
      tokens.splice(i, 0, ...Array.from({ length: times }, () => piece).flat());
      break;
    }
    case 2:
      if (!tok.startsWith('<')) tokens[i] = rng.pick(NASTY_VALUES);
      else tokens.splice(i + 1, 0, rng.pick(NASTY_VALUES));
      break;
    case 3:
      if (/^<\/?[A-Za-z]/.test(tok)) tokens[i] = tok.replace(/^(<\/?)([A-Za-z:_][\w:.-]*)/, (_m, open: string) => `${open}${rng.pick(names)}`);
      break;
    case 4: {
      const depth = rng.chance(0.2) ? rng.range(60, 5000) : rng.range(1, 10);
      const name = rng.pick(names);
      tokens.splice(i, 0, `<${name}>`.repeat(depth), `</${name}>`.repeat(depth));
      break;
    }
    case 5:
      if (tok.startsWith('<') && !tok.startsWith('</')) {
        tokens[i] = tok.replace(/(\/?>)$/, ` ${rng.pick(['xmlns', 'xmlns:x', 'a', 'x:y', 'Ccy'])}="${rng.pick(NASTY_VALUES).replace(/"/g, '')}"$1`);
      }
      break;
    case 6:
      tokens.splice(i, 0, rng.pick(['<!DOCTYPE d [<!ENTITY e "x">]>', '<?xml version="1.0"?>', '<!-- c -->', '<![CDATA[<a>]]>', '<?pi x?>', '&e;', '<', '>', '</>', '<a', '"']));
      break;
    case 7: {
      const o = (other ?? text).split(/(<[^>]*>)/).filter((t) => t !== '');
      const from = rng.int(o.length);
      tokens.splice(i, rng.int(10), ...o.slice(from, from + rng.range(1, 60)));
      break;
    }
    case 8:
      tokens.length = i;
      break;
    case 9:
      if (tok.startsWith('<')) tokens[i] = tok.replace(/xmlns(:\w+)?="[^"]*"/, (m) => m.replace(/\d\d(?=")/, String(rng.range(0, 20)).padStart(2, '0')));
      break;
    default: {
      const j = rng.int(tokens.length);
      [tokens[i], tokens[j]] = [tokens[j]!, tokens[i]!];
    }
  }
  const out = tokens.join('');
  return out.length > max ? out.slice(0, max) : out;
}

/** Windows-1251 bytes of a text (characters it has no byte for become '?'), as 1C writes its files. */
const CP1251 = (() => {
  const map = new Map<string, number>();
  const chars = new TextDecoder('windows-1251').decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  for (let i = 0; i < 256; i++) if (!map.has(chars[i]!)) map.set(chars[i]!, i);
  return map;
})();

export function encodeCp1251(text: string): Buffer {
  const out = Buffer.allocUnsafe(text.length);
  let n = 0;
  for (const ch of text) out[n++] = CP1251.get(ch) ?? 0x3f;
  return out.subarray(0, n);
}

/** One change to a JSON value: a field dropped, added, retyped, made huge or deep; base64 signatures mutated as DER. */
export function mutateJsonValue(rng: Prng, value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0 || rng.chance(0.2)) return [...value, randomJson(rng)];
    const i = rng.int(value.length);
    const out = [...value];
    if (rng.chance(0.2)) out.splice(i, 1);
    else out[i] = mutateJsonValue(rng, out[i], depth + 1);
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const r = rng.int(10);
    if (r === 0 && entries.length > 0) entries.splice(rng.int(entries.length), 1);
    else if (r === 1) entries.push([rng.pick(['extra', '__proto__', 'constructor', 'kind', 'version', 'content', 'document', '']), randomJson(rng)]);
    else if (entries.length > 0) {
      const i = rng.int(entries.length);
      entries[i] = [entries[i]![0], depth < 12 && rng.chance(0.8) ? mutateJsonValue(rng, entries[i]![1], depth + 1) : randomJson(rng)];
    }
    // JSON.parse makes "__proto__" an own property; so does defineProperty here
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  }
  if (typeof value === 'string' && value.length > 40 && /^[A-Za-z0-9+/]+={0,2}$/.test(value) && rng.chance(0.7)) {
    return mutateDer(rng, Buffer.from(value, 'base64'), undefined, 180_000).toString('base64');
  }
  return rng.chance(0.5) ? randomJson(rng) : typeof value === 'string' ? rng.pick(NASTY_VALUES) + value.slice(rng.int(value.length)) : rng.pick([0, -1, 1e308, -1e-308, 2 ** 53 + 1, 0.1, 1.005, 1e21, null, true, '1', [], {}]);
}

export function randomJson(rng: Prng, depth = 0): unknown {
  switch (rng.int(depth > 3 ? 5 : 8)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -0, 1, -1, 1e308, 5e-324, 2 ** 53, 42.5, 1e20]);
    case 3:
      return rng.pick(NASTY_VALUES);
    case 4:
      return 'x'.repeat(rng.size(70_000));
    case 5:
      return Array.from({ length: rng.range(0, 4) }, () => randomJson(rng, depth + 1));
    case 6: {
      let v: unknown = rng.pick([1, 'a', {}]);
      // deeper nesting is made as text (jsonInput): JSON.stringify itself would overflow the stack
      for (let i = rng.chance(0.3) ? rng.range(50, 300) : rng.range(1, 10); i > 0; i--) v = rng.chance(0.5) ? [v] : { a: v };
      return v;
    }
    default:
      return Object.fromEntries(Array.from({ length: rng.range(0, 4) }, (_, i) => [rng.pick(['kind', 'version', 'content', 'amount', 'payer', `k${i}`]), randomJson(rng, depth + 1)]));
  }
}

