import { createHash } from 'node:crypto';
import { canonicalize } from '../../shared/domain/canonical-json.ts';
import { sql, type Db } from '../store/database.ts';
import { getSetting, setSetting } from '../store/settings.ts';

/** What the audit log records: every step that matters to a bank or an auditor. */
export type AuditAction =
  | 'login'
  | 'login.failed'
  | 'logout'
  | 'session.unreadable'
  | 'sign'
  | 'sign.failed'
  | 'sign.duplicate-confirmed'
  | 'send'
  | 'send.failed'
  | 'recall.signed'
  | 'recall.accepted'
  | 'recall.refused'
  | 'receipt'
  | 'import'
  | 'document.create'
  | 'document.edit'
  | 'document.delete'
  | 'enroll.key'
  | 'enroll.request'
  | 'enroll.certificate'
  | 'renew'
  | 'revoke.request'
  | 'pin.change'
  | 'pin.unblock'
  | 'export';

export interface AuditEntry {
  actor: string;
  action: AuditAction;
  subject?: string;
  details?: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: string;
  prev: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);
const HEAD = 'audit.head';

function rowHash(prev: string, r: Pick<AuditRow, 'seq' | 'at' | 'actor' | 'action' | 'subject' | 'details'>): string {
  const body = canonicalize({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, details: r.details });
  return createHash('sha256').update(prev).update('\n').update(body).digest('hex');
}

/**
 * Appends to the hash-chained audit log. Call it inside the transaction of the action it
 * records, so the two commit together. Each row's hash covers the row and the hash before it;
 * the last (seq, hash) is kept as the head, so removing rows at the end shows too.
 */
export function audit(db: Db, entry: AuditEntry, at = new Date()): AuditRow {
  const write = db.transaction((): AuditRow => {
    const last = sql(db, 'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const row = {
      seq: (last?.seq ?? 0) + 1,
      at: at.toISOString(),
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject ?? null,
      details: JSON.stringify(entry.details ?? {}),
      prev: last?.hash ?? GENESIS,
    };
    const hash = rowHash(row.prev, row);
    sql(db, 'INSERT INTO audit (seq, at, actor, action, subject, details, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(row.seq, row.at, row.actor, row.action, row.subject, row.details, row.prev, hash);
    setSetting(db, HEAD, `${row.seq}:${hash}`);
    return { ...row, hash };
  });
  return write();
}

export interface AuditProblem {
  seq: number;
  problem: 'edited' | 'removed' | 'chain-broken' | 'head-mismatch';
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  problems: AuditProblem[];
}

/** Walks the chain: an edited row no longer matches its hash, a removed one leaves a gap or a broken link. */
export function verifyAudit(db: Db): AuditVerification {
  const problems: AuditProblem[] = [];
  let expectedSeq = 1;
  let prev = GENESIS;
  let rows = 0;
  for (const r of db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    rows++;
    if (r.seq !== expectedSeq) problems.push({ seq: expectedSeq, problem: 'removed' });
    if (r.prev !== prev) problems.push({ seq: r.seq, problem: 'chain-broken' });
    if (rowHash(r.prev, r) !== r.hash) problems.push({ seq: r.seq, problem: 'edited' });
    prev = r.hash;
    expectedSeq = r.seq + 1;
  }
  const head = getSetting(db, HEAD);
  const last = rows === 0 ? undefined : `${expectedSeq - 1}:${prev}`;
  if (head !== last) problems.push({ seq: Number((head ?? '0').split(':')[0]), problem: 'head-mismatch' });
  return { ok: problems.length === 0, rows, problems };
}

/** Serials (lowercase) of the certificates renewals issued: of two certificates issued in the same second, the renewed one is current. */
export function renewedSerials(db: Db): Set<string> {
  return new Set((sql(db, "SELECT subject FROM audit WHERE action = 'renew'").all() as { subject: string }[]).map((r) => r.subject.toLowerCase()));
}

export function listAudit(db: Db, limit = 100): AuditRow[] {
  return db.prepare('SELECT * FROM audit ORDER BY seq DESC LIMIT ?').all(limit) as AuditRow[];
}
