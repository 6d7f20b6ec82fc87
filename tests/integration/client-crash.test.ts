/**
 * Crash safety: bankclient is killed (SIGKILL) at random moments while it signs and syncs a
 * batch of payments; after every kill the profile is consistent, and once it is allowed to
 * finish, the bank has every payment exactly once and the money moved once per payment.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/main/audit/audit-log.ts';
import { openDatabase } from '../../src/main/store/database.ts';
import { CliBank, oneCFile } from '../helpers/cli-bank.ts';

const t = new CliBank('client-crash', { Director: '10101010' });
const N = 1200;
const KILLS = 12;

/** A small seeded generator (mulberry32): the kill times are random, and a failure can be replayed from the seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(() => t.start(), 60_000);
afterAll(() => t.stop());

interface DocState {
  id: string;
  status: string;
  canonical: number;
  cms: number;
  signatures: number;
  outbox: number;
  done: number;
}

/** What must hold after any crash: nothing half-written between documents, signatures and the outbox. */
function checkConsistent(): DocState[] {
  const integrity = t.clientQuery<{ integrity_check: string }>('Director', 'PRAGMA integrity_check');
  expect(integrity).toEqual([{ integrity_check: 'ok' }]);
  const docs = t.clientQuery<DocState>(
    'Director',
    `SELECT d.id, d.status, d.canonical IS NOT NULL AS canonical, d.cms IS NOT NULL AS cms,
       (SELECT COUNT(*) FROM signatures s WHERE s.document_id = d.id) AS signatures,
       (SELECT COUNT(*) FROM outbox o WHERE o.document_id = d.id) AS outbox,
       (SELECT COUNT(*) FROM outbox o WHERE o.document_id = d.id AND o.state = 'done') AS done
     FROM documents d`,
  );
  expect(docs).toHaveLength(N);
  for (const d of docs) {
    if (d.status === 'draft') expect(d, d.id).toMatchObject({ canonical: 0, cms: 0, signatures: 0, outbox: 0 });
    else {
      expect(d, d.id).toMatchObject({ canonical: 1, cms: 1, signatures: 1, outbox: 1 });
      // "signed" means not yet at the bank: its outbox row is still open
      expect(d.done, d.id).toBe(d.status === 'signed' ? 0 : 1);
    }
  }
  expect(t.clientQuery('Director', "SELECT 1 FROM outbox WHERE state = 'failed'")).toEqual([]);
  return docs;
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs during signing and sync, and the bank has each of ${N} payments exactly once`, async () => {
    await t.enrol('Director', 'first-signature', undefined, 'rsa-2048'); // RSA signs slowly enough for kills to land mid-batch
    const today = t.bank.now().toISOString().slice(0, 10);
    const orders = Array.from({ length: N }, (_, i) => ({ number: String(1000 + i), amount: '1.00', purpose: `Оплата по счёту № ${1000 + i}, без НДС` }));
    writeFileSync(t.file('batch.txt'), oneCFile(today, orders));
    expect(t.cli('Director', ['import', t.file('batch.txt'), '--json']).status).toBe(0);

    // kills land between the process being up and its work being done: measure how long starting takes
    const started = Date.now();
    t.cli('Director', ['documents', 'list', '--limit', '1', '--json']);
    const startup = Date.now() - started;
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
    const rnd = random(seed);
    const sign = ['sign-documents', '--token', 'Director', '--key', 'Director-key', '--status', 'draft', '--json'];
    const sync = ['sync', '--json'];
    let killed = 0;
    const partial = { sign: 0, sync: 0 };
    const count = (docs: DocState[], pred: (d: DocState) => boolean): number => docs.filter(pred).length;
    let before = checkConsistent();
    const progress = (which: 'sign' | 'sync'): number =>
      t.clientQuery<{ n: number }>('Director', which === 'sign' ? "SELECT COUNT(*) AS n FROM documents WHERE status <> 'draft'" : "SELECT COUNT(*) AS n FROM outbox WHERE state = 'done'")[0]!.n;
    for (let attempt = 0; attempt < 4 * KILLS && killed < KILLS; attempt++) {
      // sign while drafts are left, then sync
      const drafts = count(before, (d) => d.status === 'draft');
      const which = attempt % 2 === 0 && drafts > 0 ? 'sign' : 'sync';
      const child = t.spawn('Director', which === 'sign' ? sign : sync);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      let running = true;
      void exited.then(() => (running = false));
      // most kills land at a random moment after the work has visibly started; every fourth at a random moment from the start
      const start = progress(which);
      if (attempt % 4 !== 3) {
        while (running && progress(which) === start) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, Math.floor(rnd() * (which === 'sign' ? 120 : 400))));
      } else {
        await new Promise((r) => setTimeout(r, Math.floor(rnd() * startup * 1.5)));
      }
      if (running) child.kill('SIGKILL');
      const code = await exited;
      const after = checkConsistent();
      const signedNow = count(after, (d) => d.status !== 'draft');
      const sentNow = count(after, (d) => d.done === 1);
      if (code === null) {
        killed++;
        // a kill in the middle: the command had done some of its work, not all
        if (which === 'sign' && signedNow > count(before, (d) => d.status !== 'draft') && signedNow < N) partial.sign++;
        if (which === 'sync' && sentNow > count(before, (d) => d.done === 1) && sentNow < signedNow) partial.sync++;
      }
      before = after;
    }
    console.log(`crash test seed ${seed}: ${killed} runs killed; mid-batch kills: signing ${partial.sign}, sync ${partial.sync}`);
    expect(killed, `seed ${seed}`).toBe(KILLS);
    expect(partial.sign, `seed ${seed}`).toBeGreaterThan(0);
    expect(partial.sync, `seed ${seed}`).toBeGreaterThan(0);

    // allowed to finish: everything signed once and sent once
    const finish = t.cli('Director', sign);
    expect(finish.status, finish.stderr).toBe(0);
    const synced = t.cli('Director', ['sync', '--wait', '30', '--json']);
    expect(synced.json(), synced.stderr).toMatchObject({ pending: 0, failed: 0 });
    const docs = checkConsistent();
    expect(docs.every((d) => d.status !== 'draft' && d.status !== 'signed')).toBe(true);

    const atBank = t.bankQuery<{ id: string }>('SELECT id FROM documents WHERE company_id = ?', t.companyId);
    expect(new Set(atBank.map((d) => d.id))).toEqual(new Set(docs.map((d) => d.id)));

    // the money moved once per payment
    await t.bank.advanceClock(3600);
    await t.bank.advanceClock(3600);
    expect((await t.login('Director')).status).toBe(0);
    expect(t.cli('Director', ['sync', '--json']).status).toBe(0);
    const debits = t.bankQuery<{ document_number: string; n: number }>(
      "SELECT document_number, COUNT(*) AS n FROM statement_entries WHERE direction = 'debit' AND CAST(document_number AS INTEGER) BETWEEN 1000 AND ? GROUP BY document_number",
      1000 + N - 1,
    );
    expect(debits).toHaveLength(N);
    expect(debits.every((d) => d.n === 1)).toBe(true);
    expect(t.clientQuery<{ n: number }>('Director', "SELECT COUNT(*) AS n FROM documents WHERE status = 'executed'")[0]!.n).toBe(N);
    const db = openDatabase(t.file('profile-Director'));
    expect(verifyAudit(db).ok).toBe(true);
    db.close();
  }, 300_000);
});
