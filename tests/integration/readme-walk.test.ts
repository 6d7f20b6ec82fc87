/**
 * The README's token walk ("A whole walk with SoftHSM2 tokens of your own"), run exactly as it is
 * written: the shell block is taken from README.md and run by bash in a fresh folder inside the
 * checkout (its `bankclient` function runs this repository's bin/bankclient.mjs, never npx), so
 * the block must create everything it uses: the tokens, the CA, order.txt, the second signer.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = join(ROOT, '.tmp', `readme-walk-${process.pid}`);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function readmeBlock(after: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(after);
  expect(at, `README.md has "${after}"`).toBeGreaterThan(-1);
  const m = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  expect(m, 'a ```sh block follows it').not.toBeNull();
  return m![1]!;
}

describe("the README's token walk, as written", () => {
  it('runs every command: two tokens, keys, requests, certificates from a CA of its own, a signature, a second signer, verified by bankclient and OpenSSL', () => {
    const block = readmeBlock('A whole walk with SoftHSM2 tokens of your own');
    expect(block).not.toContain('npx ');
    mkdirSync(work, { recursive: true });
    const env = { ...process.env };
    delete env.SOFTHSM2_CONF;
    delete env.BANKCLIENT_PIN;
    const r = spawnSync('bash', ['-exo', 'pipefail', '-c', block], { cwd: work, env: { ...env, LANG: 'C.UTF-8' }, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/Imported: CN=Иванов Иван Иванович/);
    expect(r.stdout).toMatch(/Imported: CN=Сидорова Мария Петровна/);
    expect(r.stdout).toContain('All 2 signature(s) verify.');
    expect(r.stderr).toMatch(/CMS Verification successful/);
  }, 150_000);
});
