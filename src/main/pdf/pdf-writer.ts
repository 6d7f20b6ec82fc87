/**
 * A minimal PDF 1.7 writer for pages of plain text in one embedded TrueType font (ISO 32000-1).
 * The font is a Type0 font with Identity-H encoding over a CIDFontType2 whose CIDs are the glyph
 * ids; it is subset to the glyphs used, and a ToUnicode CMap maps every glyph back to its text,
 * so the text can be searched and extracted. The output depends only on the input: no clock, no
 * random ids (the document /ID is a hash of the content).
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { TrueTypeFont } from './truetype.ts';

/** A4 in points. */
export const A4: [number, number] = [595.28, 841.89];

/** One piece of text on a page; (x, y) is the start of its baseline, in points from the bottom left. */
export interface PdfText {
  x: number;
  y: number;
  size: number;
  text: string;
  /** When set, every character takes this advance (in points), so columns line up as in a monospaced font. */
  cell?: number;
}

/** A straight line from (x1, y1) to (x2, y2), in points from the bottom left; `width` in points (0.5 by default). */
export interface PdfLine {
  line: [x1: number, y1: number, x2: number, y2: number];
  width?: number;
}

/** What a page holds: text, and the rules of a form drawn beneath it. */
export type PdfItem = PdfText | PdfLine;

export interface PdfDocument {
  pages: PdfItem[][];
  font: TrueTypeFont;
  title: string;
  /** BCP 47 language of the text, e.g. "ru". */
  lang: string;
  created: Date;
  pageSize?: [number, number];
}

/** What a character is drawn with when the font has no glyph for it. */
const FALLBACKS = [0xfffd, 0x3f];

/** The glyphs that draw a text, and the character each one stands for. */
export function glyphsOf(font: TrueTypeFont, text: string): { glyph: number; char: string }[] {
  return Array.from(text, (char) => {
    const glyph = font.glyphOf(char.codePointAt(0)!);
    if (glyph !== undefined) return { glyph, char };
    for (const cp of FALLBACKS) {
      const g = font.glyphOf(cp);
      if (g !== undefined) return { glyph: g, char: String.fromCodePoint(cp) };
    }
    return { glyph: 0, char: '\ufffd' };
  });
}

/** Advance of a glyph in thousandths of the font size, as written to the font's /W array. */
export function widthOf(font: TrueTypeFont, glyph: number): number {
  return Math.round((font.advanceOf(glyph) * 1000) / font.unitsPerEm);
}

/** Width of a text in points at a font size. */
export function textWidth(font: TrueTypeFont, text: string, size: number): number {
  return (glyphsOf(font, text).reduce((sum, g) => sum + widthOf(font, g.glyph), 0) * size) / 1000;
}

