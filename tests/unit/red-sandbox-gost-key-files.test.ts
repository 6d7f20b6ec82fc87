/**
 * Red-team (issue 12): the sandbox bank's GOST key files. A ca.key replaced by another key of the
 * same parameter set, or ca.key and receipts.key swapped, opened without a word: the CA then signed
 * certificates and CRLs (and the receipts key receipts) that its own certificate cannot verify.
 * Now the folder is refused, naming the file, and nothing in it is changed.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GOST_CURVES } from '../../src/crypto/gost/curves.ts';
import { gostPrivateKeyPem } from '../../src/crypto/gost/pkcs8.ts';
import { randomScalar } from '../../src/crypto/gost/signature.ts';
import { BankCa, CaSetupError } from '../../src/sandbox/ca.ts';
import { BankClock } from '../../src/sandbox/clock.ts';
import { openStore } from '../../src/sandbox/store.ts';

describe('red team: tampered GOST key files of the sandbox CA', () => {
  const dir = mkdtempSync(join(tmpdir(), 'red-ca-keys-'));
  const db = openStore(dir);
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const open = () => BankCa.open(db, dir, new BankClock(db), 'Sandbox Bank');
  const file = (name: string) => join(dir, name);

  it('refuses a ca.key that is another key of the same set, and ca.key/receipts.key swapped; opens again once restored', async () => {
    const ca = await BankCa.open(db, dir, new BankClock(db), 'Sandbox Bank', { algorithm: 'gost2012-256' });
    const certificate = ca.certificateDer;
    const saved = { ca: readFileSync(file('ca.key')), receipts: readFileSync(file('receipts.key')) };

    writeFileSync(file('ca.key'), gostPrivateKeyPem({ curve: GOST_CURVES['cryptopro-a'], d: randomScalar(GOST_CURVES['cryptopro-a']) }));
    await expect(open()).rejects.toThrow(CaSetupError);
    await expect(open()).rejects.toThrow(/ca\.key is not the key of its certificate/);

    copyFileSync(file('receipts.key'), file('ca.key'));
    writeFileSync(file('receipts.key'), saved.ca);
    await expect(open()).rejects.toThrow(/is not the key of its certificate/);

    writeFileSync(file('ca.key'), saved.ca);
    writeFileSync(file('receipts.key'), saved.receipts);
    expect((await open()).certificateDer.equals(certificate)).toBe(true);
  }, 60_000);
});
