/**
 * Red-team (issue 12): the client pins the bank's receipts certificate on its first fetch, checked
 * with issuerSignatureProblem (our path code, GOST included) instead of WebCrypto. What a man in
 * the middle of that first fetch can get pinned, with a GOST bank CA:
 * - the real receipts certificate: pinned (coverage: GOST pinning had no test of its own);
 * - a look-alike with the same subject, not signed by the CA: refused;
 * - the CA certificate itself (self-signed, so "signed by the CA"): refused;
 * - a customer's own certificate, genuinely issued by the same CA (a colleague with a token who
 *   sits in the middle): it was pinned, and that colleague's key then signed "bank receipts".
 *   Every certificate the bank issues to a customer carries extendedKeyUsage clientAuth and the
 *   receipts certificate none: a certificate with clientAuth, or a CA certificate, is not pinned.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeGostSpki } from '../../src/crypto/gost/asn1.ts';
import { GOST_CURVES } from '../../src/crypto/gost/curves.ts';
import { publicKeyOf, randomScalar } from '../../src/crypto/gost/signature.ts';
import { derOf } from '../../src/crypto/x509/certificate.ts';
import { toPem } from '../../src/crypto/x509/gost.ts';
import { certificatePublicKey, certificateSubject, gostTbsSigner, issueCertificate, keyIdentifier } from '../../src/crypto/x509/issue.ts';
import type { BankApi } from '../../src/main/bank/bank-api.ts';
import { bankTrust } from '../../src/main/bank/trust.ts';
import { openDatabase } from '../../src/main/store/database.ts';
import { BankCa } from '../../src/sandbox/ca.ts';
import { BankClock } from '../../src/sandbox/clock.ts';
import { CA_COMPANY, caStore, softGostCsr } from '../helpers/sandbox-ca.ts';

const COMPANY = CA_COMPANY;
const DAY = 86_400_000;

describe('red team: what the first fetch can pin as the receipts certificate (GOST bank)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'red-pin-'));
  mkdirSync(join(root, 'bank'));
  const bankDb = caStore(join(root, 'bank'));
  const ca = await BankCa.open(bankDb, join(root, 'bank'), new BankClock(bankDb), 'Sandbox Bank', { algorithm: 'gost2012-256' });
  const caPem = ca.certificate.toString('pem');
  let profiles = 0;
  afterAll(() => {
    bankDb.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** A fresh client profile whose first fetch of the receipts certificate gets `receiptsPem`. */
  async function pin(receiptsPem: string): Promise<Buffer> {
    const db = openDatabase(join(root, `profile-${profiles++}`));
    const api = { call: async (id: string) => Buffer.from(id === 'caCertificate' ? caPem : receiptsPem) } as unknown as BankApi;
    try {
      return (await bankTrust(db, api)).receipts;
    } finally {
      db.close();
    }
  }

  it('pins the real GOST receipts certificate', async () => {
    expect((await pin(ca.receipts.cert.toString('pem'))).equals(derOf(ca.receipts.cert))).toBe(true);
  });

  it('refuses a look-alike with the same subject and authority key identifier that the CA did not sign', async () => {
    const curve = GOST_CURVES['cryptopro-a'];
    const d = randomScalar(curve);
    const spki = encodeGostSpki(curve, publicKeyOf(curve, d));
    const fake = await issueCertificate(
      {
        serial: '0badc0de',
        issuer: certificateSubject(ca.certificateDer),
        subject: certificateSubject(derOf(ca.receipts.cert)),
        notBefore: new Date(Date.now() - DAY),
        notAfter: new Date(Date.now() + DAY),
        spki,
        keyUsage: ['digitalSignature', 'nonRepudiation'],
        authorityKeyId: keyIdentifier(certificatePublicKey(ca.certificateDer)),
      },
      gostTbsSigner(curve, d),
    );
    await expect(pin(toPem('CERTIFICATE', fake))).rejects.toMatchObject({ code: 'sync.receipts-cert-untrusted' });
  });

  it('refuses the CA certificate itself', async () => {
    await expect(pin(caPem)).rejects.toMatchObject({ code: 'sync.receipts-cert-untrusted' });
  });

  it("refuses a customer's own certificate from the same CA (clientAuth), even named like the receipts certificate", async () => {
    // checkCsr asks only for the company's INN: the rest of the subject is the customer's to choose
    const csr = await softGostCsr('cryptopro-a', `CN=Sandbox Bank Receipts,O=Sandbox Bank,C=RU,1.2.643.100.4=${COMPANY.inn}`);
    const customer = await ca.issue(await ca.checkCsr(csr.pem, COMPANY), 'user-1');
    expect(customer.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toContain(x509.ExtendedKeyUsage.clientAuth);
    await expect(pin(customer.toString('pem'))).rejects.toMatchObject({ code: 'sync.receipts-cert-untrusted' });
  });
});
