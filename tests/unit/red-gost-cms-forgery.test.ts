/**
 * Red-team (issue 12): forgeries of a GOST CAdES signature by someone who holds one valid
 * signature and the certificates, but no private key. All refused already; these add what the
 * other GOST tests do not cover:
 * - malleability where it is encodable: on the q ≈ 2^254 / 2^510 sets (TC26 256-A, 512-C) r + q,
 *   s + q (and s + 2q, s + 3q) fit in the fixed-size fields, and a verifier reducing mod q
 *   would take them (a second valid-looking value for the same signed attributes);
 * - the OpenSSL-style key OID as the signature algorithm with another Streebog or SHA-256 as the
 *   signer's digest algorithm (the hash of the signed attributes must be the key's own Streebog);
 * - a signer certificate the CA really signed whose TC26 256-A key is Q + T, T of order 2 (a key
 *   outside the order-q subgroup): refused as a key, the signature never accepted with it.
 */
import { describe, expect, it } from 'vitest';
import { GOST_OID, encodeGostSpki } from '../../src/crypto/gost/asn1.ts';
import { GOST_CURVES, type GostCurve } from '../../src/crypto/gost/curves.ts';
import { encodePublicKey } from '../../src/crypto/gost/encoding.ts';
import { addPoints, invert, mod } from '../../src/crypto/gost/point.ts';
import { publicKeyOf, randomScalar } from '../../src/crypto/gost/signature.ts';
import { octetString, oid, sequence, bitString } from '../../src/crypto/der.ts';
import { CmsSigner } from '../../src/crypto/cms/signer.ts';
import { softwareSource } from '../../src/crypto/cms/signature-source.ts';
import { verifyDetached, type VerifyReport } from '../../src/crypto/cms/verify.ts';
import { certificateParts } from '../../src/crypto/x509/certificate.ts';
import { gostTbsSigner, issueCertificate, keyIdentifier } from '../../src/crypto/x509/issue.ts';
import { certificateFacts, signatureCheck } from '../../src/crypto/x509/path/index.ts';
import { parseSubject, subjectToDer } from '../../src/crypto/x509/subject.ts';

const DAY = 86_400_000;
const CONTENT = Buffer.from('{"kind":"payment-order","amount":"15000.00"}');
const codes = (r: VerifyReport): string[] => r.signers.flatMap((s) => s.problems.map((p) => p.code));

async function chain(curve: GostCurve, signerSpki?: (d: bigint) => Buffer) {
  const caD = randomScalar(curve);
  const caSpki = encodeGostSpki(curve, publicKeyOf(curve, caD));
  const caName = subjectToDer(parseSubject('CN=Red CA,C=RU'));
  const validity = { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + DAY) };
  const ca = await issueCertificate({ serial: '01', issuer: caName, subject: caName, ...validity, spki: caSpki, ca: { pathLen: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] }, gostTbsSigner(curve, caD));
  const d = randomScalar(curve);
  const spki = signerSpki ? signerSpki(d) : encodeGostSpki(curve, publicKeyOf(curve, d));
  const signer = await issueCertificate(
    { serial: '02', issuer: caName, subject: subjectToDer(parseSubject('CN=Signer,C=RU')), ...validity, spki, keyUsage: ['digitalSignature', 'nonRepudiation'], authorityKeyId: keyIdentifier(caSpki) },
    gostTbsSigner(curve, caD),
  );
  return { ca, signer, d };
}

/** The signature OCTET STRING's content: the SignedData's last 2·size bytes (our signer writes it last). */
function withSignature(cms: Buffer, size: number, change: (s: bigint, r: bigint) => [bigint, bigint]): Buffer {
  const out = Buffer.from(cms);
  const at = out.length - 2 * size;
  const s = BigInt(`0x${out.subarray(at, at + size).toString('hex')}`);
  const r = BigInt(`0x${out.subarray(at + size).toString('hex')}`);
  const [s2, r2] = change(s, r);
  out.set(Buffer.from(s2.toString(16).padStart(2 * size, '0'), 'hex'), at);
  out.set(Buffer.from(r2.toString(16).padStart(2 * size, '0'), 'hex'), at + size);
  return out;
}

