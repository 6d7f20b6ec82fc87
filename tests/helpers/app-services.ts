/**
 * The channel table as its integration tests use it, with real parts: a throwaway SoftHSM2 with
 * the tokens asked for, the sandbox bank in this process on loopback HTTP, the profile's Client,
 * the table's handlers (every event recorded, and pushed to the host as the app does) and the
 * browser host in front of them. `useAppServices` starts it all before a test file's tests and
 * stops it after them; the returned object is filled in when it has started.
 */
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { handlersFor, type Handlers } from '../../src/main/app-services/index.ts';
import { startBrowserHost, type BrowserHost } from '../../src/main/browser-host/server.ts';
import type { DispatchResult } from '../../src/shared/ipc/bridge.ts';
import type { SchedulerOptions } from '../../src/main/sync/scheduler.ts';
import { Client } from '../../src/main/client.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import { SoftHsm, type TestToken } from './softhsm.ts';
import { GostSoftHsm } from './softhsm-gost.ts';

export interface AppServicesOptions {
  /** Tokens to initialise, in this order. */
  tokens?: { label: string; pin: string; soPin?: string }[];
  /** Whether the sandbox bank runs (default true); without it the profile knows no bank. */
  bank?: boolean;
  /** Also put the SoftHSM2 environment into this process's (what the tests' own token calls read). */
  processEnv?: boolean;
  /** Who the profile's audit names. */
  actor?: string;
  /** The profile's today: 'bank' for the sandbox clock's date, or a function. */
  today?: 'bank' | (() => string);
  /** The tokens on the GOST build of SoftHSM2 (tests/helpers/softhsm-gost.ts) instead of Debian's. */
  gost?: boolean;
  /** The background exchange's interval, backoff... (the app's defaults otherwise). */
  sync?: SchedulerOptions;
}

/** An answer of the browser host: its HTTP status and what its envelope carries (the output, or a refusal's code and parameters). */
export interface Reply<T = Body> {
  status: number;
  body: T;
}
export type Body = Record<string, unknown> & { code?: string; params?: Record<string, unknown> };

export interface AppServices {
  hsm: SoftHsm;
  /** The tokens made, by label. */
  tokens: Record<string, TestToken>;
  /** A token made (its serial and PINs), by label. */
  token(label: string): TestToken;
  /** Only with `bank` (the default). */
  bank: RunningSandbox;
  /** The sandbox's demo company. */
  companyId: string;
  client: Client;
  handlers: Handlers;
  host: BrowserHost;
  /** Every event the handlers emitted, in order. */
  events: { event: string; payload: unknown }[];
  /** Runs on every event as it is emitted (a test may set it, e.g. to cancel from there). */
  onEvent: (event: string, payload: unknown) => void;
  /** The sandbox clock's date, YYYY-MM-DD. */
  today(): string;
  /** One call over HTTP, as the page makes it. */
  rpc<T = Body>(name: string, input: unknown): Promise<Reply<T>>;
  /** A call that must succeed: its answer. */
  ok<T = Body>(name: string, input: unknown): Promise<T>;
  /** A call that must be refused: the refusal's body (code, params, field ...). */
  refusal(name: string, input: unknown): Promise<Body & { code: string }>;
  close(): Promise<void>;
}

/** What of `app` is usable before it has started (the calls read its host when made): `const { rpc, ok, events } = app` works. */
function withCalls(app: AppServices): AppServices {
  app.events ??= [];
  app.onEvent ??= () => {};
  app.token = (label) => {
    const t = app.tokens[label];
    if (!t) throw new Error(`no test token labelled ${label}`);
    return t;
  };
  app.today = () => app.bank.clock.now().toISOString().slice(0, 10);
  app.rpc = async <T>(channel: string, input: unknown): Promise<Reply<T>> => {
    const res = await fetch(`${app.host.url}rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
    const answer = (await res.json()) as DispatchResult<T>;
    return { status: res.status, body: (answer.ok ? answer.value : answer.error) as T };
  };
  app.ok = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await app.rpc<T>(channel, input);
    if (r.status !== 200) throw Object.assign(new Error(`${channel}: ${r.status} ${JSON.stringify(r.body)}`), { body: r.body });
    return r.body;
  };
  app.refusal = async (channel: string, input: unknown) => {
    const r = await app.rpc<Body & { code: string }>(channel, input);
    if (r.status === 200) throw new Error(`${channel} was not refused`);
    return r.body;
  };
  return app;
}

/** Starts the services; `into` is the object to fill (by default a new one). */
export async function startAppServices(name: string, o: AppServicesOptions = {}, into = {} as AppServices): Promise<AppServices> {
  const hsm = o.gost ? new GostSoftHsm(name) : new SoftHsm(name);
  const app = Object.assign(withCalls(into), { hsm, tokens: {} });
  // stops what has started, also when a later step failed
  app.close = async () => {
    await app.host?.close();
    app.client?.close();
    await app.bank?.close();
    hsm.cleanup();
  };
  for (const t of o.tokens ?? []) app.tokens[t.label] = hsm.initTestToken(t.label, t.pin, t.soPin);
  if (o.processEnv) Object.assign(process.env, hsm.env);
  if (o.bank !== false) {
    app.bank = await startSandbox({ dataDir: join(hsm.dir, 'bank') });
    app.companyId = getSetting(app.bank.db, 'demo.company_id')!;
  }
  const today = o.today === 'bank' ? app.today : o.today;
  app.client = new Client({
    dataDir: join(hsm.dir, 'profile'),
    ...(app.bank ? { bankUrl: app.bank.url } : {}),
    modulePath: hsm.module,
    env: { ...process.env, ...hsm.env },
    actor: o.actor ?? 'test',
    ...(today ? { today } : {}),
  });
  // the handlers push events through the host, and the host serves the handlers
  app.handlers = handlersFor(
    app.client,
    (event, payload) => {
      app.events.push({ event, payload });
      app.onEvent(event, payload);
      app.host?.emit(event, payload);
    },
    o.sync ? { sync: o.sync } : {},
  );
  app.host = await startBrowserHost(app.handlers);
  return app;
}

/**
 * Starts the services before the file's tests (a `beforeAll` of its own may then enrol, sync
 * or seed) and stops them after. The object returned is empty until then.
 */
export function useAppServices(name: string, o: AppServicesOptions = {}, timeoutMs = 60_000): AppServices {
  const app = withCalls({} as AppServices);
  beforeAll(async () => {
    await startAppServices(name, o, app);
  }, timeoutMs);
  afterAll(async () => {
    await app.close?.();
  });
  return app;
}
