import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { renewalSignedJson, type Enrollment, type EnrollmentHolder, type IssuedCertificate } from '../../shared/bank-api/enrollment.ts';
import type { Challenge } from '../../shared/bank-api/auth.ts';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { readCertificates, summarize } from '../../crypto/x509/certificate.ts';
import { parseSubject } from '../../crypto/x509/subject.ts';
import type { Locale } from '../../shared/i18n/index.ts';
import { renderKeyActPdf, renderKeyActText } from './key-act.ts';
import { audit } from '../audit/audit-log.ts';
import type { BankApi } from '../bank/bank-api.ts';
import { pinBankCa, pinnedCa } from '../bank/trust.ts';
import { certificateSerialOf, requireSession } from '../bank/session.ts';
import type { Db } from '../store/database.ts';
import { deleteSetting, getSetting, setSetting } from '../store/settings.ts';
import type { CertificateSummary, KeyView, TokenService } from '../tokens/token-service.ts';

/** What the officer has to hand to the bank on paper: the request and the public key it is for. */
export interface KeyRequest {
  key: KeyView;
  csrPem: string;
  /** SubjectPublicKeyInfo (DER) of the key, for the key-recognition act. */
  spki: Buffer;
}

export interface EnrolResult {
  enrollmentId: string;
  status: 'pending' | 'approved' | 'rejected';
  /** The one-time-code secret, shown by the bank once: the user adds it to an authenticator app. */
  totp?: { secret: string; uri: string };
  certificate?: CertificateSummary;
  reason?: string;
}

const PENDING = 'enrollment.pending';

/** A copy of the PIN for one token step: each step zeroes what it was given. */
const copy = (pin: Buffer): Buffer => Buffer.from(pin);

/**
 * First certificate and renewals. The key is made on the token, the request signed there; the
 * bank's officer approves the first certificate (we wait for it, or resume later), a renewal
 * signed with the current valid key is issued at once. Every step is in the audit log.
 */
export class EnrollmentService {
  constructor(
    private readonly db: Db,
    private readonly api: BankApi,
    private readonly tokens: TokenService,
    private readonly actor: string,
  ) {}

  /** Generates the key on the token and makes its certificate request. */
  async makeRequest(token: string, pin: Buffer, keyLabel: string, algorithm: string, subject: string): Promise<KeyRequest> {
    const key = await this.tokens.generateKey(token, copy(pin), algorithm, keyLabel);
    audit(this.db, { actor: this.actor, action: 'enroll.key', subject: key.id, details: { token, label: keyLabel, algorithm } });
    const csr = await this.tokens.createCsr(token, copy(pin), keyLabel, subject);
    const spki = Buffer.from(new x509.Pkcs10CertificateRequest(new Uint8Array(csr.der)).publicKey.rawData);
    return { key, csrPem: csr.pem, spki };
  }

  /**
   * The key-recognition act for printing (PDF, or plain text): the company and signer from the
   * request's subject, the token, and the public key with its fingerprint.
   */
  /**
   * The bank's name for the act: the organisation (or common name) of the pinned bank CA; before
   * enrolment pinned it, that of the CA the bank publishes (read for its name only, never pinned
   * here); when the bank cannot be reached, its address.
   */
  async bankName(): Promise<string> {
    const nameOf = (cert: x509.X509Certificate): string | undefined => {
      const name = cert.subjectName;
      return name.getField('O')[0] ?? name.getField('CN')[0];
    };
    const pinned = pinnedCa(this.db);
    try {
      const cert = pinned ? new x509.X509Certificate(new Uint8Array(pinned)) : readCertificates(await this.api.call<Buffer>('caCertificate'), 'bank CA')[0];
      const name = cert && nameOf(cert);
      if (name) return name;
    } catch {
      // not reachable or not a certificate: the address below names the bank
    }
    try {
      return new URL(this.api.baseUrl).host;
    } catch {
      return this.api.baseUrl;
    }
  }

