/**
 * Possible duplicate payments (src/main/signing/duplicates.ts) over a real profile: which earlier
 * payment orders count (signed and queued, sent and beyond; not rejected or recalled, not drafts),
 * what must match (number without leading zeros, date, amount, payee account + BIC + INN), and
 * that the lookup uses the documents_by_day index with 100,000 documents in the profile.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/main/client.ts';
import { findDuplicates } from '../../src/main/signing/duplicates.ts';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';

const example = DOCUMENT_EXAMPLES['payment-order'];
const DAY = '2025-03-14';
let client: Client;

const create = (o: { number?: string; amount?: number; date?: string; payee?: Partial<typeof example.payee>; status?: string }): string => {
  const content = { ...example, number: o.number ?? '42', date: o.date ?? DAY, amount: o.amount ?? 12_345_00, payee: { ...example.payee, ...o.payee } };
  const id = client.documents.create({ kind: 'payment-order', content }).id;
  if (o.status) client.db.prepare('UPDATE documents SET status = ? WHERE id = ?').run(o.status, id);
  return id;
};

beforeAll(() => {
  client = new Client({ dataDir: mkdtempSync(join(tmpdir(), 'bc-duplicates-')), env: {}, actor: 'test', today: () => DAY });
});
afterAll(() => client.close());

describe('possible duplicates', () => {
  it('flags a draft repeating a payment order signed or sent, and names the earlier one', () => {
    const earlier = create({ status: 'executed' });
    const draft = create({});
    expect(findDuplicates(client.documents.store, [draft]).get(draft)).toEqual({ number: '42', earlier: { id: earlier, number: '42', date: DAY, amount: 12_345_00, status: 'executed' } });
    // the earlier one itself is not a draft: not checked
    expect(findDuplicates(client.documents.store, [earlier]).size).toBe(0);
  });

  it('counts signed-and-queued and every status after sending, not rejected, recalled or other drafts', () => {
    for (const [status, flagged] of [['signed', true], ['sent', true], ['delivered', true], ['accepted', true], ['rejected', false], ['recalled', false], [undefined, false]] as const) {
      const number = `s-${status ?? 'draft'}`.replace(/[^0-9a-z-]/g, '');
      create({ number, ...(status ? { status } : {}) });
      const draft = create({ number });
      expect(findDuplicates(client.documents.store, [draft]).has(draft), status ?? 'draft').toBe(flagged);
    }
  });

  it('needs the same number (leading zeros aside), date, amount and payee', () => {
    create({ number: '77', status: 'sent' });
    expect(findDuplicates(client.documents.store, [create({ number: '0077' })]).size).toBe(1);
    const others = [
      create({ number: '77', amount: 12_345_01 }),
      create({ number: '78' }),
      create({ number: '77', date: '2025-03-15' }),
      create({ number: '77', payee: { account: '40702810900000000001' } }),
      create({ number: '77', payee: { inn: '7701325469' } }),
      create({ number: '77', payee: { bank: { ...example.payee.bank, bic: '044525225' } } }),
    ];
    expect([...findDuplicates(client.documents.store, others).keys()]).toEqual([]);
  });

  it('looks up through the day index: quick with 100,000 documents', () => {
    const insert = client.db.prepare(
      `INSERT INTO documents (id, kind, version, content, status, number, doc_date, amount, summary, origin, created_at, updated_at)
       VALUES (?, 'payment-order', 1, ?, 'executed', ?, ?, ?, '', 'import', ?, ?)`,
    );
    const content = JSON.stringify(example);
    client.db.transaction(() => {
      for (let i = 0; i < 100_000; i++) {
        const day = new Date(Date.UTC(2020, 0, 1) + (i % 1500) * 86_400_000).toISOString().slice(0, 10);
        // one day in twenty is the drafts' own: a busy day of the batch
        const own = i % 20 === 0 ? DAY : day;
        insert.run(`bulk-${i}`, content, String(i), own, 1_000_00 + i, `${own}T10:00:00Z`, `${own}T10:00:00Z`);
      }
    })();
    const plan = client.db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM documents WHERE COALESCE(doc_date, substr(created_at, 1, 10)) = @day AND doc_date = @day AND kind = 'payment-order' AND status IN ('signed','sent')`)
      .all({ day: DAY }) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/documents_by_day/);
    // 2,000 drafts of that day, one of them repeating a bulk one: read the day once, not once per draft
    const drafts = Array.from({ length: 2000 }, (_, i) => create({ number: `q${i}` }));
    const repeat = create({ number: '40', amount: 1_000_40 });
    const started = performance.now();
    expect([...findDuplicates(client.documents.store, [...drafts, repeat]).keys()]).toEqual([repeat]);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
