/**
 * Red team on the CMS signer's templates (issue 14): each signer keeps its signed attributes as
 * a template with only the digest and the signing time written in, and the SignedData around
 * them once per signature length. One long-lived signer signs documents at the edges of what
 * changes (second boundaries, the last second of UTCTime in 2049, digests of each length, RSA
 * 2048/4096, P-256 with its varying ECDSA lengths, P-384, GOST 512); every signature's signed
 * attributes must be exactly the ones built from scratch for its own digest and time (so no two
 * documents share them), OpenSSL must verify it, and a deterministic (RSA) signature must be
 * byte for byte what a fresh signer makes. A time after 2049 is refused, and does not spoil the
 * template for the next signature.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CmsSigner } from '../../src/crypto/cms/signer.ts';
import { softwareSource, type SignatureSource } from '../../src/crypto/cms/signature-source.ts';
import { contentTypeAttribute, digestOf, messageDigestAttribute, signedAttributesSet, signingCertificateV2Attribute, signingTimeAttribute } from '../../src/crypto/cms/signed-attributes.ts';
import type { Hash } from '../../src/crypto/cms/algorithms.ts';
import { certificateParts, type CertificateParts } from '../../src/crypto/x509/certificate.ts';
import { verifyDetached } from '../../src/crypto/cms/verify.ts';
import { GOST_CURVES } from '../../src/crypto/gost/curves.ts';
import { encodeGostSpki } from '../../src/crypto/gost/asn1.ts';
import { publicKeyOf, randomScalar } from '../../src/crypto/gost/signature.ts';
import { gostTbsSigner, issueCertificate, keyIdentifier } from '../../src/crypto/x509/issue.ts';
import { parseSubject, subjectToDer } from '../../src/crypto/x509/subject.ts';

const dir = mkdtempSync(join(tmpdir(), 'red-cms-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const derOfPem = (pem: string): Buffer => Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');

/** A key and a self-signed certificate made by OpenSSL. */
function opensslKey(newkey: string[], digest: string): { source: (hash: Hash) => SignatureSource; cert: CertificateParts; certFile: string } {
  const n = files++;
  const keyFile = join(dir, `k${n}.pem`);
  const certFile = join(dir, `c${n}.pem`);
  execFileSync('openssl', ['req', '-x509', ...newkey, '-nodes', `-${digest}`, '-keyout', keyFile, '-out', certFile, '-subj', `/CN=Red template ${n}/C=RU`, '-days', '2'], { stdio: 'pipe' });
  const key = createPrivateKey(readFileSync(keyFile));
  return { source: (hash) => softwareSource(key, hash), cert: certificateParts(derOfPem(readFileSync(certFile, 'utf8'))), certFile };
}

function opensslVerifies(cms: Buffer, content: Buffer): boolean {
  const n = files++;
  const sig = join(dir, `s${n}.der`);
  const data = join(dir, `d${n}.bin`);
  writeFileSync(sig, cms);
  writeFileSync(data, content);
  try {
    execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', data, '-noverify', '-out', '/dev/null'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** The signed attributes as a signer from scratch makes them, as they sit in a SignerInfo ([0] IMPLICIT). */
function fromScratch(cert: CertificateParts, hash: Hash, content: Buffer, time: Date): Buffer {
  const set = signedAttributesSet([contentTypeAttribute(), signingCertificateV2Attribute(cert, hash), messageDigestAttribute(digestOf(hash, content)), signingTimeAttribute(time)]);
  set[0] = 0xa0;
  return set;
}

/** The same attributes built by pkijs and asn1js objects (the reference signer's way), for SHA-256/384 signers. */
function byPkijs(certDer: Buffer, hash: 'SHA-256' | 'SHA-384', content: Buffer, time: Date): Buffer {
  const cert = pkijs.Certificate.fromBER(new Uint8Array(certDer));
  const digest = createHash(hash === 'SHA-256' ? 'sha256' : 'sha384').update(content).digest();
  const generalNames = new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })] });
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: createHash('sha256').update(certDer).digest() }), new asn1js.Sequence({ value: [generalNames, cert.serialNumber] })] });
  const attributes = [
    new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })] }),
    new pkijs.Attribute({ type: '1.2.840.113549.1.9.5', values: [new asn1js.UTCTime({ valueDate: new Date(Math.floor(time.getTime() / 1000) * 1000) })] }),
    new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: digest })] }),
    new pkijs.Attribute({ type: '1.2.840.113549.1.9.16.2.47', values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })] }),
  ];
  const encoded = attributes.map((a) => Buffer.from(a.toSchema().toBER())).sort(Buffer.compare);
  const set = Buffer.from(new asn1js.Set({ value: encoded.map((e) => asn1js.fromBER(new Uint8Array(e)).result) }).toBER());
  set[0] = 0xa0;
  return set;
}

