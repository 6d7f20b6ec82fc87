import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pkcs11Module, TokenSession, findKey, generateKey, listCertificateObjects, type TokenKey } from '../../src/crypto/pkcs11/index.ts';
import { createCsr } from '../../src/crypto/x509/csr.ts';
import { certificateParts, derOf, readCertificates } from '../../src/crypto/x509/certificate.ts';
import { importCertificates } from '../../src/crypto/x509/token-certificates.ts';
import { CmsSigner } from '../../src/crypto/cms/signer.ts';
import { softwareSource } from '../../src/crypto/cms/signature-source.ts';
import { createPrivateKey } from 'node:crypto';
import { signWithPkijs } from '../../src/crypto/cms/reference-signer.ts';
import { addSigner } from '../../src/crypto/cms/add-signer.ts';
import { verifyDetached } from '../../src/crypto/cms/verify.ts';
import { LocalizedError } from '../../src/shared/i18n/index.ts';
import { SoftHsm, SOFTHSM_MODULE, type TestToken } from '../helpers/softhsm.ts';
import { TestCa, openssl, opensslStatus } from '../helpers/openssl.ts';

const SUBJECT = 'CN=Иванов Иван Иванович,T=Генеральный директор,OU=Руководство,O=ООО "Ромашка",L=Москва,ST=77 г. Москва,C=RU,E=director@romashka.example,1.2.643.100.4=7707083893,OGRN=1027700132195,SNILS=11223344595';

let hsm: SoftHsm;
let token: TestToken;
let session: TokenSession;
let ca: TestCa;
const keys: Record<string, TokenKey> = {};
const certs: Record<string, string> = {};

async function certificateFor(alg: 'rsa-2048' | 'ec-p256', label: string): Promise<void> {
  keys[label] = await generateKey(session, alg, label);
  const csr = await createCsr({ session, key: keys[label]!, subject: SUBJECT.replace('Иванов', `${label} Иванов`) });
  const csrPath = join(hsm.dir, `${label}.csr`);
  writeFileSync(csrPath, csr.pem);
  certs[label] = ca.issue(csrPath, join(hsm.dir, `${label}.pem`));
}

beforeAll(async () => {
  hsm = new SoftHsm('cms');
  token = hsm.initTestToken('Signer');
  ca = new TestCa(hsm.dir);
  const mod = Pkcs11Module.open(SOFTHSM_MODULE);
  session = new TokenSession(mod, mod.findToken(token.serial));
  await session.login(token.pin);
  await certificateFor('rsa-2048', 'rsa');
  await certificateFor('ec-p256', 'ec');
  await certificateFor('ec-p256', 'ec2');
});

afterAll(() => {
  session?.close();
  hsm?.cleanup();
});

describe('certificate requests', () => {
  it.each(['rsa', 'ec'])('a %s CSR made on the token passes openssl req -verify and carries the subject and key usage', (label) => {
    const csrPath = join(hsm.dir, `${label}.csr`);
    const { status, out } = opensslStatus(['req', '-in', csrPath, '-noout', '-verify', '-text', '-nameopt', 'utf8,sep_comma_plus']);
    expect(out).toMatch(/Certificate request self-signature verify OK/);
    expect(status).toBe(0);
    expect(out).toContain(`CN=${label} Иванов Иван Иванович`);
    expect(out).toContain('1.2.643.100.4=7707083893');
    expect(out).toContain('OGRN=1027700132195'); // OpenSSL knows OGRN and SNILS by name
    expect(out).toContain('SNILS=11223344595');
    expect(out).toContain('title=Генеральный директор');
    expect(out).toMatch(/Digital Signature, Non Repudiation/);
    // Russian identifiers are NumericStrings, as the tax service's profile requires
    const asn = openssl(['asn1parse', '-in', csrPath]);
    expect(asn).toMatch(/1\.2\.643\.100\.4\s*\n.*NUMERICSTRING\s*:7707083893/);
  });

  it('refuses a subject with a wrong INN check digit, naming the attribute', async () => {
    await expect(createCsr({ session, key: keys.ec!, subject: 'CN=X,1.2.643.100.4=7701325469' })).rejects.toThrow(/1\.2\.643\.100\.4.*7701325469/);
  });
});

