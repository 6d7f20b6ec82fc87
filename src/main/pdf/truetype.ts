/**
 * Just enough of a TrueType font (glyf outlines) to embed it in a PDF: its metrics, the Unicode
 * cmap, and a subset that keeps every glyph id, so the PDF can use CIDToGIDMap /Identity.
 * Table layouts follow the OpenType specification (head, hhea, maxp, hmtx, cmap, name, OS/2,
 * post, loca, glyf). Reads past the end of a table or of the file throw (DataView RangeError).
 */

export interface TrueTypeFont {
  /** PostScript name (name id 6), reduced to the characters a PDF name may hold without escapes. */
  postScriptName: string;
  unitsPerEm: number;
  bbox: [number, number, number, number];
  ascent: number;
  descent: number;
  capHeight: number;
  italicAngle: number;
  /** False when OS/2 fsType forbids embedding (restricted licence or bitmap-only embedding). */
  embeddable: boolean;
  /** The glyph for a Unicode code point, undefined when the font has none. */
  glyphOf(codePoint: number): number | undefined;
  /** Advance width in font units. */
  advanceOf(glyph: number): number;
  /** A valid TrueType file holding only these glyphs (and the components they use, and .notdef). */
  subset(glyphs: Iterable<number>): Uint8Array;
}

/** The tables a PDF's embedded TrueType needs (ISO 32000-1, 9.9); cmap is not needed for CIDFontType2. */
const SUBSET_TABLES = ['cvt ', 'fpgm', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'prep'];

export function parseTrueType(bytes: Uint8Array): TrueTypeFont {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o);
  const i16 = (o: number) => view.getInt16(o);
  const u32 = (o: number) => view.getUint32(o);
  const tagAt = (o: number) => String.fromCharCode(...bytes.subarray(o, o + 4));

  const flavour = u32(0);
  if (flavour === 0x4f54544f) throw new Error('it is an OpenType font with CFF outlines; a TrueType (glyf) font is needed');
  if (flavour !== 0x00010000 && flavour !== 0x74727565) throw new Error('it is not a TrueType font');

  const tables = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < u16(4); i++) {
    const record = 12 + 16 * i;
    const entry = { offset: u32(record + 8), length: u32(record + 12) };
    if (entry.offset + entry.length > bytes.length) throw new Error(`its ${tagAt(record)} table runs past the end of the file`);
    tables.set(tagAt(record), entry);
  }
  const table = (tag: string) => {
    const entry = tables.get(tag);
    if (!entry) throw new Error(`it has no ${tag} table`);
    return entry.offset;
  };

  const head = table('head');
  const hhea = table('hhea');
  const hmtx = table('hmtx');
  const glyf = table('glyf');
  const loca = table('loca');
  const unitsPerEm = u16(head + 18);
  const longLoca = i16(head + 50) === 1;
  const numGlyphs = u16(table('maxp') + 4);
  const numberOfHMetrics = u16(hhea + 34);
  if (unitsPerEm === 0 || numberOfHMetrics === 0) throw new Error('its head or hhea table is empty');
  const ascent = i16(hhea + 4);

  const os2 = tables.get('OS/2')?.offset;
  const fsType = os2 === undefined ? 0 : u16(os2 + 8);
  const post = tables.get('post')?.offset;

  const cmap = readCmap(view, table('cmap'));
  const glyphStart = (g: number) => glyf + (longLoca ? u32(loca + 4 * g) : 2 * u16(loca + 2 * g));
  // OS/2 version 2 and later state the cap height; otherwise take the top of the letter H.
  const letterH = cmap.get(0x48);
  const capHeight = os2 !== undefined && u16(os2) >= 2 ? i16(os2 + 88) : letterH ? i16(glyphStart(letterH) + 8) : ascent;

  /** The component glyphs of a composite glyph (numberOfContours < 0). */
  function components(g: number): number[] {
    const start = glyphStart(g);
    if (glyphStart(g + 1) === start || i16(start) >= 0) return [];
    const found: number[] = [];
    let p = start + 10;
    for (;;) {
      const flags = u16(p);
      found.push(u16(p + 2));
      p += 4 + (flags & 0x0001 ? 4 : 2) + (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0);
      if (!(flags & 0x0020)) return found;
    }
  }

  function subset(glyphs: Iterable<number>): Uint8Array {
    const keep = new Set<number>();
    const pending = [0, ...glyphs];
    while (pending.length) {
      const g = pending.pop()!;
      if (keep.has(g) || g < 0 || g >= numGlyphs) continue;
      keep.add(g);
      pending.push(...components(g));
    }
    const outlines: Uint8Array[] = [];
    const newLoca = new DataView(new ArrayBuffer(4 * (numGlyphs + 1)));
    let offset = 0;
    for (let g = 0; g < numGlyphs; g++) {
      newLoca.setUint32(4 * g, offset);
      if (!keep.has(g)) continue;
      const outline = bytes.subarray(glyphStart(g), glyphStart(g + 1));
      outlines.push(outline, new Uint8Array((4 - (outline.length % 4)) % 4));
      offset += outline.length + ((4 - (outline.length % 4)) % 4);
    }
    newLoca.setUint32(4 * numGlyphs, offset);

    const newHead = bytes.slice(head, head + tables.get('head')!.length);
    new DataView(newHead.buffer).setUint32(8, 0); // checkSumAdjustment, set below
    new DataView(newHead.buffer).setInt16(50, 1); // indexToLocFormat: long offsets
    const replaced: Record<string, Uint8Array> = { head: newHead, loca: new Uint8Array(newLoca.buffer), glyf: concat(outlines) };
    const chosen = SUBSET_TABLES.filter((tag) => tables.has(tag)).map((tag) => {
      const entry = tables.get(tag)!;
      return { tag, data: replaced[tag] ?? bytes.subarray(entry.offset, entry.offset + entry.length) };
    });
    const font = sfnt(chosen); // sorts `chosen` by tag
    const fontView = new DataView(font.buffer);
    const headOffset = fontView.getUint32(12 + 16 * chosen.findIndex((t) => t.tag === 'head') + 8);
    fontView.setUint32(headOffset + 8, (0xb1b0afba - checksum(font)) >>> 0);
    return font;
  }

  return {
    postScriptName: readPostScriptName(view, tables.get('name')?.offset),
    unitsPerEm,
    bbox: [i16(head + 36), i16(head + 38), i16(head + 40), i16(head + 42)],
    ascent,
    descent: i16(hhea + 6),
    capHeight,
    italicAngle: post === undefined ? 0 : view.getInt32(post + 4) / 65536,
    embeddable: (fsType & 0x0002) === 0 && (fsType & 0x0200) === 0,
    glyphOf: (cp) => cmap.get(cp),
    advanceOf: (g) => u16(hmtx + 4 * Math.min(g, numberOfHMetrics - 1)),
    subset,
  };
}

