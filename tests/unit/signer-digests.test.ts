/**
 * A used signature is recorded so that it is never accepted twice. The record must not depend
 * on bytes an attacker can change without the key: an ECDSA signature (r, s) verifies as
 * (r, n - s) too, so the record is keyed by the signer's certificate and signed attributes.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeSignedData, parseSignedData } from '../../src/crypto/cms/parse.ts';
import { softwareSource } from '../../src/crypto/cms/signature-source.ts';
import { signerDigests } from '../../src/crypto/cms/signer-digests.ts';
import { CmsSigner } from '../../src/crypto/cms/signer.ts';
import { clearVerificationCaches, verifyDetached } from '../../src/crypto/cms/verify.ts';
import { readTlv, sequence, unsignedInteger } from '../../src/crypto/der.ts';
import { certificateParts, derOf } from '../../src/crypto/x509/certificate.ts';

const crypto = webcrypto as unknown as Crypto;
const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ES256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
/** The order of the P-256 group. */
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const CONTENT = Buffer.from('{"id":"…","kind":"payment-order"}', 'utf8');

const bigintOf = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);
const bytesOf = (n: bigint): Buffer => Buffer.from(n.toString(16).padStart(64, '0'), 'hex');

/** The same signature with s replaced by n - s: still valid, other bytes. */
function malleate(cms: Buffer): Buffer {
  const sd = parseSignedData(cms, 'test');
  const info = sd.signerInfos[0]!;
  const value = Buffer.from(info.signature.valueBlock.valueHexView);
  const outer = readTlv(value);
  const r = readTlv(value, outer.start);
  const s = readTlv(value, r.end);
  const flipped = sequence(unsignedInteger(value.subarray(r.start, r.end)), unsignedInteger(bytesOf(N - bigintOf(value.subarray(s.start, s.end)))));
  info.signature.valueBlock.valueHexView = new Uint8Array(flipped);
  return encodeSignedData(sd);
}

describe('a used signature is known by what was signed and by whom, not by its value', () => {
  it('an ECDSA signature rewritten as (r, n - s) still verifies, and is the same signature to the record', async () => {
    const keys = (await crypto.subtle.generateKey(P256, true, ['sign', 'verify'])) as CryptoKeyPair;
    const now = new Date();
    const cert = await x509.X509CertificateGenerator.createSelfSigned(
      {
        serialNumber: '01',
        name: 'CN=Signer',
        notBefore: new Date(now.getTime() - 86_400_000),
        notAfter: new Date(now.getTime() + 86_400_000),
        keys,
        signingAlgorithm: ES256,
        extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
      },
      crypto,
    );
    const signer = new CmsSigner(softwareSource(KeyObject.from(keys.privateKey)), certificateParts(derOf(cert)));
    const genuine = await signer.sign(CONTENT, { signingTime: now });
    const rewritten = malleate(genuine);
    expect(rewritten.equals(genuine)).toBe(false);
    // both verify as signatures (the self-signed certificate is not a trusted CA here; only the value matters)
    for (const cms of [genuine, rewritten]) {
      clearVerificationCaches();
      const report = await verifyDetached(CONTENT, cms, []);
      expect(report.signers[0]!.checks.signature).toBe(true);
    }
    const [a] = signerDigests(genuine);
    const [b] = signerDigests(rewritten);
    expect(a!.certificateSha256).toBe(b!.certificateSha256);
    expect(b!.signatureSha256).toBe(a!.signatureSha256);
    // another statement by the same signer (other content) is another signature
    const other = signerDigests(await signer.sign(Buffer.from('other', 'utf8'), { signingTime: now }))[0]!;
    expect(other.signatureSha256).not.toBe(a!.signatureSha256);
  });
});
