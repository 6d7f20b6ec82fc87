/**
 * The bank keeps what it learnt about certificates (parsed facts, the issuer's signature on
 * them, whole paths) by the SHA-256 of every certificate involved, so that checking thousands of
 * signatures costs little more than the signatures themselves (issue 14, bench/bank-verify.ts).
 * These are the attacks on such caches: each would pass if an answer were kept by name or
 * serial, reused after a revocation or after the clock moved, or reused for other anchors.
 * The sandbox bank runs in process with its own CA; its signers' keys are software keys here
 * (the signature bytes are CmsSigner's, as a token's), and documents go through the bank's own
 * submission (Documents.submit: the CMS check, revocation, validity on the bank's clock...).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, randomUUID, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softwareSource } from '../../src/crypto/cms/signature-source.ts';
import { CmsSigner } from '../../src/crypto/cms/signer.ts';
import { verifyDetached } from '../../src/crypto/cms/verify.ts';
import { certificateParts, readCertificateDers } from '../../src/crypto/x509/certificate.ts';
import { verifySignature } from '../../src/main/tokens/token-service.ts';
import type { Caller } from '../../src/sandbox/identity.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { getSetting } from '../../src/sandbox/store.ts';
import type { DocumentBody } from '../../src/shared/bank-api/documents/index.ts';
import { signedDocumentBytes, signedDocumentJson } from '../../src/shared/bank-api/documents/signed.ts';

const crypto = webcrypto as unknown as Crypto;
const DAY_S = 86_400;
let dir: string;
let bank: RunningSandbox;
let companyId: string;
let caller: Caller;

interface Person {
  keys: CryptoKeyPair;
  cert: x509.X509Certificate;
  der: Buffer;
  signer: CmsSigner;
}

const newKeys = async (): Promise<CryptoKeyPair> => (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;

/** A person of the demo company who signs alone, with a certificate the bank's CA issued. */
async function person(name: string): Promise<Person> {
  const { userId } = bank.identity.createUser({ companyId, name, role: 'single-signature' });
  const keys = await newKeys();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=${name}, O=ООО Ромашка, C=RU`, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } }, crypto);
  const cert = await bank.ca.issue(csr, userId);
  const der = Buffer.from(cert.rawData);
  return { keys, cert, der, signer: new CmsSigner(softwareSource(KeyObject.from(keys.privateKey)), certificateParts(der)) };
}

function order(): DocumentBody {
  return {
    kind: 'payment-order',
    version: 1,
    content: {
      number: String(Math.floor(Math.random() * 900000) + 1),
      date: bank.clock.now().toISOString().slice(0, 10),
      amount: 10_000_00,
      payer: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', account: '40702810300000004583', bank: { name: 'АО «Песочница Банк»', bic: '044525225', corrAccount: '30101810400000000225' } },
      payee: { name: 'ООО «Лютик»', inn: '500100732259', account: '40602810700000000025', bank: { name: 'Банк 2', bic: '049805746' } },
      uin: '0',
      priority: 5,
      purpose: 'Оплата по договору поставки № 12, НДС не облагается',
      operationType: '01',
    },
  } as DocumentBody;
}

/** A new document signed by `who` (at the bank's time unless told) and submitted to the bank: its answer, or the problem code it refused with. */
async function submit(who: Pick<Person, 'signer'>, signingTime = bank.clock.now()): Promise<string> {
  const id = randomUUID();
  const body = order();
  const cms = await who.signer.sign(Buffer.from(signedDocumentBytes({ id, companyId }, body)), { signingTime });
  try {
    const r = await bank.documents.submit(caller, id, signedDocumentJson({ id, companyId }, body), cms.toString('base64'));
    return r.created ? 'created' : 'not created';
  } catch (e) {
    return (e as { code?: string }).code ?? (e as Error).message;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bank-verify-cache-'));
  bank = await startSandbox({ dataDir: join(dir, 'bank') });
  companyId = getSetting(bank.db, 'demo.company_id')!;
  const { userId } = bank.identity.createUser({ companyId, name: 'Отправитель', role: 'prepares' });
  caller = {
    user: bank.db.prepare('SELECT * FROM users WHERE id = ?').get(userId) as Caller['user'],
    company: bank.db.prepare('SELECT * FROM companies WHERE id = ?').get(companyId) as Caller['company'],
    certificateSerial: 'none',
  };
});

afterAll(async () => {
  await bank.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the bank's cached certificate answers", () => {
  it('a certificate revoked after a successful check is refused at the next one', async () => {
    const p = await person('Отозванный Пётр Петрович');
    expect(await submit(p)).toBe('created');
    expect(await submit(p)).toBe('created'); // the answers are cached now
    bank.identity.revoke(p.cert.serialNumber, 'keyCompromise');
    expect(await submit(p)).toBe('certificate-revoked');
  });

  it('a certificate whose validity ended between two checks (the bank clock moved) is refused', async () => {
    const p = await person('Просроченный Павел Павлович');
    const before = bank.clock.now();
    expect(await submit(p)).toBe('created');
    bank.clock.advance(366 * DAY_S);
    try {
      // signed now, after its end: the CMS check itself refuses it
      expect(await submit(p)).toBe('signature-invalid');
      // a signing time inside its validity (its key signed back then, say) is judged on the bank's clock
      expect(await submit(p, before)).toBe('certificate-expired');
    } finally {
      bank.clock.advance(-366 * DAY_S);
    }
    expect(await submit(p)).toBe('created');
  });

  it('a forged certificate with the subject, serial, issuer name and key identifier of a cached good one is refused', async () => {
    const p = await person('Директор Иван Иванович');
    expect(await submit(p)).toBe('created');
    const forgerKeys = await newKeys();
    const ca = bank.ca.certificate;
    const forged = await x509.X509CertificateGenerator.create(
      {
        serialNumber: p.cert.serialNumber,
        subject: p.cert.subject,
        issuer: ca.subject,
        notBefore: p.cert.notBefore,
        notAfter: p.cert.notAfter,
        publicKey: forgerKeys.publicKey,
        signingKey: forgerKeys.privateKey,
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
          await x509.SubjectKeyIdentifierExtension.create(forgerKeys.publicKey, false, crypto),
          new x509.AuthorityKeyIdentifierExtension(ca.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId),
        ],
      },
      crypto,
    );
    const forgedDer = Buffer.from(forged.rawData);
    expect(certificateParts(forgedDer).serialNumber.equals(certificateParts(p.der).serialNumber)).toBe(true);
    expect(certificateParts(forgedDer).issuer.equals(certificateParts(p.der).issuer)).toBe(true);
    expect(certificateParts(forgedDer).subject.equals(certificateParts(p.der).subject)).toBe(true);
    const forger = { signer: new CmsSigner(softwareSource(KeyObject.from(forgerKeys.privateKey)), certificateParts(forgedDer)) };
    expect(await submit(forger)).toBe('signature-invalid');
    expect(await submit(p)).toBe('created');
  });

  it('another set of trust anchors does not reuse an answer, even an anchor with the same name and key identifier', async () => {
    const p = await person('Проверяемый Семён Семёнович');
    const content = Buffer.from('Платёжное поручение № 1');
    const cms = await p.signer.sign(content, { signingTime: bank.clock.now() });
    const bankCa = bank.ca.certificateDer;
    expect((await verifyDetached(content, cms, [bankCa])).ok).toBe(true);
    // a look-alike of the bank's CA: its name and subject key identifier, another key
    const keys = await newKeys();
    const ca = bank.ca.certificate;
    const lookAlike = await x509.X509CertificateGenerator.createSelfSigned(
      {
        serialNumber: ca.serialNumber,
        name: ca.subject,
        notBefore: ca.notBefore,
        notAfter: ca.notAfter,
        keys,
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        extensions: [
          new x509.BasicConstraintsExtension(true, 0, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
          new x509.SubjectKeyIdentifierExtension(ca.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId),
        ],
      },
      crypto,
    );
    const lookAlikeDer = Buffer.from(lookAlike.rawData);
    const withLookAlike = await verifyDetached(content, cms, [lookAlikeDer]);
    expect(withLookAlike.ok).toBe(false);
    expect(withLookAlike.signers[0]!.checks).toMatchObject({ signature: true, chain: false });
    // both: the genuine one makes the path; the answer for [look-alike] alone was not reused
    expect((await verifyDetached(content, cms, [lookAlikeDer, bankCa])).ok).toBe(true);
    expect((await verifyDetached(content, cms, [lookAlikeDer])).ok).toBe(false);
    expect((await verifyDetached(content, cms, [bankCa])).ok).toBe(true);

    // the same through verifySignature, whose PEM anchors are read once per distinct bytes
    const pem = (c: x509.X509Certificate): Buffer => Buffer.from(c.toString('pem'));
    expect((await verifySignature(content, cms, [pem(ca)])).ok).toBe(true);
    expect((await verifySignature(content, cms, [pem(lookAlike)])).ok).toBe(false);
    expect((await verifySignature(content, cms, [pem(ca)])).ok).toBe(true);
    // other bytes are read afresh: a copy whose signature differs in one byte is another certificate
    const changed = pem(ca);
    changed[changed.length - 40] = changed[changed.length - 40] === 0x41 ? 0x42 : 0x41;
    expect(readCertificateDers(changed, 'changed')[0]!.equals(bankCa)).toBe(false);
    expect(readCertificateDers(pem(ca), 'genuine')[0]!.equals(bankCa)).toBe(true);
    // an unreadable one (a line of its base64 left out) is refused every time: failures are not kept
    const lines = pem(ca).toString('latin1').split('\n');
    const cut = Buffer.from([...lines.slice(0, 3), ...lines.slice(4)].join('\n'), 'latin1');
    for (let i = 0; i < 2; i++) {
      await expect(verifySignature(content, cms, [cut])).rejects.toThrow(/trust anchor 1/);
    }
    // what is returned is a copy: changing it changes nothing kept
    readCertificateDers(pem(ca), 'genuine')[0]!.fill(0);
    expect(readCertificateDers(pem(ca), 'genuine')[0]!.equals(bankCa)).toBe(true);
  });
});