/** Unicode -> glyph from the best Unicode subtable: (3,10) or (0,4+) format 12, else (3,1) or (0,x) format 4. */
function readCmap(view: DataView, cmap: number): Map<number, number> {
  const u16 = (o: number) => view.getUint16(o);
  const u32 = (o: number) => view.getUint32(o);
  const subtables: { rank: number; offset: number }[] = [];
  for (let i = 0; i < u16(cmap + 2); i++) {
    const r = cmap + 4 + 8 * i;
    const platform = u16(r);
    const encoding = u16(r + 2);
    const offset = cmap + u32(r + 4);
    const format = u16(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode && format === 12) subtables.push({ rank: 0, offset });
    else if (unicode && format === 4) subtables.push({ rank: 1, offset });
  }
  const best = subtables.sort((a, b) => a.rank - b.rank)[0];
  if (!best) throw new Error('it has no Unicode cmap (format 4 or 12)');

  const map = new Map<number, number>();
  const o = best.offset;
  if (u16(o) === 12) {
    for (let i = 0; i < u32(o + 12); i++) {
      const g = o + 16 + 12 * i;
      for (let cp = u32(g); cp <= u32(g + 4); cp++) map.set(cp, u32(g + 8) + cp - u32(g));
    }
    return map;
  }
  const segments = u16(o + 6) / 2;
  const ends = o + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  for (let s = 0; s < segments; s++) {
    const delta = u16(deltas + 2 * s);
    const rangeOffset = u16(rangeOffsets + 2 * s);
    for (let cp = u16(starts + 2 * s); cp <= u16(ends + 2 * s) && cp !== 0xffff; cp++) {
      let g = rangeOffset === 0 ? cp : u16(rangeOffsets + 2 * s + rangeOffset + 2 * (cp - u16(starts + 2 * s)));
      if (rangeOffset !== 0 && g === 0) continue;
      g = (g + delta) & 0xffff;
      if (g !== 0) map.set(cp, g);
    }
  }
  return map;
}

/** Name id 6 from a Windows (UTF-16BE) or Macintosh (Roman) record. */
function readPostScriptName(view: DataView, name: number | undefined): string {
  if (name === undefined) return 'Font';
  const count = view.getUint16(name + 2);
  const strings = name + view.getUint16(name + 4);
  for (let i = 0; i < count; i++) {
    const r = name + 6 + 12 * i;
    const platform = view.getUint16(r);
    if (view.getUint16(r + 6) !== 6 || (platform !== 3 && platform !== 1)) continue;
    const start = strings + view.getUint16(r + 10);
    const length = view.getUint16(r + 8);
    let text = '';
    if (platform === 3) for (let p = 0; p + 1 < length; p += 2) text += String.fromCharCode(view.getUint16(start + p));
    else for (let p = 0; p < length; p++) text += String.fromCharCode(view.getUint8(start + p));
    const clean = text.replace(/[^A-Za-z0-9_.-]/g, '');
    if (clean) return clean;
  }
  return 'Font';
}

/** An sfnt file from tables, in the tag order the format requires, each 4-byte aligned. */
function sfnt(tables: { tag: string; data: Uint8Array }[]): Uint8Array {
  tables.sort((a, b) => (a.tag < b.tag ? -1 : 1));
  const headerLength = 12 + 16 * tables.length;
  const padded = (n: number) => n + ((4 - (n % 4)) % 4);
  const total = tables.reduce((sum, t) => sum + padded(t.data.length), headerLength);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const selector = Math.floor(Math.log2(tables.length));
  view.setUint32(0, 0x00010000);
  view.setUint16(4, tables.length);
  view.setUint16(6, 16 * 2 ** selector);
  view.setUint16(8, selector);
  view.setUint16(10, 16 * tables.length - 16 * 2 ** selector);
  let offset = headerLength;
  tables.forEach((t, i) => {
    const r = 12 + 16 * i;
    for (let k = 0; k < 4; k++) view.setUint8(r + k, t.tag.charCodeAt(k));
    view.setUint32(r + 4, checksum(t.data));
    view.setUint32(r + 8, offset);
    view.setUint32(r + 12, t.data.length);
    out.set(t.data, offset);
    offset += padded(t.data.length);
  });
  return out;
}

/** The sfnt checksum: the sum of big-endian uint32 words, the last one zero-padded. */
function checksum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    sum = (sum + (((data[i] ?? 0) << 24) | ((data[i + 1] ?? 0) << 16) | ((data[i + 2] ?? 0) << 8) | (data[i + 3] ?? 0))) >>> 0;
  }
  return sum;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
