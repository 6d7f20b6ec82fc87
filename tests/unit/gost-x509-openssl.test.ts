/**
 * GOST R 34.10-2012 in X.509 (src/crypto/gost/asn1.ts, src/crypto/x509/gost.ts) against OpenSSL's
 * gost engine: our SubjectPublicKeyInfo equals OpenSSL's byte for byte; OpenSSL accepts our PKCS#10
 * requests (and refuses them tampered); we accept OpenSSL's requests and self-signed certificates
 * (and refuse them tampered). Without the engine it fails, saying to run scripts/setup-debian.sh.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GOST_ENV, gostEngineAvailable, NO_GOST_ENGINE, OPENSSL_GOST_SETS, opensslGost as openssl, opensslGostBytes as opensslBytes } from '../helpers/gost-openssl.ts';
import { GOST_CURVES, type GostCurve } from '../../src/crypto/gost/curves.ts';
import { GOST_OID, GostAsn1Error, decodeGostSpki, encodeGostSpki, isGostSpki } from '../../src/crypto/gost/asn1.ts';
import { encodeSignature } from '../../src/crypto/gost/encoding.ts';
import { publicKeyOf, randomScalar, signDigest } from '../../src/crypto/gost/signature.ts';
import { certificateSpki, createGostCsr, fromPem, isGostCsr, toPem, verifyGostCertificateSignature, verifyGostCsr, type GostSigner } from '../../src/crypto/x509/gost.ts';
import { nameToText } from '../../src/crypto/x509/subject.ts';


/**
 * `openssl req -verify`'s verdict. OpenSSL 3.0 exits 0 either way, so the verdict is its message:
 * "Certificate request self-signature verify OK" or "... verify failure".
 */
function opensslAcceptsRequest(file: string): boolean {
  const run = spawnSync('openssl', ['req', '-engine', 'gost', '-verify', '-in', file, '-noout'], { env: GOST_ENV, encoding: 'utf8' });
  const said = `${run.stdout}${run.stderr}`;
  return run.status === 0 && /self-signature verify OK/.test(said) && !/verify failure/.test(said);
}

const SETS = OPENSSL_GOST_SETS;

const SUBJECT = 'CN=Иванов Иван Иванович,T=Директор,O=ООО Ромашка,C=RU,1.2.643.100.4=7707083893';

/** A signer with the token's shape (digest in, s || r out), backed by a software key. */
const softwareSigner =
  (curve: GostCurve, d: bigint): GostSigner =>
  (digest) =>
    Promise.resolve(encodeSignature(curve, signDigest(curve, d, digest)));

/** The same bytes with one bit flipped at `at` (negative: from the end). */
function flipped(bytes: Uint8Array, at: number): Buffer {
  const out = Buffer.from(bytes);
  const i = at < 0 ? out.length + at : at;
  out[i] = out[i]! ^ 0x01;
  return out;
}

