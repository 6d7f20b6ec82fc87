import { EventEmitter } from 'node:events';
import type { Pkcs11Module, TokenInfo } from './module.ts';

export interface TokenWatcherEvents {
  inserted: [TokenInfo];
  removed: [TokenInfo];
  error: [Error];
}

/**
 * Emits `inserted` and `removed` as tokens come and go. It polls the slot list (C_WaitForSlotEvent
 * blocks a thread and many modules, SoftHSM2 among them, do not implement it). Modules that fix
 * their token list at C_Initialize are re-initialised before each poll while no session is open.
 */
export class TokenWatcher extends EventEmitter<TokenWatcherEvents> {
  private known = new Map<string, TokenInfo>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly module: Pkcs11Module,
    private readonly intervalMs = 1000,
  ) {
    super();
  }

  /** Tokens present at the last poll. */
  get tokens(): TokenInfo[] {
    return [...this.known.values()];
  }

  start(): this {
    this.known = new Map(this.module.listTokens().map((tk) => [tk.serial, tk]));
    this.timer = setInterval(() => this.poll(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One comparison of the present tokens with the last ones seen. */
  poll(): void {
    try {
      this.module.refreshIfStatic();
      const now = new Map(this.module.listTokens().map((tk) => [tk.serial, tk]));
      for (const [serial, tk] of this.known) if (!now.has(serial)) this.emit('removed', tk);
      for (const [serial, tk] of now) if (!this.known.has(serial)) this.emit('inserted', tk);
      this.known = now;
    } catch (e) {
      this.emit('error', e as Error);
    }
  }
}