/** Times at the edges: second boundaries, the last second of UTCTime, years whose text sorts differently. */
const TIMES = [
  '2026-12-05T23:59:59.999Z',
  '2026-12-06T00:00:00.000Z',
  '2026-12-06T00:00:00.001Z',
  '2049-12-31T23:59:58.999Z',
  '2049-12-31T23:59:59.000Z',
  '2049-12-31T23:59:59.999Z',
  '1950-01-01T00:00:00.000Z',
  '1999-12-31T23:59:59.500Z',
  '2000-01-01T00:00:00.000Z',
  '2026-12-06T00:00:00.001Z',
].map((t) => new Date(t));

function exercise(signer: CmsSigner, cert: CertificateParts, hash: Hash, opts: { deterministic: boolean; openssl: boolean; fresh: () => CmsSigner }): void {
  const seen = new Set<string>();
  // the same signer throughout, and contents of several lengths (so the SignedData frames are reused across them)
  for (let round = 0; round < 3; round++) {
    for (const [i, time] of TIMES.entries()) {
      const content = randomBytes(1 + ((i * 37 + round * 101) % 400));
      const cms = signer.signSync(content, { signingTime: time });
      const attrs = fromScratch(cert, hash, content, time);
      expect(cms.indexOf(attrs), `${time.toISOString()} round ${round}`).toBeGreaterThan(0);
      if (hash === 'SHA-256' || hash === 'SHA-384') expect(byPkijs(cert.der, hash, content, time).equals(attrs), `pkijs ${time.toISOString()}`).toBe(true);
      expect(seen.has(attrs.toString('hex'))).toBe(false);
      seen.add(attrs.toString('hex'));
      if (opts.deterministic) expect(cms.equals(opts.fresh().signSync(content, { signingTime: time }))).toBe(true);
      if (opts.openssl && round === 0) expect(opensslVerifies(cms, content), time.toISOString()).toBe(true);
    }
  }
  // the same content at two times a millisecond apart across a second: two signatures, two times
  const content = Buffer.from('{"same":"document"}');
  const a = signer.signSync(content, { signingTime: new Date('2030-01-01T00:00:00.999Z') });
  const b = signer.signSync(content, { signingTime: new Date('2030-01-01T00:00:01.000Z') });
  expect(a.indexOf(fromScratch(cert, hash, content, new Date('2030-01-01T00:00:00Z')))).toBeGreaterThan(0);
  expect(b.indexOf(fromScratch(cert, hash, content, new Date('2030-01-01T00:00:01Z')))).toBeGreaterThan(0);
  // after 2049 (GeneralizedTime) the signer refuses; the next signature is still right
  expect(() => signer.signSync(content, { signingTime: new Date('2050-01-01T00:00:00Z') })).toThrow(RangeError);
  const after = signer.signSync(content, { signingTime: new Date('2049-12-31T23:59:59Z') });
  expect(after.indexOf(fromScratch(cert, hash, content, new Date('2049-12-31T23:59:59Z')))).toBeGreaterThan(0);
}

