import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DOCUMENT_EXAMPLES, EXAMPLES_VALID_ON } from '../../src/shared/bank-api/documents/index.ts';
import { LocalizedError } from '../../src/shared/i18n/index.ts';
import { audit, verifyAudit } from '../../src/main/audit/audit-log.ts';
import { DATABASE_FILE, openDatabase, schemaVersion, type Db } from '../../src/main/store/database.ts';
import { setSetting } from '../../src/main/store/settings.ts';
import { Client, DEMO_BANK_URL_SETTING } from '../../src/main/client.ts';
import { MIGRATIONS } from '../../src/main/store/migrations.ts';
import { resolveDataDir } from '../../src/main/store/data-dir.ts';
import { DocumentInvalidError, DocumentService } from '../../src/main/documents/document-service.ts';
import { Templates } from '../../src/main/documents/templates.ts';
import { storeImport } from '../../src/main/documents/import-drafts.ts';
import { importFile } from '../../src/main/formats/index.ts';

const dirs: string[] = [];
const dbs: Db[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'bc-store-'));
  dirs.push(d);
  return d;
}
function open(dir: string, upTo?: number): Db {
  const db = openDatabase(dir, upTo === undefined ? {} : { upTo });
  dbs.push(db);
  return db;
}
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const order = DOCUMENT_EXAMPLES['payment-order'];
const service = (db: Db) => new DocumentService(db, { actor: 'test', today: () => EXAMPLES_VALID_ON });

