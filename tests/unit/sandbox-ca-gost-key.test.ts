/**
 * The sandbox bank's CA on a GOST R 34.10-2012 key (BankCa.open's `algorithm` option), judged by
 * OpenSSL's gost engine: the key files are PKCS#8 the engine reads, the CA certificate, the
 * certificates it issues (from GOST and from ECDSA requests) and its CRL verify with `openssl
 * verify` / `openssl crl` against the CA, and our own verifyGostCertificateSignature agrees,
 * tampered certificates included. A folder keeps its algorithm across restarts and refuses another.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { spawnSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeGostSpki, gostKeyIdentifier } from '../../src/crypto/gost/asn1.ts';
import { GOST_CURVES, type GostCurveName } from '../../src/crypto/gost/curves.ts';
import { decodeGostPrivateKey, encodeGostPrivateKey } from '../../src/crypto/gost/pkcs8.ts';
import { softwareSource } from '../../src/crypto/cms/signature-source.ts';
import { CmsSigner } from '../../src/crypto/cms/signer.ts';
import { verifyDetached } from '../../src/crypto/cms/verify.ts';
import { certificateParts, derOf } from '../../src/crypto/x509/certificate.ts';
import { fromPem, toPem, verifyGostCertificateSignature } from '../../src/crypto/x509/gost.ts';
import { certificatePublicKey, keyIdentifier } from '../../src/crypto/x509/issue.ts';
import { parseSubject, subjectToDer } from '../../src/crypto/x509/subject.ts';
import { BankCa, CaSetupError, caAlgorithm } from '../../src/sandbox/ca.ts';
import { BankClock } from '../../src/sandbox/clock.ts';
import { startSandbox } from '../../src/sandbox/server.ts';
import { type Db } from '../../src/sandbox/store.ts';
import { CA_COMPANY, CA_SUBJECT, caStore, softGostCsr } from '../helpers/sandbox-ca.ts';
import { GOST_ENV, NO_GOST_ENGINE, OPENSSL_GOST_SETS, gostEngineAvailable, opensslGost } from '../helpers/gost-openssl.ts';

const crypto = webcrypto as unknown as Crypto;
const COMPANY = CA_COMPANY;
const SUBJECT = CA_SUBJECT;
const work = mkdtempSync(join(tmpdir(), 'ca-gost-key-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let folders = 0;
function bankFolder(): { dir: string; db: Db } {
  const dir = join(work, `bank-${++folders}`);
  mkdirSync(dir);
  return { dir, db: caStore(dir) };
}

/**
 * `openssl crl` takes no -engine: a config that loads the gost engine for every command does it.
 * (ALL: the engine's digests and key methods become OpenSSL's defaults for GOST OIDs.)
 */
const GOST_CONF = join(work, 'openssl-gost.cnf');
writeFileSync(
  GOST_CONF,
  ['openssl_conf = openssl_init', '[openssl_init]', 'engines = engines', '[engines]', 'gost = gost', '[gost]', 'engine_id = gost', 'default_algorithms = ALL', ''].join('\n'),
);

/** openssl with the gost engine, exit status and all output (for the commands expected to fail too). */
function openssl(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8', env: { ...GOST_ENV, OPENSSL_CONF: GOST_CONF } });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

const gostCsr = async (name: GostCurveName): Promise<string> => (await softGostCsr(name)).pem;

async function ecdsaCsr(): Promise<string> {
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    { name: new x509.Name(new Uint8Array(subjectToDer(parseSubject(SUBJECT)))), keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } },
    crypto,
  );
  return csr.toString('pem');
}

const CASES = [
  { algorithm: 'gost2012-256', curve: 'cryptopro-a', text: 'GOST R 34.10-2012 with GOST R 34.11-2012 (256 bit)' },
  { algorithm: 'gost2012-512', curve: 'tc26-512-a', text: 'GOST R 34.10-2012 with GOST R 34.11-2012 (512 bit)' },
] as const;