/** `cms` with the last occurrence of `from` (DER OID) replaced by `to` of the same length. */
function relabel(cms: Buffer, from: string, to: string): Buffer {
  const hex = cms.toString('hex');
  const f = oid(from).toString('hex');
  const at = hex.lastIndexOf(f);
  expect(at).toBeGreaterThan(0);
  expect(oid(to).length).toBe(oid(from).length);
  return Buffer.from(hex.slice(0, at) + oid(to).toString('hex') + hex.slice(at + f.length), 'hex');
}

describe('red team: forging a GOST CAdES signature without the key', () => {
  it.each(['tc26-256-a', 'tc26-512-c'] as const)('%s: r + q, s + q, s + 2q, s + 3q and q − s all fit the fields and are refused', async (name) => {
    const curve = GOST_CURVES[name];
    const { ca, signer, d } = await chain(curve);
    const cms = await new CmsSigner(softwareSource({ curve, d }), certificateParts(signer)).sign(CONTENT);
    expect((await verifyDetached(CONTENT, cms, [ca])).ok).toBe(true);
    const { q } = curve;
    const max = 1n << BigInt(8 * curve.size);
    const variants: [string, (s: bigint, r: bigint) => [bigint, bigint]][] = [
      ['s + q', (s, r) => [s + q, r]],
      ['r + q', (s, r) => [s, r + q]],
      ['both + q', (s, r) => [s + q, r + q]],
      ['s + 2q', (s, r) => [s + 2n * q, r]],
      ['s + 3q', (s, r) => [s + 3n * q, r]],
      ['q − s', (s, r) => [mod(q - s, q), r]],
      ['r = 0', (s) => [s, 0n]],
      ['s = 0', (_s, r) => [0n, r]],
    ];
    let tried = 0;
    for (const [what, change] of variants) {
      let forged: Buffer;
      try {
        forged = withSignature(cms, curve.size, (s, r) => {
          const [a, b] = change(s, r);
          if (a >= max || b >= max) throw new RangeError('does not fit');
          return [a, b];
        });
      } catch {
        continue; // not encodable on this curve for this signature
      }
      tried++;
      const report = await verifyDetached(CONTENT, forged, [ca]);
      expect(report.ok, what).toBe(false);
      expect(codes(report), what).toContain('verify.signature');
    }
    expect(tried).toBeGreaterThanOrEqual(6);
  });

  it('the key OID as signature algorithm (as OpenSSL writes) verifies; with a SHA-256 or Streebog-512 digest algorithm on a 256 key it is refused', async () => {
    const curve = GOST_CURVES['cryptopro-a'];
    const { ca, signer, d } = await chain(curve);
    const cms = await new CmsSigner(softwareSource({ curve, d }), certificateParts(signer)).sign(CONTENT);
    // same length OIDs: signWithDigest-256 1.2.643.7.1.1.3.2 and the key OID 1.2.643.7.1.1.1.1
    const keyLabelled = relabel(cms, GOST_OID.signWithDigest256, GOST_OID.key256);
    expect((await verifyDetached(CONTENT, keyLabelled, [ca])).ok).toBe(true);
    // the signer info's digest algorithm (its first Streebog-256 OID after the certificate) → Streebog-512
    const hex = keyLabelled.toString('hex');
    const d256 = oid(GOST_OID.digest256).toString('hex');
    const at = hex.indexOf(d256, hex.indexOf(signer.toString('hex')) + 2 * signer.length);
    const as512 = Buffer.from(hex.slice(0, at) + oid(GOST_OID.digest512).toString('hex') + hex.slice(at + d256.length), 'hex');
    const r512 = await verifyDetached(CONTENT, as512, [ca]);
    expect(r512.ok).toBe(false);
    expect(codes(r512)).toContain('verify.signature');
    // SHA-256's OID has another length: a SignedData written with it is simply another structure; the
    // allow-list refuses the pair directly (the key type fits, the hash does not)
    const key = certificateFacts(signer).key!;
    expect(signatureCheck({ oid: GOST_OID.key256 }, key, 'cms', 'sha256').problem).toMatch(/sha256/);
    expect(signatureCheck({ oid: GOST_OID.key256 }, key, 'cms', 'streebog512').problem).toMatch(/streebog512/);
    expect(signatureCheck({ oid: '1.2.840.10045.2.1' }, key, 'cms', 'streebog256').problem).toBeDefined();
    expect(signatureCheck({ oid: '1.2.840.113549.1.1.1' }, key, 'cms', 'streebog256').problem).toBeDefined();
  });

  it('tc26-256-a: a certificate the CA signed for Q + T (T of order 2) is refused as a key; its holder’s signature is not accepted', async () => {
    const curve = GOST_CURVES['tc26-256-a'];
    // T = (x0, 0) with x0 a root of x³ + a·x + b: the curve has one (its group order is 4q)
    const x0 = rootOfCubic(curve);
    const T = { x: x0, y: 0n };
    let mixedD = 0n;
    const { ca, signer } = await chain(curve, (d) => {
      mixedD = d;
      const Q = addPoints(curve, publicKeyOf(curve, d), T)!;
      // the SPKI as encodeGostSpki writes it, but for a point it would refuse
      return sequence(sequence(oid(GOST_OID.key256), sequence(oid(curve.oid))), bitString(octetString(encodePublicKey(curve, Q))));
    });
    const cms = await new CmsSigner(softwareSource({ curve, d: mixedD }), certificateParts(signer)).sign(CONTENT);
    const report = await verifyDetached(CONTENT, cms, [ca]);
    expect(report.ok).toBe(false);
    expect(report.signers[0]!.checks.chain).toBe(false);
    expect(report.signers[0]!.checks.signature).toBeUndefined(); // never checked with a refused key
  });
});

