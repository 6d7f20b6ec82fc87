import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

/**
 * A throwaway SoftHSM2 installation (own config and token directory under /tmp), so that tests
 * and the conformance suite never touch the machine's tokens. SOFTHSM2_CONF is set in this
 * process, which the module reads at C_Initialize, and passed to children through `env`.
 */
export class ThrowawaySoftHsm {
  readonly dir: string;
  readonly conf: string;
  readonly env: NodeJS.ProcessEnv;
  /** The PKCS#11 module and its softhsm2-util: Debian's, or another build (the GOST one of the tests). */
  readonly module: string;
  private readonly util: string;

  /** `extraEnv` is set in this process too (read by the module at C_Initialize) and passed to children. */
  constructor(name: string, o: { module?: string; util?: string; extraEnv?: Record<string, string> } = {}) {
    this.module = o.module ?? SOFTHSM_MODULE;
    this.util = o.util ?? 'softhsm2-util';
    this.dir = mkdtempSync(join(tmpdir(), `bankclient-${name}-`));
    const tokens = join(this.dir, 'tokens');
    mkdirSync(tokens);
    this.conf = join(this.dir, 'softhsm2.conf');
    writeFileSync(this.conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
    process.env.SOFTHSM2_CONF = this.conf;
    Object.assign(process.env, o.extraEnv);
    this.env = { ...process.env, SOFTHSM2_CONF: this.conf, PKCS11_MODULE: this.module, ...o.extraEnv };
  }

  /** Initialises a new token in the first free slot; returns its serial number. */
  initToken(label: string, pin: string, soPin: string): string {
    const out = execFileSync(this.util, ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', soPin], { env: this.env, encoding: 'utf8' });
    if (!/reassigned to slot/.test(out)) throw new Error(`softhsm2-util did not init the token: ${out}`);
    return this.serialOf(label);
  }

  deleteToken(label: string): void {
    execFileSync(this.util, ['--delete-token', '--token', label], { env: this.env, stdio: 'pipe' });
  }

  serialOf(label: string): string {
    const out = execFileSync(this.util, ['--show-slots'], { env: this.env, encoding: 'utf8' });
    for (const block of out.split(/\n(?=Slot )/)) {
      if (new RegExp(`Label:\\s+${label}\\s*$`, 'm').test(block)) {
        const serial = /Serial number:\s+(\S+)/.exec(block)?.[1];
        if (serial) return serial;
      }
    }
    throw new Error(`no SoftHSM token labelled ${label}`);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
