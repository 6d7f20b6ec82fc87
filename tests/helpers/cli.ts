import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The profile of runs that name none: a throwaway folder, never the user's own. */
const HOME = mkdtempSync(join(tmpdir(), 'bc-cli-home-'));

const BIN = fileURLToPath(new URL('../../bin/bankclient.mjs', import.meta.url));

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json: <T = Record<string, unknown>>() => T;
}

/** Runs bankclient as a user would, in its own process, with stdin closed (no terminal to prompt on). */
export function bankclient(args: string[], env: NodeJS.ProcessEnv): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { BANKCLIENT_HOME: HOME, ...env, LANG: env.LANG ?? 'C' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return {
    status: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    json: <T>() => JSON.parse(r.stdout) as T,
  };
}