export function writePdf(doc: PdfDocument): Uint8Array {
  const { font } = doc;
  const [pageWidth, pageHeight] = doc.pageSize ?? A4;
  const used = new Map<number, string>(); // glyph -> the text it stands for (the first one seen)
  const objects: (string | Uint8Array)[][] = [];
  const reserve = () => objects.push([]);
  const set = (id: number, ...parts: (string | Uint8Array)[]) => (objects[id - 1] = parts);
  const add = (...parts: (string | Uint8Array)[]) => {
    const id = reserve();
    set(id, ...parts);
    return id;
  };
  const stream = (dict: string, data: Uint8Array, extra = '') => {
    const packed = deflateSync(data, { level: 9 });
    return add(`<<${dict} /Filter /FlateDecode /Length ${packed.length}${extra}>>\nstream\n`, packed, '\nendstream');
  };

  const catalog = reserve();
  const pagesId = reserve();
  const fontId = reserve();

  const pageIds = doc.pages.map((texts) => {
    // the rules first, then the text over them
    const rules = texts.filter((t): t is PdfLine => 'line' in t).map(drawLine);
    const words = texts.filter((t): t is PdfText => !('line' in t)).map((t) => showText(t, font, used));
    const content = [...rules, ...words].join('\n');
    const contentId = stream('', new TextEncoder().encode(content));
    return add(
      `<</Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${num(pageWidth)} ${num(pageHeight)}]`,
      ` /Resources <</Font <</F1 ${fontId} 0 R>>>> /Contents ${contentId} 0 R>>`,
    );
  });
  set(catalog, `<</Type /Catalog /Pages ${pagesId} 0 R /Lang ${pdfText(doc.lang)}>>`);
  set(pagesId, `<</Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length}>>`);

  const glyphs = [...used.keys()].sort((a, b) => a - b);
  const fontName = `${subsetTag(glyphs)}+${font.postScriptName}`;
  const fontFile = font.subset(glyphs);
  const fontFileId = stream('', fontFile, ` /Length1 ${fontFile.length}`);
  const scale = (v: number) => Math.round((v * 1000) / font.unitsPerEm);
  const descriptor = add(
    `<</Type /FontDescriptor /FontName /${fontName} /Flags 4 /FontBBox [${font.bbox.map(scale).join(' ')}]`,
    ` /ItalicAngle ${num(font.italicAngle)} /Ascent ${scale(font.ascent)} /Descent ${scale(font.descent)}`,
    ` /CapHeight ${scale(font.capHeight)} /StemV 80 /FontFile2 ${fontFileId} 0 R>>`,
  );
  const widths = glyphs.map((g) => `${g} [${widthOf(font, g)}]`).join(' ');
  const cidFont = add(
    `<</Type /Font /Subtype /CIDFontType2 /BaseFont /${fontName}`,
    ` /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>>`,
    ` /FontDescriptor ${descriptor} 0 R /DW 1000 /W [${widths}] /CIDToGIDMap /Identity>>`,
  );
  const toUnicode = stream('', new TextEncoder().encode(toUnicodeCMap(used)));
  set(
    fontId,
    `<</Type /Font /Subtype /Type0 /BaseFont /${fontName} /Encoding /Identity-H`,
    ` /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R>>`,
  );
  const info = add(`<</Title ${pdfText(doc.title)} /Producer (Bank Client) /CreationDate (${pdfDate(doc.created)})>>`);

  // Serialise: header, numbered objects, the cross-reference table with each object's byte offset, trailer.
  const chunks: Uint8Array[] = [];
  let length = 0;
  const write = (part: string | Uint8Array) => {
    const bytes = typeof part === 'string' ? new TextEncoder().encode(part) : part;
    chunks.push(bytes);
    length += bytes.length;
  };
  // The second line's bytes above 127 tell transfer tools that the file is binary.
  write(new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n%'), 0xe2, 0xe3, 0xcf, 0xd3, 0x0a]));
  const offsets = objects.map((parts, i) => {
    const at = length;
    write(`${i + 1} 0 obj\n`);
    parts.forEach(write);
    write('\nendobj\n');
    return at;
  });
  const xref = length;
  const id = createHash('sha256').update(Buffer.concat(chunks)).digest('hex').slice(0, 32);
  write(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  for (const at of offsets) write(`${String(at).padStart(10, '0')} 00000 n \n`);
  write(`trailer\n<</Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R /ID [<${id}> <${id}>]>>\n`);
  write(`startxref\n${xref}\n%%EOF\n`);
  return Uint8Array.from(Buffer.concat(chunks));
}

/** A stroked line, in its own graphics state (butt caps, black). */
function drawLine(l: PdfLine): string {
  const [x1, y1, x2, y2] = l.line.map((v) => (Number.isFinite(v) ? v : 0)) as [number, number, number, number];
  return `q ${num(l.width ?? 0.5)} w ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S Q`;
}

/** A text-showing operator for one piece of text; records the glyphs it uses. */
function showText(t: PdfText, font: TrueTypeFont, used: Map<number, string>): string {
  const glyphs = glyphsOf(font, t.text);
  for (const g of glyphs) if (!used.has(g.glyph)) used.set(g.glyph, g.char);
  const hex = (g: number) => g.toString(16).padStart(4, '0');
  const at = `BT /F1 ${num(t.size)} Tf ${num(t.x)} ${num(t.y)} Td`;
  if (t.cell === undefined) return `${at} <${glyphs.map((g) => hex(g.glyph)).join('')}> Tj ET`;
  // TJ numbers move the next glyph left by thousandths of the font size: make each advance one cell.
  const cell = (t.cell * 1000) / t.size;
  const items = glyphs.map((g) => {
    const adjust = widthOf(font, g.glyph) - cell;
    return Math.abs(adjust) < 0.005 ? `<${hex(g.glyph)}>` : `<${hex(g.glyph)}> ${num(adjust)}`;
  });
  return `${at} [${items.join(' ')}] TJ ET`;
}

function toUnicodeCMap(used: Map<number, string>): string {
  const entries = [...used].sort(([a], [b]) => a - b).map(([g, text]) => `<${g.toString(16).padStart(4, '0')}> <${utf16Hex(text)}>`);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** Six capital letters naming this subset (ISO 32000-1, 9.6.4), derived from the glyphs it holds. */
function subsetTag(glyphs: number[]): string {
  const digest = createHash('sha256').update(glyphs.join(',')).digest();
  return Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
}

function utf16Hex(text: string): string {
  let hex = '';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return hex;
}

/** A PDF text string in UTF-16BE with a byte order mark, written as hex: any character is safe. */
function pdfText(text: string): string {
  return `<FEFF${utf16Hex(text)}>`;
}

/** D:YYYYMMDDHHmmSSZ in UTC. */
function pdfDate(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/** A number as PDF writes it: at most two decimals, never an exponent. */
function num(n: number): string {
  return String(Number(n.toFixed(2)) || 0);
}