/** The order-2 point's x of a twisted Edwards set: t = (e + d)/6, as tests/unit/gost-signature.test.ts shows (the Edwards point (0, −1)). */
function rootOfCubic(curve: GostCurve): bigint {
  const { p } = curve;
  const { e, d } = curve.edwards!;
  return mod((e + d) * invert(6n, p), p);
}

describe('red team: Streebog is not a hash for RSA and ECDSA signers', () => {
  it('ecdsa-with-SHA256, sha256WithRSAEncryption, RSASSA-PSS, rsaEncryption and ecPublicKey with a Streebog CMS digest algorithm are refused', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const ec = { type: 'ec' as const, key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey, description: 'ECDSA P-256' };
    const rsa = { type: 'rsa' as const, key: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey, description: 'RSA-2048' };
    for (const digest of ['streebog256', 'streebog512'] as const) {
      expect(signatureCheck({ oid: '1.2.840.10045.4.3.2' }, ec, 'cms', digest).problem, digest).toMatch(/GOST's hash/);
      expect(signatureCheck({ oid: '1.2.840.10045.2.1' }, ec, 'cms', digest).problem, digest).toMatch(/GOST's hash/);
      expect(signatureCheck({ oid: '1.2.840.113549.1.1.11' }, rsa, 'cms', digest).problem, digest).toMatch(/GOST's hash/);
      expect(signatureCheck({ oid: '1.2.840.113549.1.1.1' }, rsa, 'cms', digest).problem, digest).toMatch(/GOST's hash/);
    }
    // SHA-2 as before
    expect(signatureCheck({ oid: '1.2.840.10045.4.3.2' }, ec, 'cms', 'sha256').problem).toBeUndefined();
    expect(signatureCheck({ oid: '1.2.840.113549.1.1.1' }, rsa, 'cms', 'sha384').problem).toBeUndefined();
  });
});
