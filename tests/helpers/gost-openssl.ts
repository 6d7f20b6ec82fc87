/**
 * OpenSSL with its gost engine (Debian's libengine-gost-openssl), the independent checker of our
 * GOST R 34.10/34.11-2012: one environment, one availability check and one table of the engine's
 * parameter-set names for every GOST test that asks OpenSSL.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import type { GostCurveName } from '../../src/crypto/gost/curves.ts';
import { opensslStatus } from './openssl.ts';

/** OpenSSL's engines folder, from OpenSSL itself ("ENGINESDIR: ..."): set for every child, so no other OpenSSL's default misleads it. */
const enginesDir = /ENGINESDIR: "([^"]+)"/.exec(spawnSync('openssl', ['version', '-e'], { encoding: 'utf8' }).stdout ?? '')?.[1];
export const GOST_ENV: NodeJS.ProcessEnv = { ...process.env, ...(process.env.OPENSSL_ENGINES || !enginesDir ? {} : { OPENSSL_ENGINES: enginesDir }) };

/** Whether `openssl engine gost` loads: the tests assert it, so a machine without it fails in words. */
export const gostEngineAvailable = spawnSync('openssl', ['engine', 'gost', '-t'], { encoding: 'utf8', env: GOST_ENV }).stdout?.includes('available') ?? false;
export const NO_GOST_ENGINE = 'OpenSSL has no gost engine: run scripts/setup-debian.sh (it installs libengine-gost-openssl)';

export const opensslGost = (args: string[]): string => execFileSync('openssl', args, { encoding: 'utf8', env: GOST_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
export const opensslGostBytes = (args: string[]): Buffer => execFileSync('openssl', args, { env: GOST_ENV, stdio: ['pipe', 'pipe', 'pipe'] });

/**
 * OpenSSL's verdict (`pkeyutl -verify -engine gost`, in this process's environment) on `sig`, a
 * file, as the signature of the digest in the file `digest` under the public key in `key` (PEM):
 * 'verified', 'failure' (it says the signature does not verify), or 'error' (anything else: see `out`).
 */
export function opensslGostVerdict(key: string, digest: string, sig: string): { verdict: 'verified' | 'failure' | 'error'; out: string } {
  const { status, out } = opensslStatus(['pkeyutl', '-engine', 'gost', '-verify', '-pubin', '-inkey', key, '-in', digest, '-sigfile', sig]);
  if (status === 0 && /Signature Verified Successfully/.test(out)) return { verdict: 'verified', out };
  if (status !== 0 && /Signature Verification Failure/.test(out)) return { verdict: 'failure', out };
  return { verdict: 'error', out };
}

/** The gost engine's `-algorithm` and `-pkeyopt paramset:` names for each of our bank curves. */
export const OPENSSL_GOST_SETS: [GostCurveName, 'gost2012_256' | 'gost2012_512', string][] = [
  ['cryptopro-a', 'gost2012_256', 'A'],
  ['cryptopro-b', 'gost2012_256', 'B'],
  ['cryptopro-c', 'gost2012_256', 'C'],
  ['tc26-256-a', 'gost2012_256', 'TCA'],
  ['tc26-512-a', 'gost2012_512', 'A'],
  ['tc26-512-b', 'gost2012_512', 'B'],
  ['tc26-512-c', 'gost2012_512', 'C'],
];