  keyAct(token: string, subject: string, req: KeyRequest, format: 'pdf' | 'text', locale: Locale, bankName: string, timeZone?: string): Uint8Array {
    const attrs = parseSubject(subject);
    const value = (oid: string): string | undefined => attrs.find((a) => a.type.oid === oid)?.value;
    const tk = this.tokens.token(token);
    const data = {
      company: { name: value('2.5.4.10') ?? '', inn: value('1.2.643.100.4') ?? value('1.2.643.3.131.1.1') ?? '', ...(value('1.2.643.100.1') ? { ogrn: value('1.2.643.100.1')! } : {}) },
      signer: { name: value('2.5.4.3') ?? '', ...(value('2.5.4.12') ? { position: value('2.5.4.12')! } : {}) },
      subject,
      // the app's name for it (gost2012-256:cryptopro-a): the act puts it in words in its language
      algorithm: req.key.algorithm,
      publicKeyDer: req.spki,
      csrDer: Buffer.from(new x509.Pkcs10CertificateRequest(req.csrPem).rawData),
      token: { label: tk.label, serial: tk.serial },
      keyId: req.key.id,
      createdAt: new Date(),
      bank: { name: bankName },
    };
    const options = timeZone === undefined ? {} : { timeZone };
    return format === 'pdf' ? renderKeyActPdf(data, locale, options) : Buffer.from(renderKeyActText(data, locale, options), 'utf8');
  }

  /**
   * Whose enrolment code this is, as the bank's records have it (name, position, role, company):
   * the request is made in this name. Asking does not use the code up.
   */
  async holder(enrolmentCode: string): Promise<EnrollmentHolder> {
    return this.api.call<EnrollmentHolder>('enrolmentHolder', { body: { enrolmentCode } });
  }

  /** Sends the request with the enrolment code; the enrolment is remembered so `resume` can finish it later. */
  async submit(token: string, keyLabel: string, csrPem: string, enrolmentCode: string): Promise<EnrolResult> {
    const e = await this.api.call<z.infer<typeof Enrollment>>('enrol', { body: { enrolmentCode, csr: csrPem } });
    setSetting(this.db, PENDING, JSON.stringify({ id: e.id, token, key: keyLabel }));
    audit(this.db, { actor: this.actor, action: 'enroll.request', subject: e.id, details: { token, key: keyLabel } });
    return { enrollmentId: e.id, status: e.status, ...(e.totp ? { totp: e.totp } : {}) };
  }

  /** The enrolment sent and waiting for the bank's decision, if any (what `awaitCertificate` finishes). */
  pending(): { id: string; token: string; key: string } | undefined {
    const raw = getSetting(this.db, PENDING);
    return raw ? (JSON.parse(raw) as { id: string; token: string; key: string }) : undefined;
  }

  /**
   * Asks the bank about the pending enrolment until it is decided or `timeoutMs` passes; once
   * approved, installs the certificate and its chain on the token and pins the bank's CA.
   */
  async awaitCertificate(pin: Buffer, o: { timeoutMs: number; intervalMs?: number }): Promise<EnrolResult> {
    const pending = this.pending();
    if (!pending) throw new LocalizedError('enroll.none-pending');
    const deadline = Date.now() + o.timeoutMs;
    for (;;) {
      const e = await this.api.call<z.infer<typeof Enrollment>>('getEnrolment', { params: { id: pending.id } });
      if (e.status === 'rejected') return this.rejected(pending.id, e.reason);
      if (e.status === 'approved' && e.certificate) {
        const certificate = await this.install(pending.token, pin, e.certificate, e.chain ?? []);
        deleteSetting(this.db, PENDING);
        audit(this.db, { actor: this.actor, action: 'enroll.certificate', subject: pending.id, details: { serial: certificate.serialNumber, notAfter: certificate.notAfter } });
        return { enrollmentId: pending.id, status: 'approved', certificate };
      }
      if (Date.now() >= deadline) return { enrollmentId: pending.id, status: 'pending' };
      await new Promise((r) => setTimeout(r, o.intervalMs ?? 2000));
    }
  }

