/**
 * The GOST software token: SoftHSM2 2.6.1 built with GOST by scripts/build-softhsm-gost.sh into
 * a cache folder outside the repository. Like tests/helpers/softhsm.ts, each test file gets its
 * own SOFTHSM2_CONF and token folder (Vitest runs each file in its own forked process) and finds
 * its token by label, never by slot id.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type pkcs11 from 'pkcs11js';
import { afterAll } from 'vitest';
import { Pkcs11Module, TokenSession } from '../../src/crypto/pkcs11/index.ts';
import { opensslEnginesDir as systemEnginesDir } from '../../src/cli/conformance/softhsm.ts';
import { SoftHsm, type TestToken } from './softhsm.ts';

/** Where scripts/build-softhsm-gost.sh installs (the same rule as the script). */
export const SOFTHSM_GOST_DIR =
  process.env.BANKCLIENT_SOFTHSM_GOST_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'bank-client', 'softhsm-gost');
export const SOFTHSM_GOST_MODULE = join(SOFTHSM_GOST_DIR, 'lib', 'softhsm', 'libsofthsm2.so');
const SOFTHSM_GOST_UTIL = join(SOFTHSM_GOST_DIR, 'bin', 'softhsm2-util');

const RUN_SETUP = 'Run scripts/setup-debian.sh (it installs libengine-gost-openssl and builds SoftHSM2 with GOST).';

/** The system OpenSSL's engines folder (shared with the conformance suite's GOST step). */
export function opensslEnginesDir(): string {
  try {
    return systemEnginesDir();
  } catch (e) {
    throw new Error(`${(e as Error).message}. ${RUN_SETUP}`, { cause: e });
  }
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

export type GostTestToken = TestToken;

/**
 * A throwaway token folder for the GOST module: the test SoftHsm (tests/helpers/softhsm.ts) on
 * the GOST build, with OPENSSL_ENGINES set in this process and for children before the module
 * is loaded — inside Node, SoftHSM's OpenSSL calls bind to Node's own bundled OpenSSL, which looks
 * for engines in the folder Node was built in, so without it SoftHSM finds no GOST engine and
 * GOST key generation fails with CKR_GENERAL_ERROR.
 */
export class GostSoftHsm extends SoftHsm {
  constructor(name: string) {
    const { module, enginesDir } = requireGostTools();
    super(name, { module, util: SOFTHSM_GOST_UTIL, extraEnv: { OPENSSL_ENGINES: enginesDir } });
  }
}

/** A test file's GOST token, as opened by {@link gostTokenForFile}. */
export interface OpenGostToken {
  hsm: GostSoftHsm;
  token: GostTestToken;
  mod: Pkcs11Module;
}

/**
 * One GOST token for a test file, made at its first use inside a test (not in beforeAll: a
 * machine without the GOST module shows failures with what to run) and removed after the file.
 * `withSession` runs `fn` in a session logged in with the token's PIN, closed afterwards.
 */
export function gostTokenForFile(name: string, label: string): { open(): OpenGostToken; withSession<T>(fn: (s: TokenSession) => Promise<T>): Promise<T> } {
  let hsm: GostSoftHsm | undefined;
  let opened: OpenGostToken | undefined;
  afterAll(() => hsm?.cleanup());
  const open = (): OpenGostToken => {
    if (opened) return opened;
    hsm = new GostSoftHsm(name);
    const token = hsm.initTestToken(label);
    opened = { hsm, token, mod: Pkcs11Module.open(hsm.module) };
    return opened;
  };
  return {
    open,
    async withSession(fn) {
      const { mod, token } = open();
      const s = new TokenSession(mod, mod.findToken(token.serial));
      try {
        await s.login(token.pin);
        return await fn(s);
      } finally {
        s.close();
      }
    },
  };
}

/** The slot holding the token with this label (labels are space-padded to 32 bytes in CK_TOKEN_INFO). */
export function slotByLabel(lib: pkcs11.PKCS11, label: string): Buffer {
  for (const slot of lib.C_GetSlotList(true)) {
    if (lib.C_GetTokenInfo(slot).label.trim() === label) return slot;
  }
  throw new Error(`no token labelled ${label} on the module`);
}
