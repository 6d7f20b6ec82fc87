/**
 * The sandbox bank's CA with GOST R 34.10-2012 requests: WebCrypto cannot check them, so checkCsr
 * takes the pure-TypeScript path (src/crypto/x509/gost.ts); the issued certificate carries the
 * request's GOST key unchanged.
 */
import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { decodeGostSpki } from '../../src/crypto/gost/asn1.ts';
import { fromPem, toPem } from '../../src/crypto/x509/gost.ts';
import { CsrRefused } from '../../src/sandbox/ca.ts';
import { CA_COMPANY, caFolder, softGostCsr } from '../helpers/sandbox-ca.ts';

const COMPANY = CA_COMPANY;

describe('sandbox CA and GOST requests', () => {
  const { openCa } = caFolder('ca-gost-');

  it.each(['cryptopro-a', 'tc26-512-a'] as const)('%s: checks the request, refuses it tampered or for another company, issues for it', async (name) => {
    const ca = await openCa();
    const csr = await softGostCsr(name);
    const { curve, Q } = csr;

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
