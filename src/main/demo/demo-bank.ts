/**
 * The demo's bank: the project's reference bank (src/sandbox) run in this process, on loopback,
 * with its data in the app's data folder, so that it keeps its company, CA and enrolments from
 * one start to the next.
 *
 * This file is the one place where src/main reaches into src/sandbox (docs/architecture.md "Layout" keeps
 * them apart): the demo exists to run that bank for a newcomer. The import is lazy, so the bank's
 * code is loaded only in demo mode.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
// eslint-disable-next-line no-restricted-imports -- demo mode runs the reference bank in-process (issue 5, "Demo by default")
import type { RunningSandbox } from '../../sandbox/server.ts';

export type { RunningSandbox };

/** What the demo remembers between starts, beside the bank's own data. */
interface DemoBankState {
  /** The address the profile was pointed at (the port is reused while it is free). */
  url: string;
  port: number;
}

const STATE_FILE = 'demo-state.json';

export function readDemoBankState(bankDir: string): DemoBankState | undefined {
  const file = join(bankDir, STATE_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoBankState>;
    return typeof s.url === 'string' && typeof s.port === 'number' ? { url: s.url, port: s.port } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether 127.0.0.1:port can be listened on now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * The demo bank's name on its CA, its receipts' certificate, the key-recognition act and the
 * authenticator's entry: the name its BIC directory and accounts give it (HOME_BANK in
 * src/sandbox/portfolio.ts), in Russian like every Russian bank's, not an English placeholder.
 */
export const DEMO_BANK_NAME = 'АО «Песочница Банк»';

/** The bank's URL without a trailing slash, as the profile stores it. */
const base = (url: string): string => url.replace(/\/+$/, '');

/**
 * Starts the demo bank from `bankDir`: on the port of the last start when it is free (the
 * profile remembers the address), else on a new one. `moved` says the address changed.
 */
export async function startDemoBank(bankDir: string): Promise<{ bank: RunningSandbox; url: string; moved: boolean; previous?: string }> {
  // eslint-disable-next-line no-restricted-syntax -- see the file's comment: the demo runs the reference bank
  const { startSandbox } = await import('../../sandbox/server.ts');
  mkdirSync(bankDir, { recursive: true, mode: 0o700 });
  const previous = readDemoBankState(bankDir);
  const port = previous && (await portFree(previous.port)) ? previous.port : 0;
  let bank: RunningSandbox;
  try {
    bank = await startSandbox({ dataDir: bankDir, port, bankName: DEMO_BANK_NAME });
  } catch (e) {
    // taken between the probe and the listen: another port then
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw e;
    bank = await startSandbox({ dataDir: bankDir, port: 0, bankName: DEMO_BANK_NAME });
  }
  const url = base(bank.url);
  return { bank, url, moved: !!previous && previous.url !== url, ...(previous ? { previous: previous.url } : {}) };
}

/** Remembers the address the profile was pointed at, for the next start. */
export function rememberDemoBank(bankDir: string, url: string): void {
  const state: DemoBankState = { url, port: Number(new URL(url).port) };
  writeFileSync(join(bankDir, STATE_FILE), `${JSON.stringify(state)}\n`, { mode: 0o600 });
}

/**
 * In demo mode the bank's officer is this process: every enrolment request is approved as it
 * arrives, so the client finds the certificate issued when it asks. The hook sits on this
 * running bank's object only; the sandbox's own behaviour (and every other use of it) is unchanged.
 */
export function autoApproveEnrolments(bank: RunningSandbox): void {
  const identity = bank.identity;
  const enroll = identity.enroll.bind(identity);
  identity.enroll = async (code, csrPem) => {
    const answer = await enroll(code, csrPem);
    if (answer.status === 'pending') await identity.decide(answer.id, true);
    return answer;
  };
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export interface DemoPersonState {
  userId: string;
  name: string;
  role: 'prepares' | 'first-signature' | 'second-signature' | 'single-signature';
  limit?: number;
  /** The enrolment code while it is unused (the bank keeps the seeded people's codes for its officer). */
  enrolmentCode?: string;
  enrolment: 'unused' | 'pending' | 'approved' | 'rejected';
  /** The one-time login code now, once the person has enrolled (the demo bank shows it; a real one never does). */
  totp?: { code: string; validForSeconds: number };
  /** When both codes the bank would take now were used (two logins within a step): seconds until the next. */
  totpWaitSeconds?: number;
}


/** The demo company (seeded by the sandbox) and its people as the bank sees them now. */
export function demoCompany(bank: RunningSandbox): { id: string; name: string; inn: string; people: DemoPersonState[] } | undefined {
  const db = bank.db;
  const setting = (key: string): string | undefined => (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  const companyId = setting('demo.company_id');
  if (!companyId) return undefined;
  const company = db.prepare('SELECT name, inn FROM companies WHERE id = ?').get(companyId) as { name: string; inn: string } | undefined;
  if (!company) return undefined;
  const codes = JSON.parse(setting('demo.enrolment_codes') ?? '[]') as { code: string }[];
  const codeByHash = new Map(codes.map((c) => [sha256(c.code), c.code]));
  const users = db.prepare('SELECT id, name, role, limit_kopecks, totp_secret FROM users WHERE company_id = ? ORDER BY rowid').all(companyId) as {
    id: string;
    name: string;
    role: DemoPersonState['role'];
    limit_kopecks: number | null;
    totp_secret: string | null;
  }[];
  const enrolments = db.prepare('SELECT code_hash, status FROM enrollments WHERE user_id = ? ORDER BY created_at DESC, rowid DESC');
  const people = users.map((u): DemoPersonState => {
    // each code works once: after a login the next step's code is shown; none while both were used
    const totp = u.totp_secret ? bank.identity.nextLoginCode(u.totp_secret) : undefined;
    const rows = enrolments.all(u.id) as { code_hash: string; status: DemoPersonState['enrolment'] }[];
    // the person's furthest enrolment: an approved one, else the latest
    const row = rows.find((r) => r.status === 'approved') ?? rows[0];
    const status = row?.status ?? 'unused';
    const unused = rows.find((r) => r.status === 'unused' && codeByHash.has(r.code_hash));
    return {
      userId: u.id,
      name: u.name,
      role: u.role,
      ...(u.limit_kopecks !== null ? { limit: u.limit_kopecks } : {}),
      ...(unused && status === 'unused' ? { enrolmentCode: codeByHash.get(unused.code_hash)! } : {}),
      enrolment: status,
      ...(totp && 'code' in totp ? { totp } : {}),
      ...(totp && 'waitSeconds' in totp ? { totpWaitSeconds: totp.waitSeconds } : {}),
    };
  });
  return { id: companyId, name: company.name, inn: company.inn, people };
}