describe('data directory', () => {
  it('takes --data-dir, then BANKCLIENT_HOME, then the platform user-data folder', () => {
    expect(resolveDataDir('/x', { BANKCLIENT_HOME: '/y' })).toBe('/x');
    expect(resolveDataDir(undefined, { BANKCLIENT_HOME: '/y' })).toBe('/y');
    expect(resolveDataDir(undefined, {}, 'linux', '/home/a')).toBe('/home/a/.config/Bank Client');
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/a')).toBe('/cfg/Bank Client');
    expect(resolveDataDir(undefined, {}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/Bank Client');
    expect(resolveDataDir(undefined, { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toContain('Bank Client');
  });
});

describe('the bank of a profile', () => {
  it('takes https, or http on this machine only, and does not move a profile that trusts one bank to another', () => {
    const dir = tempDir();
    expect(() => new Client({ dataDir: dir, bankUrl: 'http://bank.example' })).toThrow(/https/);
    expect(() => new Client({ dataDir: dir, bankUrl: 'not a url' })).toThrow(/not a web address/);
    new Client({ dataDir: dir, bankUrl: 'http://127.0.0.1:8443' }).close();
    const c = new Client({ dataDir: dir, bankUrl: 'https://bank.example/api' });
    expect(c.bankUrl).toBe('https://bank.example/api');
    setSetting(c.db, 'bank.ca', 'AAAA'); // a pinned CA: this profile now trusts that bank
    c.close();
    expect(() => new Client({ dataDir: dir, bankUrl: 'https://other.example' })).toThrow(/already works with the bank at https:\/\/bank.example/);
    const same = new Client({ dataDir: dir, bankUrl: 'https://bank.example/api' });
    expect(same.bankUrl).toBe('https://bank.example/api');
    same.close();
  });

  it('lets a bank named in the environment replace the demo bank the profile remembers, or refuses it once the demo CA is pinned', () => {
    const dir = tempDir();
    const demo = new Client({ dataDir: dir, bankUrl: 'http://127.0.0.1:40001' });
    setSetting(demo.db, DEMO_BANK_URL_SETTING, 'http://127.0.0.1:40001');
    demo.close();
    const env = { ...process.env, BANKCLIENT_BANK_URL: 'https://bank.example/api' };
    const moved = new Client({ dataDir: dir, env });
    expect(moved.bankUrl).toBe('https://bank.example/api');
    moved.close();
    const pinned = tempDir();
    const d2 = new Client({ dataDir: pinned, bankUrl: 'http://127.0.0.1:40002' });
    setSetting(d2.db, DEMO_BANK_URL_SETTING, 'http://127.0.0.1:40002');
    setSetting(d2.db, 'bank.ca', 'AAAA');
    d2.close();
    expect(() => new Client({ dataDir: pinned, env })).toThrow(/already works with the bank at http:\/\/127.0.0.1:40002/);
  });
});

describe('migrations', () => {
  it('opens a data file of schema 1 with documents in it and upgrades it, keeping them and indexing them for search', () => {
    const dir = tempDir();
    const old = open(dir, 1);
    expect(schemaVersion(old)).toBe(1);
    old.prepare(
      `INSERT INTO documents (id, kind, version, content, status, summary, origin, number, counterparty, amount, created_at, updated_at)
       VALUES ('d1', 'payment-order', 1, ?, 'draft', 'old summary', 'typed', '42', 'ООО "Лютик"', 15000000, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    ).run(JSON.stringify(order));
    old.close();
    const db = open(dir);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    const docs = service(db);
    expect(docs.get('d1').body.content).toEqual(order);
    expect(docs.list({ text: 'лютик' }).items.map((d) => d.id)).toEqual(['d1']);
    expect(docs.list({ text: 'договору' }).items.map((d) => d.id)).toEqual(['d1']); // the purpose, backfilled
    expect(docs.list({ text: '150000.00' }).items.map((d) => d.id)).toEqual(['d1']);
  });

  it('keeps the profile readable by its owner only', () => {
    const dir = join(tempDir(), 'profile'); // made by the store
    open(dir);
    expect(statSync(join(dir, DATABASE_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('refuses a data file from a newer version and leaves it byte for byte as it was', () => {
    const dir = tempDir();
    const db = open(dir);
    db.pragma('user_version = 99');
    db.close();
    const before = readFileSync(join(dir, DATABASE_FILE));
    let error: unknown;
    try {
      open(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LocalizedError);
    expect((error as LocalizedError).message).toContain('schema 99');
    expect((error as LocalizedError).localized('ru')).toContain('более новой версией');
    expect(readFileSync(join(dir, DATABASE_FILE)).equals(before)).toBe(true);
  });
});

describe('audit log', () => {
  function logged(n: number): Db {
    const db = open(tempDir());
    for (let i = 1; i <= n; i++) audit(db, { actor: 'Иванов', action: 'sign', subject: `doc-${i}`, details: { i } });
    return db;
  }

  it('verifies an untouched chain', () => {
    expect(verifyAudit(logged(5))).toEqual({ ok: true, rows: 5, problems: [] });
  });

  it('detects an edited row', () => {
    const db = logged(5);
    db.prepare("UPDATE audit SET subject = 'doc-other' WHERE seq = 3").run();
    expect(verifyAudit(db).problems).toEqual([{ seq: 3, problem: 'edited' }]);
  });

  it('detects a row edited together with its hash, by the broken link of the next row', () => {
    const db = logged(5);
    db.prepare("UPDATE audit SET subject = 'x', hash = (CASE WHEN substr(hash, 1, 1) = 'f' THEN '0' ELSE 'f' END) || substr(hash, 2) WHERE seq = 2").run();
    const problems = verifyAudit(db).problems;
    expect(problems).toContainEqual({ seq: 2, problem: 'edited' });
    expect(problems).toContainEqual({ seq: 3, problem: 'chain-broken' });
  });

  it('detects a removed row in the middle and at the end', () => {
    const db = logged(5);
    db.prepare('DELETE FROM audit WHERE seq = 2').run();
    expect(verifyAudit(db).problems).toEqual([
      { seq: 2, problem: 'removed' },
      { seq: 3, problem: 'chain-broken' },
    ]);
    const tail = logged(4);
    tail.prepare('DELETE FROM audit WHERE seq = 4').run();
    expect(verifyAudit(tail)).toMatchObject({ ok: false, problems: [{ seq: 4, problem: 'head-mismatch' }] });
  });
});

describe('documents', () => {
  it('creates a valid payment order without findings and an invalid one with each finding named by field in both languages', () => {
    const docs = service(open(tempDir()));
    const ok = docs.create({ kind: 'payment-order', content: order });
    expect(ok).toMatchObject({ status: 'draft', errors: 0, warnings: 0, revision: 1, amount: order.amount, number: '42' });
    const bad = docs.create({ kind: 'payment-order', content: { ...order, priority: 3, payee: { ...order.payee, inn: '7701325469' } } });
    expect(bad.errors).toBe(1);
    expect(bad.warnings).toBe(2); // unusual priority; a company payee without a KPP
    const inn = bad.findings.find((f) => f.field === 'payee.inn')!;
    expect(inn).toMatchObject({ code: 'inn.checksum', severity: 'error' });
    expect(inn.message.ru).toMatch(/ИНН/);
    expect(bad.findings.find((f) => f.field === 'priority')).toMatchObject({ code: 'priority.unusual', severity: 'warning' });
  });

  it('refuses content without the kind\'s structure, naming the field, and stores nothing', () => {
    const db = open(tempDir());
    const docs = service(db);
    let error: unknown;
    try {
      docs.create({ kind: 'payment-order', content: { ...order, amount: '150000.00' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DocumentInvalidError);
    expect((error as DocumentInvalidError).problems[0]).toMatchObject({ field: 'amount', code: 'type.invalid' });
    expect(docs.list().total).toBe(0);
  });

  it('edits a draft in place, refuses a stale edit without changing anything, and turns an edit of a signed document into a new draft', () => {
    const db = open(tempDir());
    const docs = service(db);
    const d = docs.create({ kind: 'payment-order', content: order });
    const edited = docs.update(d.id, { ...order, purpose: 'Оплата по счёту № 5' }, 1);
    expect(edited).toMatchObject({ id: d.id, revision: 2 });
    expect(() => docs.update(d.id, { ...order, purpose: 'stale' }, 1)).toThrow(/revision 1/);
    expect((docs.get(d.id).body.content as { purpose: string }).purpose).toBe('Оплата по счёту № 5');

    db.prepare("UPDATE documents SET status = 'signed', canonical = x'00', cms = x'00' WHERE id = ?").run(d.id);
    db.prepare("INSERT INTO outbox (document_id, op, cms, state, next_attempt_at, created_at) VALUES (?, 'submit', x'', 'pending', '2026-01-01', '2026-01-01')").run(d.id);
    const derived = docs.update(d.id, { ...order, amount: 1 });
    // the wrong original, not yet sent, is held back so that only the corrected one can go
    const held = db.prepare('SELECT state, last_error FROM outbox WHERE document_id = ?').get(d.id) as { state: string; last_error: string };
    expect(held.state).toBe('failed');
    expect(JSON.parse(held.last_error)).toMatchObject({ code: 'document.replaced', params: { id: d.id, by: derived.id } });
    expect(derived.id).not.toBe(d.id);
    expect(derived).toMatchObject({ status: 'draft', derivedFrom: d.id, amount: 1 });
    expect(docs.get(d.id)).toMatchObject({ status: 'signed', amount: order.amount, revision: 2 });
    expect(() => docs.remove(d.id)).toThrow(LocalizedError);
    expect(docs.get(d.id).status).toBe('signed');
  });

  it('copies with today\'s date and the next number, deletes drafts, and keeps the payee in the directory', () => {
    const docs = new DocumentService(open(tempDir()), { actor: 'test', today: () => '2026-11-27' });
    const d = docs.create({ kind: 'payment-order', content: order });
    const c = docs.copy(d.id);
    expect(c.body.content).toMatchObject({ date: '2026-11-27', number: '43', purpose: order.purpose });
    expect(c.derivedFrom).toBe(d.id);
    docs.remove(c.id);
    expect(() => docs.get(c.id)).toThrow(/No document/);
    expect(docs.counterparties.list('Лютик')).toMatchObject([{ inn: order.payee.inn, account: order.payee.account, bic: order.payee.bank.bic }]);
  });

  it('makes a draft from a template in one step', () => {
    const docs = service(open(tempDir()));
    const templates = new Templates(docs);
    const d = docs.create({ kind: 'payment-order', content: order });
    templates.save('Аренда', d.id);
    expect(() => templates.save('Аренда', d.id)).toThrow(/exists/);
    const fresh = templates.use('Аренда');
    expect(fresh).toMatchObject({ status: 'draft', number: '43' });
    expect(fresh.id).not.toBe(d.id);
  });

  it('lists with filters and searches number, counterparty, purpose and amount; user text cannot inject FTS syntax', () => {
    const docs = service(open(tempDir()));
    const a = docs.create({ kind: 'payment-order', content: order });
    const b = docs.create({ kind: 'payment-order', content: { ...order, number: '77', amount: 99_50, purpose: 'Аренда офиса за ноябрь', payee: { ...order.payee, name: 'ИП Васильев' } } });
    docs.create({ kind: 'letter', content: DOCUMENT_EXAMPLES.letter });
    expect(docs.list().total).toBe(3);
    expect(docs.list({ kind: 'payment-order' }).items.map((d) => d.id)).toEqual([b.id, a.id]);
    expect(docs.list({ text: 'васил' }).items.map((d) => d.id)).toEqual([b.id]);
    expect(docs.list({ text: 'аренда' }).items.map((d) => d.id)).toEqual([b.id]);
    expect(docs.list({ text: '99.50' }).items.map((d) => d.id)).toEqual([b.id]);
    expect(docs.list({ text: '150 000,00' }).items.map((d) => d.id)).toEqual([a.id]); // as people type it
    expect(docs.list({ text: 'аренда' }).total).toBe(1);
    expect(docs.list({ text: '77' }).items.map((d) => d.id)).toEqual([b.id]);
    expect(docs.list({ minAmount: 100_00 }).items.map((d) => d.id)).toEqual([a.id]);
    expect(docs.list({ counterparty: 'Лютик' }).items.map((d) => d.id)).toEqual([a.id]);
    expect(docs.list({ text: 'NEAR(" OR *' }).total).toBe(0);
    expect(docs.list({ text: '"' }).total).toBe(0);
  });

  it('indexes an imported file for search in one go, and finds its documents', () => {
    const docs = service(open(tempDir()));
    const bytes = readFileSync('tests/fixtures/formats/mixed.cp1251.crlf.txt');
    const report = storeImport(docs, importFile(bytes, 'mixed'), 'mixed', 'test');
    expect(report.imported.length).toBeGreaterThan(1);
    const first = docs.get(report.imported[0]!.id);
    const word = (first.body.content as { purpose: string }).purpose.split(/\s+/).find((w) => w.length > 5)!;
    expect(docs.list({ text: word }).items.map((d) => d.id)).toContain(first.id);
    expect(docs.list({ text: first.number! }).items.map((d) => d.id)).toContain(first.id);
  });
});
