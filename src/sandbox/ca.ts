import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nameToText, parseSubject } from '../crypto/x509/subject.ts';
import { derOf } from '../crypto/x509/certificate.ts';
import { isGostCsr, verifyGostCsr } from '../crypto/x509/gost.ts';
import type { BankClock } from './clock.ts';
import type { Db } from './store.ts';

const crypto = webcrypto as unknown as Crypto;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

/** Why a CSR was refused, for the problem's detail. */
export class CsrRefused extends Error {
  constructor(
    readonly code: 'csr-invalid' | 'csr-identity-mismatch',
    message: string,
  ) {
    super(message);
  }
}

interface KeyPairFiles {
  key: CryptoKey;
  cert: x509.X509Certificate;
}

async function loadOrCreate(dir: string, name: string, create: (keys: CryptoKeyPair) => Promise<x509.X509Certificate>): Promise<KeyPairFiles> {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.pem`);
  if (existsSync(keyFile) && existsSync(certFile)) {
    const key = await crypto.subtle.importKey('pkcs8', readFileSync(keyFile), EC, false, ['sign']);
    return { key, cert: new x509.X509Certificate(readFileSync(certFile, 'utf8')) };
  }
  const keys = (await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await create(keys);
  writeFileSync(keyFile, Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey)), { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(certFile, cert.toString('pem'));
  return { key: keys.privateKey, cert };
}

/** A positive serial number of 16 random bytes, hex. */
const newSerial = (): string => {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b.toString('hex');
};

/** The key usages a signer's certificate may ask for and gets. */
const SIGNER_USAGE = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;

/**
 * The bank's certificate authority (software keys: the bank side needs no token here). It
 * issues signers' certificates from CSRs, keeps them in the store, publishes its certificate
 * and a CRL, and holds the receipt key the bank signs status receipts with.
 */
export class BankCa {
  private constructor(
    private readonly db: Db,
    private readonly clock: BankClock,
    private readonly ca: KeyPairFiles,
    readonly receipts: KeyPairFiles,
  ) {}

  static async open(db: Db, dir: string, clock: BankClock, bankName: string): Promise<BankCa> {
    const now = clock.now();
    const ca = await loadOrCreate(dir, 'ca', async (keys) =>
      x509.X509CertificateGenerator.createSelfSigned(
        {
          serialNumber: newSerial(),
          name: `CN=${bankName} Client CA, O=${bankName}, C=RU`,
          notBefore: new Date(now.getTime() - DAY),
          notAfter: new Date(now.getTime() + 3650 * DAY),
          keys,
          signingAlgorithm: SIGNING,
          extensions: [
            new x509.BasicConstraintsExtension(true, 0, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
            await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
          ],
        },
        crypto,
      ),
    );
    const receipts = await loadOrCreate(dir, 'receipts', async (keys) =>
      x509.X509CertificateGenerator.create(
        {
          serialNumber: newSerial(),
          subject: `CN=${bankName} Receipts, O=${bankName}, C=RU`,
          issuer: ca.cert.subjectName,
          notBefore: new Date(now.getTime() - DAY),
          notAfter: new Date(now.getTime() + 3650 * DAY),
          publicKey: keys.publicKey,
          signingKey: ca.key,
          signingAlgorithm: SIGNING,
          // key identifiers as RFC 5280 asks of every certificate a CA issues (older data folders have a receipts certificate without them)
          extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(SIGNER_USAGE, true),
            await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
            await x509.AuthorityKeyIdentifierExtension.create(ca.cert, false, crypto),
          ],
        },
        crypto,
      ),
    );
    return new BankCa(db, clock, ca, receipts);
  }

  get certificate(): x509.X509Certificate {
    return this.ca.cert;
  }

  get certificateDer(): Buffer {
    return derOf(this.ca.cert);
  }

  /**
   * Checks a CSR: its self-signature, an RSA (2048+), ECDSA P-256/P-384 or GOST R 34.10-2012 key
   * (a bank parameter set; checked in pure TypeScript, src/crypto/x509/gost.ts), a CN, and the
   * company's INN and OGRN in the subject (a CSR for another company is refused).
   */
  async checkCsr(pem: string, company: { inn: string; ogrn: string }): Promise<x509.Pkcs10CertificateRequest> {
    let csr: x509.Pkcs10CertificateRequest;
    try {
      csr = new x509.Pkcs10CertificateRequest(pem);
    } catch (e) {
      throw new CsrRefused('csr-invalid', `not a PKCS#10 request: ${(e as Error).message}`);
    }
    // a key webcrypto cannot import, or a subject we cannot read, is the request's fault: 422, never a 500
    const refusedWhen = async <T>(what: string, step: () => T | Promise<T>): Promise<T> => {
      try {
        return await step();
      } catch (e) {
        throw new CsrRefused('csr-invalid', `${what}: ${(e as Error).message}`);
      }
    };
    if (isGostCsr(pem)) {
      // WebCrypto knows no GOST: the pure-TypeScript check, which also refuses unknown or test parameter sets
      const gost = await refusedWhen('the GOST request cannot be read', () => verifyGostCsr(pem));
      if (!gost.valid) throw new CsrRefused('csr-invalid', 'the request is not signed by the key it carries');
    } else {
      if (!(await refusedWhen('the public key cannot be used', () => csr.verify(crypto)))) throw new CsrRefused('csr-invalid', 'the request is not signed by the key it carries');
      const alg = csr.publicKey.algorithm as RsaHashedKeyAlgorithm & EcKeyAlgorithm;
      const keyOk = alg.name === 'ECDSA' ? ['P-256', 'P-384'].includes(alg.namedCurve) : alg.name.startsWith('RSA') && alg.modulusLength >= 2048;
      if (!keyOk) throw new CsrRefused('csr-invalid', `the key (${alg.name} ${alg.namedCurve ?? alg.modulusLength}) is not RSA-2048+ or ECDSA P-256/P-384`);
    }
    const subject = await refusedWhen('the subject cannot be read', () => parseSubject(nameToText(new Uint8Array(csr.subjectName.toArrayBuffer()))));
    const value = (oid: string): string | undefined => subject.find((a) => a.type.oid === oid)?.value;
    if (value('1.2.643.100.4') !== company.inn) {
      throw new CsrRefused('csr-identity-mismatch', `the subject's INN (1.2.643.100.4) is ${value('1.2.643.100.4') ?? 'missing'}, the company's is ${company.inn}`);
    }
    const ogrn = value('1.2.643.100.1');
    if (ogrn !== undefined && ogrn !== company.ogrn) {
      throw new CsrRefused('csr-identity-mismatch', `the subject's OGRN is ${ogrn}, the company's is ${company.ogrn}`);
    }
    return csr;
  }

  /**
   * Issues a signer's certificate for a checked CSR and records it for `userId`, with the
   * SHA-256 of its DER (how the bank knows it) and, for a renewal, the serial it supersedes.
   */
  async issue(csr: x509.Pkcs10CertificateRequest, userId: string, options: { days?: number; supersedes?: string } = {}): Promise<x509.X509Certificate> {
    const days = options.days ?? 365;
    const now = this.clock.now();
    // valid from a minute ago on both the bank's clock and the real one: a simulated clock
    // running ahead must not give certificates a client's machine sees as not yet valid
    const from = Math.min(now.getTime(), Date.now()) - 60_000;
    const cert = await x509.X509CertificateGenerator.create(
      {
        serialNumber: newSerial(),
        subject: csr.subjectName,
        issuer: this.ca.cert.subjectName,
        notBefore: new Date(from),
        notAfter: new Date(now.getTime() + days * DAY),
        publicKey: csr.publicKey,
        signingKey: this.ca.key,
        signingAlgorithm: SIGNING,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(SIGNER_USAGE, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.emailProtection]),
          await x509.SubjectKeyIdentifierExtension.create(csr.publicKey, false, crypto),
          await x509.AuthorityKeyIdentifierExtension.create(this.ca.cert, false, crypto),
        ],
      },
      crypto,
    );
    this.db
      .prepare('INSERT INTO certificates (serial, user_id, pem, not_before, not_after, sha256, supersedes) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(cert.serialNumber.toLowerCase(), userId, cert.toString('pem'), cert.notBefore.toISOString(), cert.notAfter.toISOString(), createHash('sha256').update(derOf(cert)).digest('hex'), options.supersedes ?? null);
    return cert;
  }

  revoke(serial: string, reason: string): boolean {
    const r = this.db
      .prepare('UPDATE certificates SET revoked_at = ?, revocation_reason = ? WHERE serial = ? AND revoked_at IS NULL')
      .run(this.clock.now().toISOString(), reason, serial.toLowerCase());
    return r.changes === 1;
  }

  /** The current CRL, signed now, valid for a day. */
  async crl(): Promise<x509.X509Crl> {
    const rows = this.db.prepare('SELECT serial, revoked_at FROM certificates WHERE revoked_at IS NOT NULL').all() as { serial: string; revoked_at: string }[];
    const now = this.clock.now();
    return x509.X509CrlGenerator.create(
      {
        issuer: this.ca.cert.subjectName,
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + DAY),
        entries: rows.map((r) => ({ serialNumber: r.serial, revocationDate: new Date(r.revoked_at) })),
        signingKey: this.ca.key,
        signingAlgorithm: SIGNING,
      },
      crypto,
    );
  }
}
