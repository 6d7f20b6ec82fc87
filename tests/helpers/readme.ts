/**
 * The README's shell walks, for the tests that run them as written: the block after a heading, and
 * a fresh folder inside the checkout to run it in (so the walk's `bankclient` is this repository's).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The first ```sh block after `after` in README.md. */
export function readmeBlock(after: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(after);
  expect(at, `README.md has "${after}"`).toBeGreaterThan(-1);
  const m = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  expect(m, 'a ```sh block follows it').not.toBeNull();
  return m![1]!;
}

/** A new folder under .tmp/ of the checkout for one walk (the caller removes it). */
export function walkFolder(name: string): string {
  const dir = join(ROOT, '.tmp', `${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Runs a walk with bash as a reader would paste it, stopping at the first failing command (-e) and logging each (-x). */
export function runWalk(block: string, cwd: string, env: NodeJS.ProcessEnv) {
  return spawnSync('bash', ['-exo', 'pipefail', '-c', block], { cwd, env: { ...env, LANG: 'C.UTF-8' }, encoding: 'utf8', timeout: 120_000 });
}
