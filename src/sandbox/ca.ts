import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, createHash, randomBytes, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GostSoftwareKey } from '../crypto/cms/signature-source.ts';
import { encodeGostSpki } from '../crypto/gost/asn1.ts';
import { BANK_CURVES, GOST_CURVES, type GostCurve, type GostCurveName } from '../crypto/gost/curves.ts';
import { decodeGostPrivateKey, gostPrivateKeyPem, pkcs8AlgorithmOid, pkcs8Der, type GostPrivateKey } from '../crypto/gost/pkcs8.ts';
import { publicKeyOf, randomScalar } from '../crypto/gost/signature.ts';
import { EKU, certificatePublicKey, certificateSubject, gostTbsSigner, issueCertificate, issueCrl, keyIdentifier, type KeyUsage } from '../crypto/x509/issue.ts';
import { nameToText, parseSubject, subjectToDer } from '../crypto/x509/subject.ts';
import { derOf } from '../crypto/x509/certificate.ts';
import { fromPem, isGostCsr, verifyGostCsr } from '../crypto/x509/gost.ts';
import type { BankClock } from './clock.ts';
import type { Db } from './store.ts';

const crypto = webcrypto as unknown as Crypto;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
const EC_PUBLIC_KEY_OID = '1.2.840.10045.2.1';

