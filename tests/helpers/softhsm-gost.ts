/**
 * The GOST software token: SoftHSM2 2.6.1 built with GOST by scripts/build-softhsm-gost.sh into
 * a cache folder outside the repository. Like tests/helpers/softhsm.ts, each test file gets its
 * own SOFTHSM2_CONF and token folder (Vitest runs each file in its own forked process) and finds
 * its token by label, never by slot id.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type pkcs11 from 'pkcs11js';

/** Where scripts/build-softhsm-gost.sh installs (the same rule as the script). */
export const SOFTHSM_GOST_DIR =
  process.env.BANKCLIENT_SOFTHSM_GOST_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'bank-client', 'softhsm-gost');
export const SOFTHSM_GOST_MODULE = join(SOFTHSM_GOST_DIR, 'lib', 'softhsm', 'libsofthsm2.so');
const SOFTHSM_GOST_UTIL = join(SOFTHSM_GOST_DIR, 'bin', 'softhsm2-util');

const RUN_SETUP = 'Run scripts/setup-debian.sh (it installs libengine-gost-openssl and builds SoftHSM2 with GOST).';

/** The system OpenSSL's engines folder, from `openssl version -e` (ENGINESDIR: "..."). */
export function opensslEnginesDir(): string {
  const out = execFileSync('openssl', ['version', '-e'], { encoding: 'utf8' });
  const dir = /ENGINESDIR:\s*"([^"]*)"/.exec(out)?.[1];
  if (!dir) throw new Error(`openssl version -e named no engines folder (${out.trim()}). ${RUN_SETUP}`);
  return dir;
}

/**
 * Throws, with what to do, when the GOST module or OpenSSL's GOST engine is missing: tests on
 * them must fail on such a machine, not be skipped.
 */
export function requireGostTools(): { module: string; enginesDir: string } {
  const enginesDir = opensslEnginesDir();
  if (!existsSync(join(enginesDir, 'gost.so'))) throw new Error(`OpenSSL's GOST engine is missing (${join(enginesDir, 'gost.so')}). ${RUN_SETUP}`);
  if (!existsSync(SOFTHSM_GOST_MODULE) || !existsSync(SOFTHSM_GOST_UTIL)) {
    throw new Error(`The GOST SoftHSM2 module is missing (${SOFTHSM_GOST_MODULE}). ${RUN_SETUP}`);
  }
  return { module: SOFTHSM_GOST_MODULE, enginesDir };
}

export interface GostTestToken {
  label: string;
  serial: string;
  pin: string;
  soPin: string;
}

/**
 * A throwaway token folder for the GOST module. The constructor sets, in this process, the two
 * variables the module reads at C_Initialize, so call it before loading the module:
 * SOFTHSM2_CONF, and OPENSSL_ENGINES — inside Node, SoftHSM's OpenSSL calls bind to Node's own
 * bundled OpenSSL, which looks for engines in the folder Node was built in, so without it
 * SoftHSM finds no GOST engine and GOST key generation fails with CKR_GENERAL_ERROR.
 * `env` carries both to child processes (the CLI, pkcs11-tool).
 */
export class GostSoftHsm {
  readonly dir: string;
  readonly conf: string;
  readonly module: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(name: string) {
    const { module, enginesDir } = requireGostTools();
    this.module = module;
    this.dir = mkdtempSync(join(tmpdir(), `bankclient-${name}-`));
    const tokens = join(this.dir, 'tokens');
    mkdirSync(tokens);
    this.conf = join(this.dir, 'softhsm2.conf');
    writeFileSync(this.conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
    process.env.SOFTHSM2_CONF = this.conf;
    process.env.OPENSSL_ENGINES = enginesDir;
    this.env = { ...process.env, SOFTHSM2_CONF: this.conf, OPENSSL_ENGINES: enginesDir, PKCS11_MODULE: module };
  }

  /** Initialises a token in the first free slot with the build's own softhsm2-util; returns it with its serial. */
  initTestToken(label: string, pin = '123456', soPin = '87654321'): GostTestToken {
    const out = execFileSync(SOFTHSM_GOST_UTIL, ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', soPin], { env: this.env, encoding: 'utf8' });
    if (!/reassigned to slot/.test(out)) throw new Error(`softhsm2-util did not init the token: ${out}`);
    const slots = execFileSync(SOFTHSM_GOST_UTIL, ['--show-slots'], { env: this.env, encoding: 'utf8' });
    for (const block of slots.split(/\n(?=Slot )/)) {
      if (new RegExp(`Label:\\s+${label}\\s*$`, 'm').test(block)) {
        const serial = /Serial number:\s+(\S+)/.exec(block)?.[1];
        if (serial) return { label, serial, pin, soPin };
      }
    }
    throw new Error(`no GOST SoftHSM token labelled ${label}`);
  }

  /** pkcs11-tool (OpenSC) on the GOST module, as an independent reader. */
  pkcs11Tool(args: string[]): string {
    return execFileSync('pkcs11-tool', ['--module', this.module, ...args], { env: this.env, encoding: 'utf8', stdio: 'pipe' });
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The slot holding the token with this label (labels are space-padded to 32 bytes in CK_TOKEN_INFO). */
export function slotByLabel(lib: pkcs11.PKCS11, label: string): Buffer {
  for (const slot of lib.C_GetSlotList(true)) {
    if (lib.C_GetTokenInfo(slot).label.trim() === label) return slot;
  }
  throw new Error(`no token labelled ${label} on the module`);
}
