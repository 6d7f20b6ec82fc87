import { loginSignedJson, Session } from '../../shared/bank-api/auth.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { audit } from '../audit/audit-log.ts';
import { rememberSigner } from './signers.ts';
import type { Db } from '../store/database.ts';
import { deleteSetting, getSetting, setSetting } from '../store/settings.ts';
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
 * How the session's bearer token is kept at rest in the profile. The CLI and the browser host
 * keep it as it is (the profile file is 0600); the desktop app seals it with the operating
 * system's key store (src/main/electron/session-sealer.ts), so a copied profile holds no usable token.
 */
export interface SessionSealer {
  /** Written next to the sealed text: a row sealed another way is known not to be ours to open. */
  readonly scheme: string;
  seal(token: string): string;
  /** The token; throws when the text cannot be opened here (another machine or user, a copied profile). */
  open(sealed: string): string;
}

/** The token kept as it is: what the CLI and the browser host use. */
export const PLAIN_SEALER: SessionSealer = { scheme: 'plain', seal: (token) => token, open: (text) => text };

// per profile handle, so the many callers that take only `db` (sync, signing, bank data) need no change
const sealers = new WeakMap<Db, SessionSealer>();

/** Sets how this profile's session token is kept (before its first login or read); the plain one by default. */
export function useSessionSealer(db: Db, sealer: SessionSealer): void {
  sealers.set(db, sealer);
}

const sealerOf = (db: Db): SessionSealer => sealers.get(db) ?? PLAIN_SEALER;

/** The row as stored: the plain token (the format of before sealing existed), or the sealed text and its scheme. */
type StoredRow = Omit<StoredSession, 'token'> & ({ token: string } | { sealed: { scheme: string; text: string } });

/** Keeps a session in the profile, its token sealed the profile's way. */
export function saveSession(db: Db, s: StoredSession): void {
  const sealer = sealerOf(db);
  const { token, ...rest } = s;
  setSetting(db, KEY, JSON.stringify(sealer.scheme === PLAIN_SEALER.scheme ? s : { ...rest, sealed: { scheme: sealer.scheme, text: sealer.seal(token) } }));
}

/**
 * The stored session with its token opened, whether expired or not. A row this profile's sealer
 * cannot open (sealed on another machine or by another user, or kept another way) is no session:
 * it is dropped, so the state is plainly "logged out" and the next login replaces it.
 */
function storedSession(db: Db): StoredSession | undefined {
  const raw = getSetting(db, KEY);
  if (!raw) return undefined;
  const sealer = sealerOf(db);
  try {
    const row = JSON.parse(raw) as StoredRow;
    if ('token' in row) {
      if (sealer.scheme !== PLAIN_SEALER.scheme) throw new Error('a plain token where a sealed one is kept');
      return row;
    }
    if (row.sealed.scheme !== sealer.scheme) throw new Error(`sealed by ${row.sealed.scheme}`);
    const { sealed, ...rest } = row;
    return { ...rest, token: sealer.open(sealed.text) };
  } catch (e) {
    db.transaction(() => {
      deleteSetting(db, KEY);
      audit(db, { actor: 'bank-client', action: 'session.unreadable', details: { reason: (e as Error).message } });
    })();
    return undefined;
  }
}

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
    // only a login statement goes to the token, around a nonce the answer's schema checked to be 32 bytes (see loginSignedJson)
    const signature = await tokens.sign(req.token, req.pin, req.key, Buffer.from(loginSignedJson(ch.nonce), 'utf8'));
    const s = await api.call<Session>('session', { body: { challengeId: ch.challengeId, signature: signature.toString('base64'), totp: req.totp } });
    const stored: StoredSession = { token: s.token, expiresAt: s.expiresAt, certificateSerial: serial, user: s.user };
    db.transaction(() => {
      saveSession(db, stored);
      rememberSigner(db, { certificateSerial: serial, token: req.token, key: req.key, name: s.user.name, role: s.user.role, limit: s.user.limit ?? null, company: s.user.company.name, companyId: s.user.company.id });
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
  const s = storedSession(db);
  return s && Date.parse(s.expiresAt) > now.getTime() ? s : undefined;
}

export function requireSession(db: Db): StoredSession {
  const s = currentSession(db);
  if (!s) throw new LocalizedError('sync.login-needed');
  return s;
}

/** Drops the local copy only, telling the bank nothing: for a session the bank already called gone. */
export function logout(db: Db): void {
  deleteSetting(db, KEY);
}

export interface LogoutResult {
  /** A session was kept in this profile (it is gone from it now, whatever the bank said). */
  hadSession: boolean;
  /** Nothing of it stays usable on the bank: the bank ended it, or had already (expired, unknown), or there was none. */
  endedOnBank: boolean;
  /** Why the bank was not told (unreachable, timeout, another refusal): the token stays valid there until it expires. */
  error?: LocalizedError;
  /** When the session expires on its own (what the user is told when the bank was not reached). */
  expiresAt?: string;
}

/**
 * Logs out: the local copy is dropped first (so a call that hangs or a process killed during it
 * cannot leave it behind), then the bank is asked to end the token at once (DELETE
 * /v1/auth/session), so a copy of it taken from this computer stops working. A session the bank
 * calls expired or unknown is ended; a bank that cannot be reached is reported, not retried.
 */
export async function endBankSession(db: Db, api: BankApi): Promise<LogoutResult> {
  const s = storedSession(db);
  logout(db);
  if (!s) return { hadSession: false, endedOnBank: true };
  const record = (endedOnBank: boolean, code?: string): void => {
    audit(db, { actor: s.user.name, action: 'logout', subject: s.certificateSerial, details: { endedOnBank, ...(code ? { code } : {}) } });
  };
  // asked even when our clock says it expired: the bank's clock decides, and an ended session just answers "gone"
  try {
    await api.call('endSession', { session: s.token });
  } catch (e) {
    if (!(e instanceof LocalizedError)) throw e;
    if (!isSessionGone(e)) {
      record(false, e instanceof BankError ? (e.problem?.code ?? e.code) : e.code);
      return { hadSession: true, endedOnBank: false, error: e, expiresAt: s.expiresAt };
    }
  }
  record(true);
  return { hadSession: true, endedOnBank: true };
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
