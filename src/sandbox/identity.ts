import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';
import { verifyDetached } from '../crypto/cms/verify.ts';
import type { z } from 'zod';
import { loginSignedJson, type Challenge, type Role, type Session } from '../shared/bank-api/auth.ts';
import { renewalSignedJson, type Enrollment, type EnrollmentHolder } from '../shared/bank-api/enrollment.ts';
import { nameToText } from '../crypto/x509/subject.ts';
import { ApiProblem } from './http.ts';
import { CsrRefused, type BankCa } from './ca.ts';
import { OtpClock, type BankClock } from './clock.ts';
import { sql, type Db } from './store.ts';
import { nextUsableCode, TOTP_TOLERANCE_S } from './totp.ts';

const sha256 = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');
const CHALLENGE_TTL_MS = 5 * 60_000;
const SESSION_TTL_MS = 15 * 60_000;
const MAX_FAILURES = 5;
const LOCKOUT_MS = 15 * 60_000;

interface UserRow {
  id: string;
  company_id: string;
  name: string;
  position: string | null;
  role: z.infer<typeof Role>;
  limit_kopecks: number | null;
  totp_secret: string | null;
  failed_logins: number;
  locked_until: string | null;
  /** The TOTP time step of the last code accepted. */
  totp_last_step: number | null;
}
interface CompanyRow {
  id: string;
  name: string;
  inn: string;
  kpp: string | null;
  ogrn: string;
}
interface CertificateRow {
  serial: string;
  user_id: string;
  pem: string;
  not_before: string;
  not_after: string;
  revoked_at: string | null;
  /** SHA-256 of the DER, hex: how the bank knows this certificate. */
  sha256: string;
  /** The serial of the certificate this one renewed. */
  supersedes: string | null;
}

interface ChallengeRow {
  id: string;
  certificate_serial: string;
  nonce: string;
  expires_at: string;
  used_at: string | null;
  purpose: 'login' | 'renewal';
}


/** Who a request is from, once its session checks out. */
export interface Caller {
  user: UserRow;
  company: CompanyRow;
  certificateSerial: string;
}

/**
 * People, their certificates and their sessions: enrolment with a one-time code, the officer's
 * approval, renewal, revocation, and login by challenge + token signature + TOTP.
 */
export class Identity {
  constructor(
    private readonly db: Db,
    private readonly clock: BankClock,
    private readonly ca: BankCa,
    /** One-time codes are checked against real time, never the simulated clock (clock.ts). */
    readonly otpClock: OtpClock = new OtpClock(),
  ) {}

  createCompany(c: { name: string; inn: string; kpp?: string; ogrn: string }): string {
    const id = randomUUID();
    sql(this.db, 'INSERT INTO companies (id, name, inn, kpp, ogrn) VALUES (?, ?, ?, ?, ?)').run(id, c.name, c.inn, c.kpp ?? null, c.ogrn);
    return id;
  }

  /** The company with this id, or not-found (for the bank officer's API). */
  requireCompany(id: string): void {
    if (!sql(this.db, 'SELECT 1 FROM companies WHERE id = ?').get(id)) throw new ApiProblem('not-found', `no company ${id}`);
  }

  /** A user of a company and the one-time enrolment code for their first certificate. */
  createUser(u: { companyId: string; name: string; position?: string; role: z.infer<typeof Role>; limit?: number }): { userId: string; enrolmentCode: string } {
    this.requireCompany(u.companyId);
    const userId = randomUUID();
    const enrolmentCode = randomBytes(9).toString('base64url');
    this.db.transaction(() => {
      sql(this.db, 'INSERT INTO users (id, company_id, name, position, role, limit_kopecks) VALUES (?, ?, ?, ?, ?, ?)').run(userId, u.companyId, u.name, u.position ?? null, u.role, u.limit ?? null);
      this.db
        .prepare("INSERT INTO enrollments (id, user_id, code_hash, status, created_at) VALUES (?, ?, ?, 'unused', ?)")
        .run(randomUUID(), userId, sha256(enrolmentCode), this.clock.now().toISOString());
    })();
    return { userId, enrolmentCode };
  }

  private company(id: string): CompanyRow {
    return sql(this.db, 'SELECT * FROM companies WHERE id = ?').get(id) as CompanyRow;
  }

