import { Session } from '../../shared/bank-api/auth.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { audit } from '../audit/audit-log.ts';
import { rememberSigner } from '../signing/signers.ts';
import { deleteSetting, getSetting, setSetting, type Db } from '../store/database.ts';
import type { Pin, TokenService } from '../tokens/token-service.ts';
import { BankError, type BankApi } from './bank-api.ts';

export interface StoredSession {
  token: string;
  expiresAt: string;
  certificateSerial: string;
  user: Session['user'];
}

const KEY = 'bank.session';

/**
 * The serial (lower-case hex) of the certificate valid now for a key on a
 * token; certificates are public objects, so no PIN is needed to find it.
 */
export async function certificateSerialOf(tokens: TokenService, token: string, key: string, now = new Date()): Promise<string> {
  const certs = (await tokens.listCertificates(token))
    .filter((c) => !c.authority && (c.label === key || c.id === key))
    .filter((c) => c.notBefore <= now.toISOString() && now.toISOString() <= c.notAfter)
    .sort((a, b) => b.notBefore.localeCompare(a.notBefore));
  if (!certs[0]) throw new LocalizedError('cert.missing-for-key', { label: key });
  // as the certificate writes it (the bank looks it up by that text)
  return certs[0].serialNumber.toLowerCase();
}

/**
 * Logs in: a challenge for the certificate, its nonce signed on the token (CMS), and the
 * one-time code. The session is kept in the profile until it expires, so one login serves the
 * commands after it; the bank's answer also says which signature this certificate gives.
 */
export async function login(db: Db, api: BankApi, tokens: TokenService, req: { token: string; key: string; pin: Pin; totp: string; actor: string }): Promise<StoredSession> {
  const serial = await certificateSerialOf(tokens, req.token, req.key);
  try {
    const ch = await api.call<{ challengeId: string; nonce: string }>('challenge', { body: { certificateSerial: serial } });
    const signature = await tokens.sign(req.token, req.pin, req.key, Buffer.from(ch.nonce, 'base64'));
    const s = await api.call<Session>('session', { body: { challengeId: ch.challengeId, signature: signature.toString('base64'), totp: req.totp } });
    const stored: StoredSession = { token: s.token, expiresAt: s.expiresAt, certificateSerial: serial, user: s.user };
    db.transaction(() => {
      setSetting(db, KEY, JSON.stringify(stored));
      rememberSigner(db, { certificateSerial: serial, token: req.token, key: req.key, name: s.user.name, role: s.user.role, limit: s.user.limit ?? null, company: s.user.company.name });
      audit(db, { actor: s.user.name, action: 'login', subject: serial, details: { company: s.user.company.inn, role: s.user.role } });
    })();
    return stored;
  } catch (e) {
    const code = e instanceof BankError ? (e.problem?.code ?? e.code) : e instanceof LocalizedError ? e.code : 'error';
    audit(db, { actor: req.actor, action: 'login.failed', subject: serial, details: { code } });
    throw e;
  }
}

/** The session kept by the last login, if it has not expired. */
export function currentSession(db: Db, now = new Date()): StoredSession | undefined {
  const raw = getSetting(db, KEY);
  if (!raw) return undefined;
  const s = JSON.parse(raw) as StoredSession;
  return Date.parse(s.expiresAt) > now.getTime() ? s : undefined;
}

export function requireSession(db: Db): StoredSession {
  const s = currentSession(db);
  if (!s) throw new LocalizedError('sync.login-needed');
  return s;
}

export function logout(db: Db): void {
  deleteSetting(db, KEY);
}

/**
 * Whether an error says the stored session is no use any more: the bank calls it expired or
 * unknown, or there is none to use. Whoever sees it logs out (the stored session is dropped), so
 * the app asks for a login instead of sending it again.
 */
export function isSessionGone(e: unknown): boolean {
  if (e instanceof BankError) return e.problem?.code === 'session-expired' || e.problem?.code === 'unauthenticated';
  return e instanceof LocalizedError && e.code === 'sync.login-needed';
}

/** A call to the bank with the stored session; when the session is gone, logs out and says "log in" (`sync.login-needed`). */
export async function withBankSession<T>(db: Db, call: (session: StoredSession) => Promise<T>): Promise<T> {
  const session = requireSession(db);
  try {
    return await call(session);
  } catch (e) {
    if (!isSessionGone(e)) throw e;
    logout(db);
    throw e instanceof BankError ? new LocalizedError('sync.login-needed', {}, { cause: e }) : e;
  }
}