describe('certificates on the token', () => {
  it('imports an issued certificate with its CA, paired to the key by CKA_ID, as pkcs11-tool sees it', async () => {
    const cert = readCertificates(readFileSync(certs.ec!), certs.ec!)[0]!;
    const chain = readCertificates(readFileSync(ca.cert), ca.cert);
    const result = await importCertificates(session, cert, chain);
    expect(result).toEqual([
      expect.objectContaining({ id: keys.ec!.id, authority: false, alreadyPresent: false }),
      expect.objectContaining({ authority: true, alreadyPresent: false }),
    ]);
    await importCertificates(session, readCertificates(readFileSync(certs.rsa!), 'rsa')[0]!);
    await importCertificates(session, readCertificates(readFileSync(certs.ec2!), 'ec2')[0]!);
    const listing = hsm.pkcs11Tool(['--list-objects', '--login', '--pin', token.pin, '--token-label', 'Signer']);
    const blocks = listing.split(/\n(?=\S)/);
    const privateEc = blocks.find((b) => b.startsWith('Private Key Object') && b.includes('label:      ec\n'))!;
    expect(privateEc).toMatch(/Access:\s+sensitive, always sensitive, never extractable/);
    expect(privateEc).toContain(`ID:         ${keys.ec!.id}`);
    const certEc = blocks.find((b) => b.startsWith('Certificate Object') && b.includes(`ID:         ${keys.ec!.id}`));
    expect(certEc).toBeDefined();
    // pkcs11-tool reads the certificate's value back as the same DER
    hsm.pkcs11Tool(['--read-object', '--type', 'cert', '--id', keys.ec!.id, '--token-label', 'Signer', '-o', join(hsm.dir, 'back.der')]);
    expect(readFileSync(join(hsm.dir, 'back.der')).equals(derOf(cert))).toBe(true);
  });

  it('refuses a certificate for a key that is not on the token, and writes nothing', async () => {
    const otherKey = join(hsm.dir, 'other.key');
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', otherKey]);
    openssl(['req', '-new', '-key', otherKey, '-subj', '/CN=Stranger', '-out', join(hsm.dir, 'other.csr')]);
    const strangerPath = ca.issue(join(hsm.dir, 'other.csr'), join(hsm.dir, 'other.pem'));
    const before = (await listCertificateObjects(session)).length;
    const stranger = readCertificates(readFileSync(strangerPath), strangerPath)[0]!;
    await expect(importCertificates(session, stranger)).rejects.toMatchObject({ code: 'cert.no-matching-key' });
    expect((await listCertificateObjects(session)).length).toBe(before);
  });

  it('refuses a malformed certificate file with the file name and the reason', () => {
    const pem = readFileSync(certs.ec!, 'utf8');
    const damaged = pem.replace(/(\n[A-Za-z0-9+/]{20})[A-Za-z0-9+/]{8}/, '$1AAAAAAAA');
    expect(() => readCertificates(Buffer.from(damaged), 'damaged.pem')).toThrow(/damaged\.pem: not a certificate/);
    expect(() => readCertificates(Buffer.from('hello'), 'hello.txt')).toThrow(LocalizedError);
  });
});

