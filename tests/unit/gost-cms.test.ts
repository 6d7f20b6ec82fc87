/**
 * GOST R 34.10-2012 CAdES-BES detached CMS through the app's own signer and verifier (CmsSigner,
 * addSigner, verifyDetached: the same code that signs and checks RSA and ECDSA), judged by OpenSSL's
 * gost engine for every bank parameter set OpenSSL has (256 and 512). The chain is OpenSSL's: a
 * GOST CA (CryptoPro-A) issues each signer's certificate. OpenSSL's `cms -verify` accepts our
 * signatures and refuses them tampered; we accept OpenSSL's `cms -sign -cades` output and refuse it
 * tampered; truncated SignedData is refused in words. Without the engine it fails, saying to run
 * scripts/setup-debian.sh.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GOST_ENV, gostEngineAvailable, NO_GOST_ENGINE, OPENSSL_GOST_SETS, opensslGost as openssl, opensslGostBytes as opensslBytes } from '../helpers/gost-openssl.ts';
import { GOST_CURVES, type GostCurve } from '../../src/crypto/gost/curves.ts';
import { GOST_OID, decodeGostSpki } from '../../src/crypto/gost/asn1.ts';
import { publicKeyOf } from '../../src/crypto/gost/signature.ts';
import { certificateSpki, fromPem } from '../../src/crypto/x509/gost.ts';
import { certificateParts } from '../../src/crypto/x509/certificate.ts';
import { CmsSigner } from '../../src/crypto/cms/signer.ts';
import { softwareSource } from '../../src/crypto/cms/signature-source.ts';
import { addSigner } from '../../src/crypto/cms/add-signer.ts';
import { verifyDetached, type VerifyReport } from '../../src/crypto/cms/verify.ts';
import { derNull, oid, readTlv, sequence } from '../../src/crypto/der.ts';

const PAYMENT = Buffer.from(
  JSON.stringify({ kind: 'payment-order', number: '417', date: '2026-12-05', amount: '15000.00', currency: 'RUB', payee: { name: 'ООО Ромашка', inn: '7707083893', account: '40702810900000000001' }, purpose: 'Оплата по счёту №12, НДС не облагается' }),
  'utf8',
);

/** The same bytes with one bit flipped at `at` (negative: from the end). */
function flipped(bytes: Uint8Array, at: number): Buffer {
  const out = Buffer.from(bytes);
  const i = at < 0 ? out.length + at : at;
  out[i] = out[i]! ^ 0x01;
  return out;
}

/** Where the last SignerInfo's signature OCTET STRING's content is: the SignedData's last bytes. */
function signatureRange(cms: Uint8Array): { start: number; end: number } {
  let last = { start: 0, end: 0 };
  const walk = (at: number, end: number, depth: number): void => {
    for (let p = at; p < end; ) {
      const t = readTlv(cms, p);
      if (t.tag === 0x04 && t.end === cms.length) last = { start: t.start, end: t.end };
      if (t.tag & 0x20 && depth < 8) walk(t.start, t.end, depth + 1);
      p = t.end;
    }
  };
  walk(0, cms.length, 0);
  return last;
}

const codes = (r: VerifyReport): string[] => r.signers.flatMap((s) => s.problems.map((p) => p.code));

