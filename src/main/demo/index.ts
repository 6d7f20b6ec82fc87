/**
 * Demo by default (issue 5): with no bank configured, the app runs the sandbox bank in this
 * process (loopback only) and, when no token is configured and SoftHSM2 is installed, makes demo
 * tokens in the app's data folder, so a newcomer can walk the whole flow. Plain Node: used by
 * `npm start` (the browser host) and by the Electron main alike.
 *
 *   <dataDir>/demo-bank/    the bank's data (SQLite, CA keys, admin secret) and the address it had
 *   <dataDir>/demo-token/   softhsm2.conf and the token folder
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { pinnedCa } from '../bank/trust.ts';
import { DEMO_BANK_URL_SETTING } from '../client.ts';
import { DATABASE_FILE, openDatabase } from '../store/database.ts';
import { getSetting, setSetting } from '../store/settings.ts';
import { autoApproveEnrolments, readDemoBankState, rememberDemoBank, startDemoBank, type RunningSandbox } from './demo-bank.ts';
import { prepareDemoTokens, type DemoToken, type NoTokensReason } from './demo-tokens.ts';


export interface DemoOptions {
  /** The profile's folder (as resolveDataDir gives it). */
  dataDir: string;
  /** Where configuration is read from; SOFTHSM2_CONF is also set in process.env (the token library reads it there). */
  env?: NodeJS.ProcessEnv;
  /** A bank given on the command line (--bank): no demo then. */
  bankUrl?: string;
  /** Overrides for tests: the SoftHSM library and its utility. */
  softhsm?: { library?: string; util?: string };
}

export interface DemoSetup {
  dataDir: string;
  /** The demo bank's address, for the profile (Client's bankUrl). */
  bankUrl: string;
  /** The address moved since the last start (its port was taken): the profile was pointed at the new one. */
  moved: boolean;
  bank: RunningSandbox;
  /** The PKCS#11 module of the demo tokens, when there are demo tokens. */
  modulePath?: string;
  tokens: DemoToken[];
  /** Why there are no demo tokens, if there are none. */
  noTokens?: { reason: NoTokensReason; detail?: string };
  /** Labels of the tokens made at this start (empty on later starts). */
  createdTokens: string[];
  close(): Promise<void>;
}

export type BankSource = '--bank' | 'BANKCLIENT_BANK_URL' | 'profile';

const running = new Map<string, DemoSetup>();

/** The profile's note that its bank.url is the demo bank's (so a later start knows it is no configured bank). */
const DEMO_URL = DEMO_BANK_URL_SETTING;

/** The demo running for this profile folder in this process, if any (the demo channels use it). */
export function demoFor(dataDir: string): DemoSetup | undefined {
  return running.get(resolve(dataDir));
}

/**
 * Where the profile's bank comes from, when one is configured: --bank, BANKCLIENT_BANK_URL, or
 * the profile's remembered bank.url unless that is the demo bank's own address.
 */
export function configuredBank(o: DemoOptions): BankSource | undefined {
  const env = o.env ?? process.env;
  if (o.bankUrl) return '--bank';
  if (env.BANKCLIENT_BANK_URL) return 'BANKCLIENT_BANK_URL';
  if (!existsSync(join(o.dataDir, DATABASE_FILE))) return undefined;
  const db = openDatabase(o.dataDir);
  try {
    const url = getSetting(db, 'bank.url');
    if (!url || url === getSetting(db, DEMO_URL) || url === readDemoBankState(join(o.dataDir, 'demo-bank'))?.url) return undefined;
    return 'profile';
  } finally {
    db.close();
  }
}

/**
 * Points the profile at the demo bank's address. When the address moved (its port was taken)
 * the profile is moved with it explicitly, but only if the bank it trusts (pinned CA) is this
 * same demo bank: another bank is never trusted in its place.
 */
function pointProfileAt(dataDir: string, bank: RunningSandbox, url: string): void {
  const db = openDatabase(dataDir);
  try {
    const pinned = pinnedCa(db);
    if (pinned && !pinned.equals(bank.ca.certificateDer)) throw new LocalizedError('demo.bank-replaced', { dir: dataDir });
    db.transaction(() => {
      setSetting(db, 'bank.url', url);
      setSetting(db, DEMO_URL, url);
    })();
  } finally {
    db.close();
  }
}

/**
 * Starts the demo when no bank is configured; returns undefined (and does nothing) when one is.
 * Idempotent across starts: the same bank data and address (while its port is free), the demo
 * tokens made only once. Call it before the token module loads (SOFTHSM2_CONF).
 */
export async function prepareDemo(o: DemoOptions): Promise<DemoSetup | undefined> {
  if (configuredBank(o)) return undefined;
  const dataDir = resolve(o.dataDir);
  if (running.has(dataDir)) throw new Error(`the demo of ${dataDir} already runs in this process`);
  const env = o.env ?? process.env;
  const tokens = prepareDemoTokens(join(dataDir, 'demo-token'), env, o.softhsm ?? {});
  const bankDir = join(dataDir, 'demo-bank');
  const { bank, url, moved } = await startDemoBank(bankDir);
  try {
    autoApproveEnrolments(bank);
    pointProfileAt(dataDir, bank, url);
    rememberDemoBank(bankDir, url);
  } catch (e) {
    await bank.close();
    throw e;
  }
  let closed = false;
  const setup: DemoSetup = {
    dataDir,
    bankUrl: url,
    moved,
    bank,
    tokens: tokens.ok ? tokens.tokens : [],
    ...(tokens.ok ? { modulePath: tokens.modulePath } : { noTokens: { reason: tokens.reason, ...(tokens.detail ? { detail: tokens.detail } : {}) } }),
    createdTokens: tokens.ok ? tokens.created : [],
    async close() {
      if (closed) return;
      closed = true;
      if (running.get(dataDir) === setup) running.delete(dataDir);
      await bank.close();
    },
  };
  running.set(dataDir, setup);
  return setup;
}
