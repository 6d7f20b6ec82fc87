import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash } from 'node:crypto';
import { verifyDetached, type SignerReport } from '../../crypto/cms/verify.ts';
import { derOf, readCertificates } from '../../crypto/x509/certificate.ts';
import { certificateFacts, issuerSignatureProblem } from '../../crypto/x509/path/index.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { type Db } from '../store/database.ts';
import { getSetting, setSetting } from '../store/settings.ts';
import type { BankApi } from './bank-api.ts';

export interface BankTrust {
  /** The bank CA's certificate (DER): the trust anchor of every signature and receipt. */
  ca: Buffer;
  /** The certificate of the key that signs receipts (DER); issued by the CA. A receipt's signer must be exactly these bytes. */
  receipts: Buffer;
}

const CA = 'bank.ca';
const RECEIPTS = 'bank.receipts-certificate';

/** The pinned bank CA (DER), if this profile has one yet. */
export function pinnedCa(db: Db): Buffer | undefined {
  const b64 = getSetting(db, CA);
  return b64 ? Buffer.from(b64, 'base64') : undefined;
}

/** The pinned receipts certificate (DER), once the first exchange fetched it. */
export function pinnedReceiptsCertificate(db: Db): Buffer | undefined {
  const b64 = getSetting(db, RECEIPTS);
  return b64 ? Buffer.from(b64, 'base64') : undefined;
}

/**
 * Keeps the CA given at enrolment (the chain the bank issued the certificate with). A pinned CA
 * is never replaced by one that came over the network: a different one is refused.
 */
export function pinBankCa(db: Db, pem: string): void {
  const der = derOf(readCertificates(Buffer.from(pem), 'bank CA')[0]!).toString('base64');
  const pinned = getSetting(db, CA);
  if (pinned && pinned !== der) throw new LocalizedError('bank.ca-changed');
  if (!pinned) setSetting(db, CA, der);
}

/**
 * The bank's CA and receipts certificate, pinned in the profile: the CA from enrolment (or, in a
 * profile that did not enrol, the first fetch), the receipts certificate from the first fetch,
 * checked to be issued by that CA. Later fetches never replace a pinned certificate.
 */
export async function bankTrust(db: Db, api: BankApi): Promise<BankTrust> {
  let caB64 = getSetting(db, CA);
  if (!caB64) {
    const pem = (await api.call<Buffer>('caCertificate')).toString('utf8');
    pinBankCa(db, pem);
    caB64 = getSetting(db, CA)!;
  }
  const ca = Buffer.from(caB64, 'base64');
  let receiptsB64 = getSetting(db, RECEIPTS);
  if (!receiptsB64) {
    const pem = (await api.call<Buffer>('receiptsCertificate')).toString('utf8');
    const cert = readCertificates(Buffer.from(pem), 'receipts certificate')[0]!;
    // the link checked as a path link is (a GOST bank's certificates included, which WebCrypto cannot check)
    if (issuerSignatureProblem(derOf(cert), ca) !== undefined) throw new LocalizedError('sync.receipts-cert-untrusted', { subject: cert.subject });
    // "issued by the CA" is true of every customer's certificate too, and of the self-signed CA
    // itself: a man in the middle of this first fetch who holds a customer's key (a colleague)
    // had that certificate pinned and signed "bank receipts" with it (red-team issue 12,
    // tests/unit/red-receipts-pinning.test.ts). The bank gives every customer's certificate the
    // clientAuth extended key usage and the receipts certificate none; a CA is never it.
    if (!isReceiptsCertificate(cert)) throw new LocalizedError('sync.receipts-cert-untrusted', { subject: cert.subject });
    receiptsB64 = derOf(cert).toString('base64');
    setSetting(db, RECEIPTS, receiptsB64);
  }
  return { ca, receipts: Buffer.from(receiptsB64, 'base64') };
}

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

/** Not a CA, not a certificate the bank issues to customers (those carry clientAuth). */
function isReceiptsCertificate(cert: x509.X509Certificate): boolean {
  if (certificateFacts(derOf(cert)).ext.basicConstraints?.ca) return false;
  const eku = cert.extensions.find((e) => e.type === '2.5.29.37');
  if (!eku) return true;
  try {
    return !new x509.ExtendedKeyUsageExtension(eku.rawData).usages.includes(CLIENT_AUTH);
  } catch {
    return false;
  }
}

/** One signature checked against the pinned trust: its one signer, and whether it is the pinned receipts certificate itself. */
export type PinnedCheck = { ok: true; signer: SignerReport; byBank: boolean } | { ok: false; reason: 'signature' | 'signer'; detail: string };

/**
 * Verifies a detached CMS over `bytes` to the pinned bank CA, with exactly one signer, and says
 * whether that signer is the pinned receipts certificate (compared by the SHA-256 of its DER: a
 * look-alike with the same serial and issuer is not it). What the bank signs besides receipts
 * (its letters, its BIC directory) is checked by this one function.
 */
export async function checkPinnedSignature(trust: BankTrust, bytes: Uint8Array, cms: Buffer, source: string): Promise<PinnedCheck> {
  let report;
  try {
    report = await verifyDetached(bytes, cms, [trust.ca], source);
  } catch (e) {
    return { ok: false, reason: 'signature', detail: (e as Error).message };
  }
  if (!report.ok) return { ok: false, reason: 'signature', detail: report.signers.flatMap((s) => s.problems.map((p) => p.message)).join('; ') };
  const signer = report.signers[0];
  if (report.signers.length !== 1 || !signer) return { ok: false, reason: 'signer', detail: '' };
  return { ok: true, signer, byBank: signer.certificateSha256 === createHash('sha256').update(trust.receipts).digest('hex') };
}
