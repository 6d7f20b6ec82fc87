/**
 * Drawing a printed form on A4 in millimetres from the top left, as the Bank of Russia's form
 * schemes give their sizes: text at a place, text wrapped and clipped inside a cell, rules.
 * Every value from outside passes through `printable` (the key act's rule: no control, bidi or
 * zero-width characters, no line breaks) and is wrapped or clipped to its cell, so a hostile
 * purpose or name can neither leave its box nor break the file.
 */
import { readFileSync } from 'node:fs';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { printable, wrap } from '../enrollment/key-act.ts';
import { findFont } from '../pdf/font-locations.ts';
import { A4, textWidth, type PdfItem } from '../pdf/pdf-writer.ts';
import { parseTrueType, type TrueTypeFont } from '../pdf/truetype.ts';

export { printable };

export const MM = 72 / 25.4;

const fonts = new Map<string, TrueTypeFont>();

/** The print font (DejaVu Sans or Arial from the usual places, or the path given), read once. */
export function printFont(given?: string): TrueTypeFont {
  const { path, looked } = findFont(given);
  if (path === undefined) throw new LocalizedError('print.font-not-found', { places: looked.join(', ') });
  let font = fonts.get(path);
  if (!font) {
    try {
      font = parseTrueType(new Uint8Array(readFileSync(path)));
    } catch (e) {
      throw new LocalizedError('print.font-unusable', { path, reason: (e as Error).message }, { cause: e });
    }
    if (!font.embeddable) throw new LocalizedError('print.font-unusable', { path, reason: 'not embeddable' });
    fonts.set(path, font);
  }
  return font;
}

export type Align = 'left' | 'center' | 'right';

/** One page being drawn; x and y in mm from the page's top left, y the text's baseline. */
export class Sheet {
  readonly items: PdfItem[] = [];
  readonly height = A4[1];

  constructor(readonly font: TrueTypeFont) {}

  width(text: string, size: number): number {
    return textWidth(this.font, text, size) / MM;
  }

  /** One line of text; clipped with "…" to `max` mm when given. */
  text(x: number, y: number, size: number, value: string, o: { align?: Align; max?: number } = {}): void {
    let t = printable(value);
    if (!t) return;
    if (o.max !== undefined) t = this.clip(t, size, o.max);
    const w = this.width(t, size);
    const left = o.align === 'center' ? x - w / 2 : o.align === 'right' ? x - w : x;
    this.items.push({ x: left * MM, y: this.height - y * MM, size, text: t });
  }

  /** The longest start of `t` that fits `max` mm, ending in "…" when cut. */
  clip(t: string, size: number, max: number): string {
    if (this.width(t, size) <= max) return t;
    const chars = [...t];
    while (chars.length && this.width(`${chars.join('')}…`, size) > max) chars.pop();
    return `${chars.join('')}…`;
  }

  /** The lines a value wraps to within `width` mm, at most `lines` of them (the last clipped with "…"). */
  lines(value: string, size: number, width: number, lines: number): string[] {
    const t = printable(value);
    if (!t) return [];
    const all = wrap(t, (line) => this.width(line, size) <= width, '');
    if (all.length <= lines) return all;
    const kept = all.slice(0, lines);
    kept[lines - 1] = this.clip(`${kept[lines - 1]!} ${all[lines]!}`, size, width);
    if (!kept[lines - 1]!.endsWith('…')) kept[lines - 1] = this.clip(`${kept[lines - 1]!}…`, size, width);
    return kept;
  }

  /** A value wrapped in the box (x, top, width) from its first baseline, `leading` mm apart; the number of lines drawn. */
  paragraph(x: number, top: number, width: number, size: number, leading: number, value: string, maxLines: number): number {
    const lines = this.lines(value, size, width, maxLines);
    lines.forEach((l, i) => this.text(x, top + i * leading, size, l));
    return lines.length;
  }

  hline(x1: number, x2: number, y: number, width = 0.6): void {
    this.items.push({ line: [x1 * MM, this.height - y * MM, x2 * MM, this.height - y * MM], width });
  }

  vline(x: number, y1: number, y2: number, width = 0.6): void {
    this.items.push({ line: [x * MM, this.height - y1 * MM, x * MM, this.height - y2 * MM], width });
  }

  rect(x: number, y: number, w: number, h: number, width = 0.6): void {
    this.hline(x, x + w, y, width);
    this.hline(x, x + w, y + h, width);
    this.vline(x, y, y + h, width);
    this.vline(x + w, y, y + h, width);
  }
}

/** dd.mm.yyyy of an ISO date (yyyy-mm-dd...); other text as it is. */
export function ruDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** dd.mm.yyyy and hh:mm of an instant in a time zone (the computer's own by default). */
export function ruDateTime(at: string | Date, timeZone?: string): { date: string; time: string } {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return { date: String(at), time: '' };
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return { date: `${p.day}.${p.month}.${p.year}`, time: `${p.hour}:${p.minute}` };
}

/** Kopecks as «1 200 000,00» (grouped by thousands with no-break spaces, a comma before kopecks). */
export function groupedRubles(kopecks: number): string {
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(kopecks));
  const rub = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${sign}${rub},${String(abs % 100).padStart(2, '0')}`;
}