describe('sandbox CA on a GOST key, judged by OpenSSL', () => {
  it('has the gost engine', () => expect(gostEngineAvailable, NO_GOST_ENGINE).toBe(true));

  describe.each(CASES)('$algorithm', ({ algorithm, curve, text }) => {
    const { dir, db } = bankFolder();
    let ca: BankCa;
    let caFile: string;

    it('makes a GOST CA whose key files the engine reads and whose self-signed certificate it verifies', async () => {
      ca = await BankCa.open(db, dir, new BankClock(db), 'Sandbox Bank', { algorithm });
      expect(ca.algorithm).toBe(`${algorithm}:${curve}`);
      caFile = join(dir, 'ca.pem');
      const caSpki = certificatePublicKey(ca.certificateDer);
      for (const name of ['ca', 'receipts']) {
        const keyFile = join(dir, `${name}.key`);
        expect(opensslGost(['pkey', '-engine', 'gost', '-in', keyFile, '-text', '-noout'])).toMatch(/Private key: [0-9A-F]+/);
        // the public key OpenSSL derives from our private key is the one in our certificate
        const pub = fromPem(opensslGost(['pkey', '-engine', 'gost', '-in', keyFile, '-pubout']), 'PUBLIC KEY');
        const cert = name === 'ca' ? ca.certificateDer : derOf(ca.receipts.cert);
        expect(Buffer.from(certificatePublicKey(cert)).equals(pub)).toBe(true);
      }
      expect(openssl(['verify', '-engine', 'gost', '-CAfile', caFile, caFile])).toMatchObject({ ok: true });
      expect(opensslGost(['x509', '-engine', 'gost', '-in', caFile, '-noout', '-text'])).toContain(`Signature Algorithm: ${text}`);
      expect(verifyGostCertificateSignature(ca.certificateDer, caSpki)).toBe(true);
      // the receipts certificate chains to the CA too
      expect(openssl(['verify', '-engine', 'gost', '-CAfile', caFile, file(`receipts-${curve}.pem`, ca.receipts.cert.toString('pem'))])).toMatchObject({ ok: true });
      expect(ca.receipts.signingKey).toMatchObject({ curve: GOST_CURVES[curve] });
    });

    it.each(['gost', 'ecdsa'] as const)('issues a certificate from a %s request that OpenSSL and we verify, and neither once tampered', async (kind) => {
      const pem = kind === 'gost' ? await gostCsr(curve) : await ecdsaCsr();
      // 30 years: notAfter after 2049 is a GeneralizedTime
      const cert = await ca.issue(await ca.checkCsr(pem, COMPANY), 'user-1', { days: 30 * 365 });
      const der = derOf(cert);
      const leaf = file(`leaf-${curve}-${kind}.pem`, toPem('CERTIFICATE', der));
      const check = openssl(['verify', '-engine', 'gost', '-CAfile', caFile, leaf]);
      expect(check).toMatchObject({ ok: true, out: expect.stringContaining(': OK') });
      expect(opensslGost(['x509', '-engine', 'gost', '-in', leaf, '-noout', '-text'])).toContain(`Signature Algorithm: ${text}`);
      expect(opensslGost(['x509', '-in', leaf, '-noout', '-enddate'])).toMatch(/notAfter=.* 20[5-9]\d GMT/);
      const caSpki = certificatePublicKey(ca.certificateDer);
      expect(verifyGostCertificateSignature(der, caSpki)).toBe(true);
      // the key identifiers: SKI by RFC 5280 method 1 (for a GOST key what gostKeyIdentifier gives), AKI the CA's
      const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId;
      expect(ski).toBe(keyIdentifier(new Uint8Array(cert.publicKey.rawData)).toString('hex'));
      if (kind === 'gost') expect(ski).toBe(gostKeyIdentifier(GOST_CURVES[curve], decodeGostSpki(new Uint8Array(cert.publicKey.rawData)).Q).toString('hex'));
      expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId).toBe(keyIdentifier(caSpki).toString('hex'));

      const tampered = Buffer.from(der);
      const at = tampered.indexOf(Buffer.from(COMPANY.inn));
      tampered[at] = tampered[at]! ^ 0x01;
      expect(openssl(['verify', '-engine', 'gost', '-CAfile', caFile, file(`tampered-${curve}-${kind}.pem`, toPem('CERTIFICATE', tampered))])).toMatchObject({
        ok: false,
        out: expect.stringContaining('certificate signature failure'),
      });
      expect(verifyGostCertificateSignature(tampered, caSpki)).toBe(false);
    });

    it('signs a CRL OpenSSL verifies, listing the revoked certificate', async () => {
      const cert = await ca.issue(await ca.checkCsr(await gostCsr(curve), COMPANY), 'user-1');
      expect(ca.revoke(cert.serialNumber, 'keyCompromise')).toBe(true);
      const crl = await ca.crl();
      const crlFile = file(`crl-${curve}.pem`, toPem('X509 CRL', Buffer.from(crl.rawData)));
      expect(openssl(['crl', '-in', crlFile, '-CAfile', caFile, '-noout']).out).toContain('verify OK');
      expect(opensslGost(['crl', '-in', crlFile, '-noout', '-text'])).toContain(`Serial Number: ${cert.serialNumber.toUpperCase()}`);
      // and OpenSSL uses it: the certificate is revoked
      const leaf = file(`revoked-${curve}.pem`, cert.toString('pem'));
      expect(openssl(['verify', '-engine', 'gost', '-crl_check', '-CRLfile', crlFile, '-CAfile', caFile, leaf]).out).toContain('certificate revoked');
      // a CRL with one byte of its TBS changed (in the revoked serial) is refused
      const der = Buffer.from(crl.rawData);
      const at = der.indexOf(Buffer.from(cert.serialNumber, 'hex'));
      der[at + 3] = der[at + 3]! ^ 0x01;
      expect(openssl(['crl', '-in', file(`crl-bad-${curve}.pem`, toPem('X509 CRL', der)), '-CAfile', caFile, '-noout']).out).toMatch(/^verify failure$/m);
    });

    it('signs receipts with the GOST receipts key: OpenSSL cms -verify and our verifier accept them under the CA, not once changed', async () => {
      // as src/sandbox/documents.ts builds its receipts signer
      const signer = new CmsSigner(softwareSource(ca.receipts.signingKey), certificateParts(derOf(ca.receipts.cert)));
      const payload = Buffer.from('{"cursor":1,"status":"executed"}');
      const cms = signer.signSync(payload, { signingTime: new Date() });
      const content = file(`receipt-${curve}.json`, payload);
      const check = (bytes: Buffer) =>
        openssl(['cms', '-verify', '-engine', 'gost', '-binary', '-inform', 'DER', '-in', file(`receipt-${curve}.p7s`, bytes), '-content', content, '-CAfile', caFile, '-purpose', 'any', '-out', '/dev/null']);
      expect(check(cms).out).toContain('Verification successful');
      expect((await verifyDetached(payload, cms, [ca.certificateDer])).ok).toBe(true);
      const changed = Buffer.from(payload);
      changed[2] = changed[2]! ^ 0x01;
      expect((await verifyDetached(changed, cms, [ca.certificateDer])).ok).toBe(false);
      const bad = Buffer.from(cms);
      bad[bad.length - 5] = bad[bad.length - 5]! ^ 0x01; // inside the signature value, the last field
      expect(check(bad)).toMatchObject({ ok: false });
      expect((await verifyDetached(payload, bad, [ca.certificateDer])).ok).toBe(false);
    });

    it('reopens the folder with the same CA, and refuses to open it as another algorithm without touching the files', async () => {
      const names = ['ca.key', 'ca.pem', 'receipts.key', 'receipts.pem'];
      const before = names.map((n) => readFileSync(join(dir, n)));
      const again = await BankCa.open(db, dir, new BankClock(db), 'Sandbox Bank');
      expect(again.algorithm).toBe(`${algorithm}:${curve}`);
      expect(again.certificateDer.equals(ca.certificateDer)).toBe(true);
      expect((await BankCa.open(db, dir, new BankClock(db), 'Sandbox Bank', { algorithm })).certificateDer.equals(ca.certificateDer)).toBe(true);
      const other = algorithm === 'gost2012-256' ? 'gost2012-512' : 'gost2012-256:cryptopro-b';
      for (const wrong of ['ec-p256', other]) {
        const refused = BankCa.open(db, dir, new BankClock(db), 'Sandbox Bank', { algorithm: wrong });
        await expect(refused).rejects.toBeInstanceOf(CaSetupError);
        await expect(refused).rejects.toThrow(new RegExp(`holds a ${algorithm}:${curve} key .*ca\\.key.* CA algorithm ${caAlgorithm(wrong)}`));
      }
      names.forEach((n, i) => expect(readFileSync(join(dir, n)).equals(before[i]!), n).toBe(true));
    });
  });

  it('keeps ECDSA P-256 as the default, and an ECDSA folder refuses to become GOST', async () => {
    const { dir, db } = bankFolder();
    const ca = await BankCa.open(db, dir, new BankClock(db), 'Sandbox Bank');
    expect(ca.algorithm).toBe('ec-p256');
    expect(ca.certificate.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
    const key = readFileSync(join(dir, 'ca.key'));
    expect((await BankCa.open(db, dir, new BankClock(db), 'Sandbox Bank')).certificateDer.equals(ca.certificateDer)).toBe(true);
    await expect(BankCa.open(db, dir, new BankClock(db), 'Sandbox Bank', { algorithm: 'gost2012-256' })).rejects.toThrow(/holds a ec-p256 key .* gost2012-256:cryptopro-a/);
    expect(readFileSync(join(dir, 'ca.key')).equals(key)).toBe(true);
  });

  it('starts the sandbox bank with a GOST CA (caAlgorithm) and serves its certificate and CRL', async () => {
    const dataDir = join(work, 'sandbox');
    const bank = await startSandbox({ dataDir, caAlgorithm: 'gost2012-256:tc26-256-a' });
    try {
      expect(bank.ca.algorithm).toBe('gost2012-256:tc26-256-a');
      const caFile = file('sandbox-ca.pem', await (await fetch(`${bank.url}/v1/ca/certificate`)).text());
      expect(openssl(['verify', '-engine', 'gost', '-CAfile', caFile, caFile])).toMatchObject({ ok: true });
      const crl = file('sandbox-crl.der', Buffer.from(await (await fetch(`${bank.url}/v1/ca/crl`)).arrayBuffer()));
      expect(openssl(['crl', '-inform', 'DER', '-in', crl, '-CAfile', caFile, '-noout']).out).toContain('verify OK');
    } finally {
      await bank.close();
    }
  });

  it('names the allowed algorithms for an unknown one', () => {
    expect(() => caAlgorithm('gost2012-256:tc26-512-a')).toThrow(/unknown CA algorithm "gost2012-256:tc26-512-a": use ec-p256, gost2012-256\[:cryptopro-a\|/);
    expect(caAlgorithm('GOST2012-512')).toBe('gost2012-512:tc26-512-a');
  });

  it.each(['cryptopro-a', 'tc26-256-a', 'tc26-512-a'] as const)('%s: reads the PKCS#8 OpenSSL writes, and writes what OpenSSL reads back as the same key', (name) => {
    const curve = GOST_CURVES[name];
    const [, alg, set] = OPENSSL_GOST_SETS.find(([n]) => n === name)!;
    const theirs = opensslGost(['genpkey', '-engine', 'gost', '-algorithm', alg, '-pkeyopt', `paramset:${set}`]);
    const key = decodeGostPrivateKey(theirs);
    expect(key.curve).toBe(curve);
    // byte for byte what OpenSSL wrote: same parameters form, same little-endian d
    expect(encodeGostPrivateKey(key).equals(fromPem(theirs, 'PRIVATE KEY'))).toBe(true);
    const printed = /Private key: ([0-9A-F]+)/.exec(opensslGost(['pkey', '-engine', 'gost', '-in', file(`k-${name}.pem`, theirs), '-text', '-noout']))?.[1];
    expect(BigInt(`0x${printed}`)).toBe(key.d);
    // wrong length refused in words
    const short = encodeGostPrivateKey(key);
    short[short.length - curve.size - 1] = curve.size - 1;
    expect(() => decodeGostPrivateKey(Buffer.concat([short.subarray(0, 1), Buffer.from([short[1]! - 1]), short.subarray(2, short.length - 1)]))).toThrow(new RegExp(`GOST ${curve.bits} private key is ${curve.size} bytes, not ${curve.size - 1}`));
  });
});