  /**
   * The bank's word on the pending enrolment, asked once, without a PIN: a rejection ends the
   * enrolment here; an approved certificate waits for `awaitCertificate` to install it.
   */
  async status(): Promise<EnrolResult> {
    const pending = this.pending();
    if (!pending) throw new LocalizedError('enroll.none-pending');
    const e = await this.api.call<z.infer<typeof Enrollment>>('getEnrolment', { params: { id: pending.id } });
    return e.status === 'rejected' ? this.rejected(pending.id, e.reason) : { enrollmentId: pending.id, status: e.status };
  }

  /** Ends a rejected enrolment: forgotten, and the reason audited. */
  private rejected(id: string, reason: string | undefined): EnrolResult {
    deleteSetting(this.db, PENDING);
    audit(this.db, { actor: this.actor, action: 'enroll.certificate', subject: id, details: { status: 'rejected', reason: reason ?? '' } });
    return { enrollmentId: id, status: 'rejected', ...(reason ? { reason } : {}) };
  }

  private async install(token: string, pin: Buffer, certificatePem: string, chain: string[]): Promise<CertificateSummary> {
    // the chain's CA is checked against the pinned one before anything goes onto the token
    const root = chain.at(-1);
    if (root) pinBankCa(this.db, root);
    await this.tokens.importCertificateBytes(token, copy(pin), Buffer.from(certificatePem), chain.length ? Buffer.from(chain.join('\n')) : undefined, 'issued certificate', 'issued chain');
    return summarize(readCertificates(Buffer.from(certificatePem), 'issued certificate')[0]!);
  }

  /**
   * Renewal: a new key on the token, its request signed (CMS) with the current valid key, and
   * the certificate the bank issues at once installed beside the old one.
   */
  /** Asks the bank to revoke one of the user's certificates (within a session; the bank checks it is theirs). */
  async requestRevocation(serial: string, reason: 'key-compromise' | 'superseded' | 'cessation-of-operation'): Promise<void> {
    const session = requireSession(this.db).token;
    // in the audit log whether the bank revoked it or refused (with the bank's code)
    try {
      await this.api.call('revoke', { params: { serial }, body: { reason }, session });
    } catch (e) {
      const code = (e as { problem?: { code?: string } }).problem?.code ?? (e as { code?: string }).code ?? 'error';
      audit(this.db, { actor: this.actor, action: 'revoke.request', subject: serial, details: { reason, ok: false, code } });
      throw e;
    }
    audit(this.db, { actor: this.actor, action: 'revoke.request', subject: serial, details: { reason, ok: true } });
  }

  async renew(token: string, pin: Buffer, currentKey: string, newKeyLabel: string, algorithm: string, subject: string): Promise<CertificateSummary> {
    // within the session of the certificate being renewed (asked before a key is made): the token alone does not renew, the one-time code is needed too
    const session = requireSession(this.db).token;
    const req = await this.makeRequest(token, pin, newKeyLabel, algorithm, subject);
    const der = Buffer.from(new x509.Pkcs10CertificateRequest(req.csrPem).rawData);
    // a one-time challenge of the bank for the current certificate: a captured renewal cannot be sent again
    const challenge = await this.api.call<Challenge>('renewalChallenge', { body: { certificateSerial: await certificateSerialOf(this.tokens, token, currentKey) }, session });
    const signed = Buffer.from(renewalSignedJson(challenge.nonce, createHash('sha256').update(der).digest('hex')), 'utf8');
    const signature = await this.tokens.sign(token, copy(pin), currentKey, signed);
    const issued = await this.api.call<z.infer<typeof IssuedCertificate>>('renew', { body: { challengeId: challenge.challengeId, csr: req.csrPem, signature: signature.toString('base64') }, session });
    const certificate = await this.install(token, pin, issued.certificate, issued.chain);
    audit(this.db, { actor: this.actor, action: 'renew', subject: issued.serialNumber, details: { token, from: currentKey, to: newKeyLabel, notAfter: issued.notAfter } });
    return certificate;
  }
}
