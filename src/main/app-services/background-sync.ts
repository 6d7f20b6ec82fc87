import type { EventPayload } from '../../shared/ipc/channels.ts';
import { currentSession } from '../bank/session.ts';
import type { Client } from '../client.ts';
import type { StatusMove } from '../sync/pull.ts';
import { SyncScheduler, type ExchangeOutcome, type SchedulerOptions } from '../sync/scheduler.ts';
import type { ServiceContext } from './context.ts';

export type StatusChanges = EventPayload<'sync.statuses'>['changes'];

/** The background exchange of the app (both shells): the scheduler over the profile's sync engine, started and stopped with the session. */
export interface BackgroundSync {
  /** Serves the session kept in the profile, if there is one, afresh (after a login: a new session, its own end). */
  startIfLoggedIn(): void;
  /** Serves the session kept in the profile, unless it is served already (at start). */
  resume(): void;
  /** Logout: no more background exchanges. */
  stop(): void;
  /** An exchange now, or right after the running one (after signing, the user's "exchange now"). */
  requestNow(): Promise<void>;
  /** When the next background exchange is planned, if one is. */
  nextAt(): number | undefined;
  readonly active: boolean;
}

/**
 * Wires the scheduler (src/main/sync/scheduler.ts) to the app: each exchange is the engine's run;
 * the documents whose status the bank's receipts moved are told to the page (and, by the desktop
 * shell, to the system's notifications) once, in `sync.statuses`; the session's end is announced
 * (`session.expiring`) and, when it comes or the bank says the session is gone, `session.ended` and
 * `tokens.changed` make the page ask for the token login.
 */
/** One per profile: a second set of handlers over the same Client (a test's, a tool's) shares it, so exchanges never overlap. */
const perClient = new WeakMap<Client, { background: BackgroundSync; sinks: Set<ServiceContext['emit']> }>();

/**
 * The profile's background exchange; `emit` is added to those it tells. `o` (interval, backoff,
 * clock) applies when the first set of handlers of this Client makes it.
 */
export function backgroundSync({ client, emit }: Pick<ServiceContext, 'client' | 'emit'>, o: SchedulerOptions = {}): BackgroundSync {
  let shared = perClient.get(client);
  if (!shared) {
    const sinks = new Set<ServiceContext['emit']>();
    const tell: ServiceContext['emit'] = (event, payload) => {
      for (const sink of sinks) sink(event, payload);
    };
    shared = { background: makeBackgroundSync(client, tell, o), sinks };
    perClient.set(client, shared);
  }
  shared.sinks.add(emit);
  return shared.background;
}

function makeBackgroundSync(client: Client, emit: ServiceContext['emit'], o: SchedulerOptions): BackgroundSync {
  const describe = (moves: StatusMove[]): StatusChanges => {
    // one notice per document and exchange: the last status it reached
    const last = new Map<string, StatusMove>();
    for (const m of moves) last.set(m.documentId, m);
    return [...last.values()].flatMap((m) => {
      const row = client.documents.store.row(m.documentId);
      if (!row) return [];
      return [{ id: m.documentId, kind: row.kind, number: row.number, amount: row.amount, status: m.status, at: m.at, ...(m.rejection ? { rejection: m.rejection } : {}) }];
    });
  };

  const exchange = async (): Promise<ExchangeOutcome> => {
    // the profile closed (the app quits): nothing to exchange for, and a run cut short by it is no fault
    if (!client.db.open) return { ok: false };
    let report;
    try {
      report = await client.sync().syncOnce();
    } catch (e) {
      if (!client.db.open) return { ok: false };
      throw e;
    }
    if (report.moved.length > 0 && client.db.open) {
      const changes = describe(report.moved);
      if (changes.length > 0) emit('sync.statuses', { changes });
    }
    if (report.error) return { ok: false, sessionGone: report.error.sessionGone };
    const due = client.db.open ? client.sync().state().nextAttemptAt : undefined;
    return due ? { ok: true, dueAt: Date.parse(due) } : { ok: true };
  };

  const scheduler = new SyncScheduler(
    exchange,
    {
      // the status bar says when the next exchange is
      scheduled: () => client.db.open && emit('sync.changed', client.sync().state()),
      expiring: (at) => emit('session.expiring', { expiresAt: new Date(at).toISOString() }),
      expired: () => {
        emit('session.ended', {});
        emit('tokens.changed', { reason: 'session' });
      },
    },
    o,
  );

  client.onTokenServiceEnd((why) => why === 'closed' && scheduler.stop());

  return {
    startIfLoggedIn() {
      const s = client.db.open ? currentSession(client.db) : undefined;
      if (s) scheduler.start({ expiresAt: Date.parse(s.expiresAt) }).catch((e: unknown) => console.error('The background exchange failed:', e));
    },
    resume() {
      if (!scheduler.active) this.startIfLoggedIn();
    },
    stop: () => scheduler.stop(),
    requestNow: () => scheduler.requestNow(),
    nextAt: () => scheduler.nextAt,
    get active() {
      return scheduler.active;
    },
  };
}
