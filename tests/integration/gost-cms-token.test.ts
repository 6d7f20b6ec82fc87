/**
 * GOST on the token, through the app's own code end to end at the crypto level: a key pair made on
 * the GOST SoftHSM, its PKCS#10 request signed on the token (createCsr, as enrolment makes it) and
 * checked by `openssl req -verify` with the gost engine, a certificate issued for it by an OpenSSL
 * GOST CA, then CAdES-BES signatures made by CmsSigner on the token, one at a time and as a batch
 * in the signing worker, a second signer added, each judged by `openssl cms -verify` and by our
 * verifyDetached. Real module and engine; without them this file fails with what to run.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CmsSigner } from '../../src/crypto/cms/signer.ts';
import { addSigner } from '../../src/crypto/cms/add-signer.ts';
import { verifyDetached, type VerifyReport } from '../../src/crypto/cms/verify.ts';
import { generateKey, listKeys, type TokenKey } from '../../src/crypto/pkcs11/index.ts';
import { keyAlgorithm } from '../../src/crypto/pkcs11/mechanisms.ts';
import { createCsr } from '../../src/crypto/x509/csr.ts';
import { certificateParts } from '../../src/crypto/x509/certificate.ts';
import { fromPem } from '../../src/crypto/x509/gost.ts';
import { importCertificates } from '../../src/crypto/x509/token-certificates.ts';
import * as x509 from '@peculiar/x509';
import { GOST_ENV, opensslGost as openssl } from '../helpers/gost-openssl.ts';
import { gostTokenForFile } from '../helpers/softhsm-gost.ts';

const { open, withSession } = gostTokenForFile('gost-cms-token', 'GostCms');

const PAYMENT = Buffer.from('{"kind":"payment-order","number":"12","amount":123456789,"payee":{"name":"ООО «Ромашка»","inn":"7707083893"}}', 'utf8');
const asCertificate = (der: Buffer): x509.X509Certificate => new x509.X509Certificate(new Uint8Array(der));
const codes = (r: VerifyReport): string[] => r.signers.flatMap((s) => s.problems.map((p) => p.code));

describe('GOST CAdES-BES on the GOST SoftHSM through CmsSigner, judged by OpenSSL', () => {
  const files: Record<string, string> = {};
  const certs: Record<string, Buffer> = {};
  let keys: Record<'director' | 'accountant', TokenKey>;

  const dir = (): string => open().hsm.dir;
  function opensslVerifies(cms: Buffer, content: string): { ok: boolean; said: string } {
    const file = join(dir(), `v-${Math.random().toString(36).slice(2)}.der`);
    writeFileSync(file, cms);
    const run = spawnSync('openssl', ['cms', '-verify', '-engine', 'gost', '-binary', '-inform', 'DER', '-in', file, '-content', content, '-CAfile', files.ca!, '-purpose', 'any', '-out', '/dev/null'], {
      env: GOST_ENV,
      encoding: 'utf8',
    });
    const said = `${run.stdout}${run.stderr}`;
    return { ok: run.status === 0 && /Verification successful/.test(said), said };
  }

  it('makes two GOST key pairs on the token; their requests (signed on the token) pass openssl req -verify; an OpenSSL GOST CA issues their certificates', async () => {
    const d = dir();
    files.ca = join(d, 'ca.pem');
    files.caKey = join(d, 'ca.key');
    files.ext = join(d, 'ext');
    files.data = join(d, 'payment.json');
    writeFileSync(files.data, PAYMENT);
    writeFileSync(files.ext, 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
    openssl(['genpkey', '-engine', 'gost', '-algorithm', 'gost2012_256', '-pkeyopt', 'paramset:A', '-out', files.caKey]);
    openssl(['req', '-x509', '-new', '-engine', 'gost', '-key', files.caKey, '-subj', '/CN=GOST CA/O=Bank/C=RU', '-days', '3', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', files.ca]);
    certs.ca = fromPem(openssl(['x509', '-in', files.ca]), 'CERTIFICATE');

    keys = await withSession(async (s) => ({
      director: await generateKey(s, keyAlgorithm('gost2012-256'), 'director'),
      accountant: await generateKey(s, 'gost2012-256:cryptopro-a', 'accountant'),
    }));
    for (const who of ['director', 'accountant'] as const) {
      const csr = await withSession(async (s) => {
        const key = (await listKeys(s)).find((k) => k.id === keys[who].id)!;
        return createCsr({ session: s, key, subject: `CN=Иванов ${who},T=Директор,O=ООО «Ромашка»,C=RU,1.2.643.100.4=7707083893,1.2.643.100.1=1027700132195` });
      });
      const csrFile = join(d, `${who}.csr`);
      writeFileSync(csrFile, csr.pem);
      const checked = spawnSync('openssl', ['req', '-engine', 'gost', '-in', csrFile, '-verify', '-noout', '-text'], { env: GOST_ENV, encoding: 'utf8' });
      expect(checked.status, checked.stderr).toBe(0);
      expect(`${checked.stdout}${checked.stderr}`).toMatch(/self-signature verify OK/);
      expect(checked.stdout).toMatch(/GOST R 34.10-2012 with 256 bit modulus/);
      expect(checked.stdout).toMatch(/INN = 7707083893|1\.2\.643\.100\.4 = 7707083893/);
      // the same request with one byte of its signature changed: OpenSSL refuses it
      const bad = Buffer.from(csr.der);
      bad[bad.length - 1]! ^= 1;
      writeFileSync(join(d, `${who}-bad.csr`), bad);
      // (OpenSSL 3.0's `req -verify` exits 0 either way: its words are the verdict)
      const refused = spawnSync('openssl', ['req', '-engine', 'gost', '-inform', 'DER', '-in', join(d, `${who}-bad.csr`), '-verify', '-noout'], { env: GOST_ENV, encoding: 'utf8' });
      expect(`${refused.stdout}${refused.stderr}`).toMatch(/self-signature verify failure/);
      expect(`${refused.stdout}${refused.stderr}`).not.toMatch(/verify OK/);
      const certFile = join(d, `${who}.pem`);
      openssl(['x509', '-req', '-engine', 'gost', '-in', csrFile, '-CA', files.ca, '-CAkey', files.caKey, '-set_serial', who === 'director' ? '11' : '12', '-days', '2', '-extfile', files.ext, '-out', certFile]);
      certs[who] = fromPem(openssl(['x509', '-in', certFile]), 'CERTIFICATE');
    }
  });

  it('installs the director\'s certificate with its GOST CA chain on the token (each link checked by our verifier, not WebCrypto); a chain whose CA did not sign it is refused in words', async () => {
    const other = join(dir(), 'other-ca');
    openssl(['genpkey', '-engine', 'gost', '-algorithm', 'gost2012_256', '-pkeyopt', 'paramset:A', '-out', `${other}.key`]);
    // the same name as the real CA, another key: a look-alike issuer
    openssl(['req', '-x509', '-new', '-engine', 'gost', '-key', `${other}.key`, '-subj', '/CN=GOST CA/O=Bank/C=RU', '-days', '3', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', `${other}.pem`]);
    const lookAlike = asCertificate(fromPem(openssl(['x509', '-in', `${other}.pem`]), 'CERTIFICATE'));
    await withSession(async (s) => {
      const cert = asCertificate(certs.director!);
      await expect(importCertificates(s, cert, [lookAlike])).rejects.toMatchObject({ code: 'cert.chain-invalid', message: expect.stringContaining('its key did not sign') });
      const imported = await importCertificates(s, cert, [asCertificate(certs.ca!)]);
      expect(imported.map((i) => [i.authority, i.alreadyPresent])).toEqual([
        [false, false],
        [true, false],
      ]);
    });
  });

  it('signs one payment on the token and adds the second signer: openssl cms -verify and verifyDetached accept both, and refuse changed content', async () => {
    const signed = await withSession(async (s) => {
      const all = await listKeys(s);
      const director = CmsSigner.onToken(s, all.find((k) => k.id === keys.director.id)!, certificateParts(certs.director!));
      const accountant = CmsSigner.onToken(s, all.find((k) => k.id === keys.accountant.id)!, certificateParts(certs.accountant!));
      expect([director.scheme, director.hash]).toEqual(['gost', 'STREEBOG-256']);
      return addSigner(await director.sign(PAYMENT), PAYMENT, accountant);
    });
    const verdict = opensslVerifies(signed, files.data!);
    expect(verdict.ok, verdict.said).toBe(true);
    const report = await verifyDetached(PAYMENT, signed, [certs.ca!]);
    expect(codes(report)).toEqual([]);
    expect(report.signers.map((s) => s.subject)).toEqual([expect.stringContaining('director'), expect.stringContaining('accountant')]);
    const changedFile = join(dir(), 'changed.json');
    const changed = Buffer.from(PAYMENT.toString().replace('123456789', '123456780'));
    writeFileSync(changedFile, changed);
    expect(opensslVerifies(signed, changedFile).ok).toBe(false);
    expect(codes(await verifyDetached(changed, signed, [certs.ca!]))).toEqual(['verify.digest', 'verify.digest']);
  });

  it('signs a batch of 40 payments in the signing worker (one login); every signature verifies with OpenSSL and with us', async () => {
    const contents = Array.from({ length: 40 }, (_, i) => Buffer.from(PAYMENT.toString().replace('"12"', `"${100 + i}"`)));
    const result = await withSession(async (s) => {
      const key = (await listKeys(s)).find((k) => k.id === keys.director.id)!;
      return CmsSigner.onToken(s, key, certificateParts(certs.director!)).signMany(contents, { chunkSize: 16 });
    });
    expect(result.error).toBeUndefined();
    expect(result.signed).toBe(40);
    for (const i of [0, 17, 39]) {
      const file = join(dir(), `batch-${i}.json`);
      writeFileSync(file, contents[i]!);
      const verdict = opensslVerifies(result.signatures[i]!, file);
      expect(verdict.ok, verdict.said).toBe(true);
    }
    const reports = await Promise.all(contents.map((c, i) => verifyDetached(c, result.signatures[i]!, [certs.ca!])));
    expect(reports.every((r) => r.ok)).toBe(true);
    // each signature belongs to its own document: a neighbour's does not verify
    expect((await verifyDetached(contents[1]!, result.signatures[0]!, [certs.ca!])).ok).toBe(false);
  });
});
