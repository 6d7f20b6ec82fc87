/**
 * Hostile certificates against verifyDetached and the path validator: forgeries that the old
 * cache (keyed by serial and issuer text) let through, certificates that sign each other, and
 * the rules of the bank's PKI one by one. Certificates are made here with @peculiar/x509.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPublicKey, KeyObject, webcrypto } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { digestAlgorithmDer } from '../../src/crypto/cms/algorithms.ts';
import { OID } from '../../src/crypto/cms/oids.ts';
import { softwareSource, type SignatureSource } from '../../src/crypto/cms/signature-source.ts';
import { digestOf } from '../../src/crypto/cms/signed-attributes.ts';
import { CmsSigner } from '../../src/crypto/cms/signer.ts';
import { clearVerificationCaches, MAX_SIGNERS, verifyDetached, type SignerReport } from '../../src/crypto/cms/verify.ts';
import { readPublicKey } from '../../src/crypto/x509/path/algorithms.ts';
import { contextTag, oid, sequence, set, smallInteger } from '../../src/crypto/der.ts';
import { certificateParts } from '../../src/crypto/x509/certificate.ts';
import { LIMITS, validatePath } from '../../src/crypto/x509/path/index.ts';

const crypto = webcrypto as unknown as Crypto;
const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ES256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00Z');
const CONTENT = Buffer.from('Платёжное поручение № 42 на сумму 1 000 000,00 руб.', 'utf8');

interface Issued {
  der: Buffer;
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

const newKeys = (alg: EcKeyGenParams | RsaHashedKeyGenParams = P256): Promise<CryptoKeyPair> => crypto.subtle.generateKey(alg, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;

interface Spec {
  subject: string;
  issuer?: Issued;
  /** Sign with this key instead of the issuer's (a forger's own key), keeping the issuer's name. */
  signWith?: CryptoKeyPair;
  issuerName?: string;
  keys?: CryptoKeyPair;
  serial?: string;
  ca?: boolean;
  pathLen?: number;
  usage?: number;
  from?: Date;
  to?: Date;
  /** Leave out the key identifiers (as the sandbox's receipts certificate does today). */
  noKeyIds?: boolean;
  /** An authority key identifier other than the issuer's. */
  akiHex?: string;
  extra?: x509.Extension[];
  signingAlgorithm?: Algorithm & { hash?: string };
}

let serialCounter = 0x1000;

async function make(spec: Spec): Promise<Issued> {
  const keys = spec.keys ?? (await newKeys());
  const signer = spec.signWith ?? spec.issuer?.keys ?? keys;
  const ca = spec.ca ?? false;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(ca, spec.pathLen, true),
    new x509.KeyUsagesExtension(spec.usage ?? (ca ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation), true),
  ];
  if (!spec.noKeyIds) {
    extensions.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto));
    if (spec.akiHex) extensions.push(new x509.AuthorityKeyIdentifierExtension(spec.akiHex));
    else extensions.push(await x509.AuthorityKeyIdentifierExtension.create(signer.publicKey, false, crypto));
  }
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: spec.serial ?? (serialCounter++).toString(16),
      subject: spec.subject,
      issuer: spec.issuerName ?? spec.issuer?.cert.subject ?? spec.subject,
      notBefore: spec.from ?? new Date(NOW.getTime() - 365 * DAY),
      notAfter: spec.to ?? new Date(NOW.getTime() + 365 * DAY),
      publicKey: keys.publicKey,
      signingKey: signer.privateKey,
      signingAlgorithm: spec.signingAlgorithm ?? (signer.privateKey.algorithm.name === 'ECDSA' ? ES256 : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }),
      extensions: [...extensions, ...(spec.extra ?? [])],
    },
    crypto,
  );
  return { der: Buffer.from(cert.rawData), cert, keys };
}

const root = (subject = 'CN=Test Bank Client CA, O=Test Bank, C=RU', pathLen?: number): Promise<Issued> => make({ subject, ca: true, ...(pathLen !== undefined ? { pathLen } : {}) });

