import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { generateSync } from 'otplib';
import type { TokenService } from '../../main/tokens/token-service.ts';
import { loginSignedJson } from '../../shared/bank-api/auth.ts';

/** RFC 6238's time step, as the bank uses it. */
const TOTP_STEP_S = 30;

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  type: string;
  headers: Headers;
  body: T;
}

/** One request on a new connection closed after it (no keep-alive pool), answered like fetch. */
function freshConnection(url: string, method: string, headers: Record<string, string>, body: string | undefined): Promise<{ status: number; headers: Headers; text(): Promise<string> }> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers: { ...headers, connection: 'close' }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: h, text: () => Promise.resolve(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A person of a company with a key and certificate on a token. */
export interface Signer {
  token: string;
  pin: string;
  key: string;
  certSerial: string;
  /** The certificate the bank issued (PEM). */
  certPem: string;
  totpSecret: string;
}

export interface NewSigner {
  token: string;
  pin: string;
  key: string;
  companyId: string;
  name: string;
  role: string;
  limit?: number;
  subject: string;
  algorithm?: string;
}

/**
 * The bank API over HTTP, as a client uses it, plus the bank's side (the sandbox's admin API)
 * when it is given: approving enrolments, moving the clock, creating companies. The bank's
 * clock may run ahead of ours (the sandbox's simulated clock): one-time codes follow it.
 */
export class BankClient {
  private offsetMs = 0;

  constructor(
    readonly url: string,
    readonly admin?: { url: string; secret: string },
    private readonly bankNow?: () => Date,
  ) {}

  now(): Date {
    return this.bankNow?.() ?? new Date(Date.now() + this.offsetMs);
  }

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, session?: string, base = this.url, extra: Record<string, string> = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...extra };
    if (session) headers.authorization = `Bearer ${session}`;
    if (body !== undefined && typeof body !== 'string') headers['content-type'] = 'application/json';
    else if (typeof body === 'string') headers['content-type'] ??= 'application/json';
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    // the officer's API on a connection of its own each time: its calls come seconds or minutes
    // apart (between the steps of a test that blocks its event loop on child processes), when a
    // pooled keep-alive socket may already be closed by the server and fail the call ("other
    // side closed"); a clock move must not be retried blindly, so it is never sent on one
    const res = base === this.admin?.url ? await freshConnection(base + path, method, headers, payload) : await fetch(base + path, { method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, body: parsed as T };
  }

  /** The bank's side; throws when no admin API was given (callers report such steps as not run). */
  async adminRequest<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<HttpResult<T>> {
    if (!this.admin) throw new Error('no bank-side (admin) API given');
    return this.request<T>(method, path, body, undefined, this.admin.url, { authorization: `Bearer ${this.admin.secret}` });
  }

  async advanceClock(seconds: number): Promise<void> {
    const r = await this.adminRequest<{ now: string }>('POST', '/admin/clock', { seconds });
    this.offsetMs = Date.parse(r.body.now) - Date.now();
  }

  /** The last TOTP time step used per secret: the bank takes each code once. */
  private readonly usedSteps = new Map<string, number>();

  /**
   * A one-time code the bank has not seen: the current step's, or the next step's (the bank
   * accepts ±1 step) when the current one was used. When both were used, the bank's clock is
   * moved on by a step (with the admin API) or we wait for the next step, as a person would.
   */
  async totp(secret: string): Promise<string> {
    for (;;) {
      const epoch = Math.floor(this.now().getTime() / 1000);
      const current = Math.floor(epoch / TOTP_STEP_S);
      const step = Math.max(current, (this.usedSteps.get(secret) ?? -1) + 1);
      if (step <= current + 1) {
        this.usedSteps.set(secret, step);
        return generateSync({ secret, epoch: step * TOTP_STEP_S });
      }
      if (this.admin) await this.advanceClock(TOTP_STEP_S);
      else await new Promise((r) => setTimeout(r, ((current + 1) * TOTP_STEP_S - epoch) * 1000 + 50));
    }
  }

  /** A code for a step taken already (for the step that proves a reused code is refused). */
  usedTotp(secret: string): string {
    const step = this.usedSteps.get(secret);
    if (step === undefined) throw new Error('no code used yet for this secret');
    return generateSync({ secret, epoch: step * TOTP_STEP_S });
  }

  /** Enrolment as a security officer does it, with the bank officer's approval through the admin API. */
  async enrol(tokens: TokenService, dir: string, who: NewSigner): Promise<Signer> {
    const user = await this.adminRequest<{ enrolmentCode: string }>('POST', '/admin/users', { companyId: who.companyId, name: who.name, role: who.role, ...(who.limit ? { limit: who.limit } : {}) });
    await tokens.generateKey(who.token, who.pin, who.algorithm ?? 'ec-p256', who.key);
    const csr = await tokens.createCsr(who.token, who.pin, who.key, who.subject);
    const enrolment = await this.request<{ id: string; totp: { secret: string } }>('POST', '/v1/enrollments', { enrolmentCode: user.body.enrolmentCode, csr: csr.pem });
    if (enrolment.status !== 201) throw new Error(`enrolment refused: ${JSON.stringify(enrolment.body)}`);
    await this.adminRequest('POST', `/admin/enrollments/${enrolment.body.id}/decision`, { approve: true });
    const issued = await this.request<{ certificate: string; chain: string[] }>('GET', `/v1/enrollments/${enrolment.body.id}`);
    if (!issued.body.certificate) throw new Error(`no certificate after approval: ${JSON.stringify(issued.body)}`);
    const certFile = join(dir, `${who.key}.pem`);
    const chainFile = join(dir, `${who.key}-chain.pem`);
    writeFileSync(certFile, issued.body.certificate);
    writeFileSync(chainFile, issued.body.chain.join(''));
    await tokens.importCertificateFile(who.token, who.pin, certFile, chainFile);
    const key = (await tokens.listKeys(who.token, who.pin)).find((k) => k.label === who.key);
    return { token: who.token, pin: who.pin, key: who.key, certSerial: key!.certificate!.serialNumber.toLowerCase(), certPem: issued.body.certificate, totpSecret: enrolment.body.totp.secret };
  }

  /** Login step 1 and the token's signature of the nonce. */
  async signedChallenge(tokens: TokenService, s: Signer): Promise<{ challengeId: string; signature: string }> {
    const ch = await this.request<{ challengeId: string; nonce: string }>('POST', '/v1/auth/challenges', { certificateSerial: s.certSerial });
    if (ch.status !== 201) throw new Error(`challenge refused: ${JSON.stringify(ch.body)}`);
    const signature = await tokens.sign(s.token, s.pin, s.key, Buffer.from(loginSignedJson(ch.body.nonce), 'utf8'));
    return { challengeId: ch.body.challengeId, signature: signature.toString('base64') };
  }

  /** Logs in: challenge, token signature, one-time code. Returns the session token. */
  async login(tokens: TokenService, s: Signer): Promise<string> {
    const { challengeId, signature } = await this.signedChallenge(tokens, s);
    const session = await this.request<{ token: string }>('POST', '/v1/auth/sessions', { challengeId, signature, totp: await this.totp(s.totpSecret) });
    if (session.status !== 201) throw new Error(`login refused: ${JSON.stringify(session.body)}`);
    return session.body.token;
  }
}
