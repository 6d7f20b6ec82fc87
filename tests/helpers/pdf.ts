/**
 * Checking a PDF as a reader's tools see it: qpdf's structural check, pdftotext's text (with
 * -layout, and with each word's box, to say where on the page a field's text is), the page
 * count, and a PNG rendering by pdftoppm.
 */
import { spawnSync } from 'node:child_process';
import { renameSync } from 'node:fs';

function run(cmd: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** qpdf --check: exit 0 and no warnings, or the report. */
export function qpdfCheck(path: string): { ok: boolean; report: string } {
  const r = run('qpdf', ['--check', path]);
  return { ok: r.status === 0 && !/WARNING/i.test(r.stdout + r.stderr), report: r.stdout + r.stderr };
}

export function pageCount(path: string): number {
  return Number(run('qpdf', ['--show-npages', path]).stdout.trim());
}

/** pdftotext -layout: the text of every page, laid out as on the page (pages split by form feeds). */
export function layoutText(path: string): string {
  const r = run('pdftotext', ['-layout', path, '-']);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

export interface Word {
  page: number;
  text: string;
  /** Millimetres from the page's top left. */
  x: number;
  y: number;
  right: number;
  bottom: number;
}

const PT = 25.4 / 72;

/** Every word with its box (pdftotext -bbox), in mm from the top left of its page. */
export function words(path: string): Word[] {
  const r = run('pdftotext', ['-bbox', path, '-']);
  if (r.status !== 0) throw new Error(r.stderr);
  const out: Word[] = [];
  let page = 0;
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  for (const line of r.stdout.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) out.push({ page, x: Number(m[1]) * PT, y: Number(m[2]) * PT, right: Number(m[3]) * PT, bottom: Number(m[4]) * PT, text: unescape(m[5]!) });
  }
  return out;
}

/** The words on a page that make up `phrase` in a row (the first such run), as one box. */
export function find(all: Word[], phrase: string, page = 1): Word | undefined {
  const parts = phrase.split(/\s+/);
  const on = all.filter((w) => w.page === page);
  for (let i = 0; i + parts.length <= on.length; i++) {
    if (parts.every((p, j) => on[i + j]!.text === p)) {
      const run = on.slice(i, i + parts.length);
      return { page, text: phrase, x: run[0]!.x, y: Math.min(...run.map((w) => w.y)), right: run.at(-1)!.right, bottom: Math.max(...run.map((w) => w.bottom)) };
    }
  }
  return undefined;
}

/** Page `page` as a PNG at 80 dpi (pdftoppm), written to `png`. */
export function renderPng(path: string, png: string, page = 1): void {
  const base = png.replace(/\.png$/, '');
  const r = run('pdftoppm', ['-png', '-r', '80', '-f', String(page), '-l', String(page), '-singlefile', path, base]);
  if (r.status !== 0) throw new Error(r.stderr);
  if (`${base}.png` !== png) renameSync(`${base}.png`, png);
}
