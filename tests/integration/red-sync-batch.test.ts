/**
 * Red team on the batch submission path (POST /v1/documents/batch) and the single PUT it falls
 * back to: a man in the middle (TLS broken) or a hostile bank edits answers. The client takes a
 * document's fate (executed, rejected, recalled) only from a receipt signed by the pinned
 * receipts certificate (docs/security-model.md); an unsigned answer to a submission says only that
 * the bank has it. Each test uses the client as a person does (sign, sync) against the sandbox
 * over HTTP, through the fault proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BankApi } from '../../src/main/bank/bank-api.ts';
import { SyncEngine } from '../../src/main/sync/sync-engine.ts';
import { startProxiedClient, type ProxiedClient } from '../helpers/proxied-client.ts';
import type { Client } from '../../src/main/client.ts';
import type { FaultProxy } from '../helpers/fault-proxy.ts';

let w: ProxiedClient;
let proxy: FaultProxy;
let client: Client;

const NAME = 'Сидоров Сидор Сидорович';
const BATCH_ROUTE = '/v1/documents/batch';
const local = (id: string): { status: string; rejection: string | null } => {
  const r = client.db.prepare('SELECT status, rejection_code FROM documents WHERE id = ?').get(id) as { status: string; rejection_code: string | null };
  return { status: r.status, rejection: r.rejection_code };
};
const outboxState = (id: string): string => (client.db.prepare('SELECT state FROM outbox WHERE document_id = ? ORDER BY id DESC').get(id) as { state: string }).state;

const atBank = (id: string): number => w.atBank(id);
const bankStatus = (id: string): string | undefined => w.bankStatus(id);
const signedPayments = (n: number): Promise<string[]> => w.signedPayments(n);

type Result = { id: string; status: number; state?: Record<string, unknown>; problem?: unknown };
const results = (body: unknown): Result[] => (body as { results: Result[] }).results;
const FINAL: [string, Record<string, unknown>][] = [
  ['rejected', { status: 'rejected', rejection: { code: 'insufficient-funds', reason: 'Недостаточно средств' } }],
  ['executed', { status: 'executed' }],
  ['recalled', { status: 'recalled' }],
];

beforeAll(async () => {
  w = await startProxiedClient({ dir: 'red-sync-batch', name: NAME, role: 'single-signature', limit: 100_000_00, timeoutMs: 2000 });
  ({ proxy, client } = w);
}, 60_000);

afterAll(async () => {
  await w?.close();
});

describe('red team: what an unsigned answer to a submission can make the client believe', () => {
  for (const [what, forged] of FINAL) {
    it(`a batch result for the right id whose state a man in the middle made "${what}" does not give the document that fate: it is sent, and the signed receipts decide`, async () => {
      const ids = await signedPayments(3);
      proxy.set({ fault: 'rewrite', method: 'POST', path: BATCH_ROUTE, times: 1, rewrite: (a) => ({ results: results(a).map((r, i) => (i === 1 && r.state ? { ...r, state: { ...r.state, ...forged } } : r)) }) });
      const r = await client.sync().syncOnce();
      proxy.set();
      expect(r.push.sent.sort()).toEqual([...ids].sort());
      // the bank delivered it, and its signed receipt says so; the forged fate is nowhere
      for (const id of ids) expect([id, local(id)]).toEqual([id, { status: bankStatus(id), rejection: null }]);
      expect(bankStatus(ids[1]!)).toBe('delivered');
    });
  }

  it('the same through a single PUT (a bank without the batch route): a forged "rejected" state is not taken', async () => {
    const api = new BankApi(proxy.url, 2000);
    api.unsupported.add('submitDocuments');
    const engine = new SyncEngine(client.db, api, { actor: 'test' });
    const [id] = await signedPayments(1);
    proxy.set({ fault: 'rewrite', method: 'PUT', path: '/v1/documents/', times: 1, rewrite: (s) => ({ ...(s as object), ...FINAL[0]![1] }) });
    const r = await engine.syncOnce();
    proxy.set();
    expect(r.push.sent).toEqual([id]);
    expect(local(id!)).toEqual({ status: 'delivered', rejection: null });
  });

  it('a per-item refusal forged for a document the bank stored does not fail it for good (no second payment): the bank is asked, and it is sent', async () => {
    const ids = await signedPayments(3);
    proxy.set({
      fault: 'rewrite',
      method: 'POST',
      path: BATCH_ROUTE,
      times: 1,
      rewrite: (a) => ({
        results: results(a).map((r, i) =>
          i === 0 ? { id: r.id, status: 409, problem: { type: 'about:blank', title: 'Conflict', status: 409, code: 'document-conflict' } } : i === 1 ? { id: r.id, status: 403, problem: { type: 'about:blank', title: 'Over limit', status: 403, code: 'amount-over-limit' } } : r,
        ),
      }),
    });
    const r = await client.sync().syncOnce();
    proxy.set();
    expect(r.push.failed).toEqual([]);
    expect(r.push.sent.sort()).toEqual([...ids].sort());
    for (const id of ids) expect([local(id).status, atBank(id), outboxState(id)]).toEqual(['delivered', 1, 'done']);
  });

  it('a per-item refusal forged for a stored document, and the check with the bank forged too (404): failed here, but the signed receipt still shows it delivered (no reason to pay again)', async () => {
    const ids = await signedPayments(2);
    const victim = ids[0]!;
    proxy.set(
      { fault: 'rewrite', method: 'POST', path: BATCH_ROUTE, times: 1, rewrite: (a) => ({ results: results(a).map((r) => (r.id === victim ? { id: r.id, status: 403, problem: { type: 'about:blank', title: 'Over limit', status: 403, code: 'amount-over-limit' } } : r)) }) },
      { fault: 'forge', method: 'GET', path: `/v1/documents/${victim}`, answer: { status: 404, body: { type: 'about:blank', title: 'Not found', status: 404, code: 'not-found' } } },
    );
    const r = await client.sync().syncOnce();
    proxy.set();
    expect(r.push.failed.map((f) => f.id)).toEqual([victim]);
    expect([atBank(victim), bankStatus(victim)]).toEqual([1, 'delivered']);
    expect(local(victim).status).toBe('delivered');
  });

  it('a man in the middle answering 413 to every batch makes no loop: each run one batch, then one PUT per document, all sent once', async () => {
    proxy.set({ fault: 'forge', method: 'POST', path: BATCH_ROUTE, answer: { status: 413, body: { type: 'about:blank', title: 'Payload too large', status: 413, code: 'payload-too-large' } } });
    try {
      for (let run = 0; run < 2; run++) {
        const ids = await signedPayments(3);
        const from = proxy.seen.length;
        const r = await client.sync().syncOnce();
        const seen = proxy.seen.slice(from);
        expect([seen.filter((x) => x.method === 'POST' && x.path === BATCH_ROUTE).length, seen.filter((x) => x.method === 'PUT').length]).toEqual([1, 3]);
        expect(r.push.sent.sort()).toEqual([...ids].sort());
        for (const id of ids) expect([local(id).status, atBank(id)]).toEqual(['delivered', 1]);
      }
    } finally {
      proxy.set();
    }
  });

  it('a results list of 200,000 entries (a hostile bank or proxy) is refused quickly as a mismatch: nothing marked sent, each row kept', async () => {
    const ids = await signedPayments(2);
    const one = { id: ids[0]!, status: 400, problem: { type: 'about:blank', title: 'x', status: 400, code: 'malformed-request' } };
    proxy.set({ fault: 'rewrite', method: 'POST', path: BATCH_ROUTE, times: 1, rewrite: () => ({ results: Array.from({ length: 200_000 }, () => one) }) });
    const started = Date.now();
    const r = await client.sync().syncOnce();
    proxy.set();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.push.sent).toEqual([]);
    expect(client.sync().state().lastError).toMatchObject({ code: expect.stringMatching(/^(sync\.batch-answer-mismatch|bank\.answer-invalid)$/) });
    for (const id of ids) expect([local(id).status, outboxState(id)]).toEqual(['signed', 'pending']);
    client.sync().retryNow();
    expect((await client.sync().syncOnce()).push.sent.sort()).toEqual([...ids].sort());
  });

  it('a forged 200 for documents the bank never stored (the request dropped) marks them at most "sent", never a later status', async () => {
    const ids = await signedPayments(2);
    const state = (id: string): Record<string, unknown> => ({ id, kind: 'payment-order', status: 'executed', missing: [], signers: [], receivedAt: new Date().toISOString(), updatedAt: new Date().toISOString() });
    proxy.set({ fault: 'forge', method: 'POST', path: BATCH_ROUTE, times: 1, answer: { status: 200, body: { results: ids.map((id) => ({ id, status: 201, state: state(id) })) } } });
    await client.sync().syncOnce();
    proxy.set();
    for (const id of ids) expect([atBank(id), local(id).status]).toEqual([0, 'sent']);
  });

  it('the same document queued three times (duplicate outbox rows): never twice in one batch, each row closed, the bank has it once, nothing failed', async () => {
    const ids = await signedPayments(3);
    const dup = ids[1]!;
    const row = client.db.prepare("SELECT next_attempt_at, created_at FROM outbox WHERE document_id = ? AND state = 'pending'").get(dup) as { next_attempt_at: string; created_at: string };
    for (let i = 0; i < 2; i++) client.db.prepare("INSERT INTO outbox (document_id, op, cms, state, next_attempt_at, created_at) VALUES (?, 'submit', x'', 'pending', ?, ?)").run(dup, row.next_attempt_at, row.created_at);
    const bodies: string[][] = [];
    proxy.set({ fault: 'rewrite', method: 'POST', path: BATCH_ROUTE, rewrite: (a) => (bodies.push(results(a).map((r) => r.id)), a) });
    const r = await client.sync().syncOnce();
    proxy.set();
    expect(r.push.failed).toEqual([]);
    for (const b of bodies) expect(new Set(b).size).toBe(b.length);
    expect([...new Set(r.push.sent)].sort()).toEqual([...ids].sort());
    expect(client.db.prepare("SELECT state FROM outbox WHERE document_id = ?").all(dup)).toEqual([{ state: 'done' }, { state: 'done' }, { state: 'done' }]);
    for (const id of ids) expect([local(id).status, atBank(id)]).toEqual(['delivered', 1]);
  });

  // last: a session-gone answer logs the profile out
  it('a per-item "session-expired" forged for a document the bank did not store stops the run and keeps the row: nothing failed for good', async () => {
    const ids = await signedPayments(2);
    proxy.set({
      fault: 'forge',
      method: 'POST',
      path: BATCH_ROUTE,
      times: 1,
      answer: { status: 200, body: { results: ids.map((id) => ({ id, status: 401, problem: { type: 'about:blank', title: 'Session expired', status: 401, code: 'session-expired' } })) } },
    });
    const r = await client.sync().syncOnce();
    proxy.set();
    expect(r.push.failed).toEqual([]);
    expect(r.error).toEqual({ code: 'sync.login-needed', sessionGone: true });
    for (const id of ids) expect([local(id).status, atBank(id), outboxState(id)]).toEqual(['signed', 0, 'pending']);
  });
});