  private user(id: string): UserRow {
    return sql(this.db, 'SELECT * FROM users WHERE id = ?').get(id) as UserRow;
  }

  /** The unused enrolment of a code and its person, or enrolment-code-invalid. */
  private unusedEnrolment(code: string): { id: string; user: UserRow } {
    const row = sql(this.db, "SELECT id, user_id FROM enrollments WHERE code_hash = ? AND status = 'unused'").get(sha256(code)) as
      | { id: string; user_id: string }
      | undefined;
    if (!row) throw new ApiProblem('enrolment-code-invalid', 'the code is unknown or was used already');
    return { id: row.id, user: this.user(row.user_id) };
  }

  /**
   * Whose code this is, as the bank's records have it: the person's full name, position and role,
   * and the company. The code is not used up (the request it is for names this person).
   */
  holder(code: string): EnrollmentHolder {
    const { user } = this.unusedEnrolment(code);
    const company = this.company(user.company_id);
    return {
      name: user.name,
      ...(user.position ? { position: user.position } : {}),
      role: user.role,
      company: { name: company.name, inn: company.inn, ...(company.kpp ? { kpp: company.kpp } : {}), ogrn: company.ogrn },
    };
  }

  /** Submits a CSR with the one-time code. The code works once; the TOTP secret is shown only in this answer. */
  async enroll(code: string, csrPem: string): Promise<Enrollment> {
    const row = this.unusedEnrolment(code);
    const user = row.user;
    const company = this.company(user.company_id);
    try {
      // the request must name the company and the person the code was issued to; refused, nothing
      // is stored and the code stays unused, so the person can send a corrected request
      await this.ca.checkCsr(csrPem, company, { name: user.name });
    } catch (e) {
      if (e instanceof CsrRefused) throw new ApiProblem(e.code, e.message);
      throw e;
    }
    const secret = generateSecret();
    this.db.transaction(() => {
      sql(this.db, "UPDATE enrollments SET status = 'pending', csr = ?, used_at = ? WHERE id = ?").run(csrPem, this.clock.now().toISOString(), row.id);
      sql(this.db, 'UPDATE users SET totp_secret = ? WHERE id = ?').run(secret, user.id);
    })();
    return { id: row.id, status: 'pending', totp: { secret, uri: generateURI({ issuer: 'Bank Client Sandbox', label: user.name, secret }) } };
  }

  enrollment(id: string): Enrollment {
    const row = sql(this.db, 'SELECT * FROM enrollments WHERE id = ? AND status != ?').get(id, 'unused') as
      | { id: string; status: 'pending' | 'approved' | 'rejected'; certificate_serial: string | null; reason: string | null }
      | undefined;
    if (!row) throw new ApiProblem('not-found', 'no such enrolment');
    const out: Enrollment = { id: row.id, status: row.status };
    if (row.certificate_serial) {
      out.certificate = (sql(this.db, 'SELECT pem FROM certificates WHERE serial = ?').get(row.certificate_serial) as { pem: string }).pem;
      out.chain = [this.ca.certificate.toString('pem')];
    }
    if (row.reason) out.reason = row.reason;
    return out;
  }

  /** The bank officer's decision on a pending enrolment. */
  async decide(id: string, approve: boolean, reason?: string): Promise<Enrollment> {
    const row = sql(this.db, "SELECT * FROM enrollments WHERE id = ? AND status = 'pending'").get(id) as { id: string; user_id: string; csr: string } | undefined;
    if (!row) throw new ApiProblem('not-found', 'no pending enrolment with this id');
    if (!approve) {
      sql(this.db, "UPDATE enrollments SET status = 'rejected', reason = ? WHERE id = ?").run(reason ?? 'rejected by the bank', id);
      return this.enrollment(id);
    }
    const company = this.company(this.user(row.user_id).company_id);
    const cert = await this.ca.issue(await this.ca.checkCsr(row.csr, company), row.user_id);
    sql(this.db, "UPDATE enrollments SET status = 'approved', certificate_serial = ? WHERE id = ?").run(cert.serialNumber.toLowerCase(), id);
    return this.enrollment(id);
  }

