/**
 * What the tests of the sandbox bank's CA start from: the bank's store with the company and the
 * person a certificate is issued for, and GOST requests made with a key held in software (as a
 * token would make them, without one).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { GOST_CURVES, type GostCurveName } from '../../src/crypto/gost/curves.ts';
import { encodeSignature } from '../../src/crypto/gost/encoding.ts';
import { publicKeyOf, randomScalar, signDigest } from '../../src/crypto/gost/signature.ts';
import { createGostCsr } from '../../src/crypto/x509/gost.ts';
import { BankCa } from '../../src/sandbox/ca.ts';
import { BankClock } from '../../src/sandbox/clock.ts';
import { openStore, type Db } from '../../src/sandbox/store.ts';

/** The company the requests are for: checkCsr compares a request's INN with it. */
export const CA_COMPANY = { inn: '7707083893', ogrn: '1027700132195' };
/** A person of that company, as a request names them. */
export const CA_SUBJECT = `CN=Иванов Иван Иванович,O=ООО Ромашка,C=RU,1.2.643.100.4=${CA_COMPANY.inn}`;

/** The sandbox bank's store in `dir` with the company (c1) and one person of it (user-1) to issue for. */
export function caStore(dir: string): Db {
  const db = openStore(dir);
  db.prepare('INSERT INTO companies (id, name, inn, ogrn) VALUES (?, ?, ?, ?)').run('c1', 'ООО Ромашка', CA_COMPANY.inn, CA_COMPANY.ogrn);
  db.prepare("INSERT INTO users (id, company_id, name, role) VALUES ('user-1', 'c1', 'Иванов', 'single-signature')").run();
  return db;
}

/**
 * A bank folder for one describe block: a temporary folder named `prefix`…, its store as
 * {@link caStore} makes it, both removed after the block; `openCa` opens the bank's CA in it.
 */
export function caFolder(prefix: string): { dir: string; db: Db; openCa(options?: Parameters<typeof BankCa.open>[4]): Promise<BankCa> } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = caStore(dir);
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, db, openCa: (options) => BankCa.open(db, dir, new BankClock(db), 'Sandbox Bank', options) };
}

/** A new GOST key on `curveName`, made in software, and its PKCS#10 request for `subject`, signed with it. */
export async function softGostCsr(curveName: GostCurveName, subject = CA_SUBJECT) {
  const curve = GOST_CURVES[curveName];
  const d = randomScalar(curve);
  const Q = publicKeyOf(curve, d);
  const sign = (digest: Uint8Array) => Promise.resolve(encodeSignature(curve, signDigest(curve, d, digest)));
  const csr = await createGostCsr({ curve, publicKey: Q, subject, sign });
  return { ...csr, curve, d, Q };
}
