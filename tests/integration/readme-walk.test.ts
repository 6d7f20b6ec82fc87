/**
 * The README's token walk ("A whole walk with SoftHSM2 tokens of your own"), run exactly as it is
 * written: the shell block is taken from README.md and run by bash in a fresh folder inside the
 * checkout (its `bankclient` function runs this repository's bin/bankclient.mjs, never npx), so
 * the block must create everything it uses: the tokens, the CA, order.txt, the second signer.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readmeBlock, runWalk, walkFolder } from '../helpers/readme.ts';

let work = '';
afterAll(() => work && rmSync(work, { recursive: true, force: true }));


describe("the README's token walk, as written", () => {
  it('runs every command: two tokens, keys, requests, certificates from a CA of its own, a signature, a second signer, verified by bankclient and OpenSSL', () => {
    const block = readmeBlock('A whole walk with SoftHSM2 tokens of your own');
    expect(block).not.toContain('npx ');
    work = walkFolder('readme-walk');
    const env = { ...process.env };
    delete env.SOFTHSM2_CONF;
    delete env.BANKCLIENT_PIN;
    const r = runWalk(block, work, env);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/Imported: CN=Иванов Иван Иванович/);
    expect(r.stdout).toMatch(/Imported: CN=Сидорова Мария Петровна/);
    expect(r.stdout).toContain('All 2 signatures verify.');
    expect(r.stderr).toMatch(/CMS Verification successful/);
  }, 150_000);
});