/** Why a CSR was refused, for the problem's detail. */
export class CsrRefused extends Error {
  constructor(
    readonly code: 'csr-invalid' | 'csr-identity-mismatch' | 'csr-subject-mismatch',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The CA's key algorithm, named as src/crypto/pkcs11/mechanisms.ts names key algorithms:
 * `ec-p256` (the default), `gost2012-256:<set>`, `gost2012-512:<set>`.
 */
export type CaAlgorithm = 'ec-p256' | `gost2012-256:${GostCurveName}` | `gost2012-512:${GostCurveName}`;

/** The parameter set `gost2012-256` / `gost2012-512` alone means (as for token keys: CryptoPro-A, TC26 512-A). */
const GOST_DEFAULT_SET = { 256: 'cryptopro-a', 512: 'tc26-512-a' } as const;

/** A data folder, key file or option that does not fit: says which file and what it holds. */
export class CaSetupError extends Error {
  override name = 'CaSetupError';
}

/** Reads `ec-p256`, `gost2012-256[:set]` or `gost2012-512[:set]` (any letter case). */
export function caAlgorithm(value: string): CaAlgorithm {
  const v = value.trim().toLowerCase();
  if (v === 'ec-p256') return v;
  const m = /^gost2012-(256|512)(?::(.+))?$/.exec(v);
  const bits = m ? (Number(m[1]) as 256 | 512) : undefined;
  const curve = bits && BANK_CURVES.find((c) => c.bits === bits && c.name === (m?.[2] ?? GOST_DEFAULT_SET[bits]));
  if (!bits || !curve) {
    const sets = (b: 256 | 512): string => BANK_CURVES.filter((c) => c.bits === b).map((c) => c.name).join('|');
    throw new CaSetupError(`unknown CA algorithm "${value}": use ec-p256, gost2012-256[:${sets(256)}] or gost2012-512[:${sets(512)}]`);
  }
  return gostAlgorithm(curve);
}

const gostAlgorithm = (curve: GostCurve): CaAlgorithm => `gost2012-${curve.bits}:${curve.name}`;

/** A CA or receipts key: WebCrypto ECDSA P-256, or a GOST software key (private scalar d). */
type CaKey = { kind: 'ec'; key: CryptoKey } | ({ kind: 'gost' } & GostPrivateKey);

const algorithmOf = (key: CaKey): CaAlgorithm => (key.kind === 'ec' ? 'ec-p256' : gostAlgorithm(key.curve));

/** The key in a file: ECDSA (PKCS#8 DER, as WebCrypto exports it) or GOST (PKCS#8 PEM, as OpenSSL's gost engine writes it). */
async function readKey(file: string): Promise<CaKey> {
  const bytes = readFileSync(file);
  let der: Buffer;
  let algorithm: string;
  try {
    der = pkcs8Der(bytes);
    algorithm = pkcs8AlgorithmOid(der);
  } catch (e) {
    throw new CaSetupError(`${file} is not a PKCS#8 private key: ${(e as Error).message}`);
  }
  if (algorithm === EC_PUBLIC_KEY_OID) {
    try {
      return { kind: 'ec', key: await crypto.subtle.importKey('pkcs8', new Uint8Array(der), EC, false, ['sign']) };
    } catch (e) {
      throw new CaSetupError(`${file} is an EC key but not a usable P-256 one: ${(e as Error).message}`);
    }
  }
  try {
    return { kind: 'gost', ...decodeGostPrivateKey(der) };
  } catch (e) {
    throw new CaSetupError(`${file} holds a ${algorithm} key, which is neither ECDSA P-256 nor a GOST R 34.10-2012 key of a bank parameter set: ${(e as Error).message}`);
  }
}

interface KeyPairFiles {
  key: CaKey;
  cert: x509.X509Certificate;
}

/** Today's ECDSA behaviour, unchanged: both files are made afresh unless both are there. */
async function loadOrCreateEc(dir: string, name: string, create: (keys: CryptoKeyPair) => Promise<x509.X509Certificate>): Promise<KeyPairFiles> {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.pem`);
  if (existsSync(keyFile) && existsSync(certFile)) {
    return { key: await readKey(keyFile), cert: new x509.X509Certificate(readFileSync(certFile, 'utf8')) };
  }
  const keys = (await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await create(keys);
  writeFileSync(keyFile, Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey)), { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(certFile, cert.toString('pem'));
  return { key: { kind: 'ec', key: keys.privateKey }, cert };
}

/**
 * A GOST key and its certificate: loaded when the key file is there (a key without its certificate
 * is an error, not a reason to replace the key), else a new key of `curve` and its certificate from
 * `create`. The key file is PKCS#8 PEM that `openssl pkey -engine gost` reads.
 */
async function loadOrCreateGost(dir: string, name: string, curve: GostCurve, create: (key: GostPrivateKey, spki: Buffer) => Promise<Buffer>): Promise<KeyPairFiles> {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.pem`);
  if (existsSync(keyFile)) {
    if (!existsSync(certFile)) throw new CaSetupError(`${keyFile} is there but its certificate ${certFile} is missing: restore it (the key is left untouched)`);
    const key = await readKey(keyFile);
    const cert = new x509.X509Certificate(readFileSync(certFile, 'utf8'));
    // a key file swapped or tampered with (another key of the same set) made a CA that signed what
    // its certificate cannot verify, silently (red-team issue 12): the pair must belong together
    const own = key.kind === 'gost' ? encodeGostSpki(key.curve, publicKeyOf(key.curve, key.d)) : undefined;
    if (!own || !own.equals(certificatePublicKey(derOf(cert)))) throw new CaSetupError(`${keyFile} is not the key of its certificate ${certFile}: restore the pair (nothing was changed)`);
    return { key, cert };
  }
  const key = { curve, d: randomScalar(curve) };
  const der = await create(key, encodeGostSpki(curve, publicKeyOf(curve, key.d)));
  const cert = new x509.X509Certificate(new Uint8Array(der));
  writeFileSync(keyFile, gostPrivateKeyPem(key), { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(certFile, cert.toString('pem'));
  return { key: { kind: 'gost', ...key }, cert };
}

/** A positive serial number of 16 random bytes, hex. */
const newSerial = (): string => {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b.toString('hex');
};

/** The key usages a signer's certificate may ask for and gets. */
const SIGNER_USAGE = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
const SIGNER_USAGES: KeyUsage[] = ['digitalSignature', 'nonRepudiation'];

/** The receipts key as softwareSource takes it: a KeyObject (ECDSA) or a GOST software key. */
/**
 * The names of the bank's CA and receipts certificates. A bank named in Russian gets Russian words
 * (the client shows these names to people beside the bank's own name); a Latin name keeps English.
 */
export function caSubject(bankName: string, role: 'ca' | 'receipts'): string {
  const russian = /[А-Яа-яЁё]/.test(bankName);
  const what = role === 'ca' ? (russian ? 'удостоверяющий центр' : 'Client CA') : russian ? 'квитанции' : 'Receipts';
  const cn = russian ? `${bankName} — ${what}` : `${bankName} ${what}`;
  // RFC 4514 text: a comma, plus, quote or the like inside a value is escaped
  const esc = (v: string): string => v.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`);
  return `CN=${esc(cn)}, O=${esc(bankName)}, C=RU`;
}

export type ReceiptsKey = KeyObject | GostSoftwareKey;

export interface BankCaOptions {
  /**
   * The CA's key algorithm for a new data folder (default ec-p256). A folder that has keys keeps
   * their algorithm: naming another one is an error, and the keys are left as they are.
   */
  algorithm?: CaAlgorithm | string;
}

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
    private readonly receiptsFiles: KeyPairFiles,
  ) {}

  /** The CA's key algorithm (the folder's, once it has keys). */
  get algorithm(): CaAlgorithm {
    return algorithmOf(this.ca.key);
  }

  /** The receipts certificate and its private key, for the CMS signer of receipts. */
  get receipts(): { cert: x509.X509Certificate; signingKey: ReceiptsKey } {
    const { key, cert } = this.receiptsFiles;
    return { cert, signingKey: key.kind === 'ec' ? KeyObject.from(key.key) : { curve: key.curve, d: key.d } };
  }

  static async open(db: Db, dir: string, clock: BankClock, bankName: string, options: BankCaOptions = {}): Promise<BankCa> {
    const wanted = options.algorithm === undefined ? undefined : caAlgorithm(options.algorithm);
    // the folder's keys decide; checked before anything is written, so a wrong option changes nothing
    const existing: CaAlgorithm[] = [];
    for (const name of ['ca', 'receipts']) {
      const file = join(dir, `${name}.key`);
      if (!existsSync(file)) continue;
      const has = algorithmOf(await readKey(file));
      if (wanted && has !== wanted) throw new CaSetupError(`the data folder ${dir} holds a ${has} key (${file}); it cannot be opened with the CA algorithm ${wanted}: use another data folder, or leave the option out to use ${has}`);
      if (existing[0] && existing[0] !== has) throw new CaSetupError(`the data folder ${dir} holds keys of two algorithms (${existing[0]} and ${has}): the CA and receipts keys must be of one`);
      existing.push(has);
    }
    const algorithm = existing[0] ?? wanted ?? 'ec-p256';
    const now = clock.now();
    if (algorithm !== 'ec-p256') return BankCa.openGost(db, dir, clock, bankName, GOST_CURVES[algorithm.slice(13) as GostCurveName], now);
    const ca = await loadOrCreateEc(dir, 'ca', async (keys) =>
      x509.X509CertificateGenerator.createSelfSigned(
        {
          serialNumber: newSerial(),
          name: caSubject(bankName, 'ca'),
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
    const caKey = (ca.key as { key: CryptoKey }).key;
    const receipts = await loadOrCreateEc(dir, 'receipts', async (keys) =>
      x509.X509CertificateGenerator.create(
        {
          serialNumber: newSerial(),
          subject: caSubject(bankName, 'receipts'),
          issuer: ca.cert.subjectName,
          notBefore: new Date(now.getTime() - DAY),
          notAfter: new Date(now.getTime() + 3650 * DAY),
          publicKey: keys.publicKey,
          signingKey: caKey,
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

  /** A GOST CA: its certificate self-signed, the receipts key of the same parameter set, both through issue.ts. */
  private static async openGost(db: Db, dir: string, clock: BankClock, bankName: string, curve: GostCurve, now: Date): Promise<BankCa> {
    const validity = { notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + 3650 * DAY) };
    const ca = await loadOrCreateGost(dir, 'ca', curve, async (key, spki) => {
      const name = subjectToDer(parseSubject(caSubject(bankName, 'ca')));
      return issueCertificate({ serial: newSerial(), issuer: name, subject: name, ...validity, spki, ca: { pathLen: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] }, gostTbsSigner(key.curve, key.d));
    });
    const caKey = ca.key as GostPrivateKey;
    const caDer = derOf(ca.cert);
    const receipts = await loadOrCreateGost(dir, 'receipts', curve, async (_key, spki) =>
      issueCertificate(
        {
          serial: newSerial(),
          issuer: certificateSubject(caDer),
          subject: subjectToDer(parseSubject(caSubject(bankName, 'receipts'))),
          ...validity,
          spki,
          keyUsage: SIGNER_USAGES,
          authorityKeyId: keyIdentifier(certificatePublicKey(caDer)),
        },
        gostTbsSigner(caKey.curve, caKey.d),
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
  async checkCsr(pem: string, company: { inn: string; ogrn: string }, holder?: { name: string }): Promise<x509.Pkcs10CertificateRequest> {
    // One request, read once. @peculiar/x509 takes the first PEM block of any label, fromPem (the
    // GOST check) the first "CERTIFICATE REQUEST" block: with two blocks the certificate's key and
    // subject came from one request and the self-signature check from another (red-team issue 12,
    // tests/unit/red-csr-pem-confusion.test.ts). So: exactly one PEM block, its DER given to both.
    let csr: x509.Pkcs10CertificateRequest;
    let der: Buffer;
    try {
      if ((pem.match(/-----BEGIN /g) ?? []).length !== 1) throw new Error('the text must hold exactly one PEM block');
      der = fromPem(pem, 'CERTIFICATE REQUEST');
      csr = new x509.Pkcs10CertificateRequest(new Uint8Array(der));
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
    if (isGostCsr(der)) {
      // WebCrypto knows no GOST: the pure-TypeScript check, which also refuses unknown or test parameter sets
      const gost = await refusedWhen('the GOST request cannot be read', () => verifyGostCsr(der));
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
    // one CN: the certificate carries the request's subject as it came, and a reader taking another
    // of two CNs (OpenSSL, a viewer, another client) would name another person as the signer
    // (red team, issue 13: tests/integration/red-csr-subject.test.ts)
    const cns = subject.filter((a) => a.type.oid === '2.5.4.3').map((a) => a.value);
    // names quoted as JSON strings, with format characters (bidi overrides) escaped too: the
    // detail is shown to people, and a name must not reorder the text around it
    const q = (v: string): string => JSON.stringify(v).replace(/\p{Cf}/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
    if (cns.length > 1) throw new CsrRefused(holder ? 'csr-subject-mismatch' : 'csr-invalid', `the request names ${cns.length} people (CN ${cns.map(q).join(', ')}); a certificate names one`);
    // at enrolment, the person: the CN is the full name of the one the code was issued to (spaces
    // and letter case aside), so a code cannot get a certificate in another person's name
    if (holder) {
      const cn = cns[0];
      // spaces are spaces (\p{Zs}), not the invisible or line-breaking characters \s also matches
      // (U+FEFF, U+2028, U+2029): a name with one of those is not the holder's name
      const same = (a: string) => a.replace(/\p{Zs}+/gu, ' ').trim().toLocaleLowerCase('ru');
      if (cn === undefined || /[\p{C}\p{Zl}\p{Zp}]/u.test(cn) || same(cn) !== same(holder.name)) {
        throw new CsrRefused('csr-subject-mismatch', `the request names ${q(cn ?? '')} (CN), but the enrolment code was issued to ${q(holder.name)}; make the request in the name ${q(holder.name)}`);
      }
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
    const notBefore = new Date(from);
    const notAfter = new Date(now.getTime() + days * DAY);
    const cert =
      this.ca.key.kind === 'gost'
        ? await this.issueGost(csr, notBefore, notAfter)
        : await x509.X509CertificateGenerator.create(
            {
              serialNumber: newSerial(),
              subject: csr.subjectName,
              issuer: this.ca.cert.subjectName,
              notBefore,
              notAfter,
              publicKey: csr.publicKey,
              signingKey: this.ecKey(),
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

  /** The CA's WebCrypto key (ECDSA folders). */
  private ecKey(): CryptoKey {
    if (this.ca.key.kind !== 'ec') throw new Error('the CA key is not an ECDSA key');
    return this.ca.key.key;
  }

  /** The GOST CA's signer and the parts of its certificate an issued certificate or CRL names. */
  private gostIssuer(): { signer: ReturnType<typeof gostTbsSigner>; name: Uint8Array; keyId: Buffer } {
    if (this.ca.key.kind !== 'gost') throw new Error('the CA key is not a GOST key');
    const der = this.certificateDer;
    return { signer: gostTbsSigner(this.ca.key.curve, this.ca.key.d), name: certificateSubject(der), keyId: keyIdentifier(certificatePublicKey(der)) };
  }

  /** A signer's certificate from any accepted request (GOST, RSA or ECDSA key), signed by the GOST CA key. */
  private async issueGost(csr: x509.Pkcs10CertificateRequest, notBefore: Date, notAfter: Date): Promise<x509.X509Certificate> {
    const { signer, name, keyId } = this.gostIssuer();
    const der = await issueCertificate(
      {
        serial: newSerial(),
        issuer: name,
        subject: new Uint8Array(csr.subjectName.toArrayBuffer()),
        notBefore,
        notAfter,
        spki: new Uint8Array(csr.publicKey.rawData),
        keyUsage: SIGNER_USAGES,
        extendedKeyUsage: [EKU.clientAuth, EKU.emailProtection],
        authorityKeyId: keyId,
      },
      signer,
    );
    return new x509.X509Certificate(new Uint8Array(der));
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
    if (this.ca.key.kind === 'gost') {
      const { signer, name, keyId } = this.gostIssuer();
      const entries = rows.map((r) => ({ serial: r.serial, revocationDate: new Date(r.revoked_at) }));
      // cRLNumber: the bank clock's milliseconds, which only grow between two CRLs of one folder
      const der = await issueCrl({ issuer: name, thisUpdate: now, nextUpdate: new Date(now.getTime() + DAY), entries, authorityKeyId: keyId, number: BigInt(now.getTime()) }, signer);
      return new x509.X509Crl(new Uint8Array(der));
    }
    return x509.X509CrlGenerator.create(
      {
        issuer: this.ca.cert.subjectName,
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + DAY),
        entries: rows.map((r) => ({ serialNumber: r.serial, revocationDate: new Date(r.revoked_at) })),
        signingKey: this.ecKey(),
        signingAlgorithm: SIGNING,
      },
      crypto,
    );
  }
}
