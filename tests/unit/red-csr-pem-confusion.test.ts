/**
 * Red-team (issue 12): the sandbox CA's checkCsr read the request twice, by two parsers that pick
 * different PEM blocks. @peculiar/x509 takes the first PEM block of any label (subject and key
 * of the certificate come from it); isGostCsr/verifyGostCsr take the first block labelled
 * "CERTIFICATE REQUEST" (the self-signature is checked on that one). An enrolment body whose
 * csr text is "-----BEGIN X-----<request A>-----END X-----" followed by a valid GOST request B
 * got a certificate for request A's key with B's proof of possession: no self-signature check
 * and no key-strength check for A at all (RSA-1024, or someone else's key).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { fromPem, toPem } from '../../src/crypto/x509/gost.ts';
import { parseSubject, subjectToDer } from '../../src/crypto/x509/subject.ts';
import { CA_COMPANY, CA_SUBJECT, caFolder, softGostCsr } from '../helpers/sandbox-ca.ts';

const COMPANY = CA_COMPANY;
const SUBJECT = CA_SUBJECT;

const gostCsrPem = async (): Promise<string> => (await softGostCsr('cryptopro-a')).pem;

/** A request of WebCrypto's making, for an RSA key of `bits` (or P-256), optionally with its signature broken. */
async function webCryptoCsrDer(kind: 'rsa-1024' | 'ec-broken'): Promise<Buffer> {
  const alg =
    kind === 'rsa-1024'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 1024 }
      : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await crypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: new x509.Name(new Uint8Array(subjectToDer(parseSubject(SUBJECT)))), keys, signingAlgorithm: alg }, crypto);
  const der = Buffer.from(csr.rawData);
  if (kind === 'ec-broken') der[der.length - 5] = der[der.length - 5]! ^ 0x01; // a key the sender does not hold: the self-signature fails
  return der;
}

describe('red team: a CSR text with two PEM blocks', () => {
  const { openCa } = caFolder('red-csr-');

  it.each(['rsa-1024', 'ec-broken'] as const)('a %s request in a first block of another label, a valid GOST request after it: refused', async (kind) => {
    const ca = await openCa();
    const first = toPem('NEW CERTIFICATE REQUEST', await webCryptoCsrDer(kind));
    const pem = first + (await gostCsrPem());
    await expect(ca.checkCsr(pem, COMPANY)).rejects.toMatchObject({ code: 'csr-invalid' });
  });

  it('the same request twice in one text is still read (one request, one reading)', async () => {
    const ca = await openCa();
    const gost = await gostCsrPem();
    const checked = await ca.checkCsr(gost, COMPANY);
    expect(Buffer.from(checked.rawData).equals(fromPem(gost, 'CERTIFICATE REQUEST'))).toBe(true);
  });
});
