/** Drafts between profiles: a 1C file in, pain.001 out (valid against the ISO XSD), pain.001 in elsewhere: the same payment orders. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentService } from '../../src/main/documents/document-service.ts';
import { openDatabase } from '../../src/main/store/database.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { bankclient } from '../helpers/cli.ts';
import { XSD, xsdErrors } from '../helpers/xsd.ts';

let dir: string;
const cli = (profile: string, args: string[]) => bankclient([...args, '--data-dir', join(dir, profile)], { PATH: process.env.PATH });
const contents = (profile: string): unknown[] => {
  const db = openDatabase(join(dir, profile));
  try {
    return (db.prepare("SELECT content FROM documents WHERE kind = 'payment-order' ORDER BY number").all() as { content: string }[]).map((r) => JSON.parse(r.content));
  } finally {
    db.close();
  }
};

beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'bc-docs-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('documents between systems', () => {
  it('exports the drafts of one profile as pain.001 and imports them into another unchanged', () => {
    const imported = cli('a', ['import', 'tests/fixtures/formats/mixed.cp1251.crlf.txt', '--json']).json<{ imported: string[] }>().imported;
    expect(imported.length).toBeGreaterThan(1);
    const out = join(dir, 'orders.xml');
    const exported = cli('a', ['documents', 'export', '--format', 'pain001', '--status', 'draft', '--out', out, '--json']);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.json()).toMatchObject({ documents: imported.length });
    expect(xsdErrors(readFileSync(out), XSD.pain001v09)).toEqual([]);
    const back = cli('b', ['import', out, '--json']).json<{ format: string; imported: string[] }>();
    expect(back).toMatchObject({ format: 'pain.001' });
    expect(back.imported).toHaveLength(imported.length);
    expect(contents('b')).toEqual(contents('a'));
  });

  it('refuses a document that is not a payment order, by id, and writes nothing', () => {
    const db = openDatabase(join(dir, 'a'));
    const letter = new DocumentService(db, { actor: 't' }).create({ kind: 'letter', content: DOCUMENT_EXAMPLES.letter }).id;
    db.close();
    const out = join(dir, 'letter.xml');
    const r = cli('a', ['documents', 'export', '--format', 'pain001', '--out', out, letter]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(letter);
    expect(r.stderr).toMatch(/only payment orders/);
    expect(existsSync(out)).toBe(false);
  });
});
