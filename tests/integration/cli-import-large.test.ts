/**
 * A large 1C file through `bankclient import` as a person runs it: 50,000 payment orders (cp1251,
 * made with writeOneCPayments), every tenth without its date. The output stays small (whole
 * counts, the first 1,000 imported and rejected, each rejected with its line and field), every
 * id goes to --ids-out, and the drafts are exactly those ids. The same file cut short stores
 * nothing and writes no ids file, although it is read and stored section by section.
 * (Memory and time are measured by bench/import-memory.ts, not asserted here.)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentOrder } from '../../src/shared/bank-api/documents/payment-order.ts';
import { encodeCp1251, writeOneCPayments } from '../../src/main/formats/index.ts';
import { openDatabase } from '../../src/main/store/database.ts';
import { bankclient } from '../helpers/cli.ts';

const DOCS = 50_000;
const LISTED = 1000;
let dir: string;
const profile = (name: string): string => join(dir, name);
const cli = (args: string[], name: string, lang = 'en') => bankclient([...args, '--data-dir', profile(name), '--lang', lang], { PATH: process.env.PATH });

const account = (n: number): string => `40702810${String(n).padStart(12, '0')}`;
const orders: PaymentOrder[] = Array.from({ length: DOCS }, (_, i) => ({
  number: String(i + 1),
  date: '2026-12-01',
  amount: 100 + i,
  payer: { name: 'ООО «Ромашка»', inn: '7707083893', account: account(1), bank: { name: 'ПАО Банк', bic: '044525225' } },
  payee: { name: `Поставщик ${i}`, inn: '7701325469', account: account(i + 2), bank: { name: 'ПАО Банк', bic: '044525225' } },
  uin: '0',
  priority: 5,
  purpose: `Оплата по счёту № ${i + 1}`,
  operationType: '01',
}));

/** The file's text, with the Дата line of every tenth section taken out; the opening line of each section. */
function makeFile(): { text: string; starts: number[] } {
  const lines = new TextDecoder('windows-1251').decode(writeOneCPayments(orders)).split('\r\n');
  const out: string[] = [];
  const starts: number[] = [];
  let section = -1;
  for (const line of lines) {
    if (line.startsWith('СекцияДокумент=')) {
      section++;
      starts.push(out.length + 1);
    }
    if (line.startsWith('Дата=') && section % 10 === 9) continue;
    out.push(line);
  }
  return { text: out.join('\r\n'), starts };
}

let text: string;
let starts: number[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bc-import-large-'));
  ({ text, starts } = makeFile());
  writeFileSync(join(dir, 'large.txt'), encodeCp1251(text));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Report {
  counts: { imported: number; rejected: number; withErrors: number };
  imported: string[];
  importedOmitted: number;
  rejectedOmitted: number;
  idsOut: string;
  details: { rejected: { line: number; code: string; params: { key: string }; message: string }[]; imported: { line: number; id: string }[] };
}

describe('bankclient import of a large file', () => {
  it('prints counts and the first 1,000 of each list, writes every id to --ids-out, and stores exactly those drafts', () => {
    const ids = join(dir, 'ids.txt');
    const r = cli(['import', join(dir, 'large.txt'), '--json', '--ids-out', ids], 'a');
    expect(r.status).toBe(3); // done, some not imported
    expect(r.stdout.length).toBeLessThan(1024 * 1024); // it was tens of MB for such a file
    const report = r.json<Report>();
    expect(report.counts).toEqual({ imported: 45_000, rejected: 5_000, withErrors: expect.any(Number) });
    expect(report.imported).toHaveLength(LISTED);
    expect(report.importedOmitted).toBe(45_000 - LISTED);
    expect(report.rejectedOmitted).toBe(5_000 - LISTED);
    expect(report.idsOut).toBe(ids);

    // the first 1,000 rejected, in file order: each with the line of its section and the missing field
    const rejected = report.details.rejected;
    expect(rejected).toHaveLength(LISTED);
    expect(rejected.map((x) => x.line)).toEqual(starts.filter((_, i) => i % 10 === 9).slice(0, LISTED));
    for (const x of rejected) {
      expect(x.code).toBe('format.onec.key-missing');
      expect(x.params.key).toBe('Дата');
      expect(x.message).toContain('Дата');
    }
    expect(report.details.imported.map((d) => d.line)).toEqual(starts.filter((_, i) => i % 10 !== 9).slice(0, LISTED));

    // every id, one a line, in file order: the same drafts the profile holds
    const listed = readFileSync(ids, 'utf8').split('\n');
    expect(listed.pop()).toBe('');
    expect(listed).toHaveLength(45_000);
    expect(listed.slice(0, LISTED)).toEqual(report.imported);
    const db = openDatabase(profile('a'));
    try {
      const stored = (db.prepare("SELECT id FROM documents WHERE origin = 'import' ORDER BY rowid").all() as { id: string }[]).map((x) => x.id);
      expect(stored).toEqual(listed);
      // the search index covers the whole file, not only the first batch
      const found = db.prepare("SELECT COUNT(*) AS n FROM documents_fts WHERE documents_fts MATCH 'Поставщик'").get() as { n: number };
      expect(found.n).toBe(45_000);
      const audit = db.prepare("SELECT details FROM audit WHERE action = 'import'").all() as { details: string }[];
      expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ format: '1c', imported: 45_000, rejected: 5_000 }]);
    } finally {
      db.close();
    }
  }, 240_000);

  it('stores nothing and writes no ids file when the file is cut short, after 40,000 sections were read and stored', () => {
    const cut = text.slice(0, text.lastIndexOf('КонецДокумента', Math.floor(text.length * 0.8)));
    const file = join(dir, 'cut.txt');
    writeFileSync(file, encodeCp1251(cut));
    const ids = join(dir, 'cut-ids.txt');
    const r = cli(['import', file, '--json', '--ids-out', ids], 'b');
    expect(r.status).toBe(1);
    expect(r.json<{ error: { message: string } }>().error.message).toMatch(/line \d+/);
    expect(existsSync(ids)).toBe(false);
    const db = openDatabase(profile('b'));
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM documents').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM documents_fts').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM counterparties').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 240_000);

  it('says in Russian how many more were not listed, and where the ids went', () => {
    const small = text.split('\r\n');
    // the first 3,000 sections and the end of the file: 2,700 imported, 300 rejected
    const sectionStart = starts[3000]! - 1;
    const file = join(dir, 'small.txt');
    writeFileSync(file, encodeCp1251([...small.slice(0, sectionStart), 'КонецФайла', ''].join('\r\n')));
    const ids = join(dir, 'small-ids.txt');
    const r = cli(['import', file, '--ids-out', ids], 'c', 'ru');
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('загружено черновиков: 2700, не загружено: 300');
    expect(r.stdout).toContain(`… и ещё ${2700 - LISTED} загруженных, не показаны (--ids-out ФАЙЛ записывает все id).`);
    expect(r.stdout).toContain(`id черновиков (2700) записаны в ${ids}.`);
    expect(r.stdout.split('\n').filter((l) => l.includes('НЕ загружен'))).toHaveLength(300);
    expect(readFileSync(ids, 'utf8').trim().split('\n')).toHaveLength(2700);
  }, 120_000);
});
