/**
 * Statuses arrive by themselves (issue 13): the channel table over the browser host, a SoftHSM2
 * token and the sandbox bank over real HTTP. After a login through the channel the app exchanges
 * at once (the bank's data is there without "exchange now"), sends what is signed at once, learns
 * that the bank executed a payment without any manual sync and tells it exactly once; the user's
 * "exchange now" never overlaps a background one; when the bank ends the session the background
 * exchange stops and the page is told to ask for the token login, in words of the app.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { DOCUMENT_EXAMPLES } from '../../src/shared/bank-api/documents/index.ts';
import { useAppServices } from '../helpers/app-services.ts';
import { enrolAndLogin, totpNow, type Person } from '../helpers/client-flow.ts';
import { adminCall } from '../helpers/sandbox.ts';

// a short interval so the test waits seconds, not minutes; the backoff and clock are the app's own
const INTERVAL_MS = 400;
// the session's end is announced this long before it: longer than the bank's 15-minute session, so at once after login
const WARN_MS = 60 * 60_000;
const app = useAppServices('background-sync', { tokens: [{ label: 'Director', pin: '24682468' }], processEnv: true, today: 'bank', sync: { intervalMs: INTERVAL_MS, minDelayMs: 50, warnBeforeMs: WARN_MS } });
const { ok, events } = app;
let director: Person;

type SyncState = { running: boolean; pending: number; background?: boolean; nextExchangeAt?: string; lastSuccessAt?: string; lastError?: { code: string; message: string } };
type Change = { id: string; kind: string; number: string | null; amount: number | null; status: string };

const statusEvents = (id: string, status: string): Change[] =>
  events.filter((e) => e.event === 'sync.statuses').flatMap((e) => (e.payload as { changes: Change[] }).changes.filter((c) => c.id === id && c.status === status));

/** Waits until `done` holds, checking every 50 ms (no manual sync is made meanwhile). */
async function until(done: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error('the condition did not come about');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits for `n` more background exchanges to finish. */
async function exchanges(n: number): Promise<void> {
  let seen = 0;
  let last = (await ok<SyncState>('sync.state', { locale: 'en' })).lastSuccessAt;
  await until(async () => {
    const s = await ok<SyncState>('sync.state', { locale: 'en' });
    if (s.lastSuccessAt !== last) {
      last = s.lastSuccessAt;
      seen += 1;
    }
    return seen >= n;
  });
}

beforeAll(async () => {
  director = await enrolAndLogin(app.bank, app.client, { token: 'Director', pin: '24682468', name: 'Иванов Иван Иванович', role: 'single-signature', limit: 5_000_000_00, companyId: app.companyId });
}, 90_000);

describe('background exchange through the channel table', () => {
  it('exchanges at once after a login through the app: the bank data is there without "exchange now"', async () => {
    expect((await ok<{ accounts: unknown[] }>('accounts.list', {})).accounts).toEqual([]);
    const session = await ok<{ expiresAt: string }>('tokens.login', { token: 'Director', key: director.key, pin: director.pin, totp: totpNow(app.bank, director.totpSecret) });
    // the session's end is announced (here at once: it is within the warning time), naming when
    expect(events.filter((e) => e.event === 'session.expiring')).toEqual([{ event: 'session.expiring', payload: { expiresAt: new Date(Date.parse(session.expiresAt)).toISOString() } }]);
    await until(async () => (await ok<{ accounts: unknown[] }>('accounts.list', {})).accounts.length > 0);
    const state = await ok<SyncState>('sync.state', { locale: 'ru' });
    expect(state.background).toBe(true);
    expect(state.lastError).toBeUndefined();
    // the next exchange is planned, within the interval from now
    expect(state.nextExchangeAt).toBeDefined();
    const inMs = Date.parse(state.nextExchangeAt!) - Date.now();
    expect(inMs).toBeLessThanOrEqual(INTERVAL_MS);
    expect(inMs).toBeGreaterThan(-5_000);
  });

  it('sends a signed payment at once and learns by itself that the bank executed it, telling it once', async () => {
    const content = {
      ...DOCUMENT_EXAMPLES['payment-order'],
      number: '12',
      date: app.today(),
      amount: 1_200_000_00,
      payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' } },
    };
    const { id } = await ok<{ id: string }>('documents.create', { kind: 'payment-order', content });
    const batch = await ok<{ batchId: string }>('sign.prepare', { ids: [id] });
    const signed = await ok<{ signed: string[] }>('sign.run', { batchId: batch.batchId, token: 'Director', key: director.key, pin: director.pin });
    expect(signed.signed).toEqual([id]);
    // sent without a manual exchange (well before the test would notice a missed one)
    await until(() => app.client.documents.get(id).status !== 'signed');
    expect(['sent', 'delivered', 'accepted']).toContain(app.client.documents.get(id).status);
    expect(statusEvents(id, 'executed')).toEqual([]);

    // the bank's clock moves on: it delivers, accepts and executes; the app learns it on its own
    await adminCall(app.bank, 'POST', '/admin/clock', { seconds: 120 });
    await adminCall(app.bank, 'POST', '/admin/clock', { seconds: 300 });
    await until(() => app.client.documents.get(id).status === 'executed');
    await until(() => statusEvents(id, 'executed').length > 0);
    expect(statusEvents(id, 'executed')).toEqual([expect.objectContaining({ id, kind: 'payment-order', number: '12', amount: 1_200_000_00, status: 'executed' })]);
    const view = await ok<{ status: string }>('documents.get', { id, locale: 'ru' });
    expect(view.status).toBe('executed');
    // later exchanges re-read nothing: the notice stays single
    await exchanges(3);
    expect(statusEvents(id, 'executed')).toHaveLength(1);
  }, 60_000);

  it('never runs the user\'s "exchange now" at the same time as a background one', async () => {
    const before = events.length;
    const answers = await Promise.all([app.rpc('sync.run', { locale: 'en' }), app.rpc('sync.run', { locale: 'en' }), app.rpc('sync.run', { locale: 'en' })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    for (const a of answers) expect((a.body as SyncState).lastError).toBeUndefined();
    // the engine's own guard would have said sync.busy had two overlapped: its state went running/idle strictly in turn
    const running = events.slice(before).filter((e) => e.event === 'sync.changed').map((e) => (e.payload as SyncState).running);
    for (let i = 1; i < running.length; i++) expect(running[i] && running[i - 1]).toBe(false);
    expect(running).toContain(true);
  });

  it('when the bank ends the session: stops exchanging, says so once, and asks for the token login in words of the app', async () => {
    const before = events.length;
    // past the bank's 15-minute session
    await adminCall(app.bank, 'POST', '/admin/clock', { seconds: 16 * 60 });
    await until(() => events.slice(before).some((e) => e.event === 'session.ended'));
    const session = await ok<{ loggedIn: boolean }>('tokens.session', {});
    expect(session.loggedIn).toBe(false);
    const state = await ok<SyncState>('sync.state', { locale: 'ru' });
    expect(state.background).toBe(false);
    expect(state.nextExchangeAt).toBeUndefined();
    expect(state.lastError?.code).toBe('sync.login-needed');
    expect(state.lastError?.message).toBe('Вход в банк не выполнен или сессия завершилась. Войдите с токеном, чтобы выполнить обмен; ничего не потеряно.');
    expect(state.lastError?.message).not.toContain('bankclient');
    expect(events.slice(before)).toContainEqual({ event: 'tokens.changed', payload: { reason: 'session' } });
    // nothing more runs in the background
    const changes = events.filter((e) => e.event === 'sync.changed').length;
    await new Promise((r) => setTimeout(r, 4 * INTERVAL_MS));
    expect(events.filter((e) => e.event === 'sync.changed').length).toBe(changes);
    expect(events.slice(before).filter((e) => e.event === 'session.ended')).toHaveLength(1);
  }, 30_000);
});