  /** The certificate with this serial if it is the bank's, not revoked and valid now (serials only look up; bytes decide). */
  private usableCertificate(serial: string): CertificateRow {
    const cert = sql(this.db, 'SELECT * FROM certificates WHERE serial = ?').get(serial.toLowerCase()) as CertificateRow | undefined;
    if (!cert) throw new ApiProblem('certificate-unknown', `no certificate with serial ${serial}`);
    if (cert.revoked_at) throw new ApiProblem('certificate-revoked', `revoked at ${cert.revoked_at}`);
    const now = this.clock.now().toISOString();
    if (now < cert.not_before || now > cert.not_after) throw new ApiProblem('certificate-expired', `valid from ${cert.not_before} to ${cert.not_after}`);
    return cert;
  }

  /**
   * The person the bank issued exactly this certificate to (by the SHA-256 of its DER), and
   * whether it may sign now; undefined when the bank never issued these bytes.
   */
  holderOf(certificateSha256: string): { user: UserRow; companyId: string; serial: string; supersedes: string | null; revokedAt: string | null; notBefore: string; notAfter: string } | undefined {
    const cert = sql(this.db, 'SELECT * FROM certificates WHERE sha256 = ?').get(certificateSha256) as CertificateRow | undefined;
    if (!cert) return undefined;
    const user = this.user(cert.user_id);
    return { user, companyId: user.company_id, serial: cert.serial, supersedes: cert.supersedes, revokedAt: cert.revoked_at, notBefore: cert.not_before, notAfter: cert.not_after };
  }

  /**
   * A one-time nonce for a usable certificate, for login or for renewal (one cannot serve the
   * other). A renewal is asked for within a session of that very certificate: the token alone is
   * not enough to move a person's identity onto a new key, the one-time code is needed too.
   */
  challenge(serial: string, purpose: ChallengeRow['purpose'] = 'login', caller?: Caller): z.infer<typeof Challenge> {
    const cert = this.usableCertificate(serial);
    if (purpose === 'renewal') this.requireOwnSession(cert, caller);
    const id = randomUUID();
    const nonce = randomBytes(32).toString('base64');
    const expiresAt = new Date(this.clock.now().getTime() + CHALLENGE_TTL_MS).toISOString();
    sql(this.db, 'INSERT INTO challenges (id, certificate_serial, nonce, expires_at, purpose) VALUES (?, ?, ?, ?, ?)').run(id, cert.serial, nonce, expiresAt, purpose);
    return { challengeId: id, nonce, expiresAt };
  }

  /**
   * Spends a challenge of this purpose (any attempt spends it, so a captured answer cannot be
   * sent again) and returns it with its certificate, which must still be usable.
   */
  private spendChallenge(challengeId: string, purpose: ChallengeRow['purpose']): { ch: ChallengeRow; cert: CertificateRow } {
    const ch = sql(this.db, 'SELECT * FROM challenges WHERE id = ?').get(challengeId) as ChallengeRow | undefined;
    if (!ch || ch.purpose !== purpose) throw new ApiProblem('challenge-invalid', ch ? `the challenge is for ${ch.purpose}, not ${purpose}` : undefined);
    if (ch.used_at) throw new ApiProblem('challenge-replayed', `used at ${ch.used_at}`);
    const now = this.clock.now().toISOString();
    sql(this.db, 'UPDATE challenges SET used_at = ? WHERE id = ?').run(now, ch.id);
    if (now > ch.expires_at) throw new ApiProblem('challenge-expired', `expired at ${ch.expires_at}`);
    return { ch, cert: this.usableCertificate(ch.certificate_serial) };
  }

  /** A renewal's session must be one logged in with the certificate being renewed. */
  private requireOwnSession(cert: CertificateRow, caller: Caller | undefined): void {
    if (!caller || caller.certificateSerial !== cert.serial) throw new ApiProblem('forbidden', 'a certificate is renewed within a session logged in with that certificate');
  }

  /**
   * The one signer of `cms` over `content`, verified against the bank CA, must hold exactly the
   * challenged certificate: compared by the SHA-256 of its DER, never by serial or name.
   */
  private async requireSigner(content: Buffer, cms: string, cert: CertificateRow): Promise<void> {
    const report = await verifyDetached(content, Buffer.from(cms, 'base64'), [this.ca.certificateDer], 'signature').catch((e: unknown) => {
      throw new ApiProblem('signature-invalid', (e as Error).message);
    });
    const signer = report.signers[0];
    if (!report.ok || report.signers.length !== 1) {
      throw new ApiProblem('signature-invalid', signer?.problems.map((p) => p.message).join('; ') || 'one signer expected');
    }
    if (signer?.certificateSha256 !== cert.sha256) throw new ApiProblem('signature-invalid', 'not signed with the certificate the challenge was for');
  }

