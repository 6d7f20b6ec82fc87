import { userInfo } from 'node:os';
import { BankApi } from './bank/bank-api.ts';
import { DocumentService } from './documents/document-service.ts';
import { Templates } from './documents/templates.ts';
import { EnrollmentService } from './enrollment/enrollment-service.ts';
import { SigningService } from './signing/signing-service.ts';
import { RecallService } from './documents/recall-service.ts';
import { BankDataStore } from './store/bank-data.ts';
import { resolveDataDir } from './store/data-dir.ts';
import { openDatabase, type Db } from './store/database.ts';
import { deleteSetting, getSetting, setSetting } from './store/settings.ts';
import { SyncEngine } from './sync/sync-engine.ts';
import { TokenService } from './tokens/token-service.ts';
import { LocalizedError } from '../shared/i18n/index.ts';
import type { BackoffPolicy } from './sync/backoff.ts';

/** The profile's note that its bank.url is the demo bank's (written by src/main/demo). */
export const DEMO_BANK_URL_SETTING = 'demo.bank-url';

/** The bank the demo setup talks to when none is configured: the sandbox on loopback. */
export const DEFAULT_BANK_URL = 'http://127.0.0.1:8443';
/** The profile setting that names the PKCS#11 module chosen in the app's settings. */
export const MODULE_SETTING = 'pkcs11.module';

export interface ClientOptions {
  dataDir?: string;
  /** The bank's API base URL; remembered in the profile once given. */
  bankUrl?: string;
  modulePath?: string;
  env?: NodeJS.ProcessEnv;
  actor?: string;
  today?: () => string;
  backoff?: BackoffPolicy;
  timeoutMs?: number;
}

/**
 * The app's services over one profile, as the CLI, the desktop shell and the browser host use
 * them. Opening is cheap; the token module is loaded only when a token is first needed.
 */
export class Client {
  readonly db: Db;
  readonly dataDir: string;
  readonly documents: DocumentService;
  readonly templates: Templates;
  /** Accounts, contracts, messages and statements of the last exchanges: read by the app and the CLI through this, never by SQL of their own. */
  readonly bankData: BankDataStore;
  readonly actor: string;
  private tokenService?: TokenService;

  constructor(private readonly o: ClientOptions = {}) {
    const env = o.env ?? process.env;
    this.dataDir = resolveDataDir(o.dataDir, env);
    this.db = openDatabase(this.dataDir);
    this.actor = o.actor ?? safeUserName();
    if (o.bankUrl) this.setBank(o.bankUrl);
    // a bank named in the environment is not shadowed by the demo's loopback address remembered
    // in the profile: it takes its place, or (the demo's CA pinned) is refused in words
    else if (env.BANKCLIENT_BANK_URL && getSetting(this.db, DEMO_BANK_URL_SETTING) === getSetting(this.db, 'bank.url') && getSetting(this.db, 'bank.url')) this.setBank(env.BANKCLIENT_BANK_URL);
    this.documents = new DocumentService(this.db, { actor: this.actor, ...(o.today ? { today: o.today } : {}) });
    this.templates = new Templates(this.documents);
    this.bankData = new BankDataStore(this.db);
  }

  /**
   * Remembers the bank of this profile. Its address must be https, or http on this machine only
   * (the sandbox); and a profile that already trusts one bank (its CA pinned, a session) is not
   * pointed at another: its session token and cursor belong to the first.
   */
  setBank(url: string): void {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new LocalizedError('bank.url-invalid', { url });
    }
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname) || parsed.hostname.startsWith('127.');
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) throw new LocalizedError('bank.url-insecure', { url });
    const current = getSetting(this.db, 'bank.url');
    if (current && current !== url && getSetting(this.db, 'bank.ca')) throw new LocalizedError('bank.url-changed', { url, current, dir: this.dataDir });
    setSetting(this.db, 'bank.url', url);
  }

  get bankUrl(): string {
    return getSetting(this.db, 'bank.url') ?? (this.o.env ?? process.env).BANKCLIENT_BANK_URL ?? DEFAULT_BANK_URL;
  }

  get api(): BankApi {
    return new BankApi(this.bankUrl, this.o.timeoutMs);
  }

  get tokens(): TokenService {
    // an explicit module (--module) first, then the one chosen in the profile's settings
    this.tokenService ??= new TokenService(this.o.modulePath ?? getSetting(this.db, MODULE_SETTING), this.o.env ?? process.env);
    return this.tokenService;
  }

  /** Chooses the PKCS#11 module of this profile (undefined: the first one found); the next token call loads it. */
  useModule(path: string | undefined): void {
    if (path) setSetting(this.db, MODULE_SETTING, path);
    else deleteSetting(this.db, MODULE_SETTING);
    this.endTokenService('module');
  }

  /** Called when the token service in use ends (another module chosen, the profile closed): watchers of it stop. */
  onTokenServiceEnd(listener: (why: 'module' | 'closed') => void): void {
    this.tokenServiceEnd.add(listener);
  }

  private readonly tokenServiceEnd = new Set<(why: 'module' | 'closed') => void>();

  private endTokenService(why: 'module' | 'closed'): void {
    this.tokenService = undefined;
    for (const listener of this.tokenServiceEnd) listener(why);
  }

  get signing(): SigningService {
    return new SigningService(this.db, this.documents, this.tokens, this.actor);
  }

  /** Recall of sent documents: the signed request to the bank and its answer. */
  get recalls(): RecallService {
    return new RecallService(this.db, this.tokens, this.api, this.actor);
  }

  get enrollment(): EnrollmentService {
    return new EnrollmentService(this.db, this.api, this.tokens, this.actor);
  }

  /** The profile's one sync engine (its "already running" guard and listeners are per profile). */
  sync(): SyncEngine {
    this.engine ??= new SyncEngine(this.db, this.api, { actor: this.actor, ...(this.o.backoff ? { backoff: this.o.backoff } : {}) });
    return this.engine;
  }

  private engine?: SyncEngine;

  close(): void {
    this.endTokenService('closed');
    if (this.db.open) this.db.close();
  }
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'user';
  }
}
