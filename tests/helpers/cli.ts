import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...env, LANG: env.LANG ?? 'C' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return {
    status: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    json: <T>() => JSON.parse(r.stdout) as T,
  };
}