  /**
   * The first use of a renewed certificate (a login or a signature) shows it is installed: the
   * certificate it renewed is then revoked as superseded, so two valid keys never coexist for long.
   */
  supersedePredecessor(cert: { supersedes: string | null }): void {
    if (cert.supersedes) this.ca.revoke(cert.supersedes, 'superseded');
  }

  /** Counts a wrong code atomically (parallel attempts each count) and locks the user at the limit. */
  private recordFailure(userId: string): void {
    const { failed_logins: failures } = sql(this.db, 'UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins').get(userId) as { failed_logins: number };
    if (failures >= MAX_FAILURES) {
      sql(this.db, 'UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?').run(new Date(this.clock.now().getTime() + LOCKOUT_MS).toISOString(), userId);
    }
  }

  /**
   * Step 2 of login. The challenge is spent by any attempt (a replay is refused), the CMS must
   * verify against the bank CA and be signed by the challenged certificate, and the TOTP must
   * match. Failures count towards a lockout.
   */
  async session(challengeId: string, signatureB64: string, totp: string): Promise<z.infer<typeof Session>> {
    const now = this.clock.now();
    const { ch, cert } = this.spendChallenge(challengeId, 'login');
    const user = this.user(cert.user_id);
    if (user.locked_until && now.toISOString() < user.locked_until) throw new ApiProblem('locked-out', `until ${user.locked_until}`);
    // A bad signature does not count towards the lockout: the serial is public, and anyone
    // could otherwise lock a user out. Only wrong codes after the token's signature count.
    await this.requireSigner(Buffer.from(loginSignedJson(ch.nonce), 'utf8'), signatureB64, cert);
    // from here on synchronous: the lock is read again after the await, and no other request interleaves
    const fresh = this.user(user.id);
    if (fresh.locked_until && now.toISOString() < fresh.locked_until) throw new ApiProblem('locked-out', `until ${fresh.locked_until}`);
    this.checkTotp(fresh, totp, this.otpClock.now());
    this.supersedePredecessor(cert);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
    sql(this.db, 'INSERT INTO sessions (token_hash, user_id, certificate_serial, expires_at) VALUES (?, ?, ?, ?)').run(sha256(token), user.id, cert.serial, expiresAt);
    const company = this.company(user.company_id);
    return {
      token,
      expiresAt,
      user: {
        id: user.id,
        name: user.name,
        company: { id: company.id, name: company.name, inn: company.inn, ...(company.kpp ? { kpp: company.kpp } : {}) },
        role: user.role,
        ...(user.limit_kopecks !== null ? { limit: user.limit_kopecks } : {}),
      },
    };
  }

  /**
   * The one-time code must match a time step within ±TOTP_TOLERANCE_S of real time (the time of
   * the person's authenticator app, not the bank's simulated clock, which tests move), and
   * a step later than the last one this person used: a code works once, so one code seen over a
   * shoulder (or replayed) gives no second session. A wrong or reused code counts to the lockout.
   */
  private checkTotp(user: UserRow, totp: string, now: Date): void {
    const epoch = Math.floor(now.getTime() / 1000);
    const result = user.totp_secret ? verifySync({ secret: user.totp_secret, token: totp, epoch, epochTolerance: TOTP_TOLERANCE_S }) : { valid: false as const };
    if (!result.valid) {
      this.recordFailure(user.id);
      throw new ApiProblem('totp-invalid');
    }
    // the step the code belongs to (otplib types the HOTP and TOTP answers as one)
    const step = (result as { timeStep: number }).timeStep;
    if (user.totp_last_step !== null && step <= user.totp_last_step) {
      this.recordFailure(user.id);
      throw new ApiProblem('totp-replayed', 'this code (or a later one) was used already; wait for the next code');
    }
    sql(this.db, 'UPDATE users SET failed_logins = 0, locked_until = NULL, totp_last_step = ? WHERE id = ?').run(step, user.id);
  }

