/**
 * The demo's software tokens: a SoftHSM2 configuration and token folder of its own in the app's
 * data folder (never the machine's SoftHSM tokens), two tokens made once with known demo PINs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KNOWN_MODULES } from '../../crypto/pkcs11/module-locations.ts';

/**
 * The demo tokens and whose they are (the seeded signers of the demo company). The PINs are
 * the demo's, printed on screen: nothing about them is secret. Labels are UTF-8, at most 32
 * bytes (PKCS#11 CK_TOKEN_INFO.label); SoftHSM takes Cyrillic ones.
 */
export const DEMO_TOKENS = [
  { label: 'Демо-Директор', pin: '1234', soPin: '12345678', role: 'first-signature' },
  { label: 'Демо-Главбух', pin: '5678', soPin: '12345678', role: 'second-signature' },
] as const;

export type DemoTokenSpec = (typeof DEMO_TOKENS)[number];

export interface DemoToken {
  label: string;
  serial: string;
  pin: string;
  soPin: string;
  /** The role of the demo company's person this token is meant for. */
  role: DemoTokenSpec['role'];
}

/** Why there are no demo tokens, when there are none. */
export type NoTokensReason = 'module-configured' | 'softhsm-configured' | 'softhsm-missing' | 'softhsm-failed';

export type DemoTokens =
  | { ok: true; modulePath: string; conf: string; dir: string; tokens: DemoToken[]; created: string[] }
  | { ok: false; reason: NoTokensReason; detail?: string };

/** The SoftHSM2 library of this platform, if installed. */
export function softHsmLibrary(platform: NodeJS.Platform = process.platform, exists: (p: string) => boolean = existsSync): string | undefined {
  const softhsm = KNOWN_MODULES.find((m) => m.name === 'SoftHSM2');
  return softhsm?.paths[platform]?.find((p) => exists(p));
}

/** The tokens SoftHSM has under a configuration: label -> serial (initialised ones only). */
export function softHsmTokens(conf: string, util = 'softhsm2-util'): Map<string, string> {
  const out = execFileSync(util, ['--show-slots'], { env: { ...process.env, SOFTHSM2_CONF: conf }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const found = new Map<string, string>();
  for (const block of out.split(/\n(?=Slot )/)) {
    if (!/Initialized:\s+yes/.test(block)) continue;
    const label = /Label:[ \t]*(.*?)\s*$/m.exec(block)?.[1];
    const serial = /Serial number:\s+(\S+)/.exec(block)?.[1];
    if (label && serial) found.set(label, serial);
  }
  return found;
}

/**
 * Makes (once) the demo's SoftHSM configuration in `dir` and the tokens of DEMO_TOKENS that are
 * not there yet, and points this process's SoftHSM at it (SOFTHSM2_CONF, read by the library at
 * C_Initialize: this must run before the token module loads). Nothing is done when a module or
 * a SoftHSM configuration is already set in `env`: the user's own tokens come first.
 */
export function prepareDemoTokens(dir: string, env: NodeJS.ProcessEnv, o: { library?: string; util?: string } = {}): DemoTokens {
  if (env.PKCS11_MODULE) return { ok: false, reason: 'module-configured', detail: env.PKCS11_MODULE };
  const conf = join(dir, 'softhsm2.conf');
  if (env.SOFTHSM2_CONF && env.SOFTHSM2_CONF !== conf) return { ok: false, reason: 'softhsm-configured', detail: env.SOFTHSM2_CONF };
  const library = o.library === undefined ? softHsmLibrary() : existsSync(o.library) ? o.library : undefined;
  if (!library) return { ok: false, reason: 'softhsm-missing' };
  const util = o.util ?? 'softhsm2-util';
  const tokenDir = join(dir, 'tokens');
  try {
    mkdirSync(tokenDir, { recursive: true, mode: 0o700 });
    if (!existsSync(conf)) writeFileSync(conf, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`, { mode: 0o600 });
    const present = softHsmTokens(conf, util);
    const created: string[] = [];
    for (const spec of DEMO_TOKENS) {
      if (present.has(spec.label)) continue;
      execFileSync(util, ['--init-token', '--free', '--label', spec.label, '--pin', spec.pin, '--so-pin', spec.soPin], {
        env: { ...process.env, SOFTHSM2_CONF: conf },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      created.push(spec.label);
    }
    const now = created.length ? softHsmTokens(conf, util) : present;
    const tokens = DEMO_TOKENS.map((spec) => {
      const serial = now.get(spec.label);
      if (!serial) throw new Error(`SoftHSM did not keep the token ${spec.label}`);
      return { label: spec.label, serial, pin: spec.pin, soPin: spec.soPin, role: spec.role };
    });
    process.env.SOFTHSM2_CONF = conf;
    env.SOFTHSM2_CONF = conf;
    return { ok: true, modulePath: library, conf, dir, tokens, created };
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer | string };
    const detail = err.code === 'ENOENT' ? `${util} not found` : String(err.stderr ?? '').trim() || err.message;
    return { ok: false, reason: err.code === 'ENOENT' ? 'softhsm-missing' : 'softhsm-failed', detail };
  }
}
