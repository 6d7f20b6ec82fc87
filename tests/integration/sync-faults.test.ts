/**
 * The sync engine against a bank that misbehaves: 500s, a hang, connections dropped before and
 * after the bank did the work, answers that break the schema, the bank gone. Through all of it
 * a document is marked sent only when the bank's answer said so, and in the end the bank has
 * each one exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/main/sync/backoff.ts';
import { startProxiedClient, type ProxiedClient } from '../helpers/proxied-client.ts';
import type { RunningSandbox } from '../../src/sandbox/server.ts';
import type { Client } from '../../src/main/client.ts';
import { FaultProxy } from '../helpers/fault-proxy.ts';

let w: ProxiedClient;
let bank: RunningSandbox;
let proxy: FaultProxy;
let client: Client;

const status = (id: string): string => client.documents.get(id).status;

const atBank = (id: string): number => w.atBank(id);
const signedPayments = (n: number): Promise<string[]> => w.signedPayments(n);

beforeAll(async () => {
  w = await startProxiedClient({ dir: 'sync-faults', name: 'Иванов Иван Иванович', role: 'first-signature', timeoutMs: 400 });
  ({ bank, proxy, client } = w);
}, 60_000);

afterAll(async () => {
  await w?.close();
});

describe('sync under faults', () => {
  it('backs off exponentially with jitter, up to a cap', () => {
    const p = { baseMs: 1000, capMs: 8000, random: () => 1 };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, p))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffDelay(3, { ...p, random: () => 0.25 })).toBe(1000);
  });

  it('a 500 leaves every document unsent and scheduled for a later attempt, with the error in words', async () => {
    const ids = await signedPayments(3);
    proxy.set({ fault: 'error-500', method: 'POST', path: '/v1/documents/batch' });
    const r = await client.sync().syncOnce();
    expect(r.push.sent).toEqual([]);
    const state = client.sync().state();
    expect(state).toMatchObject({ pending: 3, failed: 0, lastError: { code: 'bank.problem', params: { status: 500 } } });
    expect(Date.parse(state.nextAttemptAt!)).toBeGreaterThan(Date.now() + 500);
    for (const id of ids) expect([status(id), atBank(id)]).toEqual(['signed', 0]);
    // not due yet: a second run sends nothing even with the bank healthy
    proxy.set();
    expect((await client.sync().syncOnce()).push.sent).toEqual([]);
    client.sync().retryNow();
    expect((await client.sync().syncOnce()).push.sent.sort()).toEqual([...ids].sort());
    for (const id of ids) expect([status(id), atBank(id)]).toEqual(['delivered', 1]);
    expect(client.sync().state().lastError).toBeUndefined();
  });

  it('a bank that hangs is given up on at the deadline, and the document is not marked sent', async () => {
    const [id] = await signedPayments(1);
    proxy.set({ fault: 'hang', method: 'POST', path: '/v1/documents/batch' });
    await client.sync().syncOnce();
    expect(client.sync().state().lastError).toMatchObject({ code: 'bank.timeout' });
    expect(status(id!)).toBe('signed');
    proxy.set();
    client.sync().retryNow();
    await client.sync().syncOnce();
    expect([status(id!), atBank(id!)]).toEqual(['delivered', 1]);
  });

  it('a connection dropped before or after the bank did the work: resent under the same id, the bank has it once', async () => {
    const ids = await signedPayments(2);
    proxy.set({ fault: 'drop', method: 'POST', path: '/v1/documents/batch', times: 1 });
    const dropped = await client.sync().syncOnce();
    expect(dropped.push.sent).not.toContain(ids[0]);
    expect(client.sync().state().lastError).toMatchObject({ code: 'bank.unreachable' });
    expect([status(ids[0]!), atBank(ids[0]!)]).toEqual(['signed', 0]);

    proxy.set({ fault: 'drop-after', method: 'POST', path: '/v1/documents/batch', times: 1 });
    client.sync().retryNow();
    const first = await client.sync().syncOnce();
    // the bank took the first one, but we never heard: it is still ours to send (the other, in flight beside it, may have gone)
    expect([status(ids[0]!), atBank(ids[0]!)]).toEqual(['signed', 1]);
    expect(first.push.sent).not.toContain(ids[0]);
    proxy.set();
    client.sync().retryNow();
    const r = await client.sync().syncOnce();
    expect([...dropped.push.sent, ...first.push.sent, ...r.push.sent].sort()).toEqual([...ids].sort());
    for (const id of ids) expect([status(id), atBank(id)]).toEqual(['delivered', 1]);
  });

  it('an answer that breaks the schema is refused: nothing taken from it, the document not marked sent', async () => {
    const [id] = await signedPayments(1);
    proxy.set({ fault: 'bad-schema', method: 'POST', path: '/v1/documents/batch' });
    await client.sync().syncOnce();
    const err = client.sync().state().lastError!;
    expect(err.code).toBe('bank.answer-invalid');
    expect(err.message).toMatch(/submitDocument/);
    expect(status(id!)).toBe('signed');

    // and a broken changes feed moves neither statuses nor the cursor
    proxy.set({ fault: 'bad-schema', path: '/v1/changes' });
    client.sync().retryNow();
    const cursorBefore = client.db.prepare("SELECT value FROM settings WHERE key = 'sync.cursor'").get();
    await client.sync().syncOnce();
    expect(status(id!)).toBe('delivered'); // the PUT went through this time
    expect(client.sync().state().lastError).toMatchObject({ code: 'bank.answer-invalid' });
    expect(client.db.prepare("SELECT value FROM settings WHERE key = 'sync.cursor'").get()).toEqual(cursorBefore);
    proxy.set();
    await client.sync().syncOnce();
    expect(client.sync().state().lastError).toBeUndefined();
  });

  it('with the bank gone, sync reports it unreachable and keeps the outbox; when it is back, everything goes once', async () => {
    const ids = await signedPayments(2);
    const port = Number(new URL(proxy.url).port);
    await proxy.stop();
    await client.sync().syncOnce();
    expect(client.sync().state()).toMatchObject({ pending: 2, lastError: { code: 'bank.unreachable' } });
    proxy = await new FaultProxy(bank.url).start(port);
    const done = await client.sync().syncUntilDone(new Date(Date.now() + 10_000));
    expect(done).toMatchObject({ pending: 0, failed: 0 });
    for (const id of ids) expect([status(id), atBank(id)]).toEqual(['delivered', 1]);
    const all = client.db.prepare("SELECT COUNT(*) AS n FROM documents WHERE status = 'delivered'").get() as { n: number };
    const bankCount = bank.db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number };
    expect(bankCount.n).toBe(all.n);
  }, 30_000);
});
