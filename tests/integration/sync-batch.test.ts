/**
 * Submissions go to the bank in batches (POST /v1/documents/batch), each document with its own
 * result. Against the sandbox over HTTP, with a proxy that loses or edits the bank's answers:
 * a refused document fails alone and the others are sent; a lost answer is sent again and the
 * bank has each document once; a results list reordered, cut, relabelled or turned into another
 * document's success marks nothing sent, and what the client stores matches the bank; a bank
 * without the route gets one PUT per document, for as long as its BankApi lives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BankApi } from '../../src/main/bank/bank-api.ts';
import { SyncEngine } from '../../src/main/sync/sync-engine.ts';
import type { LocalizedError } from '../../src/shared/i18n/index.ts';
import { startProxiedClient, type ProxiedClient } from '../helpers/proxied-client.ts';
import type { RunningSandbox } from '../../src/sandbox/server.ts';
import type { Client } from '../../src/main/client.ts';
import type { FaultProxy, FaultRule } from '../helpers/fault-proxy.ts';

let w: ProxiedClient;
let bank: RunningSandbox;
let proxy: FaultProxy;
let client: Client;

const NAME = 'Петров Пётр Петрович';
/** The signer's limit at login; the bank lowers it to LOWERED after signing to refuse one document. */
const LIMIT = 100_000_00;
const LOWERED = 50_000_00;
const BATCH_ROUTE = '/v1/documents/batch';
const status = (id: string): string => client.documents.get(id).status;
const outboxRow = (id: string): { state: string; error: { code: string; params: Record<string, unknown> } | null } => {
  const r = client.db.prepare('SELECT state, last_error FROM outbox WHERE document_id = ? ORDER BY id DESC').get(id) as { state: string; last_error: string | null };
  return { state: r.state, error: r.last_error ? (JSON.parse(r.last_error) as { code: string; params: Record<string, unknown> }) : null };
};
const setBankLimit = (kopecks: number): void => void bank.db.prepare('UPDATE users SET limit_kopecks = ? WHERE name = ?').run(kopecks, NAME);
/** What went through the proxy since `from`: batch requests and single PUTs. */
const requests = (from: number): { batches: number; puts: number } => {
  const seen = proxy.seen.slice(from);
  return { batches: seen.filter((s) => s.method === 'POST' && s.path === BATCH_ROUTE).length, puts: seen.filter((s) => s.method === 'PUT').length };
};

const atBank = (id: string): number => w.atBank(id);
const bankStatus = (id: string): string | undefined => w.bankStatus(id);
/** Signed payments waiting in the outbox; `over` of them (first) for an amount the bank will refuse once the limit is lowered. */
const signedPayments = (n: number, over = 0): Promise<string[]> => w.signedPayments(n, (i) => (i < over ? 60_000_00 : 10_00));

/** Every document stored here as the bank has it: sent and delivered where the bank holds it, still signed where it does not. */
function expectSameAsBank(ids: string[]): void {
  for (const id of ids) expect([id, status(id)]).toEqual([id, bankStatus(id) ?? 'signed']);
}

beforeAll(async () => {
  w = await startProxiedClient({ dir: 'sync-batch', name: NAME, role: 'single-signature', limit: LIMIT, timeoutMs: 2000 });
  ({ bank, proxy, client } = w);
}, 60_000);

afterAll(async () => {
  await w?.close();
});

/** The error stored for the document the bank refused in the first test, to compare with the same refusal of a single PUT. */
let refusedInBatch: { code: string; params: Record<string, unknown> } | null = null;