  /** The code an authenticator app of this secret's person can log in with next (the demo shows it; a real bank never would). */
  nextLoginCode(secret: string): { code: string; validForSeconds: number } | { waitSeconds: number } {
    const row = sql(this.db, 'SELECT totp_last_step FROM users WHERE totp_secret = ?').get(secret) as { totp_last_step: number | null } | undefined;
    return nextUsableCode(secret, row?.totp_last_step ?? null, this.otpClock.now());
  }

  /** DELETE /v1/auth/session: the bearer token stops working at once. */
  endSession(authorization: string | undefined): void {
    this.authenticate(authorization);
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')![1]!;
    sql(this.db, 'DELETE FROM sessions WHERE token_hash = ?').run(sha256(token));
  }

  /** The caller of a request from its bearer token: refused when unknown, expired, or its certificate no longer usable. */
  authenticate(authorization: string | undefined): Caller {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token) throw new ApiProblem('unauthenticated', 'send "Authorization: Bearer <session token>"');
    const s = sql(this.db, 'SELECT * FROM sessions WHERE token_hash = ?').get(sha256(token)) as
      | { user_id: string; certificate_serial: string; expires_at: string }
      | undefined;
    if (!s) throw new ApiProblem('unauthenticated', 'unknown session');
    if (this.clock.now().toISOString() > s.expires_at) throw new ApiProblem('session-expired', `expired at ${s.expires_at}`);
    this.usableCertificate(s.certificate_serial);
    const user = this.user(s.user_id);
    return { user, company: this.company(user.company_id), certificateSerial: s.certificate_serial };
  }

  /** Revokes one of the caller's own certificates (or, from the admin API, any). */
  revoke(serial: string, reason: string, caller?: Caller): void {
    if (caller) {
      const owner = sql(this.db, 'SELECT user_id FROM certificates WHERE serial = ?').get(serial.toLowerCase()) as { user_id: string } | undefined;
      if (!owner || owner.user_id !== caller.user.id) throw new ApiProblem('not-found', 'no such certificate of yours');
    }
    if (!this.ca.revoke(serial, reason)) throw new ApiProblem('not-found', 'no such unrevoked certificate');
  }

  /**
   * Renewal, within a session of the current certificate: a CSR for the same subject, signed
   * (CMS over renewalSignedJson) by that certificate's key in answer to a one-time renewal
   * challenge. A certificate renews once; the new one supersedes it on its first use.
   */
  async renew(caller: Caller, challengeId: string, csrPem: string, signatureB64: string): Promise<x509.X509Certificate> {
    // the challenge is spent first, by any attempt: even a garbage request uses it up
    const { ch, cert: current } = this.spendChallenge(challengeId, 'renewal');
    this.requireOwnSession(current, caller);
    let csr: x509.Pkcs10CertificateRequest;
    try {
      csr = new x509.Pkcs10CertificateRequest(csrPem);
    } catch (e) {
      throw new ApiProblem('csr-invalid', `not a PKCS#10 request: ${(e as Error).message}`);
    }
    const csrSha256 = createHash('sha256').update(Buffer.from(csr.rawData)).digest('hex');
    await this.requireSigner(Buffer.from(renewalSignedJson(ch.nonce, csrSha256), 'utf8'), signatureB64, current);
    const successor = sql(this.db, 'SELECT serial FROM certificates WHERE supersedes = ? AND revoked_at IS NULL').get(current.serial) as { serial: string } | undefined;
    if (successor) throw new ApiProblem('certificate-superseded', `this certificate was renewed already (certificate ${successor.serial})`);
    const user = this.user(current.user_id);
    // the subject is the person's, as the bank certified it: a renewal cannot change who it names
    const was = nameToText(new Uint8Array(new x509.X509Certificate(current.pem).subjectName.toArrayBuffer()));
    const asked = nameToText(new Uint8Array(csr.subjectName.toArrayBuffer()));
    if (asked !== was) throw new ApiProblem('csr-identity-mismatch', `the request names "${asked}"; the certificate being renewed names "${was}"`);
    try {
      return await this.ca.issue(await this.ca.checkCsr(csrPem, this.company(user.company_id)), user.id, { supersedes: current.serial });
    } catch (e) {
      if (e instanceof CsrRefused) throw new ApiProblem(e.code, e.message);
      throw e;
    }
  }
}