describe('red team: the CMS signer template', () => {
  for (const [name, newkey, digest, hash, deterministic] of [
    ['RSA-2048', ['-newkey', 'rsa:2048'], 'sha256', 'SHA-256', true],
    ['RSA-4096', ['-newkey', 'rsa:4096'], 'sha256', 'SHA-256', true],
    ['P-256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'sha256', 'SHA-256', false],
    ['P-384 with SHA-384', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'], 'sha384', 'SHA-384', false],
  ] as const) {
    it(`${name}: every signature's attributes are its own digest and time, as from scratch; OpenSSL verifies`, () => {
      const k = opensslKey([...newkey], digest);
      const signer = new CmsSigner(k.source(hash), k.cert);
      exercise(signer, k.cert, hash, { deterministic, openssl: true, fresh: () => new CmsSigner(k.source(hash), k.cert) });
    }, 60_000);
  }

  it('a signer whose first signature is refused (2050) still signs right after, with or without a template', () => {
    const k = opensslKey(['-newkey', 'rsa:2048'], 'sha256');
    const signer = new CmsSigner(k.source('SHA-256'), k.cert);
    const content = Buffer.from('{"first":"refused"}');
    expect(() => signer.signSync(content, { signingTime: new Date('2050-06-01T00:00:00Z') })).toThrow(RangeError);
    exercise(signer, k.cert, 'SHA-256', { deterministic: true, openssl: false, fresh: () => new CmsSigner(k.source('SHA-256'), k.cert) });
  }, 60_000);

  it('a renewed certificate for the same key: its signer names the new certificate, never the old one', () => {
    const k = opensslKey(['-newkey', 'rsa:2048'], 'sha256');
    const keyFile = join(dir, `k${files - 1}.pem`);
    const renewedFile = join(dir, 'renewed.pem');
    execFileSync('openssl', ['req', '-x509', '-new', '-key', keyFile, '-sha256', '-out', renewedFile, '-subj', '/CN=Red template renewed/C=RU', '-days', '3'], { stdio: 'pipe' });
    const renewed = certificateParts(derOfPem(readFileSync(renewedFile, 'utf8')));
    const old = new CmsSigner(k.source('SHA-256'), k.cert);
    const content = Buffer.from('{"before":"renewal"}');
    old.signSync(content);
    const signer = new CmsSigner(k.source('SHA-256'), renewed);
    const time = new Date('2031-05-05T05:05:05Z');
    const cms = signer.signSync(content, { signingTime: time });
    expect(cms.indexOf(fromScratch(renewed, 'SHA-256', content, time))).toBeGreaterThan(0);
    expect(cms.indexOf(signingCertificateV2Attribute(k.cert))).toBe(-1);
    expect(cms.indexOf(renewed.der)).toBeGreaterThan(0);
  }, 60_000);

  it('GOST 512: every signature has its own Streebog-512 digest and time as from scratch, and verifies', async () => {
    const curve = Object.values(GOST_CURVES).find((c) => c.bits === 512 && !c.testOnly)!;
    const caD = randomScalar(curve);
    const caSpki = encodeGostSpki(curve, publicKeyOf(curve, caD));
    const caName = subjectToDer(parseSubject('CN=Red GOST 512 CA,C=RU'));
    const validity = { notBefore: new Date('1950-01-01T00:00:00Z'), notAfter: new Date('2049-12-31T23:59:59Z') };
    const ca = await issueCertificate({ serial: '01', issuer: caName, subject: caName, ...validity, spki: caSpki, ca: { pathLen: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] }, gostTbsSigner(curve, caD));
    const d = randomScalar(curve);
    const der = await issueCertificate(
      { serial: '02', issuer: caName, subject: subjectToDer(parseSubject('CN=Red GOST 512,C=RU')), ...validity, spki: encodeGostSpki(curve, publicKeyOf(curve, d)), keyUsage: ['digitalSignature', 'nonRepudiation'], authorityKeyId: keyIdentifier(caSpki) },
      gostTbsSigner(curve, caD),
    );
    const cert = certificateParts(der);
    const signer = new CmsSigner(softwareSource({ curve, d }), cert);
    const seen = new Set<string>();
    for (const time of TIMES.slice(0, 6)) {
      const content = randomBytes(64);
      const cms = signer.signSync(content, { signingTime: time });
      const attrs = fromScratch(cert, 'STREEBOG-512', content, time);
      expect(cms.indexOf(attrs)).toBeGreaterThan(0);
      expect(seen.has(attrs.toString('hex'))).toBe(false);
      seen.add(attrs.toString('hex'));
      const report = await verifyDetached(content, cms, [ca]);
      expect([report.ok, report.signers.flatMap((s) => s.problems.map((p) => p.code))]).toEqual([true, []]);
    }
  }, 120_000);
});