describe('sync in batches', () => {
  it('one document the bank refuses fails alone, with its reason stored; the others of the same request are sent', async () => {
    const ids = await signedPayments(4, 1);
    const refused = ids[0]!;
    setBankLimit(LOWERED);
    try {
      const from = proxy.seen.length;
      const r = await client.sync().syncOnce();
      expect(requests(from)).toEqual({ batches: 1, puts: 0 });
      expect(r.push.sent.sort()).toEqual(ids.slice(1).sort());
      expect(r.push.failed).toEqual([{ id: refused, error: expect.objectContaining({ code: 'bank.problem', params: expect.objectContaining({ operation: 'submitDocument', code: 'amount-over-limit' }) }) }]);
      const row = outboxRow(refused);
      expect(row).toMatchObject({ state: 'failed', error: { code: 'bank.problem', params: { code: 'amount-over-limit' } } });
      refusedInBatch = row.error;
      expect(client.sync().state()).toMatchObject({ pending: 0, failed: 1 });
      expect(atBank(refused)).toBe(0);
      for (const id of ids.slice(1)) expect([status(id), atBank(id)]).toEqual(['delivered', 1]);
    } finally {
      setBankLimit(LIMIT);
    }
  });

  it('an answer lost after the bank committed: nothing marked sent, then sent again, and the bank has each document once', async () => {
    // more than one batch, several in flight: the answer to one of them is lost
    const ids = await signedPayments(300);
    proxy.set({ fault: 'drop-after', method: 'POST', path: BATCH_ROUTE, times: 1 });
    const first = await client.sync().syncOnce();
    expect(client.sync().state().lastError).toMatchObject({ code: 'bank.unreachable' });
    const lost = ids.filter((id) => !first.push.sent.includes(id));
    expect(lost.length).toBeGreaterThan(0);
    // the bank took them, but we never heard: still ours to send
    for (const id of lost) expect([status(id), atBank(id)]).toEqual(['signed', 1]);
    proxy.set();
    client.sync().retryNow();
    const second = await client.sync().syncOnce();
    expect(second.push.sent.sort()).toEqual(lost.sort());
    expect([...first.push.sent, ...second.push.sent].sort()).toEqual([...ids].sort());
    for (const id of ids) expect([status(id), atBank(id)]).toEqual(['delivered', 1]);
    expect(client.sync().state()).toMatchObject({ pending: 0, failed: 1 });
  }, 60_000);

  type Results = { results: { id: string; status: number; state?: { id: string }; problem?: unknown }[] };
  const results = (body: unknown): Results['results'] => (body as Results).results;
  const tampered: [string, FaultRule['rewrite']][] = [
    ['reordered', (a) => ({ results: results(a).reverse() })],
    ['one dropped', (a) => ({ results: results(a).slice(1) })],
    ['one added', (a) => ({ results: [...results(a), results(a)[0]] })],
    ['two swapped, ids left in place', (a) => ({ results: results(a).map((r, i, all) => (i < 2 ? { ...all[1 - i]!, id: r.id } : r)) })],
    ['an id relabelled', (a) => ({ results: results(a).map((r, i) => (i === 1 ? { ...r, id: results(a)[2]!.id } : r)) })],
  ];
  for (const [what, rewrite] of tampered) {
    it(`a results list ${what} by a man in the middle marks nothing sent; sent again, every state stored is the bank's`, async () => {
      const ids = await signedPayments(4);
      proxy.set({ fault: 'rewrite', method: 'POST', path: BATCH_ROUTE, times: 1, rewrite });
      const r = await client.sync().syncOnce();
      expect(r.push.sent).toEqual([]);
      expect(client.sync().state().lastError).toMatchObject({ code: 'sync.batch-answer-mismatch' });
      for (const id of ids) expect([status(id), atBank(id), outboxRow(id).state]).toEqual(['signed', 1, 'pending']);
      proxy.set();
      client.sync().retryNow();
      expect((await client.sync().syncOnce()).push.sent.sort()).toEqual([...ids].sort());
      expectSameAsBank(ids);
      for (const id of ids) expect(atBank(id)).toBe(1);
    });
  }

  it("a refusal turned into another document's success by a man in the middle is not taken: the refused document is not marked sent", async () => {
    const ids = await signedPayments(3, 1);
    const refused = ids[0]!;
    setBankLimit(LOWERED);
    try {
      proxy.set({
        fault: 'rewrite',
        method: 'POST',
        path: BATCH_ROUTE,
        times: 1,
        rewrite: (a) => {
          const list = results(a);
          expect(list[0]).toMatchObject({ id: refused, status: 403 });
          // the refusal becomes a 201 carrying the state of the next document (the only state the man in the middle has)
          return { results: [{ id: refused, status: 201, state: list[1]!.state }, ...list.slice(1)] };
        },
      });
      const r = await client.sync().syncOnce();
      expect(r.push.sent).toEqual([]);
      expect(client.sync().state().lastError).toMatchObject({ code: 'sync.batch-answer-mismatch', params: { reason: 'id', position: 1, id: refused, other: ids[1] } });
      expect([status(refused), atBank(refused), outboxRow(refused).state]).toEqual(['signed', 0, 'pending']);
      proxy.set();
      client.sync().retryNow();
      const again = await client.sync().syncOnce();
      expect(again.push.sent.sort()).toEqual(ids.slice(1).sort());
      expect(again.push.failed.map((f) => f.id)).toEqual([refused]);
      expect(outboxRow(refused)).toMatchObject({ state: 'failed', error: { params: { code: 'amount-over-limit' } } });
      expectSameAsBank(ids);
    } finally {
      setBankLimit(LIMIT);
    }
  });

  it("one result turned into a 503 by a man in the middle: that document waits for a later try, the run stops, the others are sent", async () => {
    const ids = await signedPayments(3);
    proxy.set({
      fault: 'rewrite',
      method: 'POST',
      path: BATCH_ROUTE,
      times: 1,
      rewrite: (a) => ({ results: results(a).map((r, i) => (i === 1 ? { id: r.id, status: 503, problem: { type: 'about:blank', title: 'Service unavailable', status: 503, code: 'internal' } } : r)) }),
    });
    const r = await client.sync().syncOnce();
    expect(r.push.sent.sort()).toEqual([ids[0], ids[2]].sort());
    expect(client.sync().state()).toMatchObject({ pending: 1, lastError: { code: 'bank.problem', params: { status: 503 } } });
    expect(outboxRow(ids[1]!)).toMatchObject({ state: 'pending', error: { code: 'bank.problem', params: { operation: 'submitDocument', status: 503 } } });
    expect(status(ids[1]!)).toBe('signed');
    proxy.set();
    client.sync().retryNow();
    expect((await client.sync().syncOnce()).push.sent).toEqual([ids[1]]);
    expectSameAsBank(ids);
    for (const id of ids) expect(atBank(id)).toBe(1);
  });

  for (const code of [404, 405]) {
    it(`a bank that answers ${code} to the batch route gets one PUT per document, the refusal stored as from a batch, and no batch again while its BankApi lives`, async () => {
      // an engine of its own: the BankApi remembers the missing route for as long as it lives
      const engine = new SyncEngine(client.db, new BankApi(proxy.url, 2000), { actor: 'test' });
      const ids = await signedPayments(5, 1);
      setBankLimit(LOWERED);
      try {
        proxy.set({ fault: 'forge', method: 'POST', path: BATCH_ROUTE, answer: { status: code, body: { type: 'about:blank', title: 'Not found', status: code, code: 'not-found' } } });
        const from = proxy.seen.length;
        const r = await engine.syncOnce();
        expect(requests(from)).toEqual({ batches: 1, puts: 5 });
        expect(r.push.sent.sort()).toEqual(ids.slice(1).sort());
        expect(outboxRow(ids[0]!)).toEqual({ state: 'failed', error: refusedInBatch });
        expectSameAsBank(ids);
        const more = await signedPayments(3);
        const next = proxy.seen.length;
        expect((await engine.syncOnce()).push.sent.sort()).toEqual([...more].sort());
        expect(requests(next)).toEqual({ batches: 0, puts: 3 });
        expectSameAsBank(more);
      } finally {
        setBankLimit(LIMIT);
        proxy.set();
      }
    });
  }

  it('a batch the bank refuses as a whole (413) goes again one PUT per document, each for its own answer; the next run batches again', async () => {
    const ids = await signedPayments(4);
    proxy.set({ fault: 'forge', method: 'POST', path: BATCH_ROUTE, times: 1, answer: { status: 413, body: { type: 'about:blank', title: 'Payload too large', status: 413, code: 'payload-too-large' } } });
    const from = proxy.seen.length;
    const r = await client.sync().syncOnce();
    expect(requests(from)).toEqual({ batches: 1, puts: 4 });
    expect(r.push.sent.sort()).toEqual([...ids].sort());
    expect(r.push.failed).toEqual([]);
    expectSameAsBank(ids);
    for (const id of ids) expect(atBank(id)).toBe(1);
    const more = await signedPayments(2);
    const next = proxy.seen.length;
    expect((await client.sync().syncOnce()).push.sent.sort()).toEqual([...more].sort());
    expect(requests(next)).toEqual({ batches: 1, puts: 0 });
  });

  // last: it ends the session
  it('a 401 to a batch marks nothing sent or failed, keeps every row, and asks for a login', async () => {
    const ids = await signedPayments(3);
    proxy.set({ fault: 'forge', method: 'POST', path: BATCH_ROUTE, times: 1, answer: { status: 401, body: { type: 'about:blank', title: 'Session expired', status: 401, code: 'session-expired' } } });
    const r = await client.sync().syncOnce();
    expect(r.push).toMatchObject({ sent: [], failed: [] });
    expect((r.push.stoppedBy as LocalizedError | undefined)?.code).toBe('sync.login-needed');
    expect(r.error).toEqual({ code: 'sync.login-needed', sessionGone: true });
    expect(client.sync().state()).toMatchObject({ pending: 3, lastError: { code: 'sync.login-needed' } });
    for (const id of ids) expect([status(id), atBank(id), outboxRow(id)]).toEqual(['signed', 0, { state: 'pending', error: null }]);
  });
});