describe('detached CMS signatures', () => {
  const content = Buffer.from('Платёжное поручение № 17 от 25.11.2026 на сумму 1 234 567,89 руб.', 'utf8');
  let contentPath: string;
  beforeAll(() => {
    contentPath = join(hsm.dir, 'document.bin');
    writeFileSync(contentPath, content);
  });

  const certDer = (label: string): Buffer => derOf(readCertificates(readFileSync(certs[label]!), label)[0]!);
  const signerFor = (label: string, pss = false): CmsSigner => CmsSigner.onToken(session, keys[label]!, certificateParts(certDer(label)), { pss });

  function opensslVerifies(sigPath: string): { status: number; out: string } {
    return opensslStatus(['cms', '-verify', '-binary', '-content', contentPath, '-inform', 'DER', '-in', sigPath, '-CAfile', ca.cert, '-out', '/dev/null']);
  }

  it.each([
    ['rsa', false],
    ['rsa', true],
    ['ec', false],
  ] as const)('%s (pss=%s): OpenSSL verifies the signature, and so do we', async (label, pss) => {
    const sig = await signerFor(label, pss).sign(content);
    const sigPath = join(hsm.dir, `${label}-${pss}.p7s`);
    writeFileSync(sigPath, sig);
    const r = opensslVerifies(sigPath);
    expect(r.out).toContain('Verification successful');
    expect(r.status).toBe(0);
    const ours = await verifyDetached(content, sig, [derOf(readCertificates(readFileSync(ca.cert), 'ca')[0]!)]);
    expect(ours.ok).toBe(true);
    expect(ours.signers[0]!.checks).toEqual({ digest: true, signature: true, certificateBinding: true, chain: true, validAtSigningTime: true, keyUsage: true });
    // CAdES-BES signed attributes as OpenSSL reads them
    const printed = openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', sigPath]);
    for (const attr of ['contentType', 'messageDigest', 'signingTime', 'id-smime-aa-signingCertificateV2']) expect(printed).toContain(attr);
  });

  it('the fast signer builds the same bytes as pkijs (RSA PKCS#1 v1.5 is deterministic)', async () => {
    const signingTime = new Date('2026-11-25T10:00:00Z');
    const fast = await signerFor('rsa').sign(content, { signingTime });
    const reference = await signWithPkijs(session, keys.rsa!, certDer('rsa'), content, { signingTime });
    expect(fast.toString('hex')).toBe(reference.toString('hex'));
  });

  it('adds a second signer to an existing signature; OpenSSL and we verify both', async () => {
    const first = await signerFor('ec').sign(content);
    const both = await addSigner(first, content, signerFor('ec2'));
    const path = join(hsm.dir, 'two.p7s');
    writeFileSync(path, both);
    expect(opensslVerifies(path).status).toBe(0);
    const report = await verifyDetached(content, both, [derOf(readCertificates(readFileSync(ca.cert), 'ca')[0]!)]);
    expect(report.signers).toHaveLength(2);
    expect(report.signers.map((s) => s.ok)).toEqual([true, true]);
    expect(report.signers[1]!.subject).toContain('ec2 Иванов');
    await expect(addSigner(both, content, signerFor('ec2'))).rejects.toMatchObject({ code: 'cms.signer-exists' });
    await expect(addSigner(first, Buffer.from('other content'), signerFor('rsa'))).rejects.toMatchObject({ code: 'cms.content-mismatch' });
  });

  function opensslSigner(name: string, issue: (csr: string, out: string) => string): { key: string; cert: string } {
    const key = join(hsm.dir, `${name}.key`);
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]);
    openssl(['req', '-new', '-key', key, '-subj', `/CN=${name}`, '-out', join(hsm.dir, `${name}.csr`)]);
    return { key, cert: issue(join(hsm.dir, `${name}.csr`), join(hsm.dir, `${name}.pem`)) };
  }

  function opensslSign(signer: { key: string; cert: string }, extra: string[]): Buffer {
    const sigPath = join(hsm.dir, 'ossl.p7s');
    openssl(['cms', '-sign', '-binary', '-in', contentPath, '-signer', signer.cert, '-inkey', signer.key, '-outform', 'DER', '-out', sigPath, '-md', 'sha256', ...extra]);
    return readFileSync(sigPath);
  }

  it('verifies a CAdES-BES signature OpenSSL made, and refuses OpenSSL signatures that are not CAdES-BES', async () => {
    const signer = opensslSigner('OpenSSL Signer', (csr, out) => ca.issue(csr, out));
    const anchors = [derOf(readCertificates(readFileSync(ca.cert), 'ca')[0]!)];
    const cades = opensslSign(signer, ['-cades']);
    const report = await verifyDetached(content, cades, anchors);
    expect(report.ok).toBe(true);
    expect(report.signers[0]!.subject).toBe('CN=OpenSSL Signer');
    // OpenSSL's streaming output is BER with indefinite lengths: read through pkijs, same result
    const streamed = opensslSign(signer, ['-cades', '-stream']);
    expect(streamed.includes(Buffer.from([0x30, 0x80]))).toBe(true);
    expect((await verifyDetached(content, streamed, anchors)).ok).toBe(true);
    const tampered = await verifyDetached(Buffer.from('other content'), cades, anchors);
    expect(tampered.ok).toBe(false);
    expect(tampered.signers[0]!.problems.map((p) => p.code)).toContain('verify.digest');

    const plain = await verifyDetached(content, opensslSign(signer, []), anchors);
    expect(plain.ok).toBe(false);
    expect(plain.signers[0]!.problems.map((p) => p.code)).toEqual(['verify.no-signing-certificate']);
    const noAttributes = await verifyDetached(content, opensslSign(signer, ['-noattr']), anchors);
    expect(noAttributes.ok).toBe(false);
    expect(noAttributes.signers[0]!.problems.map((p) => p.code)).toContain('verify.no-signed-attributes');
    // nor can anyone join a signature that does not show what it covers
    await expect(addSigner(opensslSign(signer, ['-noattr']), Buffer.from('other content'), signerFor('ec'))).rejects.toMatchObject({ code: 'cms.content-mismatch' });
    const noCertificate = await verifyDetached(content, opensslSign(signer, ['-cades', '-nocerts']), anchors);
    expect(noCertificate.ok).toBe(false);
    expect(noCertificate.signers[0]!.problems.map((p) => p.code)).toContain('verify.no-certificate');
  });

  it('does not let a certificate the CA never issued pass, whatever else the signature carries', async () => {
    const anchors = [derOf(readCertificates(readFileSync(ca.cert), 'ca')[0]!)];
    // a self-signed "director" with a genuine CA-issued certificate packed alongside
    const selfKey = join(hsm.dir, 'self.key');
    const selfCert = join(hsm.dir, 'self.pem');
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', selfKey, '-out', selfCert, '-subj', '/CN=Director of Other Company', '-days', '30']);
    const selfSigned = opensslSign({ key: selfKey, cert: selfCert }, ['-cades', '-certfile', certs.ec!]);
    const r1 = await verifyDetached(content, selfSigned, anchors);
    expect(r1.ok).toBe(false);
    expect(r1.signers[0]!.checks.chain).toBe(false);
    expect(r1.signers[0]!.checks.signature).toBe(true);

    // a certificate issued by an end-entity certificate (not a CA)
    const ee = opensslSigner('End Entity', (csr, out) => ca.issue(csr, out));
    const fake = opensslSigner('Issued By End Entity', (csr, out) => {
      openssl(['x509', '-req', '-in', csr, '-CA', ee.cert, '-CAkey', ee.key, '-out', out, '-days', '30', '-set_serial', '77']);
      return out;
    });
    const r2 = await verifyDetached(content, opensslSign(fake, ['-cades', '-certfile', ee.cert]), anchors);
    expect(r2.ok).toBe(false);
    expect(r2.signers[0]!.checks.chain).toBe(false);
    expect(opensslStatus(['verify', '-CAfile', ca.cert, '-untrusted', ee.cert, fake.cert]).status).not.toBe(0); // OpenSSL agrees
  });

  it('reports a signature over other content, an untrusted chain and a corrupted file', async () => {
    const sig = await signerFor('ec').sign(content);
    const anchors = [derOf(readCertificates(readFileSync(ca.cert), 'ca')[0]!)];
    const other = await verifyDetached(Buffer.from('Платёжное поручение № 18'), sig, anchors);
    expect(other.ok).toBe(false);
    expect(other.signers[0]!.checks.digest).toBe(false);
    mkdirSync(join(hsm.dir, 'other-ca'));
    const otherCa = new TestCa(join(hsm.dir, 'other-ca'), 'Other CA');
    const untrusted = await verifyDetached(content, sig, [derOf(readCertificates(readFileSync(otherCa.cert), 'other')[0]!)]);
    expect(untrusted.ok).toBe(false);
    expect(untrusted.signers[0]!.checks).toMatchObject({ digest: true, signature: true, chain: false });
    await expect(verifyDetached(content, sig.subarray(0, 200), anchors, 'broken.p7s')).rejects.toThrow(/broken\.p7s: not a CMS SignedData/);
    const flipped = Buffer.from(sig);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 5) ^ 0x01, flipped.length - 5); // inside the signature value
    const bad = await verifyDetached(content, flipped, anchors);
    expect(bad.ok).toBe(false);
    expect(bad.signers[0]!.checks.signature).toBe(false);
  });

  it('reports a certificate not valid at signing time, and one whose key usage forbids signing', async () => {
    const anchors = [derOf(readCertificates(readFileSync(ca.cert), 'ca')[0]!)];
    const early = await signerFor('ec').sign(content, { signingTime: new Date('2020-01-01T00:00:00Z') });
    const r1 = await verifyDetached(content, early, anchors);
    expect(r1.ok).toBe(false);
    expect(r1.signers[0]!.checks).toMatchObject({ digest: true, signature: true, validAtSigningTime: false });
    expect(r1.signers[0]!.problems.map((p) => p.message).join('\n')).toMatch(/not valid at signing time 01\.01\.2020 00:00 \(UTC\+00:00\) \(valid \d\d\.\d\d\.20\d\d to /);

    const encipherOnly = ca.issue(join(hsm.dir, 'ec.csr'), join(hsm.dir, 'ec-encipher.pem'), { keyUsage: 'keyEncipherment' });
    const wrongUsage = CmsSigner.onToken(session, keys.ec!, certificateParts(derOf(readCertificates(readFileSync(encipherOnly), 'enc')[0]!)));
    const r2 = await verifyDetached(content, await wrongUsage.sign(content), anchors);
    expect(r2.ok).toBe(false);
    expect(r2.signers[0]!.checks).toMatchObject({ signature: true, chain: true, keyUsage: false });
    expect(r2.signers[0]!.problems.map((p) => p.code)).toEqual(['verify.key-usage']);
  });

  it('signs with a software key too (the bank\'s receipts), one by one and in a batch; OpenSSL verifies', async () => {
    const key = join(hsm.dir, 'bank-receipts.key');
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]);
    openssl(['req', '-new', '-key', key, '-subj', '/CN=Bank Receipts', '-out', join(hsm.dir, 'receipts.csr')]);
    const certPath = ca.issue(join(hsm.dir, 'receipts.csr'), join(hsm.dir, 'receipts.pem'));
    const signer = new CmsSigner(softwareSource(createPrivateKey(readFileSync(key))), certificateParts(derOf(readCertificates(readFileSync(certPath), 'r')[0]!)));
    const sigPath = join(hsm.dir, 'receipt.p7s');
    writeFileSync(sigPath, await signer.sign(content));
    expect(opensslStatus(['cms', '-verify', '-binary', '-content', contentPath, '-inform', 'DER', '-in', sigPath, '-CAfile', ca.cert, '-out', '/dev/null']).status).toBe(0);
    const batch = await signer.signMany([content, content, content], { chunkSize: 2 });
    expect(batch.signed).toBe(3);
    const anchors = [derOf(readCertificates(readFileSync(ca.cert), 'ca')[0]!)];
    expect((await verifyDetached(content, batch.signatures[2]!, anchors)).ok).toBe(true);
  });

  it('finds keys by label and by CKA_ID', async () => {
    expect((await findKey(session, 'ec')).id).toBe(keys.ec!.id);
    expect((await findKey(session, keys.rsa!.id.toUpperCase())).label).toBe('rsa');
    await expect(findKey(session, 'nope')).rejects.toMatchObject({ code: 'key.not-found' });
  });
});

