import pkcs11 from 'pkcs11js';
import { TokenError, ckrOf, toTokenError } from './errors.ts';
import { resolveModule, type ModuleChoice } from './module-locations.ts';
import { OperationQueue } from './operation-queue.ts';
import { pinStateFromFlags, tokenFlagNames, type PinState } from './pin-state.ts';

export interface TokenInfo {
  /** The slot handle, valid until the module is re-initialised. */
  slot: Buffer;
  slotId: string;
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
  flags: string[];
  pin: PinState;
  hardwareVersion: string;
  firmwareVersion: string;
  minPinLength: number;
  maxPinLength: number;
}

const trim = (s: string): string => s.replace(/[\s\0]+$/, '');
const version = (v: { major: number; minor: number }): string => `${v.major}.${v.minor}`;

/**
 * One loaded PKCS#11 module. C_Initialize runs once per process and path (pkcs11js and most
 * modules keep process-wide state), so modules are shared through `Pkcs11Module.open`.
 */
export class Pkcs11Module {
  private static readonly loaded = new Map<string, Pkcs11Module>();
  private readonly queues = new Map<string, OperationQueue>();
  private readonly loginLocks = new Map<string, OperationQueue>();
  /** Sessions this process holds open; re-initialising would close them. */
  openSessions = 0;

  private constructor(
    readonly lib: pkcs11.PKCS11,
    readonly choice: ModuleChoice,
  ) {}

  /** Loads and initialises the module chosen by --module, PKCS11_MODULE or the known-module table. */
  static open(explicitPath?: string, env: NodeJS.ProcessEnv = process.env): Pkcs11Module {
    const choice = resolveModule(explicitPath, env);
    const existing = Pkcs11Module.loaded.get(choice.path);
    if (existing) return existing;
    const lib = new pkcs11.PKCS11();
    try {
      lib.load(choice.path);
    } catch (e) {
      throw new TokenError('module.load-failed', { path: choice.path, reason: (e as Error).message }, undefined, { cause: e });
    }
    const mod = new Pkcs11Module(lib, choice);
    mod.initialize();
    Pkcs11Module.loaded.set(choice.path, mod);
    return mod;
  }

  private initialize(): void {
    try {
      // OS locking: pkcs11js runs C_*Async calls on libuv's worker threads.
      this.lib.C_Initialize({ flags: pkcs11.CKF_OS_LOCKING_OK });
    } catch (e) {
      const ckr = ckrOf(e);
      if (ckr === 'CKR_CRYPTOKI_ALREADY_INITIALIZED') return;
      throw new TokenError('module.init-failed', { path: this.choice.path, ckr: ckr ?? (e as Error).message }, ckr, { cause: e });
    }
  }

  /**
   * Re-reads the token list of a module that fixes it at C_Initialize (SoftHSM2). Only when no
   * session is open, since C_Finalize closes every session. Returns whether it re-initialised.
   */
  refreshIfStatic(): boolean {
    if (!this.choice.staticSlots || this.openSessions > 0) return false;
    try {
      this.lib.C_Finalize();
    } catch (e) {
      if (ckrOf(e) !== 'CKR_CRYPTOKI_NOT_INITIALIZED') throw toTokenError(e, 'C_Finalize');
    }
    this.initialize(); // throws a clear error; the next call tries again
    return true;
  }

  /** The tokens present now, in slot order. */
  listTokens(): TokenInfo[] {
    let slots: Buffer[];
    try {
      slots = this.lib.C_GetSlotList(true);
    } catch (e) {
      throw toTokenError(e, 'C_GetSlotList');
    }
    const tokens: TokenInfo[] = [];
    for (const slot of slots) {
      const info = this.tokenInfo(slot);
      // Skip SoftHSM's spare uninitialised slot and tokens gone since the slot list was read.
      if (info && info.flags.includes('token_initialized')) tokens.push(info);
    }
    return tokens;
  }

  /** Info of the token in a slot, or undefined when it has gone. */
  tokenInfo(slot: Buffer): TokenInfo | undefined {
    let raw: pkcs11.TokenInfo;
    try {
      raw = this.lib.C_GetTokenInfo(slot);
    } catch {
      return undefined;
    }
    return {
      slot,
      slotId: Buffer.from(slot).reverse().toString('hex').replace(/^0+(?=.)/, ''),
      label: trim(raw.label),
      serial: trim(raw.serialNumber),
      manufacturer: trim(raw.manufacturerID),
      model: trim(raw.model),
      flags: tokenFlagNames(raw.flags),
      pin: pinStateFromFlags(raw.flags),
      hardwareVersion: version(raw.hardwareVersion),
      firmwareVersion: version(raw.firmwareVersion),
      minPinLength: raw.minPinLen,
      maxPinLength: raw.maxPinLen,
    };
  }

  /** The token whose serial or label is `query` (serial wins: labels need not be unique). */
  findToken(query: string): TokenInfo {
    const tokens = this.listTokens();
    const bySerial = tokens.filter((tk) => tk.serial === query);
    if (bySerial.length === 1) return bySerial[0]!;
    const byLabel = tokens.filter((tk) => tk.label === query);
    if (byLabel.length === 1) return byLabel[0]!;
    if (byLabel.length > 1) {
      throw new TokenError('token.ambiguous', { query, matches: byLabel.map((tk) => tk.serial).join(', ') });
    }
    const present = tokens.map((tk) => `${tk.label} (${tk.serial})`).join(', ');
    throw new TokenError('token.not-found', { query, present });
  }

  /** The queue that serialises operations on one token. */
  queueFor(token: TokenInfo): OperationQueue {
    return this.queueIn(this.queues, token);
  }

  /**
   * The lock a caller holds from login to logout. PKCS#11 logins belong to the whole process,
   * so two callers logged in at once would share (and end) each other's login.
   */
  loginLockFor(token: TokenInfo): OperationQueue {
    return this.queueIn(this.loginLocks, token);
  }

  private queueIn(map: Map<string, OperationQueue>, token: TokenInfo): OperationQueue {
    let q = map.get(token.serial);
    if (!q) {
      q = new OperationQueue();
      map.set(token.serial, q);
    }
    return q;
  }

  mechanisms(token: TokenInfo): number[] {
    try {
      return this.lib.C_GetMechanismList(token.slot);
    } catch (e) {
      throw toTokenError(e, 'C_GetMechanismList');
    }
  }
}
