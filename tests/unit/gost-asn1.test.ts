/**
 * GOST ASN.1 readers on hostile input: every truncation and every byte changed of a good
 * SubjectPublicKeyInfo and PKCS#10 request either reads (and then only a valid signature passes)
 * or is refused with GostAsn1Error — never another exception, never a false "valid".
 * (Byte-for-byte agreement with OpenSSL is in gost-x509-openssl.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { GostAsn1Error, decodeGostSpki, encodeGostSpki, splitSigned } from '../../src/crypto/gost/asn1.ts';
import { GOST_CURVES } from '../../src/crypto/gost/curves.ts';
import { encodeSignature } from '../../src/crypto/gost/encoding.ts';
import { publicKeyOf, signDigest } from '../../src/crypto/gost/signature.ts';
import { certificateSpki, createGostCsr, verifyGostCertificateSignature, verifyGostCsr } from '../../src/crypto/x509/gost.ts';

const curve = GOST_CURVES['cryptopro-a'];
const d = 0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdefn;
const Q = publicKeyOf(curve, d);

/** Runs f; a GostAsn1Error counts as a refusal (undefined), anything else thrown fails the test. */
function refusedOr<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof GostAsn1Error) return undefined;
    throw e;
  }
}

describe('GOST ASN.1 readers on hostile input', () => {
  it('SubjectPublicKeyInfo: every truncation and changed byte is refused or reads as a valid key', () => {
    const good = encodeGostSpki(curve, Q);
    for (let n = 0; n < good.length; n++) expect(refusedOr(() => decodeGostSpki(good.subarray(0, n)))).toBeUndefined();
    for (let i = 0; i < good.length; i++) {
      const bad = Buffer.from(good);
      bad[i] = bad[i]! ^ 0xff;
      const read = refusedOr(() => decodeGostSpki(bad));
      // a changed byte can only read if it still is a key we know on its curve (e.g. never here: any change moves the point or an OID)
      if (read) expect(encodeGostSpki(read.curve, read.Q)).toEqual(bad);
    }
  });

  it('PKCS#10: every truncation and changed byte is refused or fails the signature check', async () => {
    const sign = (digest: Uint8Array) => Promise.resolve(encodeSignature(curve, signDigest(curve, d, digest)));
    const { der } = await createGostCsr({ curve, publicKey: Q, subject: 'CN=Тест,C=RU,1.2.643.100.4=7707083893', sign });
    expect(verifyGostCsr(der).valid).toBe(true);
    for (let n = 0; n < der.length; n++) expect(refusedOr(() => verifyGostCsr(der.subarray(0, n)))?.valid ?? false).toBe(false);
    for (let i = 0; i < der.length; i++) {
      const bad = Buffer.from(der);
      bad[i] = bad[i]! ^ 0xff;
      expect(refusedOr(() => verifyGostCsr(bad))?.valid ?? false, `byte ${i}`).toBe(false);
    }
  });

  it('certificate readers refuse what is not a certificate', () => {
    const spki = encodeGostSpki(curve, Q);
    for (const junk of [Buffer.alloc(0), Buffer.from([0x30]), Buffer.from([0x30, 0x00]), Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]), spki]) {
      expect(() => verifyGostCertificateSignature(junk, spki)).toThrow(GostAsn1Error);
      expect(() => certificateSpki(junk)).toThrow(GostAsn1Error);
      expect(() => splitSigned(junk)).toThrow(GostAsn1Error);
    }
    expect(() => verifyGostCertificateSignature('not a PEM', spki)).toThrow(GostAsn1Error);
  });
});