describe('batch signing (one login, many documents)', () => {
  const anchors = (): Buffer[] => [derOf(readCertificates(readFileSync(ca.cert), 'ca')[0]!)];
  const docs = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => Buffer.from(`Платёжное поручение № ${i + 1}, сумма ${(i + 1) * 100} руб.`));
  const signerOf = (label: string): CmsSigner =>
    CmsSigner.onToken(session, keys[label]!, certificateParts(derOf(readCertificates(readFileSync(certs[label]!), label)[0]!)));

  it('signs every document, in order, the same bytes as one-at-a-time signing (RSA), and OpenSSL verifies them', async () => {
    const contents = docs(300);
    const signingTime = new Date('2026-11-25T12:00:00Z');
    const seen: number[] = [];
    const batch = await signerOf('rsa').signMany(contents, { signingTime, chunkSize: 32, onSigned: (i) => seen.push(i) });
    expect(batch.signed).toBe(300);
    expect(batch.error).toBeUndefined();
    expect(seen).toEqual(contents.map((_, i) => i));
    expect(batch.signatures[17]!.equals(await signerOf('rsa').sign(contents[17]!, { signingTime }))).toBe(true);
    for (const i of [0, 150, 299]) {
      writeFileSync(join(hsm.dir, 'b.bin'), contents[i]!);
      writeFileSync(join(hsm.dir, 'b.p7s'), batch.signatures[i]!);
      expect(opensslStatus(['cms', '-verify', '-binary', '-content', join(hsm.dir, 'b.bin'), '-inform', 'DER', '-in', join(hsm.dir, 'b.p7s'), '-CAfile', ca.cert, '-out', '/dev/null']).status).toBe(0);
    }
  });

  it('keeps the event loop free while the token signs', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 2);
    const batch = await signerOf('rsa').signMany(docs(400));
    clearInterval(timer);
    expect(batch.signed).toBe(400);
    expect(ticks).toBeGreaterThan(20);
  });

  it('on cancel, what was signed stays signed and valid; the rest is left unsigned', async () => {
    const contents = docs(2000);
    const controller = new AbortController();
    const batch = await signerOf('ec').signMany(contents, { signal: controller.signal, chunkSize: 50, onSigned: (i) => i === 120 && controller.abort() });
    expect(batch.error?.name).toBe('AbortError');
    expect(batch.signed).toBeGreaterThan(120);
    expect(batch.signed).toBeLessThan(2000);
    const firstUnsigned = batch.signatures.findIndex((s) => !s);
    expect(firstUnsigned).toBe(batch.signed); // a prefix, no holes
    const last = await verifyDetached(contents[batch.signed - 1]!, batch.signatures[batch.signed - 1]!, anchors());
    expect(last.ok).toBe(true);
  });

  it('when the token stops signing mid-batch (here: logged out from another session), reports why and keeps the prefix', async () => {
    const contents = docs(500);
    const other = new TokenSession(session.module, session.token);
    try {
      const batch = await signerOf('ec').signMany(contents, {
        chunkSize: 40,
        onSigned: (i) => {
          if (i === 100) other.lib.C_Logout(other.handle); // logins belong to the process: this ends ours too
        },
      });
      expect(batch.signed).toBeGreaterThan(100);
      expect(batch.signed).toBeLessThan(500);
      expect(batch.error).toBeInstanceOf(LocalizedError);
      // which CKR depends on where the logout lands: before C_SignInit (not logged in / key) or between it and C_Sign
      expect((batch.error as LocalizedError).code).toMatch(/token\.not-logged-in|key\.invalid|pkcs11\.failed/);
      expect(batch.signatures.slice(batch.signed).every((s) => s === undefined)).toBe(true);
      expect((await verifyDetached(contents[0]!, batch.signatures[0]!, anchors())).ok).toBe(true);
    } finally {
      other.close();
      await session.login(token.pin);
      // private-key handles do not survive a logout: look the keys up again
      for (const label of Object.keys(keys)) keys[label] = await findKey(session, label);
    }
  });

  it('when storing a signature fails, stops cleanly: nothing after it is kept and the token is free at once', async () => {
    const contents = docs(3000);
    const stored: number[] = [];
    const batch = await signerOf('ec').signMany(contents, {
      chunkSize: 50,
      onSigned: (i) => {
        if (i === 130) throw new Error('disk full');
        stored.push(i);
      },
    });
    expect(batch.error?.message).toBe('disk full');
    expect(batch.signed).toBe(130);
    expect(stored).toEqual(Array.from({ length: 130 }, (_, i) => i));
    expect(batch.signatures[130]).toBeUndefined();
    // the worker has let go of the session: signing right away works (this used to crash the process)
    expect((await signerOf('ec').sign(contents[0]!)).length).toBeGreaterThan(100);
  });
});
