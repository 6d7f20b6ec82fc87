/**
 * The README's GOST walk ("GOST R 34.10-2012 keys"), run exactly as it is written: the shell block
 * is taken from README.md and run by bash in a fresh folder inside the checkout (its `bankclient`
 * function runs this repository's bin/bankclient.mjs), on the GOST SoftHSM2 that scripts/setup-debian.sh builds. Every command
 * must succeed, and what it prints must be what the README says it prints.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readmeBlock, runWalk, walkFolder } from '../helpers/readme.ts';
import { requireGostTools } from '../helpers/softhsm-gost.ts';

let work = '';
afterAll(() => work && rmSync(work, { recursive: true, force: true }));


describe("the README's GOST walk, as written", () => {
  it('runs every command (key on the token, request checked by OpenSSL, certificate, signature verified by bankclient and by OpenSSL)', () => {
    requireGostTools();
    const block = readmeBlock('With the GOST SoftHSM2 that `scripts/setup-debian.sh` builds');
    work = walkFolder('readme-gost');
    const env = { ...process.env };
    delete env.SOFTHSM2_CONF;
    delete env.OPENSSL_ENGINES;
    delete env.BANKCLIENT_PIN;
    // -e: any failing command fails the walk; -x: the log says which
    const r = runWalk(block, work, env);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/Generated gost2012-256 \(CryptoPro-A\) key "director" on the token/);
    expect(r.stderr).toMatch(/self-signature verify OK/);
    expect(r.stdout).toMatch(/Imported: CN=Иванов Иван Иванович/);
    expect(r.stdout).toContain('The signature verifies.');
    expect(r.stderr).toMatch(/CMS Verification successful/);
  }, 150_000);
});