describe('GOST R 34.10-2012 in X.509 and OpenSSL gost engine', () => {
  it('has the independent checker: OpenSSL with the gost engine', () => {
    expect(gostEngineAvailable, NO_GOST_ENGINE).toBe(true);
  });

  it('OIDs are the ones OpenSSL names so', () => {
    const names: [string, RegExp][] = [
      [GOST_OID.key256, /GOST R 34.10-2012 with 256 bit modulus/],
      [GOST_OID.key512, /GOST R 34.10-2012 with 512 bit modulus/],
      [GOST_OID.signWithDigest256, /GOST R 34.10-2012 with GOST R 34.11-2012 \(256 bit\)/],
      [GOST_OID.signWithDigest512, /GOST R 34.10-2012 with GOST R 34.11-2012 \(512 bit\)/],
      [GOST_OID.digest256, /GOST R 34.11-2012 with 256 bit hash/],
      [GOST_OID.digest512, /GOST R 34.11-2012 with 512 bit hash/],
    ];
    for (const [oid, name] of names) expect(openssl(['asn1parse', '-genstr', `OBJECT:${oid}`])).toMatch(name);
  });

  const dir = mkdtempSync(join(tmpdir(), 'gost-x509-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function opensslKey(curve: GostCurve, algorithm: string, paramset: string) {
    const key = join(dir, `${curve.name}.pem`);
    openssl(['genpkey', '-engine', 'gost', '-algorithm', algorithm, '-pkeyopt', `paramset:${paramset}`, '-out', key]);
    const spki = opensslBytes(['pkey', '-engine', 'gost', '-in', key, '-pubout', '-outform', 'DER']);
    const text = openssl(['pkey', '-engine', 'gost', '-in', key, '-text', '-noout']);
    const m = /Private key:\s*([0-9A-F]+)/.exec(text.replace(/\n\s+/g, ''));
    if (!m?.[1]) throw new Error("no private key in openssl's output");
    return { key, spki, d: BigInt(`0x${m[1]}`) };
  }

  it.each(SETS)('%s: SubjectPublicKeyInfo equals OpenSSL’s byte for byte, and reads back', (name, algorithm, paramset) => {
    const curve = GOST_CURVES[name];
    const k = opensslKey(curve, algorithm, paramset);
    const Q = publicKeyOf(curve, k.d);
    expect(encodeGostSpki(curve, Q).toString('hex')).toBe(k.spki.toString('hex'));
    expect(isGostSpki(k.spki)).toBe(true);
    const read = decodeGostSpki(k.spki);
    expect(read.curve).toBe(curve);
    expect(read.paramsOid).toBe(curve.oid);
    expect(read.Q).toEqual(Q);
    // strict: a point off the curve, a byte too many, a byte cut off
    expect(() => decodeGostSpki(flipped(k.spki, -1))).toThrow(GostAsn1Error);
    expect(() => decodeGostSpki(Buffer.concat([k.spki, Buffer.from([0])]))).toThrow(GostAsn1Error);
    expect(() => decodeGostSpki(k.spki.subarray(0, k.spki.length - 1))).toThrow(GostAsn1Error);
  });

  it('refuses a SubjectPublicKeyInfo whose parts disagree', () => {
    const curve = GOST_CURVES['cryptopro-a'];
    const good = encodeGostSpki(curve, publicKeyOf(curve, 12345n));
    const hex = good.toString('hex');
    // key algorithm says 512 for a 256-bit curve
    expect(() => decodeGostSpki(Buffer.from(hex.replace('06082a85030701010101', '06082a85030701010102'), 'hex'))).toThrow(/256-bit curve/);
    // digestParamSet Streebog-512 for a 256-bit key
    expect(() => decodeGostSpki(Buffer.from(hex.replace('06082a85030701010202', '06082a85030701010203'), 'hex'))).toThrow(/not Streebog-256/);
    // a test curve's OID (1.2.643.2.2.35.0)
    expect(() => decodeGostSpki(Buffer.from(hex.replace('06072a850302022301', '06072a850302022300'), 'hex'))).toThrow(/unknown GOST parameter set/);
    // a long-form length where DER has the short one
    const longForm = Buffer.concat([Buffer.from([0x30, 0x81, good[1]!]), good.subarray(2)]);
    expect(() => decodeGostSpki(longForm)).toThrow(/not in DER/);
    // a non-GOST key
    const p256 = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200' + '04'.padEnd(130, '0'), 'hex');
    expect(isGostSpki(p256)).toBe(false);
    expect(() => decodeGostSpki(p256)).toThrow(/not GOST R 34.10-2012/);
    expect(() => encodeGostSpki(GOST_CURVES['test-256'], publicKeyOf(GOST_CURVES['test-256'], 5n))).toThrow(/test vectors/);
  });

  it.each(SETS)('%s: OpenSSL accepts our PKCS#10 request, signed through the signer callback, and refuses it tampered', async (name) => {
    const curve = GOST_CURVES[name];
    const d = randomScalar(curve);
    const Q = publicKeyOf(curve, d);
    const csr = await createGostCsr({ curve, publicKey: Q, subject: SUBJECT, sign: softwareSigner(curve, d) });
    const file = join(dir, `${name}.req.pem`);
    writeFileSync(file, csr.pem);
    expect(opensslAcceptsRequest(file)).toBe(true);
    const text = openssl(['req', '-engine', 'gost', '-in', file, '-noout', '-text']);
    expect(text).toMatch(/Digital Signature, Non Repudiation/);
    expect(text).toMatch(/Subject Key Identifier/);
    expect(text).toMatch(new RegExp(`GOST R 34.10-2012 with GOST R 34.11-2012 \\(${curve.bits} bit\\)`));

    // our own check agrees, and reads the subject back
    const ours = verifyGostCsr(csr.pem);
    expect(ours.valid).toBe(true);
    expect(ours.publicKey.Q).toEqual(Q);
    expect(nameToText(ours.subject)).toContain('7707083893');
    expect(isGostCsr(csr.pem)).toBe(true);

    // a bit flipped in the subject (inside CertificationRequestInfo): both refuse
    const at = csr.der.indexOf(Buffer.from('7707083893'));
    const tampered = flipped(csr.der, at + 9);
    const tamperedFile = join(dir, `${name}.req.bad.pem`);
    writeFileSync(tamperedFile, toPem('CERTIFICATE REQUEST', tampered));
    expect(opensslAcceptsRequest(tamperedFile)).toBe(false);
    expect(verifyGostCsr(tampered).valid).toBe(false);
    // a bit flipped in the signature
    expect(verifyGostCsr(flipped(csr.der, -1)).valid).toBe(false);
  });

  it.each(SETS)('%s: we accept OpenSSL’s request and self-signed certificate, and refuse them tampered', (name, algorithm, paramset) => {
    const curve = GOST_CURVES[name];
    const k = opensslKey(curve, algorithm, paramset);
    const reqFile = join(dir, `${name}.ossl.req.pem`);
    openssl(['req', '-new', '-engine', 'gost', '-key', k.key, '-subj', '/CN=OpenSSL GOST/O=Bank/C=RU', '-out', reqFile]);
    const req = readFileSync(reqFile, 'utf8');
    const read = verifyGostCsr(req);
    expect(read.valid).toBe(true);
    expect(Buffer.from(read.spki)).toEqual(k.spki);
    const der = fromPem(req, 'CERTIFICATE REQUEST');
    expect(verifyGostCsr(flipped(der, der.indexOf(Buffer.from('OpenSSL GOST')))).valid).toBe(false);

    const certFile = join(dir, `${name}.crt.pem`);
    openssl(['req', '-x509', '-new', '-engine', 'gost', '-key', k.key, '-subj', '/CN=GOST root/O=Bank/C=RU', '-days', '2', '-out', certFile]);
    const cert = fromPem(readFileSync(certFile, 'utf8'), 'CERTIFICATE');
    expect(Buffer.from(certificateSpki(cert))).toEqual(k.spki);
    expect(verifyGostCertificateSignature(cert, k.spki)).toBe(true);
    // tampered inside tbsCertificate: the subject's CN
    expect(verifyGostCertificateSignature(flipped(cert, cert.lastIndexOf(Buffer.from('GOST root'))), k.spki)).toBe(false);
    // tampered signature
    expect(verifyGostCertificateSignature(flipped(cert, -1), k.spki)).toBe(false);
    // another key of the same curve
    const other = encodeGostSpki(curve, publicKeyOf(curve, randomScalar(curve)));
    expect(verifyGostCertificateSignature(cert, other)).toBe(false);
  });

  it('refuses a certificate whose algorithm does not fit the issuer key', () => {
    const c256 = fromPem(readFileSync(join(dir, 'cryptopro-a.crt.pem'), 'utf8'), 'CERTIFICATE');
    const k512 = encodeGostSpki(GOST_CURVES['tc26-512-a'], publicKeyOf(GOST_CURVES['tc26-512-a'], 7n));
    expect(() => verifyGostCertificateSignature(c256, k512)).toThrow(/not signWithDigest-gost3410-12-512/);
    expect(() => verifyGostCertificateSignature(Buffer.from([0x30, 0x03, 0x02, 0x01]), k512)).toThrow(GostAsn1Error);
  });
});