describe('GOST R 34.10-2012 CAdES-BES through CmsSigner and verifyDetached, judged by OpenSSL gost engine', () => {
  it('has the independent checker: OpenSSL with the gost engine', () => {
    expect(gostEngineAvailable, NO_GOST_ENGINE).toBe(true);
  });

  const dir = mkdtempSync(join(tmpdir(), 'gost-cms-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const data = join(dir, 'payment.json');
  writeFileSync(data, PAYMENT);
  const ext = join(dir, 'signer.ext');
  writeFileSync(ext, 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');

  /** A GOST CA by OpenSSL (CryptoPro-A), made once. */
  const ca = ((): { key: string; cert: string; der: Buffer } | undefined => {
    if (!gostEngineAvailable) return undefined;
    const key = join(dir, 'ca.key');
    const cert = join(dir, 'ca.pem');
    openssl(['genpkey', '-engine', 'gost', '-algorithm', 'gost2012_256', '-pkeyopt', 'paramset:A', '-out', key]);
    openssl(['req', '-x509', '-new', '-engine', 'gost', '-key', key, '-subj', '/CN=GOST test CA/O=Bank Client test/C=RU', '-days', '3', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', cert]);
    return { key, cert, der: fromPem(openssl(['x509', '-in', cert]), 'CERTIFICATE') };
  })();

  let keyCounter = 0;
  /** An OpenSSL key (its d read back as our software key) and a certificate for it from the GOST CA; `serial` fixes the serial. */
  function keyAndCertificate(curve: GostCurve, algorithm: string, paramset: string, serial?: number) {
    const n = keyCounter++;
    const key = join(dir, `${curve.name}-${n}.key.pem`);
    openssl(['genpkey', '-engine', 'gost', '-algorithm', algorithm, '-pkeyopt', `paramset:${paramset}`, '-out', key]);
    const text = openssl(['pkey', '-engine', 'gost', '-in', key, '-text', '-noout']);
    const m = /Private key:\s*([0-9A-F]+)/.exec(text.replace(/\n\s+/g, ''));
    if (!m?.[1]) throw new Error("no private key in openssl's output");
    return { key, d: BigInt(`0x${m[1]}`), ...issue(key, `Signer ${curve.name} ${n}`, serial) };
  }

  function issue(key: string, cn: string, serial = 1000 + keyCounter, days = 2): { certFile: string; certificateDer: Buffer } {
    const csr = join(dir, `${keyCounter}-${days}.csr`);
    const certFile = join(dir, `${keyCounter}-${days}-${Math.random().toString(36).slice(2)}.pem`);
    openssl(['req', '-new', '-engine', 'gost', '-key', key, '-subj', `/CN=${cn}/O=Bank Client test/C=RU`, '-out', csr]);
    openssl(['x509', '-req', '-engine', 'gost', '-in', csr, '-CA', ca!.cert, '-CAkey', ca!.key, '-set_serial', String(serial), '-days', String(days), '-extfile', ext, '-out', certFile]);
    return { certFile, certificateDer: fromPem(openssl(['x509', '-in', certFile]), 'CERTIFICATE') };
  }

  /** `openssl cms -verify` of a detached DER SignedData against the GOST CA: its verdict and what it said. */
  function opensslVerifies(cms: Uint8Array, content: string): { ok: boolean; said: string } {
    const file = writeTemp(cms);
    const run = spawnSync(
      'openssl',
      ['cms', '-verify', '-engine', 'gost', '-binary', '-inform', 'DER', '-in', file, '-content', content, '-CAfile', ca!.cert, '-purpose', 'any', '-out', '/dev/null'],
      { env: GOST_ENV, encoding: 'utf8' },
    );
    const said = `${run.stdout}${run.stderr}`;
    return { ok: run.status === 0 && /Verification successful/.test(said), said };
  }

  let tempCounter = 0;
  function writeTemp(bytes: Uint8Array): string {
    const file = join(dir, `tmp-${tempCounter++}.der`);
    writeFileSync(file, bytes);
    return file;
  }

  const verify = (content: Uint8Array, cms: Buffer): Promise<VerifyReport> => verifyDetached(content, cms, [ca!.der]);

  describe.each(OPENSSL_GOST_SETS)('%s (%s paramset %s)', (name, algorithm, paramset) => {
    const curve = GOST_CURVES[name];
    const k = gostEngineAvailable ? keyAndCertificate(curve, algorithm, paramset) : undefined;
    const need = () => {
      expect(gostEngineAvailable, NO_GOST_ENGINE).toBe(true);
      return k!;
    };
    const signer = (certificateDer = need().certificateDer, d = need().d) => new CmsSigner(softwareSource({ curve, d }), certificateParts(certificateDer));

    it('the software key is the certificate’s key', () => {
      const c = need();
      expect(decodeGostSpki(certificateSpki(c.certificateDer)).Q).toEqual(publicKeyOf(curve, c.d));
    });

    it('OpenSSL cms -verify accepts our detached signature (chain to the GOST CA) and verifyDetached passes every check', async () => {
      const cms = await signer().sign(PAYMENT);
      const verdict = opensslVerifies(cms, data);
      expect(verdict.ok, verdict.said).toBe(true);
      const ours = await verify(PAYMENT, cms);
      expect(codes(ours)).toEqual([]);
      expect(ours.ok).toBe(true);
      expect(ours.signers[0]!.checks).toEqual({ digest: true, signature: true, certificateBinding: true, chain: true, validAtSigningTime: true, keyUsage: true });
      const printed = openssl(['asn1parse', '-inform', 'DER', '-in', writeTemp(cms)]);
      expect(printed).toMatch(curve.bits === 256 ? /GOST R 34.11-2012 with 256 bit hash/ : /GOST R 34.11-2012 with 512 bit hash/);
      expect(printed).toMatch(curve.bits === 256 ? /GOST R 34.10-2012 with GOST R 34.11-2012 \(256 bit\)/ : /GOST R 34.10-2012 with GOST R 34.11-2012 \(512 bit\)/);
      expect(printed).toMatch(/id-smime-aa-signingCertificateV2/);
    });

    it('a changed content or signature is refused by OpenSSL and by us', async () => {
      const cms = await signer().sign(PAYMENT);
      const changed = Buffer.from(PAYMENT.toString('utf8').replace('15000.00', '15000.01'), 'utf8');
      const changedFile = join(dir, `changed-${curve.name}.json`);
      writeFileSync(changedFile, changed);
      expect(opensslVerifies(cms, changedFile).ok).toBe(false);
      expect(codes(await verify(changed, cms))).toEqual(['verify.digest']);

      const sig = signatureRange(cms);
      expect(sig.end - sig.start).toBe(2 * curve.size);
      for (const at of [sig.start, sig.end - 1]) {
        const bad = flipped(cms, at);
        expect(opensslVerifies(bad, data).ok).toBe(false);
        expect(codes(await verify(PAYMENT, bad))).toEqual(['verify.signature']);
      }
    });

    it('byte order: the signature is s || r big-endian as the token returns it; reversed or halves swapped, OpenSSL and we refuse it', async () => {
      const cms = await signer().sign(PAYMENT);
      const { start, end } = signatureRange(cms);
      const raw = cms.subarray(start, end);
      const reversed = Buffer.concat([cms.subarray(0, start), Buffer.from(raw).reverse()]);
      const swapped = Buffer.concat([cms.subarray(0, start), raw.subarray(curve.size), raw.subarray(0, curve.size)]);
      for (const bad of [reversed, swapped]) {
        expect(opensslVerifies(bad, data).ok).toBe(false);
        expect(codes(await verify(PAYMENT, bad))).toEqual(['verify.signature']);
      }
    });

    it('OpenSSL cms -sign -cades output verifies with verifyDetached (its ESSCertIDv2 uses the Streebog it signs with); tampered, it does not', async () => {
      const c = need();
      const out = join(dir, `openssl-${curve.name}.der`);
      openssl(['cms', '-sign', '-engine', 'gost', '-cades', '-binary', '-outform', 'DER', '-in', data, '-signer', c.certFile, '-inkey', c.key, '-md', curve.bits === 256 ? 'md_gost12_256' : 'md_gost12_512', '-out', out]);
      const cms = opensslBytes(['cms', '-cmsout', '-inform', 'DER', '-in', out, '-outform', 'DER']);
      const ours = await verify(PAYMENT, cms);
      expect(codes(ours)).toEqual([]);
      expect(ours.signers[0]!.checks.certificateBinding).toBe(true);
      expect(codes(await verify(Buffer.concat([PAYMENT, Buffer.from(' ')]), cms))).toEqual(['verify.digest']);
      const sig = signatureRange(cms);
      expect(sig.end - sig.start).toBe(2 * curve.size);
      // OpenSSL's signatureAlgorithm is the key algorithm OID with NULL parameters (we write signWithDigest): both are read
      const algorithmId = sequence(oid(curve.bits === 256 ? GOST_OID.key256 : GOST_OID.key512), derNull());
      const header = curve.size === 32 ? 2 : 3;
      expect(cms.subarray(sig.start - header - algorithmId.length, sig.start - header).toString('hex')).toBe(algorithmId.toString('hex'));
      expect(codes(await verify(PAYMENT, flipped(cms, sig.start)))).toEqual(['verify.signature']);
      expect(codes(await verify(PAYMENT, flipped(cms, sig.end - 1)))).toEqual(['verify.signature']);
    });

    it('refuses every truncation of our SignedData in words (cms.unreadable), never accepting one', async () => {
      const cms = await signer().sign(PAYMENT);
      const step = Math.max(1, Math.floor(cms.length / 61));
      for (let n = 0; n < cms.length; n += step) {
        const r = await verify(PAYMENT, cms.subarray(0, n)).then(
          (report) => (report.ok ? 'accepted' : 'refused'),
          (e: { code?: string }) => e.code,
        );
        expect(r, `truncated to ${n} bytes`).toMatch(/^(refused|cms\.unreadable|cms\.no-signers)$/);
      }
    });
  });

  it('signingCertificateV2 (Streebog) catches another certificate for the same key with the same issuer and serial; OpenSSL 3.0 cms -verify does not check it', async () => {
    expect(gostEngineAvailable, NO_GOST_ENGINE).toBe(true);
    const curve = GOST_CURVES['cryptopro-b'];
    const k = keyAndCertificate(curve, 'gost2012_256', 'B', 77);
    const two = issue(k.key, `Signer ${curve.name} ${keyCounter - 1}`, 77, 3).certificateDer;
    expect(two.length).toBe(k.certificateDer.length);
    expect(two.equals(k.certificateDer)).toBe(false);
    const cms = await new CmsSigner(softwareSource({ curve, d: k.d }), certificateParts(k.certificateDer)).sign(PAYMENT);
    expect((await verify(PAYMENT, cms)).ok).toBe(true);
    const substituted = Buffer.from(cms.toString('hex').replace(k.certificateDer.toString('hex'), two.toString('hex')), 'hex');
    expect(substituted.equals(cms)).toBe(false);
    expect(opensslVerifies(substituted, data).ok).toBe(true); // OpenSSL is fooled: the reason for the attribute
    expect(codes(await verify(PAYMENT, substituted))).toEqual(['verify.certificate-binding']);
  });

  it('a second GOST signer (512) joins a 256 signature with addSigner; OpenSSL verifies both signers; the same signer twice is refused', async () => {
    expect(gostEngineAvailable, NO_GOST_ENGINE).toBe(true);
    const a = keyAndCertificate(GOST_CURVES['cryptopro-a'], 'gost2012_256', 'A');
    const b = keyAndCertificate(GOST_CURVES['tc26-512-a'], 'gost2012_512', 'A');
    const first = new CmsSigner(softwareSource({ curve: GOST_CURVES['cryptopro-a'], d: a.d }), certificateParts(a.certificateDer));
    const second = new CmsSigner(softwareSource({ curve: GOST_CURVES['tc26-512-a'], d: b.d }), certificateParts(b.certificateDer));
    const one = await first.sign(PAYMENT);
    const both = await addSigner(one, PAYMENT, second);
    const verdict = opensslVerifies(both, data);
    expect(verdict.ok, verdict.said).toBe(true);
    const report = await verify(PAYMENT, both);
    expect(report.signers.map((s) => s.ok)).toEqual([true, true]);
    expect(report.ok).toBe(true);
    await expect(addSigner(both, PAYMENT, second)).rejects.toMatchObject({ code: 'cms.signer-exists' });
    await expect(addSigner(one, Buffer.concat([PAYMENT, Buffer.from('x')]), second)).rejects.toMatchObject({ code: 'cms.content-mismatch' });
  });

  it('refuses an ECDSA label on a GOST signature, and the 512 algorithm on a 256 key (never verified another way)', async () => {
    expect(gostEngineAvailable, NO_GOST_ENGINE).toBe(true);
    const curve = GOST_CURVES['tc26-256-a'];
    const k = keyAndCertificate(curve, 'gost2012_256', 'TCA');
    const cms = await new CmsSigner(softwareSource({ curve, d: k.d }), certificateParts(k.certificateDer)).sign(PAYMENT);
    /** The signer info's signature algorithm (the last occurrence: the certificates before it carry the OID too) relabelled. */
    const swapOid = (from: string, to: string): Buffer => {
      const hex = cms.toString('hex');
      const f = oid(from).toString('hex');
      const at = hex.lastIndexOf(f);
      expect(at).toBeGreaterThan(hex.indexOf(k.certificateDer.toString('hex')) + 2 * k.certificateDer.length);
      return Buffer.from(hex.slice(0, at) + oid(to).toString('hex') + hex.slice(at + f.length), 'hex');
    };
    // signWithDigest-256 relabelled ecdsa-with-SHA256 (same OID length): refused as the wrong key type, never verified with SHA-2
    const asEcdsa = swapOid(GOST_OID.signWithDigest256, '1.2.840.10045.4.3.2');
    expect(codes(await verify(PAYMENT, asEcdsa))).toEqual(['verify.signature']);
    // and relabelled with the key OID of the other length: a 512 algorithm on a 256 key
    expect(codes(await verify(PAYMENT, swapOid(GOST_OID.signWithDigest256, GOST_OID.signWithDigest512)))).toEqual(['verify.signature']);
  });
});