/** A detached CAdES-BES SignedData by `who`, carrying `extra` certificates after the signer's. */
async function sign(who: Issued, extra: Issued[] = [], at = NOW, source?: SignatureSource): Promise<Buffer> {
  const key = KeyObject.from(who.keys.privateKey);
  const signer = new CmsSigner(source ?? softwareSource(key), certificateParts(who.der));
  const info = await signer.signerInfo(digestOf(signer.hash, CONTENT), { signingTime: at });
  const signedData = sequence(smallInteger(1), set(digestAlgorithmDer(signer.hash)), sequence(oid(OID.data)), contextTag(0, who.der, ...extra.map((e) => e.der)), set(info));
  return sequence(oid(OID.signedData), contextTag(0, signedData));
}

async function verify(who: Issued, anchors: Issued[], extra: Issued[] = [], at = NOW): Promise<SignerReport> {
  const report = await verifyDetached(CONTENT, await sign(who, extra, at), anchors.map((a) => a.der));
  return report.signers[0]!;
}

const chainReason = (r: SignerReport): string => String(r.problems.find((p) => p.code === 'verify.chain')?.params.reason ?? '');

beforeEach(() => clearVerificationCaches());

describe('certificates are identified by their bytes', () => {
  it('a forged director certificate (same serial, subject and issuer name, own key) fails after a genuine one was verified', async () => {
    const ca = await root('CN=Sandbox Bank Client CA, O=Sandbox Bank, C=RU', 0);
    const director = await make({ subject: 'CN=Иванов Иван Иванович, O=ООО Ромашка, C=RU', issuer: ca, serial: '5a17c0de' });
    const genuine = await verify(director, [ca]);
    expect(genuine.ok).toBe(true);

    const attacker = await newKeys();
    // self-made: the CA's name as issuer, the director's serial, signed by the attacker's own key,
    // with the CA's key identifier copied into the AKI so that nothing but the signature tells it apart
    const forged = await make({
      subject: director.cert.subject,
      issuerName: ca.cert.subject,
      serial: '5a17c0de',
      keys: attacker,
      signWith: attacker,
      akiHex: ca.cert.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId,
    });
    // what the old chain cache keyed on is the same for both
    expect(certificateParts(forged.der).serialNumber.equals(certificateParts(director.der).serialNumber)).toBe(true);
    expect(certificateParts(forged.der).issuer.equals(certificateParts(director.der).issuer)).toBe(true);

    const report = await verify(forged, [ca]);
    expect(report.ok).toBe(false);
    expect(report.checks).toMatchObject({ signature: true, chain: false });
    expect(chainReason(report)).toMatch(/^"[^"]*Иванов Иван Иванович[^"]*" is refused: its signature does not verify with the key of "[^"]*Sandbox Bank Client CA[^"]*"$/);
    expect(report.certificateSha256).not.toBe(genuine.certificateSha256);
    // and the genuine one still verifies afterwards
    expect((await verify(director, [ca])).ok).toBe(true);
  });

  it('the same for a receipts certificate issued as the sandbox issues it today (no key identifiers)', async () => {
    const ca = await root('CN=Sandbox Bank Client CA, O=Sandbox Bank, C=RU', 0);
    const receipts = await make({ subject: 'CN=Sandbox Bank Receipts, O=Sandbox Bank, C=RU', issuer: ca, serial: '7ecee1b7', noKeyIds: true });
    expect((await verify(receipts, [ca])).ok).toBe(true);
    const attacker = await newKeys();
    const forged = await make({ subject: receipts.cert.subject, issuerName: ca.cert.subject, serial: '7ecee1b7', keys: attacker, signWith: attacker, noKeyIds: true });
    const report = await verify(forged, [ca]);
    expect(report.ok).toBe(false);
    expect(chainReason(report)).toMatch(/^"[^"]*Sandbox Bank Receipts[^"]*" is refused: its signature does not verify with the key of/);
  });

  it('a certificate without an authority key identifier is refused unless its issuer is an anchor limited to pathLen 0', async () => {
    const ca = await root('CN=Unconstrained CA');
    const leaf = await make({ subject: 'CN=No Key Ids', issuer: ca, noKeyIds: true });
    const report = await verify(leaf, [ca]);
    expect(chainReason(report)).toBe('"CN=No Key Ids" is refused: it has no authority key identifier');
  });

  it('a cached success is reused only inside the validity window of the path, and only for the same certificates and anchors', async () => {
    const ca = await root();
    const mid = await make({ subject: 'CN=Short-lived Intermediate', issuer: ca, ca: true, from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-12-31T00:00:00Z') });
    const leaf = await make({ subject: 'CN=Long-lived Signer', issuer: mid, from: new Date('2025-01-01T00:00:00Z'), to: new Date('2028-01-01T00:00:00Z') });
    expect((await verify(leaf, [ca], [mid], NOW)).ok).toBe(true);
    const later = await verify(leaf, [ca], [mid], new Date('2027-06-01T00:00:00Z'));
    expect(later.checks).toMatchObject({ validAtSigningTime: true, chain: false });
    expect(chainReason(later)).toMatch(/"CN=Short-lived Intermediate" is refused: it has expired at 2027-06-01/);
    const otherCa = await root();
    expect((await verify(leaf, [otherCa], [mid], NOW)).checks.chain).toBe(false);
    expect((await verify(leaf, [ca], [], NOW)).checks.chain).toBe(false);
  });
});

describe('hostile paths answer, and answer no', () => {
  it('two intermediates that sign each other end the search', async () => {
    const anchor = await root();
    const aKeys = await newKeys();
    const bKeys = await newKeys();
    const aStub = { keys: aKeys, cert: { subject: 'CN=Intermediate A' } } as unknown as Issued;
    const bStub = { keys: bKeys, cert: { subject: 'CN=Intermediate B' } } as unknown as Issued;
    const aByB = await make({ subject: 'CN=Intermediate A', keys: aKeys, issuer: bStub, ca: true });
    const bByA = await make({ subject: 'CN=Intermediate B', keys: bKeys, issuer: aStub, ca: true });
    const leaf = await make({ subject: 'CN=Signer Under A', issuer: aStub });
    const report = await verify(leaf, [anchor], [aByB, bByA]);
    expect(report.ok).toBe(false);
    expect(chainReason(report)).toMatch(/would appear twice in the path/);
  });

  it('many self-issued certificates with one name that all could have issued each other stop at the work limit', async () => {
    const anchor = await root();
    const name = 'CN=Hydra CA';
    const keys = await Promise.all(Array.from({ length: 12 }, () => newKeys()));
    const stubs = keys.map((k) => ({ keys: k, cert: { subject: name } }) as unknown as Issued);
    // each key certified by each of the next two keys: cycles everywhere, no way to the anchor
    const certs: Issued[] = [];
    for (const [i, k] of keys.entries()) for (const j of [1, 2]) certs.push(await make({ subject: name, keys: k, issuer: stubs[(i + j) % keys.length]!, ca: true }));
    const leaf = await make({ subject: 'CN=Signer Under Hydra', issuer: stubs[0]! });
    expect(certs.length).toBeLessThanOrEqual(LIMITS.maxOfferedCertificates);
    const result = validatePath({ signer: leaf.der, offered: certs.map((c) => c.der), anchors: [anchor.der], at: NOW });
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/limit|twice/);
  });

  it('more offered certificates than the limit are refused outright, saying so', async () => {
    const anchor = await root();
    const leaf = await make({ subject: 'CN=Signer', issuer: anchor });
    const junk = await Promise.all(Array.from({ length: LIMITS.maxOfferedCertificates + 1 }, (_, i) => make({ subject: `CN=Junk ${i}`, ca: true })));
    const report = await verify(leaf, [anchor], junk);
    expect(chainReason(report)).toBe(`the signature carries ${junk.length} other certificates; at most ${LIMITS.maxOfferedCertificates} are considered`);
  });

  it('a path longer than the limit is refused', async () => {
    const anchor = await root();
    const chain: Issued[] = [];
    let issuer = anchor;
    for (let i = 0; i < LIMITS.maxPathLength; i++) chain.push((issuer = await make({ subject: `CN=Level ${i}`, issuer, ca: true })));
    const leaf = await make({ subject: 'CN=Deep Signer', issuer });
    const report = await verify(leaf, [anchor], chain);
    expect(chainReason(report)).toMatch(/longer than 6 certificates/);
    // one level less fits
    const shallow = await make({ subject: 'CN=Shallow Signer', issuer: chain[LIMITS.maxPathLength - 3]! });
    expect((await verify(shallow, [anchor], chain)).ok).toBe(true);
  });
});

describe('the rules of the bank PKI', () => {
  it('pathLenConstraint: a CA limited to 0 may issue signers, not another CA that issues them', async () => {
    const anchor = await root();
    const mid = await make({ subject: 'CN=Mid pathLen 0', issuer: anchor, ca: true, pathLen: 0 });
    const direct = await make({ subject: 'CN=Direct Signer', issuer: mid });
    expect((await verify(direct, [anchor], [mid])).ok).toBe(true);
    const sub = await make({ subject: 'CN=Sub CA', issuer: mid, ca: true });
    const leaf = await make({ subject: 'CN=Too Deep', issuer: sub });
    expect(chainReason(await verify(leaf, [anchor], [mid, sub]))).toMatch(/"CN=Mid pathLen 0" is refused: its pathLenConstraint 0 allows 0 intermediate CA certificate\(s\) below it, and the path has 1/);
  });

  it('an unknown critical extension is refused, naming its OID; an unknown non-critical one is ignored', async () => {
    const anchor = await root();
    const critical = await make({ subject: 'CN=Critical Stranger', issuer: anchor, extra: [new x509.Extension('1.2.3.4.5', true, new Uint8Array([0x05, 0x00]))] });
    expect(chainReason(await verify(critical, [anchor]))).toBe('"CN=Critical Stranger" is refused: it has an unknown critical extension 1.2.3.4.5');
    const quiet = await make({ subject: 'CN=Quiet Stranger', issuer: anchor, extra: [new x509.Extension('1.2.3.4.5', false, new Uint8Array([0x05, 0x00]))] });
    expect((await verify(quiet, [anchor])).ok).toBe(true);
    const ca = await make({ subject: 'CN=Critical CA', ca: true, extra: [new x509.Extension('1.2.3.4.6', true, new Uint8Array([0x05, 0x00]))] });
    const underIt = await make({ subject: 'CN=Under Critical CA', issuer: ca });
    expect(chainReason(await verify(underIt, [ca]))).toBe('"CN=Critical CA" is refused: it has an unknown critical extension 1.2.3.4.6');
  });

  it('the same extension twice is refused', async () => {
    const anchor = await root();
    const twice = await make({ subject: 'CN=Twice', issuer: anchor, extra: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)] });
    expect(chainReason(await verify(twice, [anchor]))).toBe('"CN=Twice" is refused: it has the extension keyUsage twice');
  });

  it('weak or unlisted keys are refused wherever they stand: RSA-1024, P-521; RSA-2048 and P-384 pass', async () => {
    const anchor = await root();
    const rsa1024 = await make({ subject: 'CN=Weak RSA', issuer: anchor, keys: await newKeys({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }) });
    expect(chainReason(await verify(rsa1024, [anchor]))).toBe('"CN=Weak RSA" is refused: its key is RSA-1024; at least RSA-2048 is required');
    const p521 = await make({ subject: 'CN=P-521', issuer: anchor, keys: await newKeys({ name: 'ECDSA', namedCurve: 'P-521' }) });
    expect(chainReason(await verify(p521, [anchor]))).toMatch(/"CN=P-521" is refused: its EC key is on curve 1\.3\.132\.0\.35; only P-256 and P-384 are accepted/);
    const rsa2048 = await make({ subject: 'CN=RSA 2048', issuer: anchor, keys: await newKeys({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }) });
    expect((await verify(rsa2048, [anchor])).ok).toBe(true);
    const p384 = await make({ subject: 'CN=P-384', issuer: anchor, keys: await newKeys({ name: 'ECDSA', namedCurve: 'P-384' }) });
    expect((await verify(p384, [anchor])).ok).toBe(true);
    const weakCa = await make({ subject: 'CN=Weak CA', ca: true, keys: await newKeys({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }) });
    const underWeak = await make({ subject: 'CN=Under Weak CA', issuer: weakCa });
    expect(chainReason(await verify(underWeak, [weakCa]))).toBe('"CN=Weak CA" is refused: its key is RSA-1024; at least RSA-2048 is required');
  });

  it('keys that only make the verifier work are refused by the key policy: a public exponent over 32 bits, a modulus over 8192 bits', () => {
    const modulus = (bits: number): string => Buffer.concat([Buffer.from([0xc0]), Buffer.alloc(bits / 8 - 2, 0x5a), Buffer.from([0x01])]).toString('base64url');
    const spkiOf = (n: string, e: Buffer): Buffer => createPublicKey({ key: { kty: 'RSA', n, e: e.toString('base64url') }, format: 'jwk' }).export({ type: 'spki', format: 'der' });
    const rsa = { oid: '1.2.840.113549.1.1.1', params: Buffer.from([0x05, 0x00]), whole: Buffer.alloc(0) };
    // a 41-bit exponent: each check would cost many times a normal one
    expect(() => readPublicKey(spkiOf(modulus(2048), Buffer.from([1, 0, 0, 0, 0, 1])), rsa)).toThrow('its RSA public exponent is 41 bits long; at most 32 bits are accepted');
    expect(() => readPublicKey(spkiOf(modulus(16_384), Buffer.from([1, 0, 1])), rsa)).toThrow('its key is RSA-16384; at most RSA-8192 is accepted');
    expect(readPublicKey(spkiOf(modulus(2048), Buffer.from([1, 0, 1])), rsa).description).toBe('RSA-2048');
  });

  it('a SignedData with more signers than a document ever has is refused as a whole, saying how many', async () => {
    const anchor = await root();
    const signer = await make({ subject: 'CN=Many', issuer: anchor });
    const one = await sign(signer);
    // the same SignerInfo nine times over: each would cost a signature check
    const items = (der: Buffer): Buffer[] => {
      const out: Buffer[] = [];
      const head = (b: Buffer, i: number): { start: number; end: number } => {
        const len = b[i + 1]!;
        if (len < 0x80) return { start: i + 2, end: i + 2 + len };
        const n = len & 0x7f;
        const l = b.readUIntBE(i + 2, n);
        return { start: i + 2 + n, end: i + 2 + n + l };
      };
      const outer = head(der, 0);
      const explicit = head(der, head(der, outer.start).end);
      const sd = head(der, explicit.start);
      let at = sd.start;
      while (at < sd.end) {
        const h = head(der, at);
        out.push(der.subarray(at, h.end));
        at = h.end;
      }
      return out;
    };
    const parts = items(one);
    const signerSet = parts.at(-1)!;
    const info = signerSet.subarray(signerSet[1]! < 0x80 ? 2 : 2 + (signerSet[1]! & 0x7f));
    const many = sequence(oid(OID.signedData), contextTag(0, sequence(...parts.slice(0, -1), set(...Array.from({ length: MAX_SIGNERS + 1 }, () => info)))));
    await expect(verifyDetached(CONTENT, many, [anchor.der])).rejects.toMatchObject({ code: 'cms.unreadable', params: { reason: `${MAX_SIGNERS + 1} signers; at most ${MAX_SIGNERS} are read` } });
    const eight = sequence(oid(OID.signedData), contextTag(0, sequence(...parts.slice(0, -1), set(...Array.from({ length: MAX_SIGNERS }, () => info)))));
    expect((await verifyDetached(CONTENT, eight, [anchor.der])).signers).toHaveLength(MAX_SIGNERS);
  });

  it('a certificate signed with SHA-1 is refused', async () => {
    const rsaCa = await make({ subject: 'CN=RSA CA', ca: true, keys: await newKeys({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-1' }) });
    const leaf = await make({ subject: 'CN=SHA-1 Signed', issuer: rsaCa, signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' } });
    expect(chainReason(await verify(leaf, [rsaCa]))).toBe('"CN=SHA-1 Signed" is refused: the signature algorithm sha1WithRSAEncryption (SHA-1) is not accepted');
  });

  it('an ECDSA signature value labelled as RSA does not verify', async () => {
    const anchor = await root();
    const leaf = await make({ subject: 'CN=Mislabelled', issuer: anchor });
    const ec = softwareSource(KeyObject.from(leaf.keys.privateKey));
    const mislabelled: SignatureSource = { ...ec, scheme: 'rsa-pkcs1' }; // the EC signature goes out as sha256WithRSAEncryption
    const report = (await verifyDetached(CONTENT, await sign(leaf, [], NOW, mislabelled), [anchor.der])).signers[0]!;
    expect(report.ok).toBe(false);
    expect(report.checks.signature).toBe(false);
    expect(report.problems.map((p) => p.code)).toContain('verify.signature');
  });

  it("the signer's certificate must not be a CA's nor carry keyCertSign, and must allow signing", async () => {
    const anchor = await root();
    const caSigner = await make({ subject: 'CN=CA As Signer', issuer: anchor, ca: true });
    expect(chainReason(await verify(caSigner, [anchor]))).toBe(`"CN=CA As Signer" is refused: it is a CA certificate; a document signer's certificate must not be one`);
    const certSign = await make({ subject: 'CN=Cert Signer', issuer: anchor, usage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign });
    expect(chainReason(await verify(certSign, [anchor]))).toMatch(/keyCertSign, which a document signer's certificate must not have/);
    const encipher = await make({ subject: 'CN=Encipher Only', issuer: anchor, usage: x509.KeyUsageFlags.keyEncipherment });
    const r = await verify(encipher, [anchor]);
    expect(r.checks).toMatchObject({ chain: true, keyUsage: false });
  });

  it('an issuer that is not a CA, or a CA without keyCertSign, issues nothing', async () => {
    const anchor = await root();
    const ee = await make({ subject: 'CN=End Entity', issuer: anchor });
    const underEe = await make({ subject: 'CN=Under End Entity', issuer: ee });
    expect(chainReason(await verify(underEe, [anchor], [ee]))).toBe('"CN=End Entity" is refused: it issued a certificate but is not a CA (basicConstraints cA is false)');
    const noCertSign = await make({ subject: 'CN=CA Without keyCertSign', issuer: anchor, ca: true, usage: x509.KeyUsageFlags.cRLSign });
    const under = await make({ subject: 'CN=Under It', issuer: noCertSign });
    expect(chainReason(await verify(under, [anchor], [noCertSign]))).toBe('"CN=CA Without keyCertSign" is refused: it is a CA whose keyUsage does not include keyCertSign');
  });

  it('name constraints are refused, said plainly', async () => {
    // NameConstraints { permittedSubtrees [0] { GeneralSubtree { directoryName [4] "O=Romashka" } } }
    const permitted = sequence(contextTag(0, sequence(contextTag(4, Buffer.from(new x509.Name('O=Romashka').toArrayBuffer())))));
    const ca = await make({ subject: 'CN=Constrained CA', ca: true, extra: [new x509.Extension('2.5.29.30', true, new Uint8Array(permitted))] });
    const leaf = await make({ subject: 'CN=Under Constrained CA, O=Romashka', issuer: ca });
    expect(chainReason(await verify(leaf, [ca]))).toMatch(/"CN=Constrained CA" is refused: it has a nameConstraints extension: name constraints are not supported by this verifier/);
  });

  // zero and negative serials are the limbo cases rfc5280::serial::* (this generator replaces a zero serial); an anchor's is not checked (online::fastly.com)
  it('serial numbers: over 20 octets are refused', async () => {
    const anchor = await root();
    const long = await make({ subject: 'CN=Long Serial', issuer: anchor, serial: '7f'.repeat(21) });
    expect(chainReason(await verify(long, [anchor]))).toBe('"CN=Long Serial" is refused: its serial number is 21 octets long; at most 20 are allowed');
    const fine = await make({ subject: 'CN=Twenty Octets', issuer: anchor, serial: '7f'.repeat(20) });
    expect((await verify(fine, [anchor])).ok).toBe(true);
  });

  it('issuers are matched by exact name and confirmed by key identifiers', async () => {
    const anchor = await root('CN=Exact CA');
    const wrongAki = await make({ subject: 'CN=Wrong AKI', issuer: anchor, akiHex: '0102030405' });
    expect(chainReason(await verify(wrongAki, [anchor]))).toBe('"CN=Wrong AKI" is refused: no certificate named "CN=Exact CA" has the key its authority key identifier names');
    const otherName = await make({ subject: 'CN=Other Name', issuer: anchor, issuerName: 'CN=exact ca' });
    expect(chainReason(await verify(otherName, [anchor]))).toBe('"CN=Other Name" is refused: its issuer "CN=exact ca" is neither a trust anchor nor among the certificates offered');
  });

  it('an expired or not yet valid intermediate, or anchor, fails at the signing time', async () => {
    const anchor = await make({ subject: 'CN=Old Root', ca: true, from: new Date('2010-01-01T00:00:00Z'), to: new Date('2020-01-01T00:00:00Z') });
    const leaf = await make({ subject: 'CN=Signer Under Old Root', issuer: anchor });
    expect(chainReason(await verify(leaf, [anchor]))).toMatch(/^"CN=Old Root" is refused: it has expired at 2026-06-01T12:00:00.000Z/);
  });
});
