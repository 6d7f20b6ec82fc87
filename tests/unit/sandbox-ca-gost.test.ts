/**
 * The sandbox bank's CA with GOST R 34.10-2012 requests: WebCrypto cannot check them, so checkCsr
 * takes the pure-TypeScript path (src/crypto/x509/gost.ts); the issued certificate carries the
 * request's GOST key unchanged.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeGostSpki } from '../../src/crypto/gost/asn1.ts';
import { GOST_CURVES } from '../../src/crypto/gost/curves.ts';
import { encodeSignature } from '../../src/crypto/gost/encoding.ts';
import { publicKeyOf, randomScalar, signDigest } from '../../src/crypto/gost/signature.ts';
import { createGostCsr, fromPem, toPem } from '../../src/crypto/x509/gost.ts';
import { BankCa, CsrRefused } from '../../src/sandbox/ca.ts';
import { BankClock } from '../../src/sandbox/clock.ts';
import { openStore } from '../../src/sandbox/store.ts';

const COMPANY = { inn: '7707083893', ogrn: '1027700132195' };

describe('sandbox CA and GOST requests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ca-gost-'));
  const db = openStore(dir);
  db.prepare('INSERT INTO companies (id, name, inn, ogrn) VALUES (?, ?, ?, ?)').run('c1', 'ООО Ромашка', COMPANY.inn, COMPANY.ogrn);
  db.prepare("INSERT INTO users (id, company_id, name, role) VALUES ('user-1', 'c1', 'Иванов', 'single-signature')").run();
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['cryptopro-a', 'tc26-512-a'] as const)('%s: checks the request, refuses it tampered or for another company, issues for it', async (name) => {
    const ca = await BankCa.open(db, dir, new BankClock(db), 'Sandbox Bank');
    const curve = GOST_CURVES[name];
    const d = randomScalar(curve);
    const Q = publicKeyOf(curve, d);
    const sign = (digest: Uint8Array) => Promise.resolve(encodeSignature(curve, signDigest(curve, d, digest)));
    const csr = await createGostCsr({ curve, publicKey: Q, subject: `CN=Иванов Иван Иванович,O=ООО Ромашка,C=RU,1.2.643.100.4=${COMPANY.inn}`, sign });

    const checked = await ca.checkCsr(csr.pem, COMPANY);
    const der = fromPem(csr.pem, 'CERTIFICATE REQUEST');
    const tampered = Buffer.from(der);
    const at = der.indexOf(Buffer.from(COMPANY.inn));
    tampered[at] = tampered[at]! ^ 0x01;
    await expect(ca.checkCsr(toPem('CERTIFICATE REQUEST', tampered), COMPANY)).rejects.toMatchObject({ code: 'csr-invalid' });
    await expect(ca.checkCsr(csr.pem, { inn: '7736050003', ogrn: COMPANY.ogrn })).rejects.toBeInstanceOf(CsrRefused);

    const cert = await ca.issue(checked, 'user-1');
    const issued = decodeGostSpki(new Uint8Array(cert.publicKey.rawData));
    expect(issued.curve).toBe(curve);
    expect(issued.Q).toEqual(Q);
  });
});
