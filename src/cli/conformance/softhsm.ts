import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

/** The system OpenSSL's engines folder, from `openssl version -e` (ENGINESDIR: "..."). */
export function opensslEnginesDir(): string {
  const out = execFileSync('openssl', ['version', '-e'], { encoding: 'utf8' });
  const dir = /ENGINESDIR:\s*"([^"]*)"/.exec(out)?.[1];
  if (!dir) throw new Error(`openssl version -e named no engines folder (${out.trim()})`);
  return dir;
}

/**
 * A SoftHSM2 built with GOST (scripts/build-softhsm-gost.sh installs one into a folder), as
 * ThrowawaySoftHsm options: its module, its softhsm2-util, and OPENSSL_ENGINES — inside Node,
 * SoftHSM's OpenSSL calls bind to Node's bundled OpenSSL, which finds the gost engine only there.
 * Throws, naming what is missing, when the folder holds no such build or OpenSSL has no gost engine.
 */
export function gostSoftHsmBuild(dir: string): { module: string; util: string; extraEnv: Record<string, string> } {
  const module = join(dir, 'lib', 'softhsm', 'libsofthsm2.so');
  const util = join(dir, 'bin', 'softhsm2-util');
  for (const file of [module, util]) {
    if (!existsSync(file)) throw new Error(`no SoftHSM2 built with GOST in ${dir}: ${file} is missing (scripts/build-softhsm-gost.sh builds one)`);
  }
  const engines = opensslEnginesDir();
  if (!existsSync(join(engines, 'gost.so'))) throw new Error(`OpenSSL's gost engine is missing (${join(engines, 'gost.so')}; Debian: libengine-gost-openssl)`);
  return { module, util, extraEnv: { OPENSSL_ENGINES: engines } };
}

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
