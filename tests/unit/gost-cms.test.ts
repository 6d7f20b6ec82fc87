/**
 * GOST R 34.10-2012 CAdES-BES detached SignedData (src/crypto/cms/gost.ts) against OpenSSL's gost
 * engine, for every bank parameter set OpenSSL has (256 and 512): OpenSSL's `cms -verify` accepts
 * our signatures (chain checked too: the self-signed certificate is the CAfile) and refuses them
 * tampered; we accept OpenSSL's `cms -sign` output and refuse it tampered; truncated SignedData is
 * refused in words. Without the engine it fails, saying to run scripts/setup-debian.sh.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GOST_ENV, gostEngineAvailable, NO_GOST_ENGINE, OPENSSL_GOST_SETS, opensslGost as openssl, opensslGostBytes as opensslBytes } from '../helpers/gost-openssl.ts';
import { GOST_CURVES, type GostCurve } from '../../src/crypto/gost/curves.ts';
import { GOST_OID, decodeGostSpki } from '../../src/crypto/gost/asn1.ts';
import { encodeSignature } from '../../src/crypto/gost/encoding.ts';
import { publicKeyOf, signDigest } from '../../src/crypto/gost/signature.ts';
import { certificateSpki, fromPem } from '../../src/crypto/x509/gost.ts';
import { signGostDetached, verifyGostDetached } from '../../src/crypto/cms/gost.ts';
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

/** Where the SignerInfo's signature OCTET STRING's content starts and ends (the last value of the last SignerInfo field). */
function signatureRange(cms: Uint8Array): { start: number; end: number } {
  // the signature is the SignedData's last bytes: ContentInfo → [0] → SignedData → signerInfos → SignerInfo → ..., OCTET STRING last
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

describe('GOST R 34.10-2012 CAdES-BES detached CMS and OpenSSL gost engine', () => {
  it('has the independent checker: OpenSSL with the gost engine', () => {
    expect(gostEngineAvailable, NO_GOST_ENGINE).toBe(true);
  });

  const dir = mkdtempSync(join(tmpdir(), 'gost-cms-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const data = join(dir, 'payment.json');
  writeFileSync(data, PAYMENT);

  let keyCounter = 0;
  /** An OpenSSL key (its d read back as our software key) and an OpenSSL self-signed certificate for it. */
  function keyAndCertificate(curve: GostCurve, algorithm: string, paramset: string) {
    const n = keyCounter++;
    const key = join(dir, `${curve.name}-${n}.key.pem`);
    const certFile = join(dir, `${curve.name}-${n}.cert.pem`);
    openssl(['genpkey', '-engine', 'gost', '-algorithm', algorithm, '-pkeyopt', `paramset:${paramset}`, '-out', key]);
    const text = openssl(['pkey', '-engine', 'gost', '-in', key, '-text', '-noout']);
    const m = /Private key:\s*([0-9A-F]+)/.exec(text.replace(/\n\s+/g, ''));
    if (!m?.[1]) throw new Error("no private key in openssl's output");
    openssl(['req', '-x509', '-new', '-engine', 'gost', '-key', key, '-subj', `/CN=Signer ${curve.name}/O=Bank Client test/C=RU`, '-days', '2', '-out', certFile]);
    const certificateDer = fromPem(openssl(['x509', '-in', certFile]), 'CERTIFICATE');
    return { key, certFile, certificateDer, d: BigInt(`0x${m[1]}`) };
  }

  /** `openssl cms -verify` of a detached DER SignedData: its verdict and what it said. */
  function opensslVerifies(cms: Uint8Array, content: string, certFile: string): { ok: boolean; said: string } {
    const file = join(dir, `verify-${Math.random().toString(36).slice(2)}.der`);
    writeFileSync(file, cms);
    const run = spawnSync(
      'openssl',
      ['cms', '-verify', '-engine', 'gost', '-binary', '-inform', 'DER', '-in', file, '-content', content, '-CAfile', certFile, '-purpose', 'any', '-out', '/dev/null'],
      { env: GOST_ENV, encoding: 'utf8' },
    );
    const said = `${run.stdout}${run.stderr}`;
    return { ok: run.status === 0 && /Verification successful/.test(said), said };
  }

  const sets = OPENSSL_GOST_SETS;

  describe.each(sets)('%s (%s paramset %s)', (name, algorithm, paramset) => {
    const curve = GOST_CURVES[name];
    const k = gostEngineAvailable ? keyAndCertificate(curve, algorithm, paramset) : undefined;
    const need = () => {
      expect(gostEngineAvailable, NO_GOST_ENGINE).toBe(true);
      return k!;
    };
    const sign = (digest: Uint8Array) => encodeSignature(curve, signDigest(curve, need().d, digest));

    it('the software key is the certificate’s key', () => {
      const c = need();
      expect(decodeGostSpki(certificateSpki(c.certificateDer)).Q).toEqual(publicKeyOf(curve, c.d));
    });

    it('OpenSSL cms -verify accepts our detached signature (chain to the self-signed CAfile included) and we do too', async () => {
      const c = need();
      const cms = await signGostDetached({ content: PAYMENT, certificateDer: c.certificateDer, curve, sign });
      const verdict = opensslVerifies(cms, data, c.certFile);
      expect(verdict.ok, verdict.said).toBe(true);
      const ours = verifyGostDetached(PAYMENT, cms);
      expect(ours).toMatchObject({ ok: true, problems: [], signingCertificateChecked: true });
      expect(verifyGostDetached(PAYMENT, cms, { certificateDer: c.certificateDer }).ok).toBe(true);
      // OpenSSL reads our structure back: the Streebog digest algorithm, signingCertificateV2
      const printed = openssl(['asn1parse', '-inform', 'DER', '-in', writeTemp(cms)]);
      expect(printed).toMatch(curve.bits === 256 ? /GOST R 34.11-2012 with 256 bit hash/ : /GOST R 34.11-2012 with 512 bit hash/);
      expect(printed).toMatch(/id-smime-aa-signingCertificateV2|signingCertificateV2/);
    });

    it('a changed content or signature is refused by OpenSSL and by us', async () => {
      const c = need();
      const cms = await signGostDetached({ content: PAYMENT, certificateDer: c.certificateDer, curve, sign });
      const changed = Buffer.from(PAYMENT.toString('utf8').replace('15000.00', '15000.01'), 'utf8');
      const changedFile = join(dir, `changed-${curve.name}.json`);
      writeFileSync(changedFile, changed);
      expect(opensslVerifies(cms, changedFile, c.certFile).ok).toBe(false);
      const r1 = verifyGostDetached(changed, cms);
      expect(r1.ok).toBe(false);
      expect(r1.problems.join('; ')).toMatch(/messageDigest/);

      const sig = signatureRange(cms);
      expect(sig.end - sig.start).toBe(2 * curve.size);
      for (const at of [sig.start, sig.end - 1]) {
        const bad = flipped(cms, at);
        expect(opensslVerifies(bad, data, c.certFile).ok).toBe(false);
        const r2 = verifyGostDetached(PAYMENT, bad);
        expect(r2.ok).toBe(false);
        expect(r2.problems.join('; ')).toMatch(/signature does not verify/);
      }
    });

    it('byte order: the signature OCTET STRING is s || r big-endian as the signer returns it; reversed or halves swapped, OpenSSL and we refuse it', async () => {
      const c = need();
      const cms = await signGostDetached({ content: PAYMENT, certificateDer: c.certificateDer, curve, sign });
      const { start, end } = signatureRange(cms);
      const raw = cms.subarray(start, end);
      const reversed = Buffer.concat([cms.subarray(0, start), Buffer.from(raw).reverse()]);
      const swapped = Buffer.concat([cms.subarray(0, start), raw.subarray(curve.size), raw.subarray(0, curve.size)]);
      for (const bad of [reversed, swapped]) {
        expect(opensslVerifies(bad, data, c.certFile).ok).toBe(false);
        expect(verifyGostDetached(PAYMENT, bad).ok).toBe(false);
      }
    });

    it('signingCertificateV2 catches another certificate for the same key (same issuer and serial); OpenSSL 3.0 cms -verify does not check it', async () => {
      const c = need();
      const [one, two] = [2, 3].map((days) => {
        const file = join(dir, `${curve.name}-same-key-${days}.pem`);
        openssl(['req', '-x509', '-new', '-engine', 'gost', '-key', c.key, '-subj', '/CN=Same key/C=RU', '-set_serial', '7', '-days', String(days), '-out', file]);
        return fromPem(openssl(['x509', '-in', file]), 'CERTIFICATE');
      }) as [Buffer, Buffer];
      expect(one.length).toBe(two.length);
      const cms = await signGostDetached({ content: PAYMENT, certificateDer: one, curve, sign });
      expect(verifyGostDetached(PAYMENT, cms).ok).toBe(true);
      const substituted = Buffer.from(cms.toString('hex').replace(one.toString('hex'), two.toString('hex')), 'hex');
      expect(substituted.equals(cms)).toBe(false);
      expect(verifyGostDetached(PAYMENT, substituted).problems).toEqual(['signingCertificateV2 names another certificate (its hash differs)']);
      expect(verifyGostDetached(PAYMENT, cms, { certificateDer: two }).problems).toEqual(['signingCertificateV2 names another certificate (its hash differs)']);
    });

    it('OpenSSL cms -sign output (detached) verifies with verifyGostDetached; tampered, it does not', () => {
      const c = need();
      const out = join(dir, `openssl-${curve.name}.der`);
      openssl(['cms', '-sign', '-engine', 'gost', '-binary', '-outform', 'DER', '-in', data, '-signer', c.certFile, '-inkey', c.key, '-md', curve.bits === 256 ? 'md_gost12_256' : 'md_gost12_512', '-out', out]);
      const cms = opensslBytes(['cms', '-cmsout', '-inform', 'DER', '-in', out, '-outform', 'DER']);
      const ours = verifyGostDetached(PAYMENT, cms);
      expect(ours.problems).toEqual([]);
      expect(ours.ok).toBe(true);
      expect(ours.signingCertificateChecked).toBe(false); // plain `cms -sign` writes no signingCertificateV2
      expect(verifyGostDetached(Buffer.concat([PAYMENT, Buffer.from(' ')]), cms).ok).toBe(false);
      const sig = signatureRange(cms);
      expect(sig.end - sig.start).toBe(2 * curve.size);
      // OpenSSL's signatureAlgorithm is the key algorithm OID with NULL parameters (we write signWithDigest): both are read
      const algorithmId = sequence(oid(curve.bits === 256 ? GOST_OID.key256 : GOST_OID.key512), derNull());
      const header = curve.size === 32 ? 2 : 3;
      expect(cms.subarray(sig.start - header - algorithmId.length, sig.start - header).toString('hex')).toBe(algorithmId.toString('hex'));
      expect(verifyGostDetached(PAYMENT, flipped(cms, sig.start)).ok).toBe(false);
      expect(verifyGostDetached(PAYMENT, flipped(cms, sig.end - 1)).ok).toBe(false);
    });

    it('refuses every truncation of our SignedData in words, without throwing', async () => {
      const c = need();
      const cms = await signGostDetached({ content: PAYMENT, certificateDer: c.certificateDer, curve, sign });
      const step = Math.max(1, Math.floor(cms.length / 97));
      for (let n = 0; n < cms.length; n += step) {
        const r = verifyGostDetached(PAYMENT, cms.subarray(0, n));
        expect(r.ok, `truncated to ${n} bytes`).toBe(false);
        expect(r.problems[0], `truncated to ${n} bytes`).toMatch(/^not a readable GOST SignedData: /);
      }
      expect(verifyGostDetached(PAYMENT, cms.subarray(0, cms.length - 1)).problems[0]).toMatch(/^not a readable GOST SignedData: /);
      expect(verifyGostDetached(PAYMENT, Buffer.concat([cms, Buffer.from([0])])).problems[0]).toMatch(/bytes after the ContentInfo/);
    });
  });

  let tempCounter = 0;
  function writeTemp(bytes: Uint8Array): string {
    const file = join(dir, `tmp-${tempCounter++}.der`);
    writeFileSync(file, bytes);
    return file;
  }

  it('refuses to sign with a certificate of another curve, or a signer that returns the wrong length', async () => {
    expect(gostEngineAvailable, NO_GOST_ENGINE).toBe(true);
    const curve = GOST_CURVES['cryptopro-b'];
    const k = keyAndCertificate(curve, 'gost2012_256', 'B');
    const other = GOST_CURVES['cryptopro-a'];
    await expect(signGostDetached({ content: PAYMENT, certificateDer: k.certificateDer, curve: other, sign: () => new Uint8Array(64) })).rejects.toThrow(/curve/);
    await expect(signGostDetached({ content: PAYMENT, certificateDer: k.certificateDer, curve, sign: () => new Uint8Array(63) })).rejects.toThrow(/63 bytes/);
  });

  it('signatureAlgorithm: we write signWithDigest-gost3410-12 (OpenSSL accepts it; it writes the key OID itself)', async () => {
    expect(gostEngineAvailable, NO_GOST_ENGINE).toBe(true);
    const curve = GOST_CURVES['tc26-256-a'];
    const k = keyAndCertificate(curve, 'gost2012_256', 'TCA');
    const cms = await signGostDetached({ content: PAYMENT, certificateDer: k.certificateDer, curve, sign: (dg) => encodeSignature(curve, signDigest(curve, k.d, dg)) });
    const text = openssl(['asn1parse', '-inform', 'DER', '-in', writeTemp(cms)]);
    expect(text).toMatch(/GOST R 34.10-2012 with GOST R 34.11-2012 \(256 bit\)/);
  });
});
